"""Keys and CSRs made here: every key type, the names, a 0600 key that is never shown."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tui_app.core.atomic_files import AtomicWriteError
from tui_app.core.csr import decode_csr
from tui_app.core.new_key import KEY_TYPES, NewKeyError, new_key

EXPECTED = {
    "ec256": ("EC secp256r1", 256),
    "ec384": ("EC secp384r1", 384),
    "rsa2048": ("RSA", 2048),
    "rsa3072": ("RSA", 3072),
    "rsa4096": ("RSA", 4096),
}


@pytest.mark.parametrize("key_type", sorted(KEY_TYPES))
def test_every_key_type_makes_a_csr_the_app_decodes(key_type: str, tmp_path: Path) -> None:
    made = new_key("Shop.Example.com", ["www.example.com", "shop.example.com"], key_type)
    info = decode_csr(made.csr)
    assert info.common_name == "shop.example.com"
    assert info.hosts == ("shop.example.com", "www.example.com")
    assert set(info.sans) == {"shop.example.com", "www.example.com"}  # the CN is a SAN too
    assert (info.key_type, info.key_size) == EXPECTED[key_type]
    made.save(tmp_path / "key.pem")
    key = serialization.load_pem_private_key((tmp_path / "key.pem").read_bytes(), None)
    kind = rsa.RSAPrivateKey if key_type.startswith("rsa") else ec.EllipticCurvePrivateKey
    assert isinstance(key, kind)
    assert key.key_size == EXPECTED[key_type][1]


def test_the_key_file_is_0600_and_the_key_is_never_in_a_repr(tmp_path: Path) -> None:
    made = new_key("example.com")
    made.save(tmp_path / "key.pem")
    assert stat.S_IMODE((tmp_path / "key.pem").stat().st_mode) == 0o600
    assert "PRIVATE" not in repr(made) and "PRIVATE" not in made.csr
    with pytest.raises(AtomicWriteError, match="already exists"):
        new_key("example.com").save(tmp_path / "key.pem")
    other = new_key("example.com")
    other.save(tmp_path / "key.pem", overwrite=True)
    written = serialization.load_pem_private_key((tmp_path / "key.pem").read_bytes(), None)
    assert spki(written.public_key()) == csr_key(other.csr)
    assert spki(written.public_key()) != csr_key(made.csr)


def csr_key(pem: str) -> bytes:
    return spki(x509.load_pem_x509_csr(pem.encode()).public_key())


def spki(public: Any) -> bytes:
    return bytes(
        public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


@pytest.mark.parametrize(
    ("cn", "sans", "message"),
    [
        ("", [], "needs a common name"),
        ("example", [], "not a fully qualified host name"),
        ("example.com", ["bad host.example.com"], "spaces"),
        ("example.com", ["*.*.example.com"], "leftmost label"),
    ],
)
def test_bad_names_are_refused_before_a_key_is_made(cn: str, sans: list[str], message: str) -> None:
    with pytest.raises(NewKeyError, match=message):
        new_key(cn, sans)


def test_an_unknown_key_type_is_refused() -> None:
    with pytest.raises(NewKeyError, match="use one of: ec256, ec384"):
        new_key("example.com", key_type="dsa1024")
