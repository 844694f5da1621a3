"""Marks and the bulk DCV switch in the browser, and ``H`` (an order's journal).

The real app against the real sandbox over loopback: what the screen says, and what the
sandbox received (its request log) or the journal recorded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.ui.helpers import (
    browser,
    demo_connection,
    move_to_order,
    notifications,
    running,
    screen_text,
    settle,
    table,
)
from tui_app.api import OpenproviderClient
from tui_app.core.environment import Connection, Kind
from tui_app.journal import Journal, journal_path
from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder
from tui_app.ui import OpsslApp
from tui_app.ui.bulk.history_screen import DEMO_WORDS, HistoryScreen
from tui_app.ui.bulk.method_prompt import MethodPrompt
from tui_app.ui.bulk.screen import BulkScreen


def req_orders(sandbox: Sandbox) -> list[StoredOrder]:
    """REQ orders without wildcards, newest first (the browser's order)."""
    found = [
        o
        for o in sandbox.store.orders.values()
        if o.status == "REQ" and not any(h.startswith("*") for h in o.dcv)
    ]
    return sorted(found, key=lambda o: (o.order_date, o.id), reverse=True)


def puts(sandbox: Sandbox) -> list[Any]:
    return sandbox.received("PUT")


def journal_lines() -> list[dict[str, Any]]:
    import json

    path = journal_path()
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


@asynccontextmanager
async def journaled(
    sandbox: Sandbox, *, read_only: bool = False
) -> AsyncIterator[tuple[OpsslApp, Pilot[None]]]:
    """The app on the sandbox as a real API (not the demo): its writes are journaled."""
    journal = Journal()
    client = OpenproviderClient(
        sandbox.base_url,
        sandbox.issue_token(),
        backoff=0.01,
        timeout=10,
        on_write=journal.observer("ops"),
    )
    connection = Connection(
        sandbox.base_url, Kind.CUSTOM, token_source="env", profile="ops", read_only=read_only,
        read_only_flag=read_only,
    )  # fmt: skip
    async with running(sandbox, connection=connection, client=client) as (app, pilot):
        yield app, pilot


async def mark(pilot: Pilot[None], app: OpsslApp, *order_ids: int) -> None:
    for order_id in order_ids:
        await move_to_order(pilot, app, order_id)
        await pilot.press("space")
    await settle(pilot)


async def bulk(pilot: Pilot[None], *keys: str) -> BulkScreen:
    """``m`` then the keys; returns the bulk dialog once it has read and checked."""
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MethodPrompt)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BulkScreen)
    return screen


