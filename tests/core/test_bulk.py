"""``core.bulk`` as the app's bulk switch will drive it: plan, then per-order progress through
a callback, a stop flag, and a summary. Real HTTP to the sandbox."""

from __future__ import annotations

import json

import pytest

from tui_app.api import OpenproviderClient, Order
from tui_app.core.bulk import BulkProgress, BulkRefused, plan_bulk, run_bulk
from tui_app.core.order_search import OrderQuery, fetch_all
from tui_app.journal import Journal, journal_path
from tui_app.sandbox import Sandbox


async def _req(client: OpenproviderClient) -> list[Order]:
    found = await fetch_all(client, OrderQuery(statuses=("REQ",)))
    return list(found.orders)


async def test_the_plan_sorts_every_order_without_sending(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    orders = await _req(client)
    sandbox.clear_requests()
    plan = plan_bulk(orders, "email")
    assert sandbox.requests == []
    assert len(plan.switches) == len(orders) and len(plan.run_id) == 12
    for switch in plan.invalid:
        assert not switch.order.email_approver
        assert any("needs an approver" in p for p in switch.problems)
    for switch in plan.unchanged:
        assert {m.method for m in switch.order.domain_validation_methods} == {"email"}
    grouped = [s.order.id for g in (plan.to_send, plan.invalid, plan.unchanged) for s in g]
    assert sorted(grouped) == sorted(o.id for o in orders)  # each order in exactly one group
    with pytest.raises(ValueError, match="unknown DCV method"):
        plan_bulk(orders, "fax")


async def test_an_invalid_order_refuses_the_run_before_any_request(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    plan = plan_bulk(await _req(client), "email")
    assert plan.invalid
    sandbox.clear_requests()
    with pytest.raises(BulkRefused) as refused:
        await run_bulk(client, plan)
    assert refused.value.plan is plan
    assert sandbox.requests == []


async def test_progress_reports_each_start_and_end_and_stop_leaves_the_rest(
    sandbox: Sandbox,
) -> None:
    journal = Journal()
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), on_write=journal.observer("sb")
    ) as client:
        plan = plan_bulk(await _req(client), "dns")
        assert len(plan.to_send) >= 3 and not plan.invalid
        steps: list[BulkProgress] = []

        def stop_after_two() -> bool:
            return sum(1 for s in steps if s.result is not None) >= 2

        summary = await run_bulk(client, plan, on_progress=steps.append, should_stop=stop_after_two)
    first, second = plan.to_send[:2]
    assert [(s.switch, s.result is not None, s.index, s.total) for s in steps] == [
        (first, False, 0, len(plan.to_send)),
        (first, True, 0, len(plan.to_send)),
        (second, False, 1, len(plan.to_send)),
        (second, True, 1, len(plan.to_send)),
    ]
    assert [r.switch for r in summary.done] == [first, second]
    assert all(r.ok and r.warnings for r in summary.done)
    assert summary.failed is None and summary.not_sent == plan.to_send[2:]
    assert not summary.complete
    lines = [json.loads(x) for x in journal_path().read_text().splitlines()]
    assert [(e["order_id"], e["run_id"], e["profile"]) for e in lines] == [
        (first.order.id, plan.run_id, "sb"),
        (second.order.id, plan.run_id, "sb"),
    ]
