"""Hand-made, validly signed CSRs that ``cryptography``'s builder will not produce
(a duplicated extension, any bytes in the request info): the decoder must still only
ever say ``CsrError``."""

from __future__ import annotations

import base64
import functools

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SAN = "2.5.29.17"
EXTENSION_REQUEST = "1.2.840.113549.1.9.14"
ECDSA_WITH = {"sha256": "1.2.840.10045.4.3.2", "sha1": "1.2.840.10045.4.1"}


def tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        length = bytes([size])
    else:
        raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def seq(*parts: bytes) -> bytes:
    return tlv(0x30, b"".join(parts))


def oid(dotted: str) -> bytes:
    numbers = [int(n) for n in dotted.split(".")]
    body = bytes([40 * numbers[0] + numbers[1]])
    for number in numbers[2:]:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, body)


def san_extension(*hosts: str) -> bytes:
    names = seq(*(tlv(0x82, h.encode("ascii")) for h in hosts))
    return seq(oid(SAN), tlv(0x04, names))


@functools.cache
def _key() -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(0xBADC0DE, ec.SECP256R1())


def name_der(common_name: str) -> bytes:
    """A subject with just a common name, of any length (the builder caps it at 64)."""
    attribute = seq(oid("2.5.4.3"), tlv(0x0C, common_name.encode("utf-8")))
    return seq(tlv(0x31, attribute))


def request_info(common_name: str, extensions: list[bytes]) -> bytes:
    """CertificationRequestInfo: version 0, subject, key, the extension request."""
    key = _key()
    name = name_der(common_name)
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    attributes = tlv(0xA0, seq(oid(EXTENSION_REQUEST), tlv(0x31, seq(*extensions))))
    return seq(tlv(0x02, b"\x00"), name, spki, attributes)


def signed_csr(info: bytes, digest: str = "sha256") -> bytes:
    """The DER CSR for ``info``, signed with ECDSA and ``digest`` (sha256 or sha1)."""
    algorithm = hashes.SHA256() if digest == "sha256" else hashes.SHA1()
    signature = _key().sign(info, ec.ECDSA(algorithm))
    return seq(info, seq(oid(ECDSA_WITH[digest])), tlv(0x03, b"\x00" + signature))


def pem(der: bytes) -> str:
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return (
        "-----BEGIN CERTIFICATE REQUEST-----\n"
        + "\n".join(lines)
        + "\n-----END CERTIFICATE REQUEST-----\n"
    )


def duplicate_san_csr() -> str:
    """A CSR whose SAN extension appears twice (real-world: a broken CSR generator)."""
    ext = san_extension("example.com", "www.example.com")
    return pem(signed_csr(request_info("example.com", [ext, ext])))


def sha1_csr(common_name: str = "example.com") -> str:
    """Signed with SHA-1, as old tools did (cryptography no longer makes these)."""
    return pem(signed_csr(request_info(common_name, [san_extension(common_name)]), "sha1"))
