"""Checks of a whole draft against its order's status and product; errors at the fields."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui_app.api.models import Order, Product
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.draft_checks import (
    DEFAULT_SOFTWARE,
    FieldError,
    check_draft,
    errors_by_field,
    supported_software,
)
from tui_app.core.fields import is_multi_domain, lock_reason
from tui_app.core.host_set import follow_hosts
from tui_app.sandbox.store import approver_candidates

from .factories import (
    cosmetic_variant,
    find_order,
    has_wildcard,
    is_multi,
    make_csr,
    product_of,
    seeded_orders,
)


def check(
    order: Order, draft: OrderDraft, options: list[str] | None = None, **kw: object
) -> tuple[FieldError, ...]:
    product = kw.get("product", product_of(order))
    assert product is None or isinstance(product, Product)
    return check_draft(order, draft, product=product, approver_options=options)


def fields(errors: tuple[FieldError, ...]) -> list[str]:
    return [e.field for e in errors]


def pai_single() -> Order:
    return find_order(lambda o: o.status == "PAI" and not is_multi(o) and not has_wildcard(o))


def pai_multi() -> Order:
    return find_order(lambda o: o.status == "PAI" and is_multi(o))


def test_untouched_and_retyped_drafts_pass_in_every_status() -> None:
    for order in seeded_orders():
        options = approver_candidates(order.common_name)
        draft = draft_from_order(order)
        assert check(order, draft, options) == ()
        assert check(order, cosmetic_variant(draft), options) == ()
        assert check(order, draft, product=None) == ()


# -- status --------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["REJ", "FAI", "EXP"])
def test_closed_orders_refuse_even_autorenew(status: str) -> None:
    order = find_order(lambda o: o.status == status)
    errors = check(order, replace(draft_from_order(order), autorenew=not order.autorenew))
    assert fields(errors) == ["autorenew"]
    assert "nothing can change" in errors[0].message


def test_req_refuses_csr_and_handles_with_the_reason_in_words() -> None:
    order = find_order(lambda o: o.status == "REQ")
    draft = replace(
        draft_from_order(order),
        csr=make_csr(order.common_name),
        technical_handle="AB123456-NL",
    )
    errors = check(order, draft)
    assert fields(errors) == ["csr", "technical_handle"]
    assert all("REQ: only DCV methods and autorenew can change" in e.message for e in errors)


def test_act_refuses_dcv_changes() -> None:
    order = find_order(lambda o: o.status == "ACT")
    draft = draft_from_order(order)
    host, method = draft.dcv[0]
    errors = check(order, draft.with_method(host, "dns" if method != "dns" else "email"))
    assert fields(errors) == ["domain_validation_methods"]
    assert "ACT: only autorenew can change" in errors[0].message


@pytest.mark.parametrize("status", ["REQ", "ACT", "EXP"])
def test_start_provision_only_in_pai(status: str) -> None:
    order = find_order(lambda o: o.status == status)
    errors = check(order, replace(draft_from_order(order), start_provision=True))
    assert errors == (
        FieldError(
            "start_provision", f"Only a PAI order can be sent to the CA; this order is {status}"
        ),
    )


def test_host_names_only_for_multi_domain_products() -> None:
    order = pai_single()
    draft = follow_hosts(
        order, replace(draft_from_order(order), host_names=("www.example.org",))
    ).draft
    errors = check(order, draft)
    assert fields(errors) == ["host_names"]
    assert errors[0].message.endswith(
        "Only multi-domain products take extra host names. Undo the edit"
    )


def test_multi_domain_is_the_products_word() -> None:
    single, multi = pai_single(), pai_multi()
    assert not is_multi_domain(single, product_of(single))
    assert is_multi_domain(multi, product_of(multi))
    assert is_multi_domain(multi, None) == bool(multi.host_names)
    assert not is_multi_domain(single, None)


# -- CSR -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("garbage", "Not a PEM CSR"),
        ("", "The CSR is empty"),
        ("-----BEGIN CERTIFICATE REQUEST-----\x1b[0m", "control characters"),
        ("A" * 1_000_000, "a CSR is a few kilobytes"),
    ],
)
def test_unreadable_csr_is_an_error_at_the_csr_only(text: str, fragment: str) -> None:
    order = pai_multi()
    errors = check(order, replace(draft_from_order(order), csr=text))
    assert fields(errors) == ["csr"]
    assert fragment in errors[0].message


def test_csr_with_an_invalid_host() -> None:
    order = pai_single()
    errors = check(order, replace(draft_from_order(order), csr=make_csr("intranet")))
    assert fields(errors) == ["csr"]
    assert "not a fully qualified host name" in errors[0].message


def test_wildcard_csr_needs_a_wildcard_product() -> None:
    order = pai_single()
    csr = make_csr(f"*.{order.common_name}")
    draft = follow_hosts(order, replace(draft_from_order(order), csr=csr)).draft
    errors = check(order, draft)
    assert [(e.field, e.host) for e in errors] == [("csr", f"*.{order.common_name}")]
    assert "does not cover wildcards" in errors[0].message


def test_new_csr_whose_rows_did_not_follow_is_a_dcv_error() -> None:
    order = pai_single()
    csr = make_csr(order.common_name, (f"www.{order.common_name}",))
    errors = check(order, replace(draft_from_order(order), csr=csr))
    assert fields(errors) == ["domain_validation_methods"]
    assert f"No DCV method for: www.{order.common_name}" == errors[0].message


# -- handles, approver, host names, software ------------------------------------------


def test_bad_handles() -> None:
    order = pai_single()
    draft = replace(draft_from_order(order), organization_handle="AB12-NL", technical_handle="")
    errors = check(order, draft)
    assert fields(errors) == ["organization_handle", "technical_handle"]
    assert "XY123456-CC" in errors[0].message
    assert errors[1].message == "A handle is required"


def test_approver_must_be_an_address_and_one_the_api_offers() -> None:
    order = pai_single()
    options = approver_candidates(order.common_name)
    base = draft_from_order(order)
    bad = check(order, replace(base, approver_email="not-an-address"), options)
    assert fields(bad) == ["approver_email"]
    other = check(order, replace(base, approver_email="ceo@example.org"), options)
    assert fields(other) == ["approver_email"]
    assert "is not an approver address for" in other[0].message
    assert options[0] in other[0].message
    assert check(order, replace(base, approver_email=options[1].upper()), options) == ()


def test_a_csr_for_another_name_checks_the_approver_against_that_names_list() -> None:
    """Issue 15: the order's approver belongs to its old name; the list is the new one's."""
    order = find_order(lambda o: o.status == "PAI" and o.email_approver != "" and not is_multi(o))
    new_csr = make_csr("globex.net")
    draft = follow_hosts(order, replace(draft_from_order(order), csr=new_csr)).draft
    options = approver_candidates("globex.net")
    errors = check(order, draft, options)
    assert fields(errors) == ["approver_email"]
    assert f"{order.email_approver} is not an approver address for globex.net" in (
        errors[0].message
    )
    assert check(order, replace(draft, approver_email=options[0]), options) == ()


def test_approver_typed_by_hand_when_the_list_failed() -> None:
    order = pai_single()
    base = draft_from_order(order)
    assert check(order, replace(base, approver_email="ceo@example.org"), None) == ()
    assert fields(check(order, replace(base, approver_email="ceo@"), None)) == ["approver_email"]
    empty = check(order, replace(base, approver_email="ceo@example.org"), [])
    assert "offers no approver address" in empty[0].message


def test_req_approver_change_is_checked_not_locked() -> None:
    order = find_order(lambda o: o.status == "REQ" and o.email_approver != "")
    options = approver_candidates(order.common_name)
    base = draft_from_order(order)
    assert check(order, replace(base, approver_email=options[-1]), options) == ()
    assert fields(check(order, replace(base, approver_email="x@y.org"), options)) == [
        "approver_email"
    ]


def test_bad_host_names_each_at_its_host() -> None:
    order = pai_multi()
    draft = replace(
        draft_from_order(order),
        host_names=("good.example.org", "bad host.example.org", "good.example.org", ""),
    )
    errors = [e for e in check(order, draft) if e.field == "host_names"]
    assert [e.host for e in errors] == ["bad host.example.org", "good.example.org", None]
    assert "more than once" in errors[1].message
    assert errors[2].message == "The host name is empty"


def test_wildcard_host_name_on_a_multi_domain_product_without_wildcards() -> None:
    order = find_order(
        lambda o: o.status in ("PAI", "REQ") and is_multi(o) and not product_of(o).is_wildcard
    )
    order = replace(order, status="PAI")
    draft = replace(draft_from_order(order), host_names=("*.example.org",))
    draft = follow_hosts(order, draft).draft
    errors = check(order, draft)
    assert [(e.field, e.host) for e in errors] == [("host_names", "*.example.org")]


def test_too_many_hosts_for_the_product() -> None:
    order = pai_multi()
    small = replace(product_of(order), max_domains=2)
    draft = follow_hosts(
        order, replace(draft_from_order(order), host_names=("x.example.org",))
    ).draft
    errors = check(order, draft, product=small)
    assert fields(errors) == ["host_names"]
    assert "covers at most 2" in errors[0].message


def test_software_must_be_supported() -> None:
    order = pai_single()
    base = draft_from_order(order)
    errors = check(order, replace(base, software_id="solaris"))
    assert fields(errors) == ["software_id"]
    assert "linux or windows" in errors[0].message
    assert fields(check(order, replace(base, software_id=""))) == ["software_id"]
    assert supported_software(None) == DEFAULT_SOFTWARE
    assert supported_software(product_of(order)) == ("linux", "windows")
    assert supported_software(replace(product_of(order), supported_software=())) == DEFAULT_SOFTWARE


# -- DCV -----------------------------------------------------------------------------


def test_http_on_a_wildcard_row_says_why() -> None:
    order = find_order(lambda o: o.status in ("PAI", "REQ") and has_wildcard(o))
    draft = draft_from_order(order)
    wildcard = next(h for h, _ in draft.dcv if h.startswith("*."))
    rows = tuple((h, "https" if h == wildcard else m) for h, m in draft.dcv)
    errors = check(order, draft.with_rows(rows))
    assert [(e.field, e.host) for e in errors] == [("domain_validation_methods", wildcard)]
    assert "cannot prove control of every subdomain" in errors[0].message


def test_email_row_needs_an_approver() -> None:
    order = find_order(lambda o: o.status == "PAI" and o.email_approver == "")
    draft = draft_from_order(order)
    host = draft.dcv[0][0]
    errors = check(order, draft.with_method(host, "email"))
    assert [(e.field, e.host) for e in errors] == [("domain_validation_methods", host)]
    assert "needs an approver email address" in errors[0].message


def test_duplicate_and_extra_rows() -> None:
    order = find_order(lambda o: o.status == "REQ")
    draft = draft_from_order(order)
    rows = (*draft.dcv, (draft.dcv[0][0].upper(), "dns"), ("other.example.org", "dns"))
    errors = check(order, draft.with_rows(rows))
    messages = [e.message for e in errors]
    assert any("more than one DCV row" in m for m in messages)
    assert any(
        m.startswith("Not in the CSR or host names, remove: other.example.org") for m in messages
    )
    assert set(fields(errors)) == {"domain_validation_methods"}


def test_clearing_the_approver_reports_email_rows_too() -> None:
    order = find_order(
        lambda o: (
            o.status == "PAI" and any(m.method == "email" for m in o.domain_validation_methods)
        )
    )
    errors = check(order, replace(draft_from_order(order), approver_email=""))
    assert fields(errors)[0] == "approver_email"
    assert "domain_validation_methods" in fields(errors)


# -- start provision ------------------------------------------------------------------


def test_start_provision_with_a_complete_order_passes() -> None:
    order = pai_single()
    options = approver_candidates(order.common_name)
    draft = replace(draft_from_order(order), start_provision=True, approver_email=options[0])
    assert check(order, draft, options) == ()


def test_start_provision_checks_fields_the_user_did_not_touch() -> None:
    order = replace(pai_single(), technical_handle="", software="")
    draft = replace(draft_from_order(order), start_provision=True)
    errors = check(order, draft)
    assert fields(errors) == ["technical_handle", "software_id", "start_provision"]
    assert "fix the errors above" in errors[-1].message
    # Without the tick the same untouched fields are not the user's doing.
    assert check(order, replace(draft, start_provision=False)) == ()


def test_start_provision_needs_a_readable_csr_and_complete_rows() -> None:
    order = pai_multi()
    broken = replace(order, csr="")
    draft = replace(
        draft_from_order(broken), start_provision=True, dcv=draft_from_order(order).dcv[:-1]
    )
    errors = check(broken, draft)
    assert fields(errors) == ["csr", "domain_validation_methods", "start_provision"]
    assert errors[0].message == "The CSR is empty"
    assert errors[1].message.startswith("No DCV method for: ")


def test_errors_by_field_groups_in_order() -> None:
    errors = (
        FieldError("csr", "a"),
        FieldError("domain_validation_methods", "b", "x.example.com"),
        FieldError("csr", "c"),
    )
    grouped = errors_by_field(errors)
    assert list(grouped) == ["csr", "domain_validation_methods"]
    assert [e.message for e in grouped["csr"]] == ["a", "c"]


def form_lock_reason(order: Order, field: str, product: Product | None = None) -> str | None:
    return lock_reason(order.status, field, multi_domain=is_multi_domain(order, product))


def test_lock_reason_for_the_form() -> None:
    req = find_order(lambda o: o.status == "REQ")
    assert form_lock_reason(req, "approver_email", product_of(req)) is None
    assert form_lock_reason(req, "domain_validation_methods", product_of(req)) is None
    assert form_lock_reason(req, "csr", product_of(req)) == (
        "REQ: only DCV methods and autorenew can change"
    )
    single = pai_single()
    assert form_lock_reason(single, "host_names", product_of(single)) == (
        "Only multi-domain products take extra host names"
    )
    assert form_lock_reason(pai_multi(), "host_names", product_of(pai_multi())) is None
    act = find_order(lambda o: o.status == "ACT")
    assert form_lock_reason(act, "approver_email") == "ACT: only autorenew can change"


def test_host_limit_applies_to_multi_domain_products_only() -> None:
    order = replace(
        find_order(lambda o: o.status == "PAI" and has_wildcard(o) and not is_multi(o)),
        host_names=("x.example.org",),
    )
    product = product_of(order)
    assert product.max_domains == 1
    draft = replace(draft_from_order(order), start_provision=True)
    assert "host_names" not in fields(check(order, draft))
