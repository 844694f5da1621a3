"""Moving a form's edits onto a newer copy of the order (core.rebase)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from tui_app.api.models import DcvMethod, Order
from tui_app.core.changes import compute_changes
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.host_set import follow_hosts, read_csr
from tui_app.core.rebase import rebase_draft
from tui_app.core.request_plan import plan_requests

from .factories import find_order, is_multi, make_csr, product_of
from .test_properties import HEAVY, plausible


def pai_multi() -> Order:
    return find_order(lambda o: o.status == "PAI" and is_multi(o) and len(o.host_names) >= 1)


def test_a_status_move_keeps_allowed_edits_and_names_the_dropped_ones() -> None:
    order = pai_multi()
    host = order.domain_validation_methods[0].host_name
    draft = draft_from_order(order)
    draft = replace(draft, organization_handle="AB123456-NL", autorenew=not order.autorenew)
    draft = draft.with_method(host, "dns" if draft.method_of(host) != "dns" else "email")
    draft = replace(draft, start_provision=True)
    moved = replace(order, status="REQ")

    rebased = rebase_draft(order, moved, draft, product=product_of(order))

    assert rebased.status_changed
    assert rebased.kept == ("domain_validation_methods", "autorenew")
    assert rebased.dropped == ("organization_handle", "start_provision")
    assert rebased.draft.organization_handle == order.organization_handle
    assert not rebased.draft.start_provision
    assert rebased.draft.method_of(host) == draft.method_of(host)
    plan = plan_requests(moved, rebased.draft)
    assert set(plan.body) == {"domain_validation_methods", "autorenew"}
    message = rebased.message or ""
    assert "now REQ on the server" in message
    assert "Kept your edits to: DCV methods, autorenew" in message
    assert "Dropped, as REQ locks them: organization handle, start provision" in message


def test_a_start_provision_that_was_sent_is_done_not_dropped() -> None:
    """Issue 15: after a successful start provision the order is REQ, as asked; the form
    must not say the edit was dropped."""
    order = find_order(lambda o: o.status == "PAI")
    draft = replace(draft_from_order(order), start_provision=True)
    provisioned = replace(order, status="REQ")

    rebased = rebase_draft(
        order, provisioned, draft, product=product_of(order), sent=("start_provision",)
    )

    assert rebased.dropped == ()
    assert not rebased.draft.start_provision
    assert "Dropped" not in (rebased.message or "")
    assert "now REQ on the server" in (rebased.message or "")


def test_a_field_the_user_left_alone_takes_the_servers_new_value() -> None:
    order = pai_multi()
    draft = replace(draft_from_order(order), technical_handle="ZZ000001-DE")
    moved = replace(order, organization_handle="QQ999999-BE", autorenew=not order.autorenew)

    rebased = rebase_draft(order, moved, draft, product=product_of(order))

    assert not rebased.status_changed
    assert rebased.message is None
    assert rebased.draft.organization_handle == "QQ999999-BE"
    assert rebased.draft.autorenew == moved.autorenew
    assert rebased.draft.technical_handle == "ZZ000001-DE"
    assert rebased.kept == ("technical_handle",)
    assert rebased.dropped == ()


def test_an_edit_the_server_now_holds_is_neither_kept_nor_dropped() -> None:
    """After a save the re-read order has the user's values: nothing is left to send."""
    order = pai_multi()
    host = order.domain_validation_methods[0].host_name
    method = "dns" if draft_from_order(order).method_of(host) != "dns" else "email"
    draft = draft_from_order(order).with_method(host, method)
    saved = replace(
        order,
        status="REQ",
        domain_validation_methods=tuple(
            DcvMethod(m.host_name, method if m.host_name == host else m.method)
            for m in order.domain_validation_methods
        ),
    )

    rebased = rebase_draft(order, saved, draft, product=product_of(order))

    assert rebased.kept == ()
    assert rebased.dropped == ()
    assert compute_changes(saved, rebased.draft).fields == ()


def test_new_csr_rows_survive_and_follow_the_new_host_set() -> None:
    order = pai_multi()
    domain = order.common_name.removeprefix("*.")
    csr = make_csr(domain, (f"new.{domain}",))
    draft = follow_hosts(order, replace(draft_from_order(order), csr=csr), "email").draft
    draft = draft.with_method(f"new.{domain}", "dns")
    other = replace(order, autorenew=not order.autorenew)

    rebased = rebase_draft(order, other, draft, product=product_of(order))

    assert "csr" in rebased.kept
    assert rebased.draft.method_of(f"new.{domain}") == "dns"
    assert rebased.draft.autorenew == other.autorenew
    assert plan_requests(other, rebased.draft).body == plan_requests(order, draft).body


def test_the_same_order_changes_nothing() -> None:
    order = pai_multi()
    draft = draft_from_order(order)
    assert rebase_draft(order, order, draft).draft == draft


def test_rebasing_keeps_the_rows_in_the_order_the_user_saw() -> None:
    """A new CSR adds a host in the middle of the rows; rebasing must not move it last."""
    order = pai_multi()
    draft = draft_from_order(order)
    added = f"www.{order.common_name}"
    rows = list(draft.dcv)
    rows.insert(1, (added, "dns"))
    sans = (*read_csr(order.csr).sans, added)
    draft = replace(draft, csr=make_csr(order.common_name, sans), dcv=tuple(rows))
    rebased = rebase_draft(order, order, draft, product=product_of(order))
    assert rebased.draft.dcv == draft.dcv
    assert plan_requests(order, rebased.draft) == plan_requests(order, draft)


@HEAVY
@given(plausible())
def test_rebasing_onto_an_unchanged_order_sends_the_same_request(
    case: tuple[Order, OrderDraft],
) -> None:
    order, draft = case
    rebased = rebase_draft(order, order, draft, product=product_of(order))
    assert plan_requests(order, rebased.draft) == plan_requests(order, draft)
    assert rebased.dropped == ()


@HEAVY
@given(plausible(), st.sampled_from(("PAI", "REQ", "ACT", "FAI")))
def test_a_rebased_draft_never_changes_what_the_new_status_locks(
    case: tuple[Order, OrderDraft], status: str
) -> None:
    order, draft = case
    moved = replace(order, status=status)
    rebased = rebase_draft(order, moved, draft, product=product_of(order))
    # plan_requests raises LockedFieldChange for any locked change.
    plan = plan_requests(moved, rebased.draft)
    assert set(plan.fields) == set(rebased.kept)
    assert set(rebased.kept).isdisjoint(rebased.dropped)
