"""The field registry: each field once, the API's names and types, who takes it when, and a
form over another subset (the reissue) running through the same draft machinery."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from tui_app.api.models import Order
from tui_app.core.changes import compute_changes
from tui_app.core.diff_lines import diff_lines
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.draft_checks import check_draft
from tui_app.core.fields import (
    ACT,
    APPROVER_CALL,
    BY_NAME,
    EDIT,
    FIELDS,
    PAI,
    REISSUE,
    REISSUE_FORM,
    REQ,
    UPDATE,
    lock_reason,
)
from tui_app.core.host_set import follow_hosts, order_host_set
from tui_app.core.request_plan import LockedFieldChange, plan_from_changes
from tui_app.core.review import review_draft

from .factories import (
    apply_plan,
    find_order,
    fresh_store,
    has_wildcard,
    is_multi,
    make_csr,
    product_of,
    rewrap_pem,
)

# The API's own table (DESIGN.md, API-NOTES 3.6-3.8), written out again by hand: which
# call takes which request field for an order in which status.
API_TABLE: dict[str, dict[str, set[str]]] = {
    "csr": {"update": {PAI}, "reissue": {ACT}},
    "organization_handle": {"update": {PAI}, "reissue": {ACT}},
    "technical_handle": {"update": {PAI}},
    "approver_email": {"update": {PAI}, "approver-email": {REQ}, "reissue": {ACT}},
    "host_names": {"update": {PAI}, "reissue": {ACT}},
    "software_id": {"update": {PAI}, "reissue": {ACT}},
    "domain_validation_methods": {"update": {PAI, REQ}, "reissue": {ACT}},
    "autorenew": {"update": {PAI, REQ, ACT}},
    "start_provision": {"update": {PAI}},
}
# orderReissueOrderRequest, without id and the fields no form offers.
REISSUE_REQUEST = {
    "csr",
    "approver_email",
    "domain_validation_methods",
    "host_names",
    "organization_handle",
    "software_id",
}


def test_each_field_is_listed_once_with_a_draft_attribute_and_an_order_name() -> None:
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names)) == len(BY_NAME)
    draft_attrs = {f.name for f in dataclasses.fields(OrderDraft)}
    assert sorted(f.attr for f in FIELDS) == sorted(draft_attrs)
    order_attrs = {f.name for f in dataclasses.fields(Order)}
    for entry in FIELDS:
        assert entry.output in order_attrs or entry.name == "start_provision", entry.name
    # Input and output names differ where the API says so.
    assert BY_NAME["approver_email"].output == "email_approver"
    assert BY_NAME["software_id"].output == "software"
    assert BY_NAME["domain_validation_methods"].attr == "dcv"


@pytest.mark.parametrize("status", ["PAI", "REQ", "ACT", "REJ", "FAI", "EXP", ""])
def test_which_call_takes_which_field_is_the_apis_table(status: str) -> None:
    for entry in FIELDS:
        for operation in (UPDATE, APPROVER_CALL, REISSUE):
            expected = status in API_TABLE[entry.name].get(operation.name, set())
            assert operation.takes(entry.name, status) == expected, (entry.name, operation.name)


def test_calls_and_paths() -> None:
    assert (UPDATE.method, UPDATE.url(7)) == ("PUT", "/ssl/orders/7")
    assert (APPROVER_CALL.method, APPROVER_CALL.url(7)) == ("PUT", "/ssl/orders/7/approver-email")
    assert (REISSUE.method, REISSUE.url(7)) == ("POST", "/ssl/orders/7/reissue")
    assert set(REISSUE_FORM.names) == REISSUE_REQUEST
    assert EDIT.names == tuple(f.name for f in FIELDS)


def test_values_are_read_under_output_names_and_sent_as_the_api_types_them() -> None:
    order = find_order(lambda o: o.status == "PAI" and is_multi(o) and bool(o.email_approver))
    draft = draft_from_order(order)
    assert draft.approver_email == order.email_approver
    assert draft.software_id == order.software
    assert draft.start_provision is False
    edited = replace(
        draft,
        autorenew=not order.autorenew,
        start_provision=True,
        host_names=(*order.host_names, "Extra.Example.org "),
        dcv=tuple((h.upper(), m.upper()) for h, m in draft.dcv),
    )
    body = plan_from_changes(compute_changes(order, edited)).body
    assert body["autorenew"] == ("on" if edited.autorenew else "off")
    assert body["start_provision"] is True
    assert body["host_names"] == [*order.host_names, "extra.example.org"]
    assert "domain_validation_methods" not in body  # same hosts and methods, other case


def test_comparisons_csr_by_identity_hosts_as_a_set_dcv_by_host() -> None:
    order = find_order(lambda o: o.status == "PAI" and len(o.host_names) > 1)
    draft = draft_from_order(order)
    same = replace(
        draft,
        csr=rewrap_pem(order.csr),
        host_names=tuple(reversed(draft.host_names)),
        dcv=tuple(reversed(draft.dcv)),
    )
    assert compute_changes(order, same).fields == ()
    host, method = draft.dcv[0]
    other = "dns" if method != "dns" else "email"
    assert compute_changes(order, draft.with_method(host, other)).fields == (
        "domain_validation_methods",
    )


def test_the_edit_form_and_the_update_alone_differ_only_at_the_req_approver() -> None:
    for status in ("PAI", "REQ", "ACT", "REJ"):
        for entry in FIELDS:
            alone = UPDATE.takes(entry.name, status)
            in_form = lock_reason(status, entry.name) is None
            assert in_form == (alone or (status == "REQ" and entry.name == "approver_email"))


def test_a_reissue_is_locked_outside_act_and_names_what_it_cannot_take() -> None:
    assert lock_reason("REQ", "csr", form=REISSUE_FORM) == (
        "REQ: at the CA, waiting for domain validation; only an ACT order can be reissued"
    )
    assert lock_reason("ACT", "csr", form=REISSUE_FORM) is None
    assert lock_reason("ACT", "technical_handle", form=REISSUE_FORM) == (
        "ACT: only CSR, organization handle, approver email, host names, software and DCV "
        "methods can change"
    )
    assert lock_reason("ACT", "host_names", form=REISSUE_FORM, multi_domain=False) == (
        "Only multi-domain products take extra host names"
    )


def test_a_form_over_the_reissue_subset_runs_draft_checks_plan_and_lines() -> None:
    """The reissue form is only a ``Form`` in the registry: the draft, its checks, the
    minimal request (``POST …/reissue``), the review's lines and the sandbox's answer
    all come from the same machinery as the edit form's."""
    order = find_order(
        lambda o: (
            o.status == "ACT" and is_multi(o) and not has_wildcard(o) and o.email_approver != ""
        )
    )
    product = product_of(order)
    hosts = order_host_set(order)
    new_host = f"new.{order.common_name}"
    csr = make_csr(order.common_name, (*hosts.csr_hosts, new_host))
    followed = follow_hosts(order, replace(draft_from_order(order), csr=csr))
    assert followed.added == (new_host,)
    draft = followed.draft.with_method(new_host, "dns")

    review = review_draft(order, draft, form=REISSUE_FORM, product=product)
    assert review.errors == ()
    plan = review.plan
    assert plan is not None and plan.main is REISSUE and plan.side == ()
    assert [op.name for op, _ in plan.requests] == ["reissue"]
    assert list(plan.body) == ["csr", "domain_validation_methods"]
    rows = {r["host_name"]: r["method"] for r in plan.body["domain_validation_methods"]}
    assert rows[new_host] == "dns" and set(rows) == {*hosts.hosts, new_host}
    assert [(line.field, line.label) for line in review.lines][:1] == [("csr", "CSR")]
    assert (new_host, "(new host)", "dns") in [(x.label, x.old, x.new) for x in review.lines]

    store = fresh_store()
    reread, _ = apply_plan(store, plan)
    assert reread.status == "REQ"
    assert {m.host_name: m.method for m in reread.domain_validation_methods}[new_host] == "dns"


def test_a_reissue_always_sends_its_csr_and_refuses_what_it_cannot_take() -> None:
    order = find_order(lambda o: o.status == "ACT" and not has_wildcard(o))
    untouched = draft_from_order(order)
    changes = compute_changes(order, untouched, REISSUE_FORM)
    assert changes.fields == () and changes.to_send == ("csr",)
    plan = plan_from_changes(changes)
    assert plan.body == {"csr": BY_NAME["csr"].kind.canonical(order.csr)}
    assert [line.field for line in diff_lines(changes)] == ["csr"]

    other = replace(untouched, technical_handle="ZZ999999-NL")
    errors = check_draft(order, other, form=REISSUE_FORM, product=product_of(order))
    assert [e.field for e in errors] == ["technical_handle"]
    assert "cannot change" in errors[0].message
    with pytest.raises(LockedFieldChange):
        plan_from_changes(compute_changes(order, other, REISSUE_FORM))

    req = find_order(lambda o: o.status == "REQ")
    with pytest.raises(LockedFieldChange):
        plan_from_changes(compute_changes(req, draft_from_order(req), REISSUE_FORM))
