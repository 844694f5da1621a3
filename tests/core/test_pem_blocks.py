"""PEM blocks in pasted text, and the rule they serve: the CSR field holds exactly one
CERTIFICATE REQUEST block, and a private key never gets into a request."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.factories import (
    KEY_LABELS,
    find_order,
    key_lines,
    make_csr,
    private_key_pem,
    product_of,
)
from tui_app.core.changes import compute_changes
from tui_app.core.draft import draft_from_order
from tui_app.core.fields import CSR
from tui_app.core.pem_blocks import (
    csr_paste,
    csr_text_problem,
    find_blocks,
    has_private_key,
    without_private_keys,
)
from tui_app.core.request_plan import PrivateKeyInRequest, plan_from_changes
from tui_app.core.review import review_draft

CSR_TEXT = make_csr("example.com", ("www.example.com",))
CERTIFICATE = CSR_TEXT.replace("CERTIFICATE REQUEST", "CERTIFICATE")


@pytest.mark.parametrize("label", KEY_LABELS)
def test_every_kind_of_private_key_is_cut_from_a_paste_and_named(label: str) -> None:
    key = private_key_pem(label)
    for pasted in (CSR_TEXT + key, key + CSR_TEXT, CSR_TEXT + "\n\n" + key + "\n"):
        landing = csr_paste(pasted)
        assert landing is not None
        assert landing.text == CSR_TEXT
        assert landing.refused == (label,)
        assert landing.private_key
        message = landing.message()
        assert message is not None and f"{label} block (a private key)" in message
        assert "never sent" in message


def test_a_key_alone_or_a_certificate_leaves_the_field_as_it_was() -> None:
    key = csr_paste(private_key_pem("EC PRIVATE KEY"))
    assert key is not None and key.text is None
    certificate = csr_paste(CERTIFICATE)
    assert certificate is not None and certificate.text is None
    message = certificate.message()
    assert message is not None
    assert "a CERTIFICATE block (a certificate, not a request)" in message
    assert "The field is unchanged." in message
    assert csr_paste("just some words") is None  # typing, not a PEM paste


def test_half_a_key_is_still_a_key() -> None:
    """A paste cut off before the END line: everything after BEGIN is the key."""
    key = private_key_pem("PRIVATE KEY")
    half = key[: len(key) // 2]
    (block,) = find_blocks(half)
    assert block.is_private_key and not block.complete
    cleaned, cut = without_private_keys(CSR_TEXT + half)
    assert cleaned == CSR_TEXT and len(cut) == 1
    assert has_private_key(half)


def test_the_field_holds_exactly_one_request() -> None:
    assert csr_text_problem(CSR_TEXT) is None
    two = csr_text_problem(CSR_TEXT + make_csr("other.example"))
    assert two is not None and "2 CERTIFICATE REQUEST blocks" in two
    certificate = csr_text_problem(CSR_TEXT + CERTIFICATE)
    assert certificate is not None and "a CERTIFICATE block" in certificate


def test_a_draft_with_a_key_in_its_csr_is_refused_at_the_csr_and_never_planned() -> None:
    """Whatever let the key into the draft, the checks refuse it by name and the plan
    raises: nothing with a private key is ever sent."""
    order = find_order(lambda o: o.status == "PAI")
    draft = draft_from_order(order)
    key = private_key_pem("EC PRIVATE KEY")
    with_key = replace(draft, csr=make_csr(order.common_name) + key)
    review = review_draft(order, with_key, product=product_of(order))
    assert review.plan is None
    (error,) = [e for e in review.errors if e.field == CSR]
    assert "an EC PRIVATE KEY block (a private key)" in error.message
    for line in key_lines(key):
        assert line not in error.message
    with pytest.raises(PrivateKeyInRequest):
        plan_from_changes(compute_changes(order, with_key))


BLOCK_KINDS = st.sampled_from(("csr", "certificate", *KEY_LABELS))
FILLER = st.sampled_from(("", "\n", "\n\n", "note: here it is\n", "  \r\n"))


def _block(kind: str) -> str:
    if kind == "csr":
        return CSR_TEXT
    if kind == "certificate":
        return CERTIFICATE
    return private_key_pem(kind)


@given(st.lists(st.tuples(FILLER, BLOCK_KINDS), min_size=1, max_size=5), FILLER)
def test_no_paste_puts_a_private_key_in_the_field(parts: list[tuple[str, str]], tail: str) -> None:
    """Any mix of blocks and text: what lands holds no key, every block left out is named,
    and the field's text is sendable exactly when it is one request and nothing else."""
    pasted = "".join(filler + _block(kind) for filler, kind in parts) + tail
    landing = csr_paste(pasted)
    assert landing is not None
    kinds = [kind for _, kind in parts]
    assert len(landing.refused) == sum(1 for kind in kinds if kind != "csr")
    if landing.text is None:
        assert "csr" not in kinds
        return
    assert not has_private_key(landing.text)
    assert "CERTIFICATE-----" not in landing.text.replace("CERTIFICATE REQUEST-----", "")
    sendable = csr_text_problem(landing.text) is None
    assert sendable == (kinds.count("csr") == 1)
