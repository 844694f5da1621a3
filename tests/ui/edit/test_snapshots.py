"""SVG snapshots of the edit form on the sandbox: PAI, REQ, read-only, warnings; 80x24 and wide.

Deterministic as the browser's: fixed sandbox date and seed, no clock, no blinking
cursors, the demo label hides the port. The token never appears in an SVG.
Update with ``pytest tests/ui/edit --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from textual.pilot import Pilot

from tests.ui.edit.helpers import FAI_SINGLE, PAI_MULTI, REQ_MULTI
from tests.ui.helpers import ClosingApp, demo_connection, make_client, settle
from tui_app.sandbox import Sandbox

SnapCompare = Callable[..., bool]
WIDE = (160, 48)


def row_of(sandbox: Sandbox, order_id: int) -> int:
    """Where the browser lists the order (newest first, then by id)."""
    orders = sorted(sandbox.store.orders.values(), key=lambda o: o.id)
    orders.sort(key=lambda o: o.order_date or datetime.min, reverse=True)
    return [o.id for o in orders].index(order_id)


def edit_app(sandbox: Sandbox, order_id: int, *keys: str) -> tuple[ClosingApp, Any]:
    """The app, and what to do before the snapshot: open the order's form, press ``keys``."""
    return order_app(sandbox, order_id, "e", *keys)


def order_app(sandbox: Sandbox, order_id: int, *keys: str) -> tuple[ClosingApp, Any]:
    """The app, and what to do before the snapshot: move to the order, press ``keys``."""
    token = sandbox.issue_token()
    app = ClosingApp(make_client(sandbox, token), demo_connection(sandbox), detail_debounce=0)
    presses = ["j"] * row_of(sandbox, order_id) + list(keys)

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
        assert token not in pilot.app.export_screenshot()

    before: Callable[[Pilot[Any]], Awaitable[None]] = run
    return app, before


def test_req_form_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = edit_app(sandbox, REQ_MULTI)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_pai_form_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = edit_app(sandbox, PAI_MULTI)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_read_only_form_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = edit_app(sandbox, FAI_SINGLE)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_warnings_after_a_send_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = edit_app(sandbox, REQ_MULTI, "d", "ctrl+s", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_pai_form_wide(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = edit_app(sandbox, PAI_MULTI)
    assert snap_compare(app, terminal_size=WIDE, run_before=before)


def test_warnings_after_a_send_wide(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = edit_app(sandbox, REQ_MULTI, "d", "ctrl+s", "enter")
    assert snap_compare(app, terminal_size=WIDE, run_before=before)
