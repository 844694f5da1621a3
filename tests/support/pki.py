"""A small real PKI for tests: CAs, intermediates and leaves made with cryptography."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

START = datetime(2026, 1, 1)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@dataclass
class Ca:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def make_ca(common_name: str, parent: Ca | None = None) -> Ca:
    """A root (no parent) or an intermediate signed by ``parent``."""
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = parent.cert.subject if parent else _name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(START)
        .not_valid_after(START + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(parent.key if parent else key, hashes.SHA256())
    )
    return Ca(cert, key)


def make_leaf(
    hosts: list[str], issuer: Ca, key: ec.EllipticCurvePrivateKey | None = None
) -> tuple[str, ec.EllipticCurvePrivateKey]:
    """A server certificate for ``hosts`` (the first is the CN) and its key."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0]))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(START)
        .not_valid_after(START + timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(issuer.key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass
class Pki:
    """root -> mid -> issuing -> leaf, the shape of a real public chain."""

    root: Ca
    mid: Ca
    issuing: Ca
    leaf: str
    key: ec.EllipticCurvePrivateKey


def make_pki(hosts: list[str]) -> Pki:
    root = make_ca("Test Root")
    mid = make_ca("Test Mid CA", root)
    issuing = make_ca("Test Issuing CA", mid)
    leaf, key = make_leaf(hosts, issuing)
    return Pki(root, mid, issuing, leaf, key)
