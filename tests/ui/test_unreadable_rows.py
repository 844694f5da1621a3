"""A page whose items the client cannot read (no id) or that is shorter than promised:
those rows say so, instead of "loading…" for ever, and the rest of the list works."""

from __future__ import annotations

from typing import Any

from tests.support.rewriting import RewritingTransport, json_rewrite
from tests.ui.helpers import browser, demo_connection, detail, screen_text, settle, table
from tui_app.api import OpenproviderClient
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp


def without_third_id(envelope: dict[str, Any]) -> dict[str, Any]:
    del envelope["data"]["results"][2]["id"]
    return envelope


def two_short(envelope: dict[str, Any]) -> dict[str, Any]:
    del envelope["data"]["results"][-2:]
    return envelope


async def run(sandbox: Sandbox, change: Any) -> tuple[OpsslApp, Any, RewritingTransport]:
    transport = RewritingTransport()
    transport.arm(json_rewrite(change), r"/ssl/orders")
    client = OpenproviderClient(sandbox.base_url, sandbox.issue_token(), transport=transport)
    return OpsslApp(client, demo_connection(sandbox), detail_debounce=0), client, transport


async def test_an_order_without_an_id_is_marked_in_its_place(sandbox: Sandbox) -> None:
    app, client, transport = await run(sandbox, without_third_id)
    async with client, app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pages = browser(app).pages
        assert pages.total == 40 and not pages.pending
        lines = screen_text(app).splitlines()
        assert "loading…" not in screen_text(app)
        third = next(line for line in lines if "no id" in line)
        assert "cannot be shown" in third
        ids = [pages.row(i).id if pages.row(i) else None for i in range(5)]  # type: ignore[union-attr]
        assert ids[2] is None and None not in (ids[:2] + ids[3:])
        await pilot.press("j", "j")
        await settle(pilot)
        assert "cannot be shown" in detail(app).text
        assert "Loading" not in detail(app).text
        await pilot.press("j")
        await settle(pilot)
        assert detail(app).state == "loaded"
        transport.disarm()
        await pilot.press("r")
        await settle(pilot)
        assert browser(app).pages.row(2) is not None


async def test_a_page_shorter_than_its_total_says_so(sandbox: Sandbox) -> None:
    app, client, _ = await run(sandbox, two_short)
    async with client, app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        assert browser(app).pages.total == 40
        assert "loading…" not in screen_text(app)
        await pilot.press("G")
        await settle(pilot)
        assert table(app).cursor == 39
        assert "cannot be shown" in detail(app).text
