"""Two readings of the API, compared: the client's (``core``) and the simulator's
(``sandbox.api_rules``), both written from the API notes, neither importing the other.

Where the cases are finite they are all tried, over real HTTP to the simulator: every
status with every update field (on a multi-domain and a single-host product), the
approver's own call and reissue / renew / cancel in every status, and every DCV method
on a wildcard and a plain host, with and without an approver. A disagreement names its
case. ``test_agrees_with_core_drafts.py`` does the same for random drafts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import TODAY
from tui_app.api.models import REISSUE_FIELDS, Order
from tui_app.core import fields as field_rules
from tui_app.core import lifecycle as core_lifecycle
from tui_app.core.dcv_rules import FILE_METHODS, METHODS, check_dcv
from tui_app.core.statuses import STATUS_MEANINGS
from tui_app.sandbox import Sandbox, api_rules
from tui_app.sandbox.orders import StoredOrder
from tui_app.sandbox.seed import seed_orders

STATUSES = ("PAI", "REQ", "ACT", "REJ", "FAI", "EXP")
ORDERS, SEED = 120, 1
# The simulator's code for each kind of problem the client's DCV check names.
DCV_CODES = {
    "empty": 1010,
    "duplicate": 1010,
    "host": 1010,
    "missing": 1010,
    "extra": 1010,
    "method": 1011,
    "wildcard": 1012,
    "approver": 1013,
}
# Refusals that are about the status or the product, not about the value sent.
STATUS_CODES = {1003, 1027}


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Sandbox, httpx.Client]]:
    """One simulator for the module; each case starts from the seeded account (``fresh``)."""
    with Sandbox(orders=ORDERS, seed=SEED, today=TODAY) as sandbox:
        headers = {"Authorization": f"Bearer {sandbox.issue_token()}"}
        with httpx.Client(base_url=sandbox.base_url + "/", headers=headers, timeout=10) as http:
            yield sandbox, http


def fresh(sandbox: Sandbox) -> None:
    with sandbox.store.lock:
        sandbox.store.orders = {o.id: o for o in seed_orders(ORDERS, SEED, TODAY)}


def pick(sandbox: Sandbox, status: str, *, multi: bool | None = None) -> StoredOrder | None:
    for order in sandbox.store.orders.values():
        if order.status == status and multi in (None, order.product.multi_domain):
            return order
    return None


def answer(response: httpx.Response) -> tuple[int, str]:
    """(code, desc and data): 0 for an accepted call."""
    body: dict[str, Any] = response.json()
    if response.status_code == 200:
        assert body["code"] == 0, response.text
        return 0, ""
    assert response.status_code == 500 and body["code"] != 0, response.text
    return body["code"], f"{body['desc']} {body.get('data', '')}".strip()


def valid_value(order: StoredOrder, field: str) -> Any:
    """A value the field takes for this order: only the status or product may refuse it."""
    domain = order.common_name.removeprefix("*.")
    values: dict[str, Any] = {
        "csr": order.csr,
        "organization_handle": "AB123456-NL",
        "technical_handle": "CD654321-DE",
        "approver_email": f"admin@{domain}",
        "host_names": list(order.host_names) or [f"www.{domain}"],
        "software_id": "windows" if order.software == "linux" else "linux",
        "domain_validation_methods": [
            {"host_name": h, "method": order.dcv[h]} for h in order.hosts
        ],
        "autorenew": "off" if order.autorenew else "on",
        "start_provision": True,
        "enable_dns_automation": False,
    }
    return values[field]


def test_both_readings_know_the_same_statuses_fields_and_methods() -> None:
    assert set(STATUS_MEANINGS) == set(api_rules.STATUSES) == set(STATUSES)
    assert set(api_rules.UPDATE_FIELDS) == field_rules.UPDATE_FIELDS
    assert set(METHODS) == set(api_rules.METHODS) and FILE_METHODS == api_rules.FILE_METHODS
    # The client never sends the deprecated field; everything else of §3.8 it may.
    assert REISSUE_FIELDS == api_rules.REISSUE_FIELDS - api_rules.IGNORED_FIELDS
    reissue = field_rules.REISSUE
    assert {n for n in reissue.names() if reissue.takes(n, "ACT")} == REISSUE_FIELDS
    simulator = {
        "reissue": api_rules.REISSUE_FROM,
        "renew": api_rules.RENEW_FROM,
        "cancel": api_rules.CANCEL_FROM,
    }
    assert {a: set(s) for a, s in core_lifecycle.ALLOWED.items()} == simulator


def test_every_status_and_field_in_the_two_tables() -> None:
    """The client may send a field exactly where the simulator's matrix takes it; the
    deprecated field the simulator ignores is one the client never sends."""
    disagree: list[str] = []
    for status in (*STATUSES, "", "XYZ"):
        if field_rules.is_read_only(status) != api_rules.is_closed(status):
            disagree.append(f"{status or '(none)'}: read-only for one reading only")
        simulator = api_rules.CHANGEABLE.get(status, frozenset())
        for field in sorted(field_rules.UPDATE_FIELDS):
            client = field_rules.UPDATE.takes(field, status)
            if field in api_rules.IGNORED_FIELDS:
                assert not client, f"the client would send {field}, which the API ignores"
            elif client != (field in simulator):
                disagree.append(f"{status} x {field}: client {client}, simulator {not client}")
    assert not disagree, "\n".join(disagree)


@pytest.mark.parametrize("status", STATUSES)
def test_every_update_field_over_http(site: tuple[Sandbox, httpx.Client], status: str) -> None:
    """One field per request, with a value the field takes: the simulator accepts it
    exactly when the client's rules let the field change, and refuses it for the status
    or the product (1003, 1027), not for anything else."""
    sandbox, http = site
    disagree: list[str] = []
    for multi in (True, False):
        for field in sorted(field_rules.UPDATE_FIELDS - api_rules.IGNORED_FIELDS):
            fresh(sandbox)
            order = pick(sandbox, status, multi=multi)
            assert order is not None, f"no {status} order with multi_domain={multi}"
            client = field_rules.UPDATE.takes(field, status, multi_domain=multi)
            body = {"id": order.id, field: valid_value(order, field)}
            code, said = answer(http.put(f"ssl/orders/{order.id}", json=body))
            case = f"{status} x {field} ({'multi-domain' if multi else 'single host'})"
            if client and code:
                disagree.append(f"{case}: the client sends it, the simulator refused {code} {said}")
            elif not client and code not in STATUS_CODES:
                disagree.append(f"{case}: the client locks it, the simulator answered {code}")
    assert not disagree, "\n".join(disagree)


def test_the_approver_call_in_every_status(site: tuple[Sandbox, httpx.Client]) -> None:
    """The client uses ``PUT .../approver-email`` exactly where the simulator takes it."""
    sandbox, http = site
    disagree: list[str] = []
    for status in STATUSES:
        fresh(sandbox)
        order = pick(sandbox, status)
        assert order is not None
        email = f"webmaster@{order.common_name.removeprefix('*.')}"
        response = http.put(
            f"ssl/orders/{order.id}/approver-email",
            json={"id": order.id, "approver_email": email},
        )
        code, said = answer(response)
        route = field_rules.EDIT.route(field_rules.APPROVER_EMAIL, status)
        client = route is field_rules.APPROVER_CALL
        if client != (code == 0) or (code and code != 1021):
            disagree.append(f"{status}: client uses the call: {client}; simulator {code} {said}")
    assert not disagree, "\n".join(disagree)


@pytest.mark.parametrize("action", ["reissue", "renew", "cancel"])
def test_reissue_renew_and_cancel_in_every_status(
    site: tuple[Sandbox, httpx.Client], action: str
) -> None:
    """``core.lifecycle.refusal`` refuses exactly what the simulator refuses as the wrong
    status (1021); renewing too early (25001) is about the date, not the status."""
    sandbox, http = site
    disagree: list[str] = []
    for status in STATUSES:
        fresh(sandbox)
        stored = pick(sandbox, status)
        assert stored is not None
        order = Order.from_api(stored.to_api())
        assert order is not None
        body: dict[str, Any] = {"id": stored.id}
        if action == "reissue":
            body["csr"] = stored.csr
        code, said = answer(http.post(f"ssl/orders/{stored.id}/{action}", json=body))
        refused = core_lifecycle.refusal(action, order)
        if (refused is None) == (code == 1021) or code not in (0, 1021, 25001):
            disagree.append(f"{action} in {status}: client {refused!r}; simulator {code} {said}")
    assert not disagree, "\n".join(disagree)


def dcv_cases() -> Iterator[tuple[str, str, bool]]:
    for method in (*METHODS, "cname", "DNS", ""):
        for kind in ("wildcard", "plain"):
            for approver in (True, False):
                yield method, kind, approver


def test_every_method_on_a_wildcard_and_a_plain_host(site: tuple[Sandbox, httpx.Client]) -> None:
    """One row switched to each method (and to junk), the others kept: the client's
    ``check_dcv`` finds a problem exactly when the simulator refuses, with the code of
    the first problem's kind."""
    sandbox, http = site
    disagree: list[str] = []
    for method, kind, with_approver in dcv_cases():
        fresh(sandbox)
        wild = kind == "wildcard"
        order = next(
            o
            for o in sandbox.store.orders.values()
            if o.status == "REQ" and any(h.startswith("*.") for h in o.hosts) == wild
        )
        target = next(h for h in order.hosts if h.startswith("*.") == wild)
        with sandbox.store.lock:
            if not with_approver:
                order.email_approver = ""
            rows = [(h, method if h == target else order.dcv[h]) for h in order.hosts]
            hosts, approver = order.hosts, order.email_approver
        problems = check_dcv(rows, hosts, approver)
        body = {
            "id": order.id,
            "domain_validation_methods": [{"host_name": h, "method": m} for h, m in rows],
        }
        code, said = answer(http.put(f"ssl/orders/{order.id}", json=body))
        expected = DCV_CODES[problems[0].kind] if problems else 0
        if code != expected:
            case = (
                f"{method or '(empty)'} on {target} ({'with' if with_approver else 'no'} approver)"
            )
            client = problems[0].message if problems else "accepted"
            disagree.append(f"{case}: client {client!r}; simulator {code} {said}")
    assert not disagree, "\n".join(disagree)
