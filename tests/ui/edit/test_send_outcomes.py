"""Around a send: a start provision that went through is not "dropped"; ctrl+q while a
send is in flight waits for its answer instead of cutting it."""

from __future__ import annotations

from tests.reliability.helpers import wait_until
from tests.ui.edit.helpers import (
    PAI_SINGLE,
    REQ_MULTI,
    TALL,
    dialog_text,
    focus_field,
    open_form,
    puts,
    text,
)
from tests.ui.helpers import notifications, running, settle
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


async def test_ctrl_q_during_a_send_waits_for_the_answer_then_quits(sandbox: Sandbox) -> None:
    """The PUT's outcome would be unknown if it were cancelled: ctrl+q says a send is in
    flight, y quits only once the API has answered, and a second ctrl+q does not cut it."""
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        sandbox.faults.update(hold=True)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.sending, "the send to start")
        await pilot.press("ctrl+q")
        await pilot.pause(0.1)
        asked = dialog_text(app)
        assert "have not been sent" not in asked
        assert "in flight" in asked and "as soon as the API answers" in asked
        await pilot.press("y")
        await pilot.pause(0.1)
        assert app.is_running and screen.sending
        assert "quits as soon as the API answers" in text(app)
        await pilot.press("ctrl+q")  # again: still waits, never cancels the PUT
        await pilot.pause(0.1)
        assert app.is_running and screen.sending
        sandbox.faults.update(hold=False)
        await wait_until(pilot, lambda: not app.is_running, "opssl to quit after the answer")
    (put,) = puts(sandbox)
    assert put.code == 0
    assert any("Changes sent" in n for n in notifications(app))


async def test_ctrl_q_during_a_send_that_fails_stays_with_the_edits(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        sandbox.faults.update(hold=True, error_next=1, methods=["PUT"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.sending, "the send to start")
        await pilot.press("ctrl+q")
        await pilot.pause(0.1)
        await pilot.press("y")
        sandbox.faults.update(hold=False)
        await settle(pilot)
        assert app.is_running and app.screen is screen
        shown = text(app)
        assert "Not quitting" in shown and "unsent: DCV methods" in shown
