"""Local CSR decoding with ``cryptography``: what hosts a CSR names and what key it holds."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID

from tui_app.core.value_checks import has_control_chars

# A CSR is one to a few kilobytes; anything far larger is a wrong paste, not a CSR.
MAX_CSR_CHARS = 32_768

_PEM_RE = re.compile(
    r"-----BEGIN (NEW )?CERTIFICATE REQUEST-----"
    r"[A-Za-z0-9+/=\s]+"
    r"-----END (NEW )?CERTIFICATE REQUEST-----"
)


class CsrError(ValueError):
    """The text is not a usable CSR; the message says why, for the field."""


@dataclass(frozen=True, slots=True)
class CsrInfo:
    common_name: str
    sans: tuple[str, ...]
    key_type: str
    key_size: int | None
    der: bytes = field(repr=False, default=b"")

    @property
    def hosts(self) -> tuple[str, ...]:
        """Common name first, then SANs, lower-cased, each once."""
        seen: dict[str, None] = {}
        for host in (self.common_name, *self.sans):
            if host:
                seen.setdefault(host.lower(), None)
        return tuple(seen)

    @property
    def key_description(self) -> str:
        return f"{self.key_type} {self.key_size}" if self.key_size else self.key_type


def normalize_pem(text: str) -> str:
    """Tidy a pasted CSR: CRLF, surrounding blanks, and ``\\n`` escapes from a JSON copy."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in cleaned and "\\n" in cleaned:
        # A JSON copy from Windows has "\r\n" escapes: both halves must go.
        cleaned = cleaned.replace("\\r\\n", "\n").replace("\\n", "\n").strip()
    return cleaned + "\n" if cleaned else ""


def _key_info(csr: x509.CertificateSigningRequest) -> tuple[str, int | None]:
    try:
        key = csr.public_key()
    except (ValueError, TypeError):
        return "unknown key", None
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}", key.curve.key_size
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519", None
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448", None
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size
    return type(key).__name__, None


def decode_csr(text: str) -> CsrInfo:
    """Decode a PEM CSR exactly as given (call ``normalize_pem`` first for pasted text).

    Raises only ``CsrError``, whatever ``cryptography`` raises on odd input (it has many
    exception types, e.g. ``DuplicateExtension``, not all of them ``ValueError``).
    """
    try:
        with warnings.catch_warnings():
            # cryptography warns (on stderr, under the app) about e.g. a 65-character CN.
            warnings.simplefilter("ignore")
            return _decode_csr(text)
    except CsrError:
        raise
    except x509.DuplicateExtension as exc:
        what = _EXTENSION_NAMES.get(exc.oid.dotted_string, exc.oid.dotted_string)
        raise CsrError(
            f"The CSR lists its {what} twice; the CA refuses such a CSR: make it again"
        ) from None
    except Exception as exc:  # any other surprise in the bytes is an unreadable CSR
        raise CsrError(f"The CSR could not be read ({type(exc).__name__}): make it again") from None


_EXTENSION_NAMES = {"2.5.29.17": "subject alternative names", "2.5.29.15": "key usage"}


def _signed_with(csr: x509.CertificateSigningRequest) -> str:
    try:
        algorithm = csr.signature_hash_algorithm
    except Exception:  # an algorithm cryptography does not know
        return ""
    return algorithm.name if algorithm is not None else ""


def _decode_csr(text: str) -> CsrInfo:
    if len(text) > MAX_CSR_CHARS:
        raise CsrError(
            f"The pasted text is {len(text):,} characters; a CSR is a few kilobytes. "
            "Paste only the BEGIN/END CERTIFICATE REQUEST block."
        )
    if not text.strip():
        raise CsrError("The CSR is empty")
    if has_control_chars(text):
        raise CsrError("The CSR contains control characters; paste the PEM text only")
    match = _PEM_RE.search(text)
    if not match:
        raise CsrError(
            "Not a PEM CSR: expected -----BEGIN CERTIFICATE REQUEST----- … "
            "-----END CERTIFICATE REQUEST-----"
        )
    try:
        csr = x509.load_pem_x509_csr(match.group(0).encode("ascii"))
    except ValueError:
        raise CsrError(
            "The CSR could not be decoded: the PEM block is damaged or truncated"
        ) from None
    try:
        signature_ok = csr.is_signature_valid
    except Exception:  # unsupported algorithms raise various types
        signature_ok = False
    if not signature_ok:
        if _signed_with(csr) in ("md5", "sha1"):
            raise CsrError(
                f"The CSR is signed with {_signed_with(csr).upper().replace('SHA1', 'SHA-1')}, "
                "which CAs no longer accept: make it again with SHA-256 (openssl req -sha256)"
            )
        raise CsrError("The CSR's signature does not verify: it was altered after signing")
    try:
        names = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        common_name = str(names[0].value).strip() if names else ""
    except ValueError:
        raise CsrError("The CSR's subject cannot be read") from None
    sans: tuple[str, ...] = ()
    try:
        ext = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        sans = tuple(str(n).strip() for n in ext.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        pass
    except ValueError:
        raise CsrError("The CSR's subject alternative names cannot be read") from None
    if not common_name and not sans:
        raise CsrError("The CSR names no host: it has no common name and no DNS SANs")
    key_type, key_size = _key_info(csr)
    return CsrInfo(
        common_name=common_name.lower(),
        sans=tuple(s.lower() for s in sans),
        key_type=key_type,
        key_size=key_size,
        der=csr.public_bytes(serialization.Encoding.DER),
    )
