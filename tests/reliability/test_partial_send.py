"""A send of two calls that stops half-way: the approver call lands, the order update fails.

The fault knobs are limited to the order's own path (``/ssl/orders/{id}``, not its
``/approver-email``), so only the second request fails; the re-read after it fails too,
so the form must know by itself that the approver change went through.
"""

from __future__ import annotations

from textual.widgets import Select

from tests.reliability.helpers import no_traceback_or_token, quiet_period
from tests.ui.edit.helpers import REQ_MULTI, TALL, dialog_text, open_form, text, writes
from tests.ui.helpers import running, settle
from tui_app.sandbox import Sandbox
from tui_app.ui.edit.diff_dialog import DiffDialog

NEW_APPROVER = "administrator@cyberdyne.com"
ORDER_PATH = rf"/ssl/orders/{REQ_MULTI}"


async def test_the_approver_lands_the_update_fails_and_the_next_send_does_not_repeat_it(
    sandbox: Sandbox,
) -> None:
    stored = sandbox.store.orders[REQ_MULTI]
    assert stored.email_approver == "admin@cyberdyne.com"
    assert stored.dcv["cyberdyne.com"] == "email"
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        await pilot.press("d", "tab")  # the first row to dns, then the approver field
        select = screen.query_one("#approver-select", Select)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert select.value == NEW_APPROVER
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        # The order update and every read of the order fail; the approver call does not.
        sandbox.faults.update(
            error_next=100,
            error_code=50,
            error_desc="Calls limit has been reached",
            methods=["PUT", "GET"],
            paths=[ORDER_PATH],
        )
        await pilot.press("enter")
        await settle(pilot)
        sandbox.faults.update(error_next=0, methods=None, paths=None)

        approver, refused = writes(sandbox)
        assert approver.api_path == f"{ORDER_PATH}/approver-email" and approver.code == 0
        assert refused.api_path == ORDER_PATH and refused.code == 50
        assert stored.email_approver == NEW_APPROVER
        assert stored.dcv["cyberdyne.com"] == "email"  # the update did not land
        shown = text(app)
        # The first call's warnings are shown, and what went through is said.
        assert "Warning (code 1103): The CA sends a new approval email" in shown
        assert "The approver email change went through; the order update did not." in shown
        assert "unsent: DCV methods" in shown
        assert "unsent: approver email" not in shown
        no_traceback_or_token(app)

        # The next send offers and sends only what did not land: no second approver call.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        offered = dialog_text(app)
        assert "cyberdyne.com email -> dns" in offered
        assert "Approver email" not in offered and "approver-email" not in offered
        await pilot.press("enter")
        await settle(pilot)
        await quiet_period(pilot)
        new = writes(sandbox)[2:]
        assert [(w.api_path, w.code) for w in new] == [(ORDER_PATH, 0)]
        assert set(new[0].body) == {"id", "domain_validation_methods"}
        assert stored.dcv["cyberdyne.com"] == "dns"
        approver_calls = [w for w in writes(sandbox) if w.api_path.endswith("/approver-email")]
        assert len(approver_calls) == 1
