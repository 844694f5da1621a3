"""``POST /ssl/orders/{id}/reissue``: a new CSR for an issued order, back to the CA (REQ).

The API's rules, read here on their own (the sandbox does not use the client's ``core``):
only an ACT order; ``csr`` required and decodable (else 1030 "Invalid CSR"); the DCV rows
must be exactly the new CSR's common name and SANs plus the host names, one per host, a
known method each, no file method on a wildcard, and email only with an approver. Rows
left out keep their method when their host stays. Every check runs before any change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from tui_app.sandbox import codes
from tui_app.sandbox.lifecycle import (
    REISSUE_FROM,
    check_bool,
    find_order,
    refuse_status,
    request_body,
)
from tui_app.sandbox.orders import StoredOrder
from tui_app.sandbox.products import SOFTWARE
from tui_app.sandbox.store import Outcome, SandboxError, SandboxStore, Warning_, approver_candidates

FIELDS = frozenset(
    {
        "csr",
        "approver_email",
        "domain_validation_methods",
        "enable_dns_automation",
        "host_names",
        "organization_handle",
        "signature_hash_algorithm",
        "software_id",
    }
)
METHODS = ("email", "dns", "http", "https")
FILE_METHODS = frozenset({"http", "https"})
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_HANDLE = re.compile(r"[A-Z]{2}\d{6}-[A-Z]{2}")


def host_problem(host: str) -> str | None:
    """Why the CA would not take this DNS name (a wildcard only as the leftmost label)."""
    labels = host.split(".")
    if labels[0] == "*":
        labels = labels[1:]
    if len(host) > 253 or len(labels) < 2:
        return f"{host!r} is not a fully qualified host name"
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        return f"{host!r} is not a valid host name"
    return None


@dataclass(frozen=True)
class NewCsr:
    text: str
    der: bytes
    common_name: str
    sans: tuple[str, ...]


def read_csr(value: Any) -> NewCsr:
    """The CSR as the API reads it: real newlines (a mangled PEM is 1030), a valid signature."""
    if value is None or value == "":
        raise SandboxError(codes.INVALID_PARAMETER, "csr is required to reissue an order")
    if not isinstance(value, str):
        raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, "csr must be a string")
    try:
        csr = x509.load_pem_x509_csr(value.encode("ascii"))
        valid = csr.is_signature_valid
    except (ValueError, UnicodeEncodeError):
        raise SandboxError(
            codes.INVALID_CSR, codes.DESC_INVALID_CSR, "The PEM block cannot be decoded"
        ) from None
    if not valid:
        raise SandboxError(
            codes.INVALID_CSR, codes.DESC_INVALID_CSR, "The CSR's signature does not verify"
        )
    names = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common_name = str(names[0].value).strip().lower() if names else ""
    try:
        ext = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        sans = tuple(str(n).strip().lower() for n in ext.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        sans = ()
    common_name = common_name or (sans[0] if sans else "")
    if not common_name:
        raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, "The CSR names no host")
    for host in (common_name, *sans):
        problem = host_problem(host)
        if problem:
            raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, problem)
    der = csr.public_bytes(serialization.Encoding.DER)
    return NewCsr(value, der, common_name, tuple(dict.fromkeys(sans)))


def _host_names(order: StoredOrder, body: dict[str, Any]) -> list[str]:
    if "host_names" not in body:
        return list(order.host_names)
    raw = body["host_names"]
    if not order.product.multi_domain:
        raise SandboxError(
            codes.HOST_NAMES_NOT_ALLOWED,
            f"{order.product.name} is not a multi-domain product: host_names cannot be set",
        )
    if not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
        raise SandboxError(codes.INVALID_PARAMETER, "host_names must be a list of strings")
    names = [h.strip().lower() for h in raw]
    for host in names:
        problem = host_problem(host)
        if problem:
            raise SandboxError(codes.INVALID_PARAMETER, f"Invalid host name: {problem}")
    if len(set(names)) > order.product.max_domains:
        raise SandboxError(
            codes.INVALID_PARAMETER,
            f"{order.product.name} takes at most {order.product.max_domains} host names",
        )
    return names


def _approver(common_name: str, value: Any) -> str:
    email = value.strip().lower() if isinstance(value, str) else ""
    allowed = approver_candidates(common_name)
    if email not in allowed:
        raise SandboxError(
            codes.INVALID_APPROVER_EMAIL,
            f"{value!r} is not an approver address for {common_name}",
            ", ".join(allowed[:5]),
        )
    return email


def _methods(
    order: StoredOrder, body: dict[str, Any], hosts: tuple[str, ...], approver: str, cn: str
) -> tuple[dict[str, str], str]:
    """Host -> method after the reissue, and the approver (the legacy form may set it)."""
    if "domain_validation_methods" not in body:
        kept = {h: m for h, m in order.dcv.items() if h in hosts}
        missing = [h for h in hosts if h not in kept]
        if missing:
            raise SandboxError(
                codes.DCV_HOSTS_MISMATCH,
                "The new CSR names new hosts; send domain_validation_methods covering: "
                + ", ".join(missing),
            )
        rows = list(kept.items())
    else:
        raw = body["domain_validation_methods"]
        if not isinstance(raw, list):
            raise SandboxError(codes.INVALID_PARAMETER, "domain_validation_methods must be a list")
        rows = []
        for item in raw:
            host = item.get("host_name") if isinstance(item, dict) else None
            method = item.get("method") if isinstance(item, dict) else None
            if not isinstance(host, str) or not isinstance(method, str) or len(item) != 2:
                raise SandboxError(
                    codes.INVALID_PARAMETER,
                    "Each domain_validation_methods entry is {host_name, method} (strings)",
                )
            if "@" in method:  # legacy form: the approver address itself as the method
                approver, method = _approver(cn, method), "email"
            rows.append((host.strip().lower(), method))
    methods: dict[str, str] = {}
    for host, method in rows:
        if host in methods:
            raise SandboxError(codes.DCV_HOSTS_MISMATCH, f"{host} appears in more than one row")
        if method not in METHODS:
            raise SandboxError(
                codes.DCV_INVALID_METHOD,
                f"{host}: unknown DCV method {method!r} (use {', '.join(METHODS)})",
            )
        if method in FILE_METHODS and host.startswith("*."):
            raise SandboxError(
                codes.DCV_WILDCARD_FILE, f"{host}: a wildcard cannot be validated with {method}"
            )
        if method == "email" and not approver:
            raise SandboxError(
                codes.DCV_APPROVER_MISSING, f"{host}: email validation needs an approver email"
            )
        methods[host] = method
    missing = [h for h in hosts if h not in methods]
    extra = [h for h in methods if h not in hosts]
    if missing or extra:
        raise SandboxError(
            codes.DCV_HOSTS_MISMATCH,
            "The DCV rows must be the new CSR's hosts plus the host names",
            "; ".join(
                part
                for part in (
                    "missing: " + ", ".join(missing) if missing else "",
                    "not in the CSR or host names: " + ", ".join(extra) if extra else "",
                )
                if part
            ),
        )
    return {h: methods[h] for h in hosts}, approver


def reissue(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = find_order(store, order_id)
        item = request_body(body, order_id, FIELDS)
        refuse_status(order, "reissued", REISSUE_FROM)
        csr = read_csr(item.get("csr"))
        host_names = _host_names(order, item)
        hosts = tuple(dict.fromkeys((csr.common_name, *csr.sans, *host_names)))
        approver = order.email_approver
        if "approver_email" in item:
            approver = _approver(csr.common_name, item["approver_email"])
        handle = item.get("organization_handle")
        if handle is not None and not (isinstance(handle, str) and _HANDLE.fullmatch(handle)):
            raise SandboxError(
                codes.INVALID_HANDLE, f"Invalid organization handle {handle!r} (XY123456-CC)"
            )
        software = item.get("software_id")
        if software is not None and software not in {s["id"] for s in SOFTWARE}:
            raise SandboxError(
                codes.INVALID_SOFTWARE, f"software_id {software!r} is not linux or windows"
            )
        check_bool(item, "enable_dns_automation")
        algorithm = item.get("signature_hash_algorithm")
        if algorithm not in (None, "", "sha2", "sha1"):
            raise SandboxError(codes.INVALID_PARAMETER, "signature_hash_algorithm must be sha2")
        methods, approver = _methods(order, item, hosts, approver, csr.common_name)
        # Every check passed: the CA gets the new request.
        order.use_csr(csr.text, csr.der, csr.common_name, csr.sans)
        order.host_names = host_names
        order.dcv = methods
        for host in hosts:
            order.regenerate_dcv(host)
        order.email_approver = approver
        order.organization_handle = handle or order.organization_handle
        order.software = software or order.software
        order.status = "REQ"
        warnings = [
            Warning_(
                codes.WARN_SENT_TO_CA,
                "The reissue was sent to the CA; complete domain validation for every host",
                ", ".join(f"{h}: {m}" for h, m in methods.items()),
            )
        ]
        if algorithm:
            warnings.append(
                Warning_(
                    codes.WARN_DEPRECATED_FIELD,
                    "signature_hash_algorithm is deprecated and was ignored",
                    str(algorithm),
                )
            )
        return Outcome({"id": order.id}, warnings)
