"""The status table from DESIGN.md, row by row.

``UPDATE_ALONE`` asks what ``PUT /ssl/orders/{id}`` alone takes (the REQ approver goes
through its own call); the edit form's rule is the same ``lock_reason`` with its default
form, ``EDIT``.
"""

from __future__ import annotations

import pytest

from tui_app.core.fields import (
    APPROVER_CALL,
    APPROVER_EMAIL,
    AUTORENEW,
    CSR,
    DCV_METHODS,
    EDIT,
    ENABLE_DNS_AUTOMATION,
    HOST_NAMES,
    ORGANIZATION_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
    UPDATE,
    UPDATE_ALONE,
    UPDATE_FIELDS,
    is_read_only,
    lock_reason,
    refused_fields,
)
from tui_app.core.statuses import STATUS_MEANINGS, STATUS_WORDS


def can_change(status: str, field: str, *, multi_domain: bool = True) -> bool:
    return UPDATE.takes(field, status, multi_domain=multi_domain)


def locked_reason(status: str, field: str, *, multi_domain: bool = True) -> str | None:
    return lock_reason(status, field, form=UPDATE_ALONE, multi_domain=multi_domain)


FORM_FIELDS = (
    CSR,
    ORGANIZATION_HANDLE,
    TECHNICAL_HANDLE,
    APPROVER_EMAIL,
    HOST_NAMES,
    SOFTWARE_ID,
    DCV_METHODS,
    AUTORENEW,
    START_PROVISION,
)


def test_pai_may_change_every_form_field() -> None:
    assert set(FORM_FIELDS) <= UPDATE.names("PAI")
    assert all(locked_reason("PAI", f) is None for f in FORM_FIELDS)


def test_req_only_dcv_and_autorenew() -> None:
    assert {f for f in FORM_FIELDS if can_change("REQ", f)} == {DCV_METHODS, AUTORENEW}
    assert can_change("REQ", ENABLE_DNS_AUTOMATION)
    assert locked_reason("REQ", CSR) == "REQ: only DCV methods and autorenew can change"
    assert locked_reason("REQ", START_PROVISION) == (
        "REQ: only DCV methods and autorenew can change"
    )


def test_req_approver_email_has_its_own_route() -> None:
    reason = locked_reason("REQ", APPROVER_EMAIL)
    assert reason is not None
    assert "its own call" in reason
    assert EDIT.route(APPROVER_EMAIL, "REQ") is APPROVER_CALL
    assert EDIT.route(APPROVER_EMAIL, "PAI") is UPDATE
    assert EDIT.route(APPROVER_EMAIL, "ACT") is None


def test_act_only_autorenew() -> None:
    assert {f for f in FORM_FIELDS if can_change("ACT", f)} == {AUTORENEW}
    assert locked_reason("ACT", DCV_METHODS) == "ACT: only autorenew can change"


@pytest.mark.parametrize("status", ["REJ", "FAI", "EXP", "", "XYZ"])
def test_closed_statuses_change_nothing(status: str) -> None:
    assert is_read_only(status)
    assert UPDATE.names(status) == frozenset()
    assert refused_fields(status, FORM_FIELDS) == list(FORM_FIELDS)
    reason = locked_reason(status, AUTORENEW)
    assert reason is not None
    assert reason.endswith("nothing can change")


def test_read_only_reason_keeps_the_ca_upper_case() -> None:
    assert locked_reason("FAI", CSR) == (
        "FAI: closed: cancelled, rejected or revoked at the CA; nothing can change"
    )
    assert locked_reason("REJ", AUTORENEW) == (
        "REJ: cancel requested, waiting for the CA to confirm; nothing can change"
    )
    assert locked_reason("", CSR) == "?: unknown status; nothing can change"


@pytest.mark.parametrize("status", ["PAI", "REQ", "ACT"])
def test_open_statuses_are_not_read_only(status: str) -> None:
    assert not is_read_only(status)
    assert can_change(status, AUTORENEW)


def test_host_names_need_a_multi_domain_product() -> None:
    assert can_change("PAI", HOST_NAMES, multi_domain=True)
    assert not can_change("PAI", HOST_NAMES, multi_domain=False)
    assert locked_reason("PAI", HOST_NAMES, multi_domain=False) == (
        "Only multi-domain products take extra host names"
    )
    assert refused_fields("PAI", [CSR, HOST_NAMES], multi_domain=False) == [HOST_NAMES]


def test_refused_fields_keeps_the_given_order() -> None:
    assert refused_fields("REQ", [AUTORENEW, SOFTWARE_ID, CSR, DCV_METHODS]) == [
        SOFTWARE_ID,
        CSR,
    ]


def test_every_status_has_words_and_the_deprecated_field_is_known() -> None:
    assert set(STATUS_WORDS) == set(STATUS_MEANINGS) == {"PAI", "REQ", "ACT", "REJ", "FAI", "EXP"}
    assert "signature_hash_algorithm" in UPDATE_FIELDS
    assert "signature_hash_algorithm" not in UPDATE.names("PAI")
