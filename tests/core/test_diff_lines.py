"""The confirmation dialog's diff: field by field and host by host, in words."""

from __future__ import annotations

import re
from dataclasses import replace

from tui_app.core.csr import decode_csr
from tui_app.core.csr_summary import CsrSummary
from tui_app.core.diff_lines import DiffLine, draft_diff_lines
from tui_app.core.draft import draft_from_order
from tui_app.core.field_values import NEW_HOST, NONE, REMOVED
from tui_app.core.host_set import follow_hosts
from tui_app.sandbox.store import approver_candidates

from .factories import cosmetic_variant, find_order, is_multi, make_csr, seeded_orders


def test_untouched_or_retyped_drafts_have_an_empty_diff() -> None:
    for order in seeded_orders():
        draft = draft_from_order(order)
        assert draft_diff_lines(order, draft) == ()
        assert draft_diff_lines(order, cosmetic_variant(draft)) == ()


def test_one_dcv_switch_is_one_line_per_host() -> None:
    order = find_order(lambda o: o.status == "REQ" and len(o.domain_validation_methods) > 2)
    draft = draft_from_order(order)
    host, method = draft.dcv[1]
    new = "dns" if method != "dns" else "email"
    diff = draft_diff_lines(order, draft.with_method(host, new))
    assert diff == (DiffLine("domain_validation_methods", host, method, new),)
    assert str(diff[0]) == f"{host}: {method} -> {new}"


def test_csr_summary_in_words() -> None:
    ec = decode_csr(make_csr("example.com", ("example.com", "www.example.com", "api.example.com")))
    assert re.fullmatch(
        r"CN example\.com, 2 SANs, EC 256, sha256 [0-9a-f]{8}", CsrSummary(ec).counted()
    )
    rsa = decode_csr(make_csr("example.com", ("www.example.com",), "rsa2048"))
    assert re.fullmatch(
        r"CN example\.com, 1 SAN, RSA 2048, sha256 [0-9a-f]{8}", CsrSummary(rsa).counted()
    )
    ed = decode_csr(make_csr(None, ("a.example.com",), "ed25519"))
    assert CsrSummary(ed).counted().startswith("CN (no common name), 1 SAN, Ed25519, sha256 ")


def test_new_csr_shows_summaries_and_the_rows_that_followed() -> None:
    order = find_order(lambda o: o.status == "PAI" and is_multi(o))
    domain = order.common_name
    draft = draft_from_order(order)
    edited = replace(draft, csr=make_csr(domain, (domain, f"new.{domain}")), host_names=())
    edited = follow_hosts(order, edited).draft
    diff = draft_diff_lines(order, edited)
    csr_line = diff[0]
    assert csr_line.field == "csr"
    assert csr_line.label == "CSR"
    assert csr_line.old.startswith(f"CN {domain}, ")
    assert csr_line.new.startswith(f"CN {domain}, 1 SAN, EC 256, sha256 ")
    assert "BEGIN" not in csr_line.old + csr_line.new
    removed_names = [e.old for e in diff if e.field == "host_names"]
    assert removed_names == list(order.host_names)
    assert all(e.new == REMOVED for e in diff if e.field == "host_names")
    dcv = {e.label: (e.old, e.new) for e in diff if e.field == "domain_validation_methods"}
    assert dcv[f"new.{domain}"][0] == NEW_HOST
    gone = {h for h, _ in draft.dcv} - {domain, f"new.{domain}"}
    assert {h for h, (_, new) in dcv.items() if new == REMOVED} == gone


def test_scalar_fields_old_to_new() -> None:
    order = find_order(lambda o: o.status == "PAI" and o.email_approver == "")
    domain = order.common_name.removeprefix("*.")
    draft = replace(
        draft_from_order(order),
        approver_email=f"admin@{domain}",
        organization_handle="ab123456-nl",
        autorenew=not order.autorenew,
        start_provision=True,
    )
    lines = [str(e) for e in draft_diff_lines(order, draft)]
    assert lines == [
        f"organization handle: {order.organization_handle} -> AB123456-NL",
        f"approver email: {NONE} -> admin@{domain}",
        f"autorenew: {'on' if order.autorenew else 'off'} -> {'off' if order.autorenew else 'on'}",
        "start provision: no -> yes: the order goes to the CA",
    ]


def test_req_approver_change_says_the_ca_mails_it() -> None:
    order = find_order(lambda o: o.status == "REQ" and o.email_approver != "")
    other = next(a for a in approver_candidates(order.common_name) if a != order.email_approver)
    (entry,) = draft_diff_lines(order, replace(draft_from_order(order), approver_email=other))
    assert entry.field == "approver_email"
    assert entry.label == "approver email (the CA mails the new address)"
    assert (entry.old, entry.new) == (order.email_approver, other)


def test_host_names_added_one_line_each() -> None:
    order = find_order(lambda o: o.status == "PAI" and is_multi(o))
    draft = draft_from_order(order)
    edited = replace(draft, host_names=(*draft.host_names, "a.example.org", "b.example.org"))
    names = [
        e
        for e in draft_diff_lines(order, follow_hosts(order, edited).draft)
        if e.field == "host_names"
    ]
    assert [(e.label, e.old, e.new) for e in names] == [
        ("host name", NONE, "a.example.org"),
        ("host name", NONE, "b.example.org"),
    ]
