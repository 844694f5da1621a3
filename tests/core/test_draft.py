"""The draft the form holds: made from an order, edited one row or all rows at a time."""

from __future__ import annotations

import pytest

from tui_app.core.draft import OrderDraft, draft_from_order, set_all_methods

from .factories import find_order, has_wildcard, seeded_orders


def test_draft_from_order_uses_request_names() -> None:
    order = find_order(lambda o: o.status == "REQ" and len(o.domain_validation_methods) > 2)
    draft = draft_from_order(order)
    assert draft.csr == order.csr
    assert draft.approver_email == order.email_approver
    assert draft.software_id == order.software
    assert draft.organization_handle == order.organization_handle
    assert draft.technical_handle == order.technical_handle
    assert draft.host_names == order.host_names
    assert draft.autorenew is order.autorenew
    assert draft.start_provision is False
    assert draft.dcv == tuple((m.host_name, m.method) for m in order.domain_validation_methods)


def test_every_seeded_order_makes_a_draft_with_a_row_per_listed_host() -> None:
    for order in seeded_orders():
        draft = draft_from_order(order)
        assert len(draft.dcv) == len(order.domain_validation_methods)


def test_with_method_changes_exactly_one_row() -> None:
    draft = OrderDraft(dcv=(("example.com", "email"), ("www.example.com", "http")))
    changed = draft.with_method("WWW.example.com ", "dns")
    assert changed.dcv == (("example.com", "email"), ("www.example.com", "dns"))
    assert draft.dcv[1] == ("www.example.com", "http")  # frozen: the original is untouched
    assert changed.method_of("www.example.com") == "dns"


def test_with_method_refuses_unknown_hosts_and_methods() -> None:
    draft = OrderDraft(dcv=(("example.com", "email"),))
    with pytest.raises(KeyError):
        draft.with_method("other.example.com", "dns")
    with pytest.raises(ValueError, match="unknown DCV method"):
        draft.with_method("example.com", "cname")


def test_methods_lookup_is_case_insensitive_and_first_row_wins() -> None:
    draft = OrderDraft(dcv=(("Example.com", "DNS"), ("example.com", "http")))
    assert draft.methods == {"example.com": "dns"}
    assert draft.method_of("EXAMPLE.COM") == "dns"
    assert draft.method_of("nope.example.com") is None


def test_set_all_rows_skips_wildcards_for_file_methods_and_says_why() -> None:
    order = find_order(has_wildcard)
    draft = draft_from_order(order)
    result = set_all_methods(draft, "http")
    wildcards = tuple(h for h, _ in draft.dcv if h.startswith("*."))
    assert result.skipped == wildcards
    for (host, old), (_, new) in zip(draft.dcv, result.draft.dcv, strict=True):
        assert new == (old if host.startswith("*.") else "http")
    assert result.message is not None
    assert "a wildcard cannot use http" in result.message


def test_set_all_rows_to_dns_changes_every_row() -> None:
    draft = OrderDraft(dcv=(("*.example.com", "email"), ("example.com", "http")))
    result = set_all_methods(draft, "dns")
    assert result.draft.dcv == (("*.example.com", "dns"), ("example.com", "dns"))
    assert result.skipped == ()
    assert result.message is None
    with pytest.raises(ValueError):
        set_all_methods(draft, "ftp")
