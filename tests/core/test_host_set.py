"""The host set of orders and drafts, and DCV rows that follow it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui_app.api.models import Order
from tui_app.core.csr import CsrError
from tui_app.core.draft import draft_from_order
from tui_app.core.host_set import (
    HostFollow,
    draft_host_set,
    follow_hosts,
    order_host_set,
    preferred_method,
    read_csr,
)

from .factories import find_order, is_multi, make_csr, seeded_orders


def pai_multi() -> Order:
    return find_order(lambda o: o.status == "PAI" and is_multi(o))


def test_every_seeded_order_lists_exactly_its_host_set() -> None:
    for order in seeded_orders():
        host_set = order_host_set(order)
        assert host_set.csr is not None
        assert host_set.csr_error is None
        assert set(host_set.hosts) == {m.host_name for m in order.domain_validation_methods}
        assert host_set.hosts[0] == order.common_name


def test_an_unreadable_order_csr_falls_back_to_the_listed_hosts() -> None:
    order = pai_multi()
    broken = replace(order, csr="")
    host_set = order_host_set(broken)
    assert host_set.inferred and host_set.known
    assert host_set.csr is None
    assert host_set.csr_error == "The CSR is empty"
    assert set(host_set.hosts) == set(order_host_set(order).hosts)
    assert host_set.hosts[0] == order.common_name


def test_read_csr_refuses_a_csr_naming_an_invalid_host() -> None:
    with pytest.raises(CsrError, match="invalid host"):
        read_csr(make_csr("example.com", ("example.com", "bad_name.example.com")))
    with pytest.raises(CsrError, match="invalid host"):
        read_csr(make_csr("My Company Ltd", ("example.com",)))
    assert read_csr(make_csr("example.com")).hosts == ("example.com",)


def test_draft_host_set_uses_the_new_csr_and_the_draft_host_names() -> None:
    order = pai_multi()
    domain = order.common_name
    csr = make_csr(domain, (domain, f"api.{domain}"))
    draft = replace(draft_from_order(order), csr=csr, host_names=("extra.example.org",))
    host_set = draft_host_set(order, draft)
    assert host_set.hosts == (domain, f"api.{domain}", "extra.example.org")
    assert host_set.csr_hosts == (domain, f"api.{domain}")


def test_draft_host_set_of_an_unreadable_new_csr_is_unknown() -> None:
    order = pai_multi()
    host_set = draft_host_set(order, replace(draft_from_order(order), csr="-----BEGIN"))
    assert not host_set.known
    assert host_set.hosts == ()
    assert host_set.csr_error is not None


def test_untouched_draft_follows_nothing() -> None:
    for order in seeded_orders():
        draft = draft_from_order(order)
        follow = follow_hosts(order, draft)
        assert follow == HostFollow(draft)
        assert follow.message is None


def test_rows_follow_a_new_csr_keeping_kept_hosts_methods() -> None:
    order = pai_multi()
    draft = draft_from_order(order)
    domain = order.common_name
    csr = make_csr(domain, (domain, f"new.{domain}"))
    follow = follow_hosts(order, replace(draft, csr=csr))
    expected = draft_host_set(order, follow.draft).hosts
    assert tuple(h for h, _ in follow.draft.dcv) == expected
    assert follow.draft.method_of(domain) == draft.method_of(domain)
    assert follow.added == (f"new.{domain}",)
    old_hosts = {h for h, _ in draft.dcv}
    assert set(follow.removed) == old_hosts - set(expected)
    assert follow.message is not None
    assert follow.message.startswith("DCV rows follow the hosts: added new.")


def test_rows_follow_new_host_names() -> None:
    order = pai_multi()
    draft = draft_from_order(order)
    edited = replace(draft, host_names=(*draft.host_names, "Brand-New.example.org"))
    follow = follow_hosts(order, edited, preferred="email")
    assert follow.added == ("brand-new.example.org",)
    assert follow.removed == ()
    assert follow.draft.method_of("brand-new.example.org") == "email"


def test_a_broken_csr_keeps_the_rows() -> None:
    order = pai_multi()
    draft = replace(draft_from_order(order), csr="half a paste")
    follow = follow_hosts(order, draft)
    assert follow.draft is draft
    assert not follow.changed
    assert follow.csr_error is not None
    assert "Not a PEM CSR" in follow.csr_error


def test_new_wildcard_row_never_gets_a_file_method() -> None:
    order = pai_multi()
    domain = order.common_name
    draft = replace(draft_from_order(order), csr=make_csr(domain, (f"*.eu.{domain}",)))
    follow = follow_hosts(order, draft, preferred="https")
    assert f"*.eu.{domain}" in follow.added
    assert follow.draft.method_of(f"*.eu.{domain}") == "dns"


def test_preferred_method_is_the_most_used_usable_one() -> None:
    order = pai_multi()
    base = draft_from_order(order)
    rows = (("a.example.com", "http"), ("b.example.com", "email"), ("c.example.com", "email"))
    assert preferred_method(replace(base, dcv=rows, approver_email="admin@example.com")) == "email"
    assert preferred_method(replace(base, dcv=rows, approver_email="")) == "http"
    assert preferred_method(replace(base, dcv=(), approver_email="")) == "dns"
    assert preferred_method(replace(base, dcv=(("a.example.com", "bogus"),))) == "dns"
