"""Deterministic keys and CSRs for seeded orders.

Seeded orders must be byte-for-byte the same for a seed (their DCV values are hashes
of the CSR), so keys are derived, never drawn from the OS: EC keys from fixed secrets,
the RSA key from primes found with a seeded generator, and ECDSA signs deterministically.
"""

from __future__ import annotations

import functools
import random

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

KEY_KINDS = ("ec256", "rsa2048", "ec384")


@functools.cache
def _small_primes() -> tuple[int, ...]:
    """Made on first use (~2 ms at import otherwise): only a prime search needs them."""
    return tuple(p for p in range(3, 2000) if all(p % q for q in range(2, int(p**0.5) + 1)))


def _probable_prime(n: int, rng: random.Random) -> bool:
    small = _small_primes()
    if any(n % p == 0 for p in small):
        return n in small
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(24):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if (candidate - 1) % 65537 and _probable_prime(candidate, rng):
            return candidate


# What ``derive_rsa_primes(0)`` finds. Kept here so that no process spends half a second of
# pure-Python prime search (holding the GIL) before its first answer; the sandbox tests
# re-derive them to prove they are exactly what the derivation gives.
_KNOWN_RSA_PRIMES: dict[int, tuple[int, int]] = {
    0: (
        int(
            "fa3682453cd28d8179137de62ca6a19af595500f9464bb9a64b09e4d2fb42b0b"
            "6adefebeaf857de928fee8a60a56234c0e1361d969e79d6b325751a05cdeaa8c"
            "325ae73935542296eb121d2afb4a425ec583cf50a919565ac1478ec7e9ebf15e"
            "d01c3c3c8ee6d0c2609512437833405a083650a7d27e4906b1fbd58956556469",
            16,
        ),
        int(
            "f479adeaef8a6cf001901fa3d65b0ec2b2538fe8895d05184dd82c66d5c3b8fb"
            "b5869b0a44132ecd6bd0c95f970bac330d7fdaf99e83fe330fbbecd7652f4e44"
            "af87c612c310dd806c19bd8c90cdbcdd748346c18b781005b752510a317d31ae"
            "e228224ffb0640e4a5016f186b5de723215a8fa8c6d9701954713738fefd625d",
            16,
        ),
    ),
}


def derive_rsa_primes(index: int) -> tuple[int, int]:
    """The two 1024-bit primes of the ``index``-th sandbox RSA key, from a seeded generator."""
    rng = random.Random(f"opssl-sandbox-rsa-{index}")
    return _prime(1024, rng), _prime(1024, rng)


@functools.cache
def private_key(kind: str, index: int) -> PrivateKey:
    """The ``index``-th key of a kind; the same on every run."""
    if kind == "ec256":
        return ec.derive_private_key(0x5EED_0256 + index, ec.SECP256R1())
    if kind == "ec384":
        return ec.derive_private_key(0x5EED_0384 + index, ec.SECP384R1())
    if kind == "rsa2048":
        p, q = _KNOWN_RSA_PRIMES.get(index) or derive_rsa_primes(index)
        e = 65537
        d = pow(e, -1, (p - 1) * (q - 1))
        numbers = rsa.RSAPrivateNumbers(
            p,
            q,
            d,
            d % (p - 1),
            d % (q - 1),
            rsa.rsa_crt_iqmp(p, q),
            rsa.RSAPublicNumbers(e, p * q),
        )
        # The primes are known good (the tests derive them again), so OpenSSL's key check,
        # ~40-60 ms of the demo's first page, proves nothing; the key signs exactly the same.
        return numbers.private_key(unsafe_skip_rsa_key_validation=True)
    raise ValueError(f"unknown key kind {kind!r}")


def _subject(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _san(common_name: str, sans: tuple[str, ...]) -> x509.SubjectAlternativeName:
    return x509.SubjectAlternativeName(
        [x509.DNSName(n) for n in dict.fromkeys((common_name, *sans))]
    )


def make_csr(
    common_name: str, sans: tuple[str, ...], organization: str, kind: str, index: int
) -> tuple[str, bytes]:
    """A real CSR (PEM, DER) whose CN and DNS SANs are the given hosts."""
    key = private_key(kind, index)
    builder = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_subject(common_name, organization))
        .add_extension(_san(common_name, sans), critical=False)
    )
    if isinstance(key, ec.EllipticCurvePrivateKey):
        csr = builder.sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    else:  # PKCS#1 v1.5 signatures are deterministic already
        csr = builder.sign(key, hashes.SHA256())
    pem = csr.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return pem, csr.public_bytes(serialization.Encoding.DER)
