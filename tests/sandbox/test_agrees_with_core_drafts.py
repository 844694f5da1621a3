"""Two readings of the API, compared on random drafts and DCV rows (hypothesis).

The client's checks (``core.draft_checks.check_draft``, ``core.dcv_rules.check_dcv``)
against the simulator's answers over real HTTP, from the seeded account each time:

- a draft the client's checks pass is sent as ``core.request_plan.plan_requests`` plans
  it, and the simulator accepts every call;
- a draft the client refuses only for the API's rules (DCV rows, approver, handles,
  software), in fields its plan sends, is refused by the simulator with an API-style
  error; the client's own refusals (the CA's key and name policy, the product's
  wildcard and host limits, a CSR field that cannot be read, DCV rows the form shows
  but would not send) are counted, not compared;
- random DCV rows: the client finds a problem exactly when the simulator refuses, and
  the simulator's code is that of the client's first problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from tests.core.factories import seeded_orders
from tests.core.test_properties import edited, one_change, plausible, switched
from tests.sandbox.test_agrees_with_core import DCV_CODES, answer
from tui_app.api.models import Order, Product
from tui_app.core.dcv_rules import check_dcv
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.draft_checks import FieldError, check_draft
from tui_app.core.fields import (
    APPROVER_EMAIL,
    DCV_METHODS,
    ORGANIZATION_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
)
from tui_app.core.host_set import draft_host_set
from tui_app.core.request_plan import LockedFieldChange, RequestPlan, plan_requests
from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder
from tui_app.sandbox.seed import seed_orders

ORDERS, SEED = 40, 1  # the account tests/core/factories.py parses: the same order ids
# Fields whose refusals by the client are the API's rules, read by both sides.
API_RULE_FIELDS = {
    DCV_METHODS,
    APPROVER_EMAIL,
    ORGANIZATION_HANDLE,
    TECHNICAL_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,  # "fix the errors above": it follows the others
}
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# At least this many examples of each kind, so that neither direction is vacuous.
FLOOR = {"accepted": 40, "refused for an API rule": 15}


class Site:
    """The simulator over HTTP, reset to the seeded account before each example."""

    def __init__(self, sandbox: Sandbox, http: httpx.Client) -> None:
        self.sandbox = sandbox
        self.http = http

    def fresh(self) -> None:
        with self.sandbox.store.lock:
            self.sandbox.store.orders = {o.id: o for o in seed_orders(ORDERS, SEED, TODAY)}

    def product(self, order: Order) -> Product:
        data = self.http.get(f"ssl/products/{order.product_id}").json()["data"]
        product = Product.from_api(data)
        assert product is not None
        return product

    def approvers(self, order: Order, draft: OrderDraft) -> list[str]:
        """The API's list for the draft's common name, as the form asks for it."""
        info = draft_host_set(order, draft).csr
        domain = (info.common_name if info else order.common_name).removeprefix("*.")
        params = {"product_id": order.product_id, "domain": domain}
        results: list[str] = self.http.get("ssl/approver-emails", params=params).json()["data"][
            "results"
        ]
        return results

    def send(self, plan: RequestPlan) -> list[tuple[int, str]]:
        """The plan's calls in the app's order (approver first); each call's answer."""
        answers: list[tuple[int, str]] = []
        path = f"ssl/orders/{plan.order_id}"
        if plan.approver_email is not None:
            body: dict[str, Any] = {"id": plan.order_id, "approver_email": plan.approver_email}
            answers.append(answer(self.http.put(f"{path}/approver-email", json=body)))
        if plan.body:
            answers.append(answer(self.http.put(path, json={"id": plan.order_id, **plan.body})))
        return answers


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with Sandbox(orders=ORDERS, seed=SEED, today=TODAY) as sandbox:
        headers = {"Authorization": f"Bearer {sandbox.issue_token()}"}
        with httpx.Client(base_url=sandbox.base_url + "/", headers=headers, timeout=10) as http:
            yield Site(sandbox, http)


@st.composite
def api_mistakes(draw: st.DrawFn) -> tuple[Order, OrderDraft]:
    """A PAI or REQ order's draft with one mistake against an API rule both sides read."""
    order = draw(st.sampled_from([o for o in seeded_orders() if o.status in ("PAI", "REQ")]))
    draft = draft_from_order(order)
    rows = list(draft.dcv)
    domain = order.common_name.removeprefix("*.")
    mistakes = ["approver", "no approver", "unknown method", "missing row", "extra row", "twice"]
    if any(h.startswith("*.") for h, _ in rows):
        mistakes.append("file method on a wildcard")
    if order.status == "PAI":
        mistakes += ["handle", "software"]
    mistake = draw(st.sampled_from(mistakes))
    event(f"mistake: {mistake}")
    if mistake == "approver":
        wrong = draw(st.sampled_from((f"ceo@{domain}", "admin@elsewhere.example", "nobody")))
        return order, replace(draft, approver_email=wrong)
    if mistake == "no approver":
        return order, replace(draft, approver_email="").with_rows([(h, "email") for h, _ in rows])
    if mistake == "handle":
        bad = draw(st.sampled_from(("AB1-NL", "ABC123456-NL", "AB123456NL", "")))
        return order, replace(draft, technical_handle=bad)
    if mistake == "software":
        return order, replace(draft, software_id="solaris")
    index = draw(st.integers(0, len(rows) - 1))
    host = rows[index][0]
    if mistake == "unknown method":
        rows[index] = (host, draw(st.sampled_from(("cname", "DNS", "file"))))
    elif mistake == "missing row":
        del rows[index]
    elif mistake == "extra row":
        rows.append(("extra.example.org", "dns"))
    elif mistake == "twice":
        rows.append(rows[index])
    else:
        rows = [(h, "http" if h.startswith("*.") else m) for h, m in rows]
    return order, draft.with_rows(rows)


