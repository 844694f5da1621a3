"""SVG snapshots at 80x24 of the reissue form and the cancel dialog on the sandbox.

Deterministic as the edit form's (fixed date and seed, no blinking cursor). Update with
``pytest tests/ui/lifecycle --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from tests.ui.edit.test_snapshots import row_of
from tests.ui.helpers import ClosingApp, demo_connection, make_client, settle
from tests.ui.lifecycle.helpers import act_order
from tui_app.sandbox import Sandbox

SnapCompare = Callable[..., bool]


def app_with(sandbox: Sandbox, order_id: int, *keys: str) -> tuple[ClosingApp, Any]:
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


def test_reissue_form_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = app_with(sandbox, act_order(sandbox, multi=True).id, "R")
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_cancel_dialog_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = app_with(sandbox, act_order(sandbox).id, "X")
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
