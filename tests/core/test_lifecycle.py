"""Reissue, renew and cancel checked before sending: the status, the DCV rows, the request."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tests.core.factories import find_order
from tests.support.csrs import make_test_csr
from tui_app.api.models import Order
from tui_app.core.host_set import order_host_set
from tui_app.core.lifecycle import (
    LifecycleError,
    parse_dcv_option,
    plan_reissue,
    refusal,
    renewed_expiry,
)


def _active(multi: bool = False) -> Order:
    """An ACT order without a wildcard and with an approver (with host names if ``multi``)."""
    return find_order(
        lambda o: (
            o.status == "ACT"
            and (len(o.host_names) > 0) == multi
            and not o.common_name.startswith("*.")
            and bool(o.email_approver)
        )
    )


def test_status_rules() -> None:
    for status, allowed in [
        ("PAI", {"cancel"}),
        ("REQ", {"cancel"}),
        ("ACT", {"reissue", "renew", "cancel"}),
        ("REJ", set()),
        ("FAI", set()),
        ("EXP", set()),
    ]:
        order = find_order(lambda o, s=status: o.status == s)
        for action in ("reissue", "renew", "cancel"):
            assert (refusal(action, order) is None) == (action in allowed), (status, action)
    rej = find_order(lambda o: o.status == "REJ")
    assert refusal("cancel", rej) == (
        f"order {rej.id} is REJ (cancel requested, waiting for the CA to confirm); "
        "only PAI, REQ and ACT orders can be cancelled"
    )
    req = find_order(lambda o: o.status == "REQ")
    assert refusal("renew", req) == (
        f"order {req.id} is REQ (at the CA, waiting for domain validation); "
        "only an ACT order can be renewed"
    )


def test_the_remaining_validity_carries_over() -> None:
    assert renewed_expiry(datetime(2027, 1, 10, 12), 1) == datetime(2028, 1, 10, 12)
    assert renewed_expiry(datetime(2027, 1, 10), 2) == datetime(2029, 1, 10)
    assert renewed_expiry(datetime(2028, 2, 29), 1) == datetime(2029, 2, 28)
    assert renewed_expiry(datetime(2027, 1, 10), None) == datetime(2028, 1, 10)


def test_a_new_csr_for_the_same_hosts_sends_only_the_csr() -> None:
    order = _active()
    csr = make_test_csr(order.common_name, list(order_host_set(order).csr_hosts))
    plan = plan_reissue(order, csr)
    assert set(plan.fields) == {"csr"}
    assert plan.fields["csr"] == csr
    assert (plan.added, plan.removed, plan.changed) == ((), (), ())


def test_rows_follow_the_new_csr_and_the_dcv_option_picks_a_method() -> None:
    order = _active(multi=True)
    hosts = order_host_set(order)
    new_host = f"new.{order.common_name}"
    csr = make_test_csr(order.common_name, [*hosts.csr_hosts, new_host])
    first = hosts.hosts[0]
    old = {m.host_name: m.method for m in order.domain_validation_methods}
    other = "http" if old[first] != "http" else "dns"
    plan = plan_reissue(order, csr, [parse_dcv_option(f"{first.upper()}={other.upper()}")])
    assert plan.added == (new_host,)
    assert plan.changed == (first,)
    assert plan.hosts == tuple(dict.fromkeys((*hosts.csr_hosts, new_host, *order.host_names)))
    sent = {r["host_name"]: r["method"] for r in plan.fields["domain_validation_methods"]}
    assert sent == {**old, first: other, new_host: sent[new_host]}
    assert list(sent) == list(plan.hosts)


def test_a_reissue_that_would_be_refused_is_not_planned() -> None:
    order = _active()
    hosts = list(order_host_set(order).csr_hosts)
    csr = make_test_csr(order.common_name, hosts)
    with pytest.raises(LifecycleError) as err:
        plan_reissue(order, csr, [("other.example.net", "dns"), (hosts[0], "cname")])
    assert err.value.problems == (
        f"--dcv other.example.net: not a host of the new CSR ({', '.join(hosts)})",
        f"--dcv {hosts[0]}=cname: use one of email, dns, http, https",
    )
    wildcard = f"*.{order.common_name}"
    wild_csr = make_test_csr(order.common_name, [*hosts, wildcard])
    with pytest.raises(LifecycleError, match="a wildcard cannot use http"):
        plan_reissue(order, wild_csr, [(wildcard, "http")])
    no_approver = replace(order, email_approver="")
    with pytest.raises(LifecycleError, match="email validation needs an approver"):
        plan_reissue(no_approver, csr, [(hosts[0], "email")])
    with pytest.raises(LifecycleError, match="the new CSR: Not a PEM CSR"):
        plan_reissue(order, "not a csr")
    req = find_order(lambda o: o.status == "REQ")
    with pytest.raises(LifecycleError, match="only an ACT order can be reissued"):
        plan_reissue(req, csr)


@pytest.mark.parametrize("text", ["example.com", "=dns", "example.com="])
def test_a_dcv_option_is_host_equals_method(text: str) -> None:
    with pytest.raises(LifecycleError, match="expected HOST=METHOD"):
        parse_dcv_option(text)
