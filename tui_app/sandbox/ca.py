"""The sandbox's own certificate authority: a root, two intermediates, and issued leaves.

Shaped like a real Sectigo chain (root -> trust CA -> DV server CA -> leaf) so a download
has a real chain to order and verify. Keys are derived (``keys.private_key``) and ECDSA
signs deterministically, so the same order gives the same certificate on every run; the
CA certificates are made once per process. Nothing here is trusted anywhere.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tui_app.sandbox.keys import PrivateKey, private_key

PublicKey = CertificatePublicKeyTypes

ROOT_NAME = "opssl sandbox Root CA (not trusted)"
TRUST_NAME = "opssl sandbox Trust CA (not trusted)"
ISSUING_NAME = "opssl sandbox DV Server CA (not trusted)"
_CA_VALIDITY = (datetime(2020, 1, 1), datetime(2045, 1, 1))
# Indices of the derived keys the CA uses; seeded orders use indices 0-3.
_ROOT_KEY = ("ec384", 9001)
_TRUST_KEY = ("ec384", 9002)
_ISSUING_KEY = ("ec256", 9003)


def _name(common_name: str, organization: str = "opssl sandbox") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _sign(builder: x509.CertificateBuilder, key: PrivateKey) -> x509.Certificate:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return builder.sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    return builder.sign(key, hashes.SHA256())


def _ca_certificate(
    common_name: str, key: PrivateKey, issuer: x509.Name, issuer_key: PrivateKey, serial: int
) -> x509.Certificate:
    not_before, not_after = _CA_VALIDITY
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    return _sign(builder, issuer_key)


@dataclass(frozen=True)
class Authority:
    """The CA's certificates (PEM) and the key that signs leaves."""

    root_pem: str
    trust_pem: str
    issuing_pem: str
    issuing_name: x509.Name
    issuing_key: PrivateKey

    @property
    def intermediates_pem(self) -> str:
        """What ``intermediate_certificate`` holds: the issuing CA first, then the next one up."""
        return self.issuing_pem + self.trust_pem


@functools.cache
def authority() -> Authority:
    """The sandbox CA, made on first use (a few milliseconds) and kept for the process."""
    root_key, trust_key, issuing_key = (
        private_key(*_ROOT_KEY),
        private_key(*_TRUST_KEY),
        private_key(*_ISSUING_KEY),
    )
    root = _ca_certificate(ROOT_NAME, root_key, _name(ROOT_NAME), root_key, 1)
    trust = _ca_certificate(TRUST_NAME, trust_key, root.subject, root_key, 2)
    issuing = _ca_certificate(ISSUING_NAME, issuing_key, trust.subject, trust_key, 3)

    def pem(cert: x509.Certificate) -> str:
        return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")

    return Authority(pem(root), pem(trust), pem(issuing), issuing.subject, issuing_key)


def issue_leaf(
    common_name: str,
    sans: tuple[str, ...],
    organization: str,
    public_key: PublicKey,
    validity: tuple[datetime, datetime],
    serial: int,
) -> str:
    """A server certificate for the hosts and the CSR's public key, signed by the issuing CA."""
    ca = authority()
    not_before, not_after = validity
    names = [x509.DNSName(n) for n in dict.fromkeys((common_name, *sans))]
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca.issuing_name)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(max(not_after, not_before + timedelta(days=1)))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.issuing_key.public_key()),
            critical=False,
        )
    )
    return _sign(builder, ca.issuing_key).public_bytes(serialization.Encoding.PEM).decode("ascii")