def describe(order: Order, plan: RequestPlan, errors: tuple[FieldError, ...]) -> str:
    shown = {
        k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v) for k, v in plan.body.items()
    }
    told = "; ".join(f"{e.field}: {e.message}" for e in errors) or "no error"
    sends = f"sends {shown}, approver {plan.approver_email!r}"
    return f"order {order.id} ({order.status}) {sends}; client: {told}"


def test_drafts_the_client_passes_the_simulator_accepts(site: Site) -> None:
    seen: Counter[str] = Counter()

    @settings(EXAMPLES, max_examples=200)
    @given(st.one_of(st.one_of(plausible(), edited(), switched(), one_change()), api_mistakes()))
    def agree(case: tuple[Order, OrderDraft]) -> None:
        order, draft = case
        site.fresh()
        errors = check_draft(
            order, draft, product=site.product(order), approver_options=site.approvers(order, draft)
        )
        try:
            plan = plan_requests(order, draft)
        except LockedFieldChange:
            assert errors, "a locked change the checks did not report"
            seen["locked (compared in test_agrees_with_core.py)"] += 1
            return
        answers = site.send(plan)
        refused = [a for a in answers if a[0]]
        if not errors:
            kind = "accepted" if answers else "nothing to send"
            assert not refused, f"the client accepts, the simulator refused {refused}: " + describe(
                order, plan, errors
            )
        elif {e.field for e in errors} <= API_RULE_FIELDS & {*plan.fields, START_PROVISION}:
            kind = "refused for an API rule"
            assert refused, "the client refuses for an API rule, the simulator accepted: " + (
                describe(order, plan, errors)
            )
        else:
            kind = "refused by the client's own rules"
        seen[kind] += 1
        event(kind)

    agree()
    short = {k: n for k, n in FLOOR.items() if seen[k] < n}
    assert not short, f"too few examples: {dict(seen)}"


@st.composite
def dcv_rows(draw: st.DrawFn, order: StoredOrder) -> list[tuple[str, str]]:
    """The order's rows, some switched to any method (junk too), some dropped, and a few
    rows added (its hosts again, other hosts, broken names, no name)."""
    domain = order.common_name.removeprefix("*.")
    rows: list[tuple[str, str]] = []
    for host in order.hosts:
        if draw(st.integers(0, 9)) == 0:
            continue
        method = draw(st.sampled_from(METHODS)) if draw(st.booleans()) else order.dcv[host]
        rows.append((host, method))
    added = draw(st.lists(st.tuples(HOSTS, st.sampled_from(METHODS)), max_size=2))
    rows += [(h.format(d=domain), m) for h, m in added if draw(st.integers(0, 2)) == 0]
    return rows


HOSTS = st.sampled_from(
    ("", " WWW.{d} ", "{d}", "www.{d}", "*.{d}", "api.{d}", "x..{d}", "other.example.org")
)
METHODS = ("email", "dns", "http", "https", "DNS", "cname", "")


@EXAMPLES
@given(data=st.data(), index=st.integers(0, ORDERS - 1), with_approver=st.booleans())
def test_dcv_rows_are_refused_by_both_or_by_neither(
    site: Site, data: st.DataObject, index: int, with_approver: bool
) -> None:
    """Random rows on a PAI or REQ order, with or without an approver."""
    site.fresh()
    store = site.sandbox.store
    editable = [o for o in store.orders.values() if o.status in ("PAI", "REQ")]
    order = editable[index % len(editable)]
    with store.lock:
        if not with_approver:
            order.email_approver = ""
        expected, approver = order.hosts, order.email_approver
    sent = data.draw(dcv_rows(order))
    problems = check_dcv(sent, expected, approver)
    rows = [{"host_name": h, "method": m} for h, m in sent]
    body = {"id": order.id, "domain_validation_methods": rows}
    code, said = answer(site.http.put(f"ssl/orders/{order.id}", json=body))
    wanted = DCV_CODES[problems[0].kind] if problems else 0
    event("refused" if problems else "accepted")
    client = problems[0].message if problems else "accepted"
    assert code == wanted, (
        f"order {order.id} rows {sent}: client {client!r}; simulator {code} {said}"
    )
