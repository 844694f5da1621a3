"""What the form says after a send: a start provision that went through is not "dropped"."""

from __future__ import annotations

from tests.ui.edit.helpers import PAI_SINGLE, TALL, focus_field, open_form, puts, text
from tests.ui.helpers import running, settle
from tui_app.sandbox import Sandbox


async def test_a_start_provision_that_went_through_is_not_called_dropped(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-start-provision")
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        (put,) = puts(sandbox)
        assert put.body["start_provision"] is True and put.code == 0
        shown = text(app)
        assert "REQ: only DCV methods and autorenew can change" in shown
        assert "Dropped" not in shown and "locks them" not in shown
        assert "no unsent changes" in shown
