"""A private key and a CSR made on this machine, so the key never leaves it.

Not the API's ``POST /ssl/csr``, which makes the key on the server and sends it back.
The key is only ever written to the file the user names (``save_private_key``: mode
0600, atomically, never over an existing file unless asked); it is not returned as text
to anything that prints, and no message here contains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from tui_app.core.atomic_files import KEY_MODE, write_file
from tui_app.core.value_checks import check_hostname

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

KEY_TYPES: dict[str, str] = {
    "ec256": "EC P-256",
    "ec384": "EC P-384",
    "rsa2048": "RSA 2048",
    "rsa3072": "RSA 3072",
    "rsa4096": "RSA 4096",
}
DEFAULT_KEY_TYPE = "ec256"


class NewKeyError(ValueError):
    """A key or CSR cannot be made as asked; the message says why."""


def generate_key(key_type: str = DEFAULT_KEY_TYPE) -> PrivateKey:
    if key_type == "ec256":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "ec384":
        return ec.generate_private_key(ec.SECP384R1())
    if key_type.startswith("rsa") and key_type in KEY_TYPES:
        return rsa.generate_private_key(public_exponent=65537, key_size=int(key_type[3:]))
    raise NewKeyError(f"unknown key type {key_type!r}; use one of: {', '.join(KEY_TYPES)}")


def subject_hosts(common_name: str, sans: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """The CSR's hosts, common name first, each once; every one a valid host name."""
    hosts = tuple(dict.fromkeys(h.strip().lower() for h in (common_name, *sans) if h.strip()))
    if not hosts or not common_name.strip():
        raise NewKeyError("a CSR needs a common name")
    for host in hosts:
        problem = check_hostname(host)
        if problem:
            raise NewKeyError(problem)
    return hosts


def build_csr(key: PrivateKey, common_name: str, sans: tuple[str, ...] | list[str] = ()) -> str:
    """A PEM CSR: the common name as subject, and every host (CN too) as a DNS SAN."""
    hosts = subject_hosts(common_name, sans)
    builder = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False
        )
    )
    csr = builder.sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def private_key_pem(key: PrivateKey) -> bytes:
    """PKCS#8 PEM, unencrypted: what nginx, Apache and HAProxy read without a passphrase."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key made here and its CSR. ``repr`` never shows the key."""

    key_type: str
    csr: str
    hosts: tuple[str, ...]
    _key: PrivateKey

    def __repr__(self) -> str:
        return f"NewKey({self.key_type!r}, hosts={self.hosts!r})"

    @property
    def description(self) -> str:
        return KEY_TYPES[self.key_type]

    def save(self, path: Path, *, overwrite: bool = False) -> None:
        """Write the key to ``path``: mode 0600 if new, atomically; refuse an existing file
        unless ``overwrite`` (``AtomicWriteError`` says why)."""
        write_file(path, private_key_pem(self._key), new_mode=KEY_MODE, overwrite=overwrite)


def new_key(
    common_name: str, sans: tuple[str, ...] | list[str] = (), key_type: str = DEFAULT_KEY_TYPE
) -> NewKey:
    """A fresh key of ``key_type`` and a CSR for the common name and SANs."""
    hosts = subject_hosts(common_name, sans)  # checked before the (slow, for RSA) key is made
    key = generate_key(key_type)
    return NewKey(key_type, build_csr(key, hosts[0], hosts[1:]), hosts, key)
