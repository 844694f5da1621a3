"""Realistic inputs for the core tests: seeded sandbox orders and CSRs made on the spot.

No network: the sandbox's store is used directly, the way its server would use it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from tui_app.api.models import Order, Product
from tui_app.core.csr import CsrError, decode_csr, normalize_pem
from tui_app.core.draft import OrderDraft
from tui_app.core.request_plan import RequestPlan
from tui_app.sandbox.products import BY_ID
from tui_app.sandbox.reissue import reissue
from tui_app.sandbox.store import Outcome, SandboxStore

TODAY = datetime(2026, 11, 29, 12, 0, 0)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


def fresh_store() -> SandboxStore:
    """A new 40-order account (the same orders every time), safe to change."""
    return SandboxStore(orders=40, seed=1, today=TODAY)


@functools.cache
def seeded_orders() -> tuple[Order, ...]:
    """The 40 seeded orders as the client would parse them from the API."""
    store = fresh_store()
    orders = (Order.from_api(o.to_api()) for o in store.orders.values())
    return tuple(o for o in orders if o is not None)


@functools.cache
def products() -> dict[int, Product]:
    parsed = {pid: Product.from_api(spec.to_api()) for pid, spec in BY_ID.items()}
    return {pid: p for pid, p in parsed.items() if p is not None}


def product_of(order: Order) -> Product:
    assert order.product_id is not None
    return products()[order.product_id]


def find_order(predicate: Callable[[Order], bool]) -> Order:
    for order in seeded_orders():
        if predicate(order):
            return order
    raise LookupError("no seeded order matches")


def is_multi(order: Order) -> bool:
    return product_of(order).is_multi_domain


def has_wildcard(order: Order) -> bool:
    return any(m.host_name.startswith("*.") for m in order.domain_validation_methods)


@functools.cache
def key(kind: str) -> PrivateKey:
    """One key per kind for the whole run (RSA generation is the slow part)."""
    if kind == "rsa2048":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "ec256":
        return ec.derive_private_key(0xC0FFEE, ec.SECP256R1())
    if kind == "ec384":
        return ec.derive_private_key(0xC0FFEE, ec.SECP384R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    raise ValueError(kind)


def make_csr(common_name: str | None, sans: tuple[str, ...] = (), kind: str = "ec256") -> str:
    """A real, signed PEM CSR with the given common name (None for none) and DNS SANs."""
    private = key(kind)
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test B.V.")]
    if common_name is not None:
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attrs))
    if sans:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False
        )
    if isinstance(private, ed25519.Ed25519PrivateKey):
        csr = builder.sign(private, None)
    elif isinstance(private, ec.EllipticCurvePrivateKey):
        csr = builder.sign(private, hashes.SHA256(), ecdsa_deterministic=True)
    else:
        csr = builder.sign(private, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def apply_plan(store: SandboxStore, plan: RequestPlan) -> tuple[Order, list[dict[str, Any]]]:
    """Send a plan to the sandbox's rules as the app would (its calls in order, JSON bodies).

    Returns the re-read order and the warnings the sandbox answered with.
    """
    calls: dict[str, Callable[[int, Any], Outcome]] = {
        "approver-email": store.update_approver_email,
        "update": store.update_order,
        "reissue": lambda order_id, body: reissue(store, order_id, body),
    }
    warnings: list[dict[str, Any]] = []
    order_id = plan.order_id
    for operation, fields in plan.requests:
        body = {"id": order_id, **fields}
        outcome = calls[operation.name](order_id, json.loads(json.dumps(body)))
        warnings += [w.to_api() for w in outcome.warnings]
    order = Order.from_api(store.get_order(order_id).data)
    assert order is not None
    return order, warnings


def rewrap_pem(pem: str, width: int = 76, newline: str = "\r\n", indent: str = "  ") -> str:
    """The same CSR as a different paste: other line width, CRLF, indentation."""
    lines = pem.strip().splitlines()
    body = "".join(lines[1:-1])
    chunks = [body[i : i + width] for i in range(0, len(body), width)]
    return newline.join(indent + line for line in [lines[0], *chunks, lines[-1]]) + newline


def _decodes(text: str) -> bool:
    try:
        decode_csr(normalize_pem(text))
    except CsrError:
        return False
    return True


def cosmetic_variant(draft: OrderDraft) -> OrderDraft:
    """Every field typed differently but meaning the same to the API."""
    return replace(
        draft,
        csr=rewrap_pem(draft.csr) if _decodes(draft.csr) else draft.csr,
        organization_handle=" " + " ".join(draft.organization_handle.lower()) + " ",
        technical_handle=draft.technical_handle.lower(),
        approver_email=f"  {draft.approver_email.upper()} ",
        host_names=tuple(f" {h.upper()}" for h in reversed(draft.host_names)),
        software_id=f" {draft.software_id.capitalize()} ",
        dcv=tuple((h.upper() + " ", m.upper()) for h, m in reversed(draft.dcv)),
    )


# Every private key PEM a user might have next to a CSR, by the label its block carries.
KEY_LABELS = (
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "OPENSSH PRIVATE KEY",
)


def private_key_pem(label: str) -> str:
    """The CSR's own key (``make_csr``'s ec256, or rsa2048) written as a ``label`` block."""
    encoding = serialization.Encoding.PEM
    none = serialization.NoEncryption()
    pkcs8, openssl = (
        serialization.PrivateFormat.PKCS8,
        serialization.PrivateFormat.TraditionalOpenSSL,
    )
    private = key("rsa2048") if label == "RSA PRIVATE KEY" else key("ec256")
    if label == "ENCRYPTED PRIVATE KEY":
        secret = serialization.BestAvailableEncryption(b"passphrase")
        pem = private.private_bytes(encoding, pkcs8, secret)
    elif label == "OPENSSH PRIVATE KEY":
        pem = private.private_bytes(encoding, serialization.PrivateFormat.OpenSSH, none)
    else:
        pem = private.private_bytes(encoding, pkcs8 if label == "PRIVATE KEY" else openssl, none)
    text = pem.decode("ascii")
    assert text.startswith(f"-----BEGIN {label}-----"), text.splitlines()[0]
    return text


def key_lines(pem: str) -> list[str]:
    """The secret part of a key block: its base64 lines (never to be drawn or sent)."""
    return [line for line in pem.splitlines() if line and not line.startswith("-----")]
