"""The chain is ordered by signature, whatever the API sends, and refused when it is wrong."""

from __future__ import annotations

import itertools

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.support.pki import Ca, make_ca, make_leaf, make_pki
from tui_app.core.chain import (
    ChainError,
    check_names,
    key_matches,
    load_private_key,
    pem_of,
    verify_chain,
)

HOSTS = ["example.com", "www.example.com"]


def test_any_order_gives_the_leaf_then_the_issuing_ca_then_the_next() -> None:
    pki = make_pki(HOSTS)
    given = [pki.mid.pem, pki.issuing.pem, pki.root.pem, pki.mid.pem]
    for order in itertools.permutations(given):
        chain = verify_chain(pki.leaf, "".join(order))
        assert chain.intermediates == (pki.issuing.cert, pki.mid.cert), order
        assert chain.root == pki.root.cert
        assert chain.left_out == ("a second copy of 'Test Mid CA'",)
        assert chain.chain_pem == pem_of(pki.issuing.cert) + pem_of(pki.mid.cert)
        assert chain.fullchain_pem == pki.leaf.encode() + chain.chain_pem
        assert b"Test Root" not in chain.fullchain_pem.replace(b"\n", b"")


def test_the_root_in_its_own_field_and_the_chain_in_the_leaf_field_are_used() -> None:
    pki = make_pki(HOSTS)
    chain = verify_chain(pki.leaf + pki.mid.pem + pki.issuing.pem, "", pki.root.pem)
    assert chain.intermediates == (pki.issuing.cert, pki.mid.cert)
    assert chain.root == pki.root.cert and chain.left_out == ()


def test_a_leaf_repeated_in_the_intermediates_is_dropped() -> None:
    pki = make_pki(HOSTS)
    chain = verify_chain(pki.leaf, pki.leaf + pki.issuing.pem + pki.mid.pem)
    assert chain.intermediates == (pki.issuing.cert, pki.mid.cert)
    assert chain.left_out == ("a second copy of 'example.com'",)


def test_a_wrong_intermediate_with_the_right_name_is_refused() -> None:
    pki = make_pki(HOSTS)
    impostor = make_ca("Test Issuing CA", pki.mid)  # same name, another key
    with pytest.raises(ChainError, match=r"was not signed by the 'Test Issuing CA'.*wrong"):
        verify_chain(pki.leaf, impostor.pem + pki.mid.pem)


def test_an_intermediate_from_another_ca_is_refused() -> None:
    pki = make_pki(HOSTS)
    other = make_ca("Other CA", make_ca("Other Root"))
    with pytest.raises(ChainError, match=r"no certificate that issued 'example\.com'"):
        verify_chain(pki.leaf, other.pem)
    with pytest.raises(ChainError, match="no certificate that issued"):
        verify_chain(pki.leaf, "")


def test_a_certificate_off_the_path_is_named_and_left_out() -> None:
    pki = make_pki(HOSTS)
    stray = make_ca("Stray CA", make_ca("Stray Root"))
    chain = verify_chain(pki.leaf, pki.issuing.pem + stray.pem + pki.mid.pem)
    assert chain.intermediates == (pki.issuing.cert, pki.mid.cert)
    assert chain.left_out == ("'Stray CA', not on the leaf's chain",)
    assert b"Stray" not in chain.fullchain_pem


def test_broken_pem_and_a_ca_as_the_leaf_are_refused() -> None:
    pki = make_pki(HOSTS)
    with pytest.raises(ChainError, match="the order has no certificate"):
        verify_chain("", pki.issuing.pem)
    with pytest.raises(ChainError, match="not a PEM certificate"):
        verify_chain(pki.leaf, "intermediate goes here")
    damaged = pki.issuing.pem.replace(pki.issuing.pem.splitlines()[3], "A" * 64)
    with pytest.raises(ChainError, match="certificate 1 in the API's intermediate_certificate"):
        verify_chain(pki.leaf, damaged)
    with pytest.raises(ChainError, match="is a CA certificate"):
        verify_chain(pki.issuing.pem, pki.mid.pem)


def test_a_leaf_signed_by_a_server_certificate_is_refused() -> None:
    """A server certificate's key signed the leaf: names and signature hold, but it is no CA."""
    server_pem, server_key = make_leaf(["Test Issuing CA"], make_ca("Test Root"))
    server = Ca(x509.load_pem_x509_certificate(server_pem.encode()), server_key)
    leaf, _ = make_leaf(HOSTS, server)
    with pytest.raises(ChainError, match=r"'Test Issuing CA' signed .* but is not a CA"):
        verify_chain(leaf, server_pem)


def test_names_must_be_the_orders_exactly() -> None:
    pki = make_pki(HOSTS)
    leaf = verify_chain(pki.leaf, pki.issuing.pem).leaf
    check_names(leaf, ("www.example.com", "EXAMPLE.com"))
    with pytest.raises(ChainError, match=r"missing: api\.example\.com$"):
        check_names(leaf, ("example.com", "www.example.com", "api.example.com"))
    with pytest.raises(ChainError, match=r"not in the order: www\.example\.com$"):
        check_names(leaf, ("example.com",))


def test_the_key_must_be_the_certificates() -> None:
    pki = make_pki(HOSTS)
    leaf = verify_chain(pki.leaf, pki.issuing.pem).leaf
    assert key_matches(leaf, pki.key)
    assert not key_matches(leaf, ec.generate_private_key(ec.SECP256R1()))
    encrypted = pki.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    with pytest.raises(ChainError, match=r"key\.pem is encrypted with a passphrase"):
        load_private_key(encrypted, "key.pem")
    with pytest.raises(ChainError, match=r"key\.pem is not a PEM private key") as err:
        load_private_key(pki.leaf.encode(), "key.pem")
    assert "BEGIN" not in str(err.value)