async def test_space_marks_orders_and_marks_survive_search_sort_and_escape_clears(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        first, second, third = req_orders(sandbox)[:3]
        await mark(pilot, app, first.id, second.id, third.id)
        assert list(table(app).marked) == [first.id, second.id, third.id]
        text = screen_text(app)
        assert "3 marked · 40 orders" in text
        marked_rows = [line for line in text.splitlines() if "✓" in line]
        assert sorted(int(line.split()[1]) for line in marked_rows) == sorted(
            [first.id, second.id, third.id]
        )
        # space again unmarks; the count follows.
        await pilot.press("space")
        await settle(pilot)
        assert "2 marked" in screen_text(app) and third.id not in table(app).marked
        # A search, a sort and back: the marks are kept by order id.
        await pilot.press("slash", *first.common_name, "enter")
        await settle(pilot)
        assert "2 marked" in screen_text(app)
        await pilot.press("slash", "ctrl+u", "enter", "O")
        await settle(pilot)
        assert list(table(app).marked) == [first.id, second.id]
        assert "2 marked" in screen_text(app)
        assert "esc Unmark" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not table(app).marked
        text = screen_text(app)
        assert "marked" not in text and "✓" not in text and "esc Unmark" not in text


async def test_bulk_switch_of_three_orders_sends_exactly_three_puts(sandbox: Sandbox) -> None:
    async with journaled(sandbox) as (app, pilot):
        chosen = [o for o in req_orders(sandbox) if set(o.dcv.values()) != {"dns"}][:3]
        await mark(pilot, app, *(o.id for o in chosen))
        sandbox.clear_requests()
        await bulk(pilot, "d")
        review = screen_text(app)
        for order in chosen:
            assert f"{order.id} {order.common_name} (REQ)" in review
            for host, method in order.dcv.items():
                if method != "dns":
                    assert f"{host}: {method} -> dns" in review
        assert puts(sandbox) == []  # reading and checking sent nothing
        assert len(sandbox.received("GET", r"/ssl/orders/\d+")) == 3
        await pilot.press("enter")
        await settle(pilot)
        sent = puts(sandbox)
        assert [p.api_path for p in sent] == [f"/ssl/orders/{o.id}" for o in chosen]
        assert all(set(p.body) == {"id", "domain_validation_methods"} for p in sent)
        for order in chosen:
            assert set(order.dcv.values()) == {"dns"}
        results = screen_text(app)
        assert "Done: 3 of 3 sent" in results
        entries = journal_lines()
        assert [e["order_id"] for e in entries] == [o.id for o in chosen]
        run_ids = {e["run_id"] for e in entries}
        assert len(run_ids) == 1 and f"run {run_ids.pop()}" in results
        await pilot.press("enter")
        await settle(pilot)
        # The browser read the list again; the sent orders are no longer marked.
        assert app.screen is browser(app)
        assert sandbox.received("GET", "/ssl/orders") and not table(app).marked
        assert len(puts(sandbox)) == 3  # nothing was sent twice


async def test_one_invalid_order_sends_nothing_until_the_rest_are_chosen(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        orders = req_orders(sandbox)
        bad = next(o for o in orders if not o.email_approver)
        good = [o for o in orders if o.email_approver and set(o.dcv.values()) != {"email"}][:2]
        await mark(pilot, app, bad.id, *(o.id for o in good))
        sandbox.clear_requests()
        screen = await bulk(pilot, "e")
        text = screen_text(app)
        assert "1 order cannot switch to email; nothing is sent" in text
        assert f"{bad.id} {bad.common_name}" in text
        assert "email validation needs an approver" in text
        assert "s sends the other 2 orders" in text
        await pilot.press("enter")  # not a send while an order is invalid
        await settle(pilot)
        assert puts(sandbox) == [] and screen.phase == "review"
        await pilot.press("s")
        await settle(pilot)
        assert [p.api_path for p in puts(sandbox)] == [f"/ssl/orders/{o.id}" for o in good]
        text = screen_text(app)
        assert "invalid" in text and str(bad.id) in text
        await pilot.press("escape")
        await settle(pilot)
        assert list(table(app).marked) == [bad.id]  # the one not changed stays marked


async def test_escape_in_the_review_sends_nothing(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        order = next(o for o in req_orders(sandbox) if set(o.dcv.values()) != {"dns"})
        await move_to_order(pilot, app, order.id)
        sandbox.clear_requests()
        await bulk(pilot, "d")  # no marks: the highlighted order
        assert f"{order.id} {order.common_name}" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is browser(app) and puts(sandbox) == []


async def test_orders_already_on_the_method_get_no_request(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        orders = req_orders(sandbox)
        same = next(o for o in orders if set(o.dcv.values()) == {"dns"})
        other = next(o for o in orders if set(o.dcv.values()) != {"dns"})
        await mark(pilot, app, same.id, other.id)
        sandbox.clear_requests()
        await bulk(pilot, "d")
        text = screen_text(app)
        assert "Already dns, no request:" in text
        assert "(1 request)" in text
        await pilot.press("enter")
        await settle(pilot)
        assert [p.api_path for p in puts(sandbox)] == [f"/ssl/orders/{other.id}"]
        text = screen_text(app)
        assert f"unchanged {same.id}" in " ".join(text.split())


async def test_a_failure_midway_stops_the_run_and_names_what_was_done(
    sandbox: Sandbox,
) -> None:
    async with journaled(sandbox) as (app, pilot):
        chosen = [o for o in req_orders(sandbox) if set(o.dcv.values()) != {"dns"}][:3]
        first, second, third = chosen
        before = {o.id: dict(o.dcv) for o in chosen}
        await mark(pilot, app, first.id, second.id, third.id)
        sandbox.faults.update(
            error_next=1, error_code=50, error_desc="Refused on purpose",
            methods=["PUT"], paths=[f"/ssl/orders/{second.id}"],
        )  # fmt: skip
        sandbox.clear_requests()
        await bulk(pilot, "d")
        await pilot.press("enter")
        await settle(pilot)
        sent = [p.api_path for p in puts(sandbox)]
        assert sent == [f"/ssl/orders/{first.id}", f"/ssl/orders/{second.id}"]  # no retry
        assert sandbox.store.orders[third.id].dcv == before[third.id]
        flat = " ".join(screen_text(app).split())
        assert "Stopped: 1 of 3 sent" in flat
        assert f"sent {first.id}" in flat
        assert f"FAILED {second.id}" in flat and "code 50" in flat
        assert "Refused on purpose" in flat
        assert f"not sent {third.id}" in flat
        assert "Nothing was retried" in flat
        entries = journal_lines()
        assert [(e["order_id"], e["result"]) for e in entries] == [
            (first.id, "ok"),
            (second.id, "refused"),
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert list(table(app).marked) == [second.id, third.id]


async def test_the_results_show_each_orders_warnings(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        order = next(o for o in req_orders(sandbox) if set(o.dcv.values()) != {"dns"})
        await mark(pilot, app, order.id)
        await bulk(pilot, "d")
        await pilot.press("enter")
        await settle(pilot)
        flat = " ".join(screen_text(app).split())
        assert "warning 1101: Domain validation method changed" in flat


async def test_history_lists_the_journal_lines_of_the_highlighted_order_only(
    sandbox: Sandbox,
) -> None:
    async with journaled(sandbox) as (app, pilot):
        one, two = [o for o in req_orders(sandbox) if set(o.dcv.values()) != {"dns"}][:2]
        quiet = next(o for o in req_orders(sandbox) if o.id not in (one.id, two.id))
        await mark(pilot, app, one.id, two.id)
        await bulk(pilot, "d")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await move_to_order(pilot, app, one.id)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "1 write(s), newest first" in text
        assert "update_order  ok (code 0)" in text
        host = next(iter(one.dcv))
        assert f"{host}=dns" in text
        assert str(two.id) not in text and two.common_name not in text
        assert "warning 1101" in text
        await pilot.press("escape")
        await settle(pilot)
        await move_to_order(pilot, app, quiet.id)
        await pilot.press("H")
        await settle(pilot)
        assert f"No writes recorded for order {quiet.id}" in screen_text(app)


async def test_history_says_when_the_journal_cannot_be_read(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("OPSSL_JOURNAL", str(tmp_path))  # a folder: not readable as a file
    async with journaled(sandbox) as (app, pilot):
        await pilot.press("H")
        await settle(pilot)
        assert "The journal cannot be read" in screen_text(app)


async def test_history_on_the_demo_says_it_is_not_journaled(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("H")
        await settle(pilot)
        assert " ".join(DEMO_WORDS.split()[:6]) in " ".join(screen_text(app).split())


async def test_a_read_only_session_refuses_the_bulk_switch(sandbox: Sandbox) -> None:
    connection = replace(demo_connection(sandbox), read_only=True, read_only_flag=True)
    async with running(sandbox, connection=connection) as (app, pilot):
        order = req_orders(sandbox)[0]
        await mark(pilot, app, order.id)
        sandbox.clear_requests()
        await pilot.press("m", "d")
        await settle(pilot)
        assert app.screen is browser(app)
        reason = connection.read_only_reason
        assert reason and any(reason in n for n in notifications(app))
        assert puts(sandbox) == [] and not sandbox.received("GET", rf"/ssl/orders/{order.id}")


async def test_the_method_prompt_escape_asks_nothing(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        sandbox.clear_requests()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MethodPrompt)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is browser(app)
        assert not sandbox.received("GET", r"/ssl/orders/\d+")


async def test_progress_shows_while_sending_and_escape_stops_after_that_order(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        chosen = [o for o in req_orders(sandbox) if set(o.dcv.values()) != {"dns"}][:3]
        await mark(pilot, app, *(o.id for o in chosen))
        screen = await bulk(pilot, "d")
        sandbox.clear_requests()
        sandbox.faults.update(hold=True)  # the first PUT waits in the sandbox
        try:
            await pilot.press("enter")
            for _ in range(200):
                await pilot.pause(0.01)
                if "Sending 1 of 3" in screen_text(app):
                    break
            assert "Sending 1 of 3" in screen_text(app)
            assert screen.query_one("#bulk-progress").display
            await pilot.press("escape")
            await pilot.pause()
            assert "Stopping after the order being sent" in screen_text(app)
        finally:
            sandbox.faults.update(hold=False)
        await settle(pilot)
        assert [p.api_path for p in puts(sandbox)] == [f"/ssl/orders/{chosen[0].id}"]
        flat = " ".join(screen_text(app).split())
        assert "Stopped: 1 of 3 sent" in flat
        assert f"not sent {chosen[1].id}" in flat and f"not sent {chosen[2].id}" in flat
