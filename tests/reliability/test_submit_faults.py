"""A submit from the edit form when the API fails: the app stays up, says what happened
(with the API's code and desc where there is one), keeps every edit, and never sends a
write again by itself. Every test waits out any retry before counting the PUTs.

The edits (REQ_MULTI, cyberdyne.com): the first two DCV rows to dns and autorenew on,
so a kept edit can be told from a re-read order in three places.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import TODAY
from tests.reliability.helpers import (
    ApiGate,
    draft,
    no_traceback_or_token,
    quiet_period,
    short_client,
    wait_until,
)
from tests.ui.edit.helpers import (
    PAI_SINGLE,
    REQ_MULTI,
    dcv_rows,
    dialog_text,
    focus_field,
    open_form,
    puts,
    text,
    writes,
)
from tests.ui.helpers import busy, notifications, running, settle
from tests.ui.signin.start import PASSWORD, USERNAME, add_profile, focused_id, start_opssl
from tests.ui.signin.start import words as dialog_words
from tests.ui.signin.test_expiry import signed_in_session
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.diff_dialog import DiffDialog
from tui_app.ui.edit.screen import EditScreen
from tui_app.ui.help_screen import HelpScreen
from tui_app.ui.signin.reauth_dialog import ReauthDialog

EDITED_ROWS = (
    ("cyberdyne.com", "dns"),
    ("shop.cyberdyne.com", "dns"),
    ("www.cyberdyne.com", "https"),
    ("status.acme.io", "dns"),
)
SENT_BODY = {
    "id": REQ_MULTI,
    "domain_validation_methods": [{"host_name": h, "method": m} for h, m in EDITED_ROWS],
    "autorenew": "on",
}


async def edit_req_multi(pilot: Pilot[Any], app: OpsslApp) -> EditScreen:
    """Open the form and make the three edits with keys; ctrl+s then shows their diff."""
    screen = await open_form(pilot, app, REQ_MULTI)
    stored_before = draft(app)
    assert stored_before.dcv[0] == ("cyberdyne.com", "email")
    assert stored_before.autorenew is False
    await pilot.press("d", "j", "d")
    await focus_field(pilot, app, "field-autorenew")
    await pilot.press("space")
    await settle(pilot)
    assert_edits_kept(app)
    return screen


def assert_edits_kept(app: OpsslApp) -> None:
    edited = draft(app)
    assert edited.dcv == EDITED_ROWS
    assert edited.autorenew is True
    assert dcv_rows(app).rows == list(EDITED_ROWS)


async def confirm_send(pilot: Pilot[Any], app: OpsslApp) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, DiffDialog)
    shown = dialog_text(app)
    assert "cyberdyne.com email -> dns" in shown and "Autorenew off -> on" in shown
    await pilot.press("enter")


async def send_again_and_check(
    pilot: Pilot[Any], app: OpsslApp, sandbox: Sandbox, before: int
) -> None:
    """ctrl+s offers the same change again; confirmed, it is sent once, with the same body."""
    await confirm_send(pilot, app)
    await settle(pilot)
    await quiet_period(pilot)
    sent = puts(sandbox)
    assert len(sent) == before + 1
    assert sent[-1].body == SENT_BODY and sent[-1].code == 0
    assert any("Changes sent" in n for n in notifications(app))
    assert "no unsent changes" in text(app)
    assert sandbox.store.orders[REQ_MULTI].autorenew is True


# -- the API answers the PUT with an error ---------------------------------------------

REFUSED_PUTS = {
    "html-500": (
        {"html_next": 1},
        [
            "Unexpected answer: The server answered HTTP 500 with an HTML page "
            "(500 Internal Server Error) instead of the API's JSON",
            "The outcome is unknown; the order is read again to find out.",
        ],
    ),
    "malformed-json": (
        {"malformed_next": 1},
        [
            "Unexpected answer: The server answered HTTP 200 with a body that is not valid JSON",
            "The outcome is unknown; the order is read again to find out.",
        ],
    ),
    "rate-limit": (
        {"error_next": 1, "error_code": 50, "error_desc": "Calls limit has been reached"},
        [
            "Rate limit reached: The API answered code 50: Calls limit has been reached.",
            "The API refused it: nothing was changed.",
        ],
    ),
    "access-denied": (
        {"error_next": 1, "error_code": 10005, "error_desc": "Access denied."},
        [
            "Access denied: The API answered code 10005: Access denied. (while sending",
            "The API refused it: nothing was changed.",
        ],
    ),
}


@pytest.mark.parametrize("fault", list(REFUSED_PUTS))
async def test_a_failed_put_is_explained_and_the_edits_kept(sandbox: Sandbox, fault: str) -> None:
    knobs, said = REFUSED_PUTS[fault]
    stored = sandbox.store.orders[REQ_MULTI]
    async with running(sandbox) as (app, pilot):
        screen = await edit_req_multi(pilot, app)
        sandbox.faults.update(methods=["PUT"], **knobs)
        await confirm_send(pilot, app)
        await settle(pilot)
        await quiet_period(pilot)

        assert app.is_running and app.screen is screen
        shown = text(app)
        for words in said:
            assert words in shown, words
        assert "Your edits are kept: ctrl+s offers the send again." in shown
        assert "unsent: DCV methods, autorenew" in shown
        no_traceback_or_token(app)
        (refused,) = puts(sandbox)
        assert refused.body == SENT_BODY
        assert stored.autorenew is False  # the fault stopped it before the order changed
        assert_edits_kept(app)
        # The form read the order again after the failure (to learn the outcome).
        assert sandbox.received("GET", rf"/ssl/orders/{REQ_MULTI}")[-1].code == 0
        if fault == "rate-limit":  # the retry path itself, once (test_refused_... too)
            await send_again_and_check(pilot, app, sandbox, before=1)


# -- no answer, or no API at all ---------------------------------------------------------


async def test_a_put_that_times_out_is_never_sent_again_by_itself(sandbox: Sandbox) -> None:
    """The client gives up after 0.3 s; the API holds the PUT, then applies it. The app
    cannot know that: it says the outcome is unknown and reads the order again (held too,
    so that fails and says f5)."""
    client = short_client(sandbox.base_url, sandbox.issue_token(), timeout=0.3)
    async with running(sandbox, client=client) as (app, pilot):
        screen = await edit_req_multi(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        sandbox.faults.update(hold=True)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: not screen.sending and not busy(app, "edit-load"),
            "the send and the re-read to give up",
        )
        sandbox.faults.update(hold=False)
        await wait_until(pilot, lambda: bool(puts(sandbox)), "the held PUT to land")
        shown = text(app)
        assert f"No answer from {sandbox.base_url}/ssl/orders/{REQ_MULTI} in time" in shown
        assert "The outcome is unknown; the order is read again to find out." in shown
        assert "Not re-read" in shown and "f5 reads it again" in shown
        assert_edits_kept(app)
        await quiet_period(pilot)
        assert len(puts(sandbox)) == 1  # neither the send nor the f5 hint sent it again
        # f5 reads the order and finds that the change landed.
        await pilot.press("f5")
        await settle(pilot)
        await quiet_period(pilot)
        (put,) = puts(sandbox)
        assert put.body == SENT_BODY and put.code == 0
        shown = text(app)
        assert "Changed on the server" in shown
        assert "no unsent changes" in shown  # the edits are the order now: nothing to resend
        assert_edits_kept(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # no diff: nothing to send
        assert any("nothing to send" in n for n in notifications(app))
        await quiet_period(pilot)
        assert len(puts(sandbox)) == 1


async def test_a_refused_connection_keeps_the_edits_until_the_api_is_back(
    sandbox: Sandbox,
) -> None:
    gate = ApiGate(sandbox)
    await gate.up()
    try:
        client = short_client(gate.base_url, sandbox.issue_token(), timeout=5)
        async with running(sandbox, client=client) as (app, pilot):
            screen = await edit_req_multi(pilot, app)
            await pilot.press("ctrl+s")
            await settle(pilot)
            await gate.down()
            await pilot.press("enter")
            await settle(pilot)
            await quiet_period(pilot)
            assert app.is_running and app.screen is screen
            shown = text(app)
            assert (
                f"Cannot reach the API: Cannot connect to {gate.base_url}: connection refused"
                in shown
            )
            assert "Your edits are kept: ctrl+s offers the send again." in shown
            # The re-read failed too, and says how to do it again.
            assert "Not re-read" in shown and "f5 reads it again" in shown
            assert puts(sandbox) == []
            assert_edits_kept(app)
            no_traceback_or_token(app)

            await gate.up()
            await send_again_and_check(pilot, app, sandbox, before=0)
    finally:
        await gate.down()


# -- the API works, but says something -------------------------------------------------


async def test_maintenance_is_shown_in_the_form_and_the_send_still_goes(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        sandbox.faults.update(maintenance=True)
        await edit_req_multi(pilot, app)
        note = "Maintenance: the API reports maintenance: changes may be refused, try again later."
        assert note in text(app)
        await send_again_and_check(pilot, app, sandbox, before=0)
        assert note in text(app)  # the re-read still reports it
        sandbox.faults.update(maintenance=False)
        await pilot.press("f5")
        await settle(pilot)
        assert "Maintenance" not in text(app)


async def test_expiry_mid_submit_signs_in_then_offers_the_same_send_once(
    memory_keyring: Any,
) -> None:
    """Issue 5's expiry mid-edit: the refused PUT's body is the body that goes out after
    the sign-in, once, and only after the user asks for the review again (ctrl+s) and
    confirms it (issue 15: the review is not reopened by itself)."""
    with Sandbox(orders=40, seed=1, today=TODAY, username=USERNAME, password=PASSWORD) as sandbox:
        add_profile(sandbox)
        old_token = await signed_in_session(sandbox, memory_keyring)

        async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
            screen = await edit_req_multi(pilot, app)
            sandbox.expire_tokens()
            await confirm_send(pilot, app)
            await settle(pilot)
            (refused,) = puts(sandbox)
            assert refused.code == 196 and refused.body == SENT_BODY
            assert isinstance(app.screen, ReauthDialog)
            said = dialog_words(app)
            assert "code 196" in said and f"Sign in as {USERNAME}" in said
            assert not app.screen.query("#signin-username")  # only the password is asked
            assert focused_id(app) == "signin-password"
            await quiet_period(pilot)
            assert len(puts(sandbox)) == 1  # nothing is sent while the dialog waits

            await pilot.press(*PASSWORD, "enter")
            await settle(pilot)
            # Signed in: the form says the changes were not sent; no review is open, so
            # an enter meant for the password (a double press) cannot send them.
            assert app.screen is screen
            assert "Your changes were not sent: ctrl+s shows them again" in text(app)
            assert_edits_kept(app)
            await quiet_period(pilot)
            assert app.screen is screen and len(puts(sandbox)) == 1
            # ctrl+s offers the same changes, and only the review's own enter sends them.
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DiffDialog)
            assert "cyberdyne.com email -> dns" in dialog_text(app)
            await pilot.press("enter")
            await settle(pilot)
            await quiet_period(pilot)
            refused_again, accepted = puts(sandbox)
            assert refused_again == refused
            assert accepted.body == refused.body and accepted.code == 0
            assert app.screen is screen and "no unsent changes" in text(app)
            new_token = app.client._token
            assert new_token is not None and new_token != old_token
            no_traceback_or_token(app, old_token, new_token, PASSWORD)

        await start_opssl(steps)


async def test_a_status_change_on_the_server_is_explained_and_the_rules_reapplied(
    sandbox: Sandbox,
) -> None:
    """PAI when the form opened, REQ by the time of the send: the API refuses, the form
    re-reads the order, keeps the DCV edit (REQ allows it) and drops the locked ones."""
    stored = sandbox.store.orders[PAI_SINGLE]
    assert stored.status == "PAI" and stored.dcv == {"massive.com": "http"}
    async with running(sandbox, size=(100, 40)) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-software")
        await pilot.press("left")  # windows -> linux: PAI only
        await focus_field(pilot, app, "field-dcv")
        await pilot.press("d")  # http -> dns: allowed in REQ too
        await settle(pilot)
        with sandbox.store.lock:
            stored.status = "REQ"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Software windows -> linux" in dialog_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await quiet_period(pilot)

        (refused,) = puts(sandbox)
        assert refused.code == 1003
        assert refused.body["software_id"] == "linux"
        reread = sandbox.received("GET", rf"/ssl/orders/{PAI_SINGLE}")[-1]
        assert reread.code == 0
        assert app.screen is screen
        shown = text(app)
        assert "code 1003" in shown
        assert "Status changed: The order is now REQ on the server" in shown
        assert "Kept your edits to: DCV methods" in shown
        assert "Dropped, as REQ locks them: software" in shown
        assert "REQ: only DCV methods and autorenew can change" in shown
        assert "unsent: DCV methods" in shown
        assert draft(app).dcv == (("massive.com", "dns"),)
        assert screen.form is not None and screen.form.field("software_id") is None

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Software" not in dialog_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await quiet_period(pilot)
        assert len(puts(sandbox)) == 2
        assert puts(sandbox)[-1].body == {
            "id": PAI_SINGLE,
            "domain_validation_methods": [{"host_name": "massive.com", "method": "dns"}],
        }
        assert stored.dcv == {"massive.com": "dns"}


async def test_a_slow_send_shows_sending_and_the_form_keeps_answering_keys(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await edit_req_multi(pilot, app)
        await focus_field(pilot, app, "field-dcv")
        rows = dcv_rows(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        sandbox.faults.update(hold=True)  # the PUT stays in flight until released
        await pilot.press("enter")
        await pilot.pause()
        assert "sending…" in text(app)
        assert f"Sending: 1 request to order {REQ_MULTI}…" in text(app)
        # While the PUT is in flight: move along the rows, open help, close it.
        cursor = rows.cursor
        await pilot.press("j")
        assert rows.cursor == cursor + 1
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("ctrl+s")  # off while sending: no second dialog, no second PUT
        assert app.screen is screen
        assert busy(app, "edit-send"), "the keys were answered only after the send"
        sandbox.faults.update(hold=False)
        await settle(pilot)
        await quiet_period(pilot)
        (put,) = puts(sandbox)
        assert put.body == SENT_BODY
        assert writes(sandbox) == [put]
        assert "sending…" not in text(app)
        assert any("Changes sent" in n for n in notifications(app))
