"""A certificate chain checked before it is installed: its order, signatures, names and key.

The API returns the leaf in ``certificate``, the CA chain in ``intermediate_certificate``
(one or more PEM blocks in whatever order, perhaps with the root or a duplicate among
them) and the root in ``root_certificate``. ``verify_chain`` walks up from the leaf by
issuer name and signature, so the intermediates come out closest first whatever order
they came in; the root (self-signed) and duplicates are left out of the chain, and a
certificate that is not on the leaf's path is set aside and named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID

MAX_DEPTH = 8
_PEM_CERT = re.compile(
    r"-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----", re.DOTALL
)


class ChainError(ValueError):
    """The chain cannot be installed; the message says what is wrong with which certificate."""


def pem_of(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def describe(cert: x509.Certificate) -> str:
    """A certificate as a person knows it: its common name, else its whole subject."""
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return f"'{names[0].value!s}'" if names else f"'{cert.subject.rfc4514_string()}'"


def load_certificates(text: str, what: str) -> list[x509.Certificate]:
    """Every PEM certificate in ``text`` (blank text: none). ``what`` names the field."""
    blocks = _PEM_CERT.findall(text.replace("\r\n", "\n"))
    if text.strip() and not blocks:
        raise ChainError(f"the API's {what} is not a PEM certificate")
    certs = []
    for number, block in enumerate(blocks, start=1):
        try:
            certs.append(x509.load_pem_x509_certificate(block.encode("ascii")))
        except ValueError:
            raise ChainError(
                f"certificate {number} in the API's {what} cannot be decoded"
            ) from None
    return certs


def signed_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    """Whether ``parent`` issued ``child``: the issuer name matches and the signature verifies."""
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.subject == cert.issuer and signed_by(cert, cert)


@dataclass(frozen=True)
class VerifiedChain:
    """The leaf, the intermediates that lead from it to a root (closest first), the root if
    the API sent it, and what was left out (duplicates, certificates off the path)."""

    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]
    root: x509.Certificate | None
    left_out: tuple[str, ...] = ()

    @property
    def cert_pem(self) -> bytes:
        return pem_of(self.leaf)

    @property
    def chain_pem(self) -> bytes:
        return b"".join(pem_of(c) for c in self.intermediates)

    @property
    def fullchain_pem(self) -> bytes:
        return self.cert_pem + self.chain_pem


def _pool(
    leaf: x509.Certificate, others: list[x509.Certificate]
) -> tuple[list[x509.Certificate], list[str]]:
    """The candidates, each once; duplicates (also of the leaf) are named as left out."""
    seen = {leaf.fingerprint(hashes.SHA256())}
    pool: list[x509.Certificate] = []
    left_out: list[str] = []
    for cert in others:
        fingerprint = cert.fingerprint(hashes.SHA256())
        if fingerprint in seen:
            left_out.append(f"a second copy of {describe(cert)}")
            continue
        seen.add(fingerprint)
        pool.append(cert)
    return pool, left_out


def verify_chain(certificate: str, intermediate: str, root: str = "") -> VerifiedChain:
    """Order and verify what the API returned; ``ChainError`` says what does not hold."""
    given = load_certificates(certificate, "certificate")
    if not given:
        raise ChainError("the order has no certificate")
    leaf = given[0]
    if is_ca(leaf) or is_self_signed(leaf):
        raise ChainError(f"the certificate {describe(leaf)} is a CA certificate, not a server's")
    others = (
        given[1:]
        + load_certificates(intermediate, "intermediate_certificate")
        + load_certificates(root, "root_certificate")
    )
    pool, left_out = _pool(leaf, others)
    path: list[x509.Certificate] = []
    top: x509.Certificate | None = None
    current = leaf
    while len(path) <= MAX_DEPTH:
        named = [c for c in pool if c.subject == current.issuer and c not in path]
        if not named:
            break
        issuer = next((c for c in named if signed_by(current, c)), None)
        if issuer is None:
            raise ChainError(
                f"{describe(current)} was not signed by the {describe(named[0])} the API "
                "returned (the signature does not verify): a wrong intermediate"
            )
        if not is_ca(issuer):
            raise ChainError(f"{describe(issuer)} signed {describe(current)} but is not a CA")
        if is_self_signed(issuer):
            top = issuer
            break
        path.append(issuer)
        current = issuer
    else:
        raise ChainError(f"the chain is longer than {MAX_DEPTH} certificates")
    if not path and top is None:
        issuer_name = current.issuer.rfc4514_string()
        raise ChainError(
            f"the API returned no certificate that issued {describe(leaf)} (issuer: "
            f"{issuer_name}); the chain cannot be verified"
        )
    left_out += [
        f"{describe(c)}, not on the leaf's chain" for c in pool if c not in path and c is not top
    ]
    return VerifiedChain(leaf, tuple(path), top, tuple(left_out))


def certificate_hosts(cert: x509.Certificate) -> tuple[str, ...]:
    """The DNS names a certificate covers (its SANs; the common name if it has none)."""
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names = ext.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        names = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    return tuple(dict.fromkeys(n.strip().lower() for n in names))


def check_names(cert: x509.Certificate, expected: tuple[str, ...]) -> None:
    """The certificate covers exactly the order's hosts (its common name, SANs, host names)."""
    covered = set(certificate_hosts(cert))
    wanted = {h.lower() for h in expected}
    missing = [h for h in expected if h.lower() not in covered]
    extra = sorted(covered - wanted)
    if missing or extra:
        parts = ["the certificate's names do not match the order"]
        if missing:
            parts.append("missing: " + ", ".join(missing))
        if extra:
            parts.append("not in the order: " + ", ".join(extra))
        raise ChainError("; ".join(parts))


def load_private_key(data: bytes, where: str) -> PrivateKeyTypes:
    """A PEM private key; the messages name the file, never its content."""
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise ChainError(
            f"{where} is encrypted with a passphrase; give the unencrypted key a server reads"
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise ChainError(f"{where} is not a PEM private key") from None


def key_matches(cert: x509.Certificate, key: PrivateKeyTypes) -> bool:
    """Whether the certificate was issued for this key (same public key)."""
    der, spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return cert.public_key().public_bytes(der, spki) == key.public_key().public_bytes(der, spki)
