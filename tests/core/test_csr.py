"""Local CSR decoding: real RSA/EC/Ed25519 CSRs, and every way a paste goes wrong."""

from __future__ import annotations

import base64
import re

import pytest

from tui_app.core.csr import MAX_CSR_CHARS, CsrError, decode_csr, normalize_pem

from .factories import make_csr


def test_rsa_csr_decodes_with_hosts_and_key() -> None:
    info = decode_csr(make_csr("Example.COM", ("example.com", "www.example.com"), "rsa2048"))
    assert info.common_name == "example.com"
    assert info.sans == ("example.com", "www.example.com")
    assert (info.key_type, info.key_size) == ("RSA", 2048)
    assert info.key_description == "RSA 2048"
    assert info.hosts == ("example.com", "www.example.com")
    assert info.der.startswith(b"\x30")


@pytest.mark.parametrize(("kind", "size"), [("ec256", 256), ("ec384", 384)])
def test_ec_csr_decodes(kind: str, size: int) -> None:
    info = decode_csr(make_csr("shop.example.nl", (), kind))
    assert info.key_type.startswith("EC ")
    assert info.key_size == size
    assert info.hosts == ("shop.example.nl",)


def test_ed25519_key_has_no_size() -> None:
    info = decode_csr(make_csr("example.com", (), "ed25519"))
    assert (info.key_type, info.key_size, info.key_description) == ("Ed25519", None, "Ed25519")


def test_sans_only_csr_uses_sans_as_hosts() -> None:
    info = decode_csr(make_csr(None, ("a.example.com", "b.example.com")))
    assert info.common_name == ""
    assert info.hosts == ("a.example.com", "b.example.com")


def test_csr_without_any_host_is_refused() -> None:
    with pytest.raises(CsrError, match="names no host"):
        decode_csr(make_csr(None, ()))


def test_new_certificate_request_header_is_accepted() -> None:
    pem = make_csr("example.com").replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST")
    assert decode_csr(pem).common_name == "example.com"


def test_text_around_the_block_is_ignored() -> None:
    pem = "Here is my CSR:\n" + make_csr("example.com") + "\nthanks"
    assert decode_csr(pem).common_name == "example.com"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("hello world", "Not a PEM CSR"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "Not a PEM CSR"),
        (
            "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n"
            "-----END CERTIFICATE REQUEST-----\n",
            "damaged or truncated",
        ),
    ],
)
def test_garbage_gets_a_message_for_the_field(text: str, message: str) -> None:
    with pytest.raises(CsrError, match=message):
        decode_csr(text)


def test_truncated_csr_is_refused() -> None:
    pem = make_csr("example.com")
    lines = pem.splitlines()
    cut = "\n".join([*lines[:3], lines[-1]]) + "\n"
    with pytest.raises(CsrError, match="damaged or truncated"):
        decode_csr(cut)


def test_altered_csr_fails_its_signature() -> None:
    pem = make_csr("example.com")
    body = "".join(pem.splitlines()[1:-1])
    der = base64.b64decode(body)
    tampered = der.replace(b"example.com", b"exbmple.com")
    assert tampered != der
    text = "\n".join(re.findall(".{1,64}", base64.b64encode(tampered).decode()))
    pem2 = f"-----BEGIN CERTIFICATE REQUEST-----\n{text}\n-----END CERTIFICATE REQUEST-----\n"
    with pytest.raises(CsrError, match="signature does not verify"):
        decode_csr(pem2)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f"])
def test_control_characters_are_refused(char: str) -> None:
    pem = make_csr("example.com")
    dirty = pem.replace("\n", "\n" + char, 1)
    with pytest.raises(CsrError, match="control characters"):
        decode_csr(dirty)


def test_one_megabyte_paste_is_refused_quickly() -> None:
    pem = make_csr("example.com")
    text = pem * (1_000_000 // len(pem) + 1)
    assert len(text) > 1_000_000
    with pytest.raises(CsrError, match="a CSR is a few kilobytes"):
        decode_csr(normalize_pem(text))
    with pytest.raises(CsrError):
        decode_csr("A" * (MAX_CSR_CHARS + 1))


def test_literal_backslash_n_escapes_from_a_json_copy() -> None:
    pem = make_csr("example.com")
    escaped = pem.replace("\n", "\\n")
    assert "\n" not in escaped
    assert normalize_pem(escaped) == pem
    assert decode_csr(normalize_pem(escaped)).common_name == "example.com"


def test_literal_crlf_escapes_from_a_windows_json_copy() -> None:
    pem = make_csr("example.com")
    escaped = '"' + pem.replace("\n", "\\r\\n") + '"'
    assert decode_csr(normalize_pem(escaped)).common_name == "example.com"


def test_crlf_indentation_and_blank_surroundings() -> None:
    pem = make_csr("example.com")
    messy = "\r\n\r\n" + "\r\n".join("    " + line for line in pem.splitlines()) + "\r\n\r\n"
    assert decode_csr(normalize_pem(messy)).common_name == "example.com"
    assert normalize_pem("\r\n" + pem.replace("\n", "\r\n")) == pem


def test_normalize_pem_of_nothing_is_empty() -> None:
    assert normalize_pem("") == ""
    assert normalize_pem(" \r\n ") == ""
