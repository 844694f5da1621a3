"""Seeded keys are reproducible, and the kept RSA primes are exactly what derivation gives."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tui_app.sandbox.keys import _KNOWN_RSA_PRIMES, derive_rsa_primes, make_csr, private_key


def test_kept_rsa_primes_are_the_derived_ones() -> None:
    assert derive_rsa_primes(0) == _KNOWN_RSA_PRIMES[0]
    key = private_key("rsa2048", 0)
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048


def test_the_unchecked_rsa_key_signs_valid_csrs() -> None:
    # private_key skips OpenSSL's key check (the primes are known): the key must still be
    # the one its public half says, so what it signs verifies.
    pem, _ = make_csr("a.example.com", (), "Org", "rsa2048", 0)
    csr = x509.load_pem_x509_csr(pem.encode("ascii"))
    assert csr.is_signature_valid
    assert (
        csr.public_key().public_numbers() == private_key("rsa2048", 0).public_key().public_numbers()
    )


def test_csrs_are_byte_for_byte_reproducible() -> None:
    for kind in ("ec256", "ec384", "rsa2048"):
        first = make_csr("a.example.com", ("b.example.com",), "Org", kind, 0)
        assert make_csr("a.example.com", ("b.example.com",), "Org", kind, 0) == first
    assert isinstance(private_key("ec384", 1), ec.EllipticCurvePrivateKey)
