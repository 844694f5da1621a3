"""The minimal request: only changed fields, in request names and API types."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui_app.core.changes import compute_changes
from tui_app.core.csr import normalize_pem
from tui_app.core.draft import draft_from_order
from tui_app.core.fields import FIELD_NAMES
from tui_app.core.host_set import follow_hosts
from tui_app.core.request_plan import LockedFieldChange, RequestPlan, plan_requests
from tui_app.sandbox.store import approver_candidates

from .factories import (
    apply_plan,
    cosmetic_variant,
    find_order,
    fresh_store,
    is_multi,
    make_csr,
    seeded_orders,
)


def test_untouched_drafts_send_nothing() -> None:
    for order in seeded_orders():
        plan = plan_requests(order, draft_from_order(order))
        assert plan == RequestPlan(order.id)
        assert plan.is_empty
        assert plan.fields == ()


def test_retyped_but_equal_values_send_nothing() -> None:
    for order in seeded_orders():
        variant = cosmetic_variant(draft_from_order(order))
        assert variant != draft_from_order(order)
        changes = compute_changes(order, variant)
        assert changes.fields == (), order.id
        assert plan_requests(order, variant).is_empty


def test_req_switch_one_host_sends_only_the_dcv_list_covering_every_host() -> None:
    order = find_order(lambda o: o.status == "REQ" and len(o.domain_validation_methods) > 2)
    draft = draft_from_order(order)
    host, method = draft.dcv[1]
    new_method = "dns" if method != "dns" else "email"
    plan = plan_requests(order, draft.with_method(host, new_method))
    assert list(plan.body) == ["domain_validation_methods"]
    assert plan.approver_email is None
    sent = plan.body["domain_validation_methods"]
    assert sent == [
        {"host_name": h, "method": new_method if h == host else m} for h, m in draft.dcv
    ]


def test_act_autorenew_only_as_on_or_off() -> None:
    order = find_order(lambda o: o.status == "ACT")
    draft = draft_from_order(order)
    plan = plan_requests(order, replace(draft, autorenew=not order.autorenew))
    assert plan.body == {"autorenew": "off" if order.autorenew else "on"}


def test_pai_full_edit_sends_every_changed_field_in_request_names() -> None:
    order = find_order(lambda o: o.status == "PAI" and is_multi(o))
    domain = order.common_name
    csr = make_csr(domain, (domain, f"api.{domain}"))
    draft = replace(
        draft_from_order(order),
        csr=csr.replace("\n", "\r\n"),
        organization_handle="ab 123456-nl",
        technical_handle="cd654321-de",
        approver_email="Admin@" + domain,
        host_names=("shop.example.org",),
        software_id="windows" if order.software == "linux" else "linux",
        autorenew=not order.autorenew,
        start_provision=True,
    )
    draft = follow_hosts(order, draft).draft
    plan = plan_requests(order, draft)
    body = plan.body
    assert list(body) == [f for f in FIELD_NAMES if f in body]
    assert body["csr"] == normalize_pem(csr)
    assert "\r" not in body["csr"]
    assert body["organization_handle"] == "AB123456-NL"
    assert body["technical_handle"] == "CD654321-DE"
    assert body["approver_email"] == f"admin@{domain}"
    assert body["host_names"] == ["shop.example.org"]
    assert body["software_id"] == draft.software_id
    assert body["autorenew"] in ("on", "off")
    assert body["start_provision"] is True
    hosts = [d["host_name"] for d in body["domain_validation_methods"]]
    assert hosts == [domain, f"api.{domain}", "shop.example.org"]
    assert "signature_hash_algorithm" not in body
    assert "id" not in body
    assert plan.approver_email is None


def test_req_approver_change_goes_through_its_own_call() -> None:
    order = find_order(lambda o: o.status == "REQ" and o.email_approver != "")
    other = next(a for a in approver_candidates(order.common_name) if a != order.email_approver)
    plan = plan_requests(order, replace(draft_from_order(order), approver_email=other.upper()))
    assert plan.body == {}
    assert plan.approver_email == other
    assert plan.fields == ("approver_email",)
    assert not plan.is_empty


def test_req_approver_and_dcv_together_are_two_calls() -> None:
    order = find_order(lambda o: o.status == "REQ" and o.email_approver != "")
    draft = draft_from_order(order)
    host = draft.dcv[0][0]
    other = next(a for a in approver_candidates(order.common_name) if a != order.email_approver)
    plan = plan_requests(order, replace(draft.with_method(host, "email"), approver_email=other))
    assert plan.approver_email == other
    assert set(plan.body) <= {"domain_validation_methods"}
    assert plan.fields[0] == "approver_email"


def test_host_names_sent_only_when_the_set_changes() -> None:
    order = find_order(lambda o: o.status == "PAI" and len(o.host_names) > 1)
    draft = draft_from_order(order)
    same = replace(draft, host_names=(*reversed(draft.host_names), draft.host_names[0]))
    assert plan_requests(order, same).is_empty
    fewer = follow_hosts(order, replace(draft, host_names=draft.host_names[1:])).draft
    assert plan_requests(order, fewer).body["host_names"] == list(draft.host_names[1:])


@pytest.mark.parametrize(
    ("status", "edit", "locked"),
    [
        ("REQ", {"organization_handle": "AB123456-NL"}, ("organization_handle",)),
        ("REQ", {"start_provision": True}, ("start_provision",)),
        ("ACT", {"software_id": "solaris"}, ("software_id",)),
        ("ACT", {"approver_email": "x@example.com"}, ("approver_email",)),
        ("FAI", {"autorenew": "flip"}, ("autorenew",)),
        ("EXP", {"autorenew": "flip"}, ("autorenew",)),
        ("REJ", {"autorenew": "flip"}, ("autorenew",)),
    ],
)
def test_locked_changes_are_refused_not_dropped(
    status: str, edit: dict[str, object], locked: tuple[str, ...]
) -> None:
    order = find_order(lambda o: o.status == status)
    draft = draft_from_order(order)
    values = {k: (not draft.autorenew if v == "flip" else v) for k, v in edit.items()}
    with pytest.raises(LockedFieldChange) as caught:
        plan_requests(order, replace(draft, **values))  # type: ignore[arg-type]
    assert caught.value.fields == locked
    assert caught.value.status == status


def test_plans_are_accepted_by_the_sandbox_and_the_reread_order_matches() -> None:
    store = fresh_store()
    order = find_order(lambda o: o.status == "REQ" and len(o.domain_validation_methods) > 2)
    draft = draft_from_order(order)
    host, method = draft.dcv[-1]
    draft = draft.with_method(host, "dns" if method != "dns" else "email")
    reread, warnings = apply_plan(store, plan_requests(order, draft))
    assert plan_requests(reread, draft).is_empty
    assert [w["code"] for w in warnings] == [1101]
    assert host in warnings[0]["data"]
    assert store.orders[order.id].status == "REQ"


def test_pai_start_provision_round_trip_moves_the_order_to_req() -> None:
    store = fresh_store()
    order = find_order(lambda o: o.status == "PAI" and is_multi(o))
    domain = order.common_name
    draft = replace(
        draft_from_order(order),
        csr=make_csr(domain, (f"www.{domain}",), "rsa2048"),
        approver_email=f"admin@{domain}",
        start_provision=True,
    )
    draft = follow_hosts(order, draft).draft
    reread, warnings = apply_plan(store, plan_requests(order, draft))
    assert reread.status == "REQ"
    assert 1102 in [w["code"] for w in warnings]
    assert compute_changes(reread, draft).fields == ("start_provision",)
