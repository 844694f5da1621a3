"""A CSR the CA will refuse is refused at the field, with the reason, before any send;
and whatever bytes are pasted, the decoder says ``CsrError`` and nothing else.

The rules are the CA/Browser Forum Baseline Requirements and Sectigo's CSR spec (common
name required, a FQDN of at most 64 characters; RSA 2048 to 8192 bits; ECDSA on P-256,
P-384 or P-521; no internal names, no IP addresses); see ``core/csr_policy.py``.
"""

from __future__ import annotations

import base64
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.der import (
    duplicate_san_csr,
    pem,
    request_info,
    san_extension,
    sha1_csr,
    signed_csr,
)
from tui_app.core.csr import CsrError, decode_csr
from tui_app.core.host_set import read_csr

from .factories import make_csr


def built(
    common_name: str | None,
    names: list[x509.GeneralName] | None = None,
    key: object = None,
) -> str:
    private = key or ec.derive_private_key(0xFACE, ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)] if common_name else []
    attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test B.V."))
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attrs))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    csr = builder.sign(private, hashes.SHA256())  # type: ignore[arg-type]
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def test_a_duplicated_extension_is_a_csr_error_not_a_crash() -> None:
    with pytest.raises(CsrError, match=r"subject alternative names.*twice"):
        decode_csr(duplicate_san_csr())
    with pytest.raises(CsrError):
        read_csr(duplicate_san_csr())


def test_a_sha1_signature_is_named_as_the_reason() -> None:
    with pytest.raises(CsrError, match=r"SHA-1.*SHA-256"):
        read_csr(sha1_csr())


def test_acceptable_keys_pass() -> None:
    for kind in ("ec256", "ec384", "rsa2048"):
        assert read_csr(make_csr("shop.example.com", (), kind)).common_name == "shop.example.com"
    p521 = ec.derive_private_key(0xFEED, ec.SECP521R1())
    assert read_csr(built("shop.example.com", key=p521)).key_size == 521


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (lambda: rsa.generate_private_key(65537, 1024), "RSA 1024 bits.*at least 2048"),
        (lambda: ec.derive_private_key(7, ec.SECP256K1()), "secp256k1.*P-256, P-384 or P-521"),
        (lambda: ec.derive_private_key(7, ec.SECP224R1()), "secp224r1.*P-256, P-384 or P-521"),
        (lambda: dsa.generate_private_key(2048), "DSA.*RSA .*or ECDSA"),
    ],
)
def test_keys_the_ca_refuses_are_refused_with_the_reason(key: object, reason: str) -> None:
    csr = built("shop.example.com", key=key())  # type: ignore[operator]
    decode_csr(csr)  # it is a CSR: only the CA's rules refuse it
    with pytest.raises(CsrError, match=reason):
        read_csr(csr)


def test_an_ed25519_key_is_refused() -> None:
    with pytest.raises(CsrError, match=r"Ed25519.*RSA .*or ECDSA"):
        read_csr(make_csr("shop.example.com", (), "ed25519"))


def test_a_csr_without_a_common_name_is_refused() -> None:
    csr = make_csr(None, ("a.example.com", "b.example.com"))
    assert decode_csr(csr).hosts == ("a.example.com", "b.example.com")
    with pytest.raises(CsrError, match="no common name"):
        read_csr(csr)


@pytest.mark.filterwarnings("error")  # and cryptography's warning about it stays quiet
def test_a_common_name_longer_than_64_characters_is_refused() -> None:
    name = "a" * 60 + ".example.com"
    csr = pem(signed_csr(request_info(name, [san_extension(name)])))
    with pytest.raises(CsrError, match=r"72 characters.*64"):
        read_csr(csr)


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        ([x509.IPAddress(ipaddress.ip_address("192.0.2.10"))], "IP address 192.0.2.10"),
        ([x509.IPAddress(ipaddress.ip_address("2001:db8::1"))], "IP address 2001:db8::1"),
        ([x509.DNSName("intranet.corp")], "intranet.corp is an internal name"),
        ([x509.DNSName("printer.local")], "printer.local is an internal name"),
        ([x509.DNSName("svc.internal")], "svc.internal is an internal name"),
        ([x509.DNSName("router.home.arpa")], "router.home.arpa is an internal name"),
    ],
)
def test_ip_addresses_and_internal_names_are_refused(
    names: list[x509.GeneralName], reason: str
) -> None:
    with pytest.raises(CsrError, match=reason):
        read_csr(built("www.example.com", [x509.DNSName("www.example.com"), *names]))


@pytest.mark.parametrize("common_name", ["192.0.2.10", "mail.local", "localhost", "server"])
def test_a_common_name_that_is_no_public_host_name_is_refused(common_name: str) -> None:
    with pytest.raises(CsrError):
        read_csr(built(common_name))


# -- whatever is pasted: only CsrError ------------------------------------------------

VALID_DER = base64.b64decode(
    "".join(make_csr("example.com", ("www.example.com",)).split("\n")[1:-2])
)
VALID_INFO = request_info("example.com", [san_extension("example.com", "www.example.com")])


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Each edit: (position, kind, byte): 0 replaces, 1 inserts, 2 deletes, 3 truncates."""
    out = bytearray(data)
    for position, kind, value in edits:
        if not out:
            break
        at = position % len(out)
        if kind == 0:
            out[at] = value
        elif kind == 1:
            out.insert(at, value)
        elif kind == 2:
            del out[at]
        else:
            del out[at:]
    return bytes(out)


edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.integers(0, 255)),
    min_size=1,
    max_size=4,
)


def only_csr_errors(text: str) -> None:
    for decode in (decode_csr, read_csr):
        try:
            decode(text)
        except CsrError as exc:
            assert str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits)
def test_mutated_der_raises_only_csr_error(edits: list[tuple[int, int, int]]) -> None:
    only_csr_errors(pem(mutate(VALID_DER, edits)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits)
def test_mutated_request_info_signed_again_raises_only_csr_error(
    edits: list[tuple[int, int, int]],
) -> None:
    """Re-signed after the change, so the decoder gets past the signature into the parts."""
    only_csr_errors(pem(signed_csr(mutate(VALID_INFO, edits))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200), at=st.integers(0, 2000), cut=st.integers(0, 2000))
def test_mutated_pem_text_raises_only_csr_error(text: str, at: int, cut: int) -> None:
    valid = make_csr("example.com", ("www.example.com",))
    at %= len(valid)
    only_csr_errors(valid[:at] + text + valid[at + cut % 50 :])
