"""ACT and closed orders, a read-only profile, the dialogs' escape, a failed load, help."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.edit.helpers import (
    ACT_SINGLE,
    FAI_SINGLE,
    REQ_SINGLE_DNS,
    dcv_rows,
    dialog_text,
    form_screen,
    open_form,
    puts,
    text,
    writes,
)
from tests.ui.helpers import (
    demo_connection,
    move_to_order,
    notifications,
    running,
    screen_text,
    settle,
)
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.edit.confirm_dialog import LeaveDialog
from tui_app.ui.edit.diff_dialog import DiffDialog
from tui_app.ui.edit.screen import EditScreen
from tui_app.ui.help_screen import HelpScreen


def footer(app: OpsslApp) -> str:
    """The footer line: the keys the screen offers."""
    return screen_text(app).splitlines()[-1]


async def test_act_changes_autorenew_only(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[ACT_SINGLE]
    assert stored.autorenew is False
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, ACT_SINGLE)
        assert app.focused is screen.query_one("#autorenew")
        shown = text(app)
        assert "ACT: only autorenew can change" in shown
        assert "Locked ACT: only autorenew can change" in shown
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert "Autorenew off -> on" in dialog_text(app)
        await pilot.press("enter")
        await settle(pilot)
        (put,) = puts(sandbox)
        assert put.body == {"id": ACT_SINGLE, "autorenew": "on"}
        assert stored.autorenew is True


async def test_a_closed_order_is_read_only_and_no_write_key_does_anything(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, FAI_SINGLE)
        shown = text(app)
        assert "Read-only FAI: closed: cancelled, rejected or revoked at the CA" in shown
        assert "nothing can change" in shown
        assert "DCV methods tyrell.com: dns" in shown
        assert screen.form is not None and list(screen.form.fields) == []
        # Not offered in the footer; pressed anyway, the keys say why (issue 16 item 9).
        assert screen.check_action("submit", ()) is False
        assert screen.check_action("resend", ()) is False
        assert "Send" not in footer(app) and "Resend" not in footer(app)
        await pilot.press("d", "h", "a", "e", "space", "ctrl+s", "enter", "y", "ctrl+r")
        await settle(pilot)
        assert app.screen is screen
        assert writes(sandbox) == []
        said = notifications(app)
        assert len(said) == 2
        assert "Read-only (order 1306009 is FAI: closed" in said[0]
        await pilot.press("escape")  # nothing changed: no question
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_a_read_only_profile_sends_nothing_and_says_why(sandbox: Sandbox) -> None:
    """The form allows no edit, the footer offers no Send, ctrl+s says why, and the banner
    names the profile as where read-only comes from (issue 16 item 9)."""
    read_only = replace(
        demo_connection(sandbox), profile="ro", read_only=True, read_only_profile=True
    )
    async with running(sandbox, connection=read_only) as (app, pilot):
        screen = await open_form(pilot, app, REQ_SINGLE_DNS)
        shown = text(app)
        assert "Note: Read-only (profile ro is read-only): opssl sends no changes" in shown
        assert "--read-only" not in shown
        assert screen.form is not None and list(screen.form.fields) == []
        assert "Locked Read-only (profile ro is read-only)" in shown
        assert "DCV methods acme.com: dns" in shown
        assert "Send" not in footer(app)
        await pilot.press("e", "d", "ctrl+s", "enter", "ctrl+r", "y")
        await settle(pilot)
        assert app.screen is screen
        assert screen.check_action("submit", ()) is False
        assert writes(sandbox) == []
        assert any("Nothing is sent: Read-only (profile ro" in n for n in notifications(app))


async def test_the_read_only_flag_is_named_as_the_reason(sandbox: Sandbox) -> None:
    flag = replace(demo_connection(sandbox), read_only=True, read_only_flag=True)
    async with running(sandbox, connection=flag) as (app, pilot):
        screen = await open_form(pilot, app, REQ_SINGLE_DNS)
        shown = text(app)
        assert "Read-only (started with --read-only)" in shown
        assert "start without --read-only" in shown
        assert "profile" not in shown.split("Note:")[1].split(".")[0]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert any("started with --read-only" in n for n in notifications(app))


async def test_escape_in_the_dialogs_keeps_everything_and_leaving_asks(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_SINGLE_DNS)
        await pilot.press("e", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert dcv_rows(app).rows == [("acme.com", "email")]
        assert "unsent: DCV methods" in text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveDialog)
        assert "acme.com dns -> email" in dialog_text(app)
        await pilot.press("escape")  # escape stays
        await settle(pilot)
        assert app.screen is screen
        assert dcv_rows(app).rows == [("acme.com", "email")]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert writes(sandbox) == []
        # Opened again, the form shows the order as it is: the discarded edit is gone.
        await pilot.press("e")
        await settle(pilot)
        assert dcv_rows(app).rows == [("acme.com", "dns")]

        # While the send is in flight, ctrl+s is off: one PUT, however often it is pressed.
        await pilot.press("h", "ctrl+s")
        await settle(pilot)
        sandbox.faults.update(hold=True)  # the PUT stays in flight until released
        await pilot.press("enter")
        screen = form_screen(app)
        assert screen.sending and screen.check_action("submit", ()) is None
        await pilot.press("ctrl+s", "y", "ctrl+s", "enter")
        assert app.screen is screen
        sandbox.faults.update(hold=False)
        await settle(pilot)
        assert len(puts(sandbox)) == 1
        assert not screen.sending
        # Sent and read back: nothing is unsent, escape leaves without asking.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_ctrl_q_with_unsent_changes_asks_before_quitting(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_SINGLE_DNS)
        await pilot.press("e", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, LeaveDialog)
        assert app.screen.query_one(".dialog").border_title == "Quit without sending?"
        assert "quits opssl" in dialog_text(app)
        assert "acme.com dns -> email" in dialog_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and app.is_running
        assert dcv_rows(app).rows == [("acme.com", "email")]
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert not app.is_running
        assert writes(sandbox) == []


async def test_ctrl_q_without_changes_quits_at_once(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_SINGLE_DNS)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_a_failed_load_says_why_and_r_retries_and_help_lists_the_keys(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox, size=(100, 60)) as (app, pilot):
        await move_to_order(pilot, app, REQ_SINGLE_DNS)
        sandbox.faults.update(
            error_next=1, error_code=50, error_desc="Calls limit has been reached", methods=["GET"]
        )
        await pilot.press("e")
        await settle(pilot)
        screen = form_screen(app)
        assert screen.state == "failed"
        shown = text(app)
        assert "The API answered code 50: Calls limit has been reached" in shown
        assert "r retries · escape goes back to the list" in shown
        await pilot.press("r")
        await settle(pilot)
        assert screen.state == "ready"
        assert dcv_rows(app).rows == [("acme.com", "dns")]

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = text(app)
        for words in (
            "Edit form",
            "show every change old -> new",
            "validates by dns",
            "every host at once",
        ):
            assert words in shown, words
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)


async def test_changed_on_the_server_says_what_changed(sandbox: Sandbox) -> None:
    """Someone else switched autorenew and a DCV method: f5 reads the order and the form
    names those fields, not just that something changed (issue 16 item 17)."""
    stored = sandbox.store.orders[REQ_SINGLE_DNS]
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_SINGLE_DNS)
        stored.autorenew = not stored.autorenew
        stored.dcv["acme.com"] = "http"
        await pilot.press("f5")
        await settle(pilot)
        shown = text(app)
        assert "Changed on the server: DCV methods, autorenew changed since the form" in shown
