"""What the CA refuses in a CSR, checked at the field before anything is sent.

From the CA/Browser Forum Baseline Requirements (no internal names or IP addresses in a
name-validated certificate; RSA of at least 2048 bits or ECDSA on P-256/P-384/P-521; no
SHA-1) and Sectigo's CSR specification (a common name is required, a fully qualified
host name of at most 64 characters; RSA 2048 to 8192 bits; ECC on P-256, P-384, P-521).
``decode_csr`` reads any CSR; this says whether the CA would take it.
"""

from __future__ import annotations

import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tui_app.core.csr import CsrInfo

RSA_BITS = (2048, 8192)
CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
COMMON_NAME_MAX = 64
# Suffixes that never resolve in public DNS (RFC 2606, 6761, 6762, 8375, ICANN's
# .internal, and the usual private ones): publicly trusted CAs never issue for them.
INTERNAL_SUFFIXES = (
    "local",
    "localhost",
    "localdomain",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "private",
    "home.arpa",
    "test",
    "example",
    "invalid",
    "onion",
)
GOOD_KEYS = "use RSA (2048 bits or more) or ECDSA (P-256 or P-384)"


def ca_refusal(info: CsrInfo) -> str | None:
    """Why the CA would refuse this CSR, in words for the field; None when it would not."""
    try:
        csr = x509.load_der_x509_csr(info.der)
    except ValueError:
        return "The CSR could not be read again for the CA's checks: make it again"
    return _key_refusal(csr) or _name_refusal(info, csr)


def _key_refusal(csr: x509.CertificateSigningRequest) -> str | None:
    try:
        key = csr.public_key()
    except Exception:  # a key type cryptography cannot load
        return f"The CSR's key type is not accepted by the CA: {GOOD_KEYS}"
    if isinstance(key, rsa.RSAPublicKey):
        low, high = RSA_BITS
        if key.key_size < low:
            return (
                f"The key is RSA {key.key_size} bits; the CA requires at least {low}: make "
                "a new key and CSR (openssl req -newkey rsa:2048 …)"
            )
        if key.key_size > high:
            return f"The key is RSA {key.key_size} bits; the CA accepts at most {high}"
        return None
    if isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in CURVES:
            return (
                f"The key is on the curve {key.curve.name}; the CA accepts P-256, P-384 or "
                "P-521 only"
            )
        return None
    kind = type(key).__name__.replace("PublicKey", "").lstrip("_")
    return f"The key type {kind} is not accepted by the CA: {GOOD_KEYS}"


def _name_refusal(info: CsrInfo, csr: x509.CertificateSigningRequest) -> str | None:
    if not info.common_name:
        return (
            "The CSR has no common name; the CA requires one: the main host name "
            "(e.g. www.example.com)"
        )
    if len(info.common_name) > COMMON_NAME_MAX:
        return (
            f"The common name is {len(info.common_name)} characters; the CA allows "
            f"{COMMON_NAME_MAX} at most: put a shorter name in the CN (long ones go in SANs)"
        )
    try:
        ext = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        addresses = [str(a) for a in ext.value.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        addresses = []
    for host in info.hosts:
        if _is_ip(host):
            addresses.append(host)
    if addresses:
        return (
            f"The CSR lists the IP address {addresses[0]}; this certificate covers host "
            "names only: make the CSR without it"
        )
    for host in info.hosts:
        suffix = internal_suffix(host)
        if suffix:
            return (
                f"{host} is an internal name (.{suffix}); publicly trusted CAs issue only "
                "for names in public DNS"
            )
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def internal_suffix(host: str) -> str | None:
    """The reserved or private suffix of ``host`` (``local``, ``home.arpa``…), if any."""
    name = host.strip().lower().rstrip(".")
    for suffix in INTERNAL_SUFFIXES:
        if name == suffix or name.endswith("." + suffix):
            return suffix
    return None
