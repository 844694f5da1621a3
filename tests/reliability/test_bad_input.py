"""Bad input is refused at its field, in words, and nothing reaches the API.

Each test types or pastes the input as a user would, reads the message in the field's
own part of the screen (not just anywhere), presses ctrl+s, and checks that no write
(PUT or POST) reached the sandbox.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.core.factories import make_csr
from tests.reliability.helpers import assert_no_write, no_traceback_or_token
from tests.support.der import duplicate_san_csr, sha1_csr
from tests.ui.edit.helpers import (
    GARBLED_CSR,
    PAI_MULTI,
    PAI_SINGLE,
    REQ_WILDCARD,
    TALL,
    dcv_rows,
    focus_field,
    form_screen,
    open_form,
    text,
)
from tests.ui.helpers import running, screen_text, settle
from tui_app.core.csr import MAX_CSR_CHARS
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.screen import EditScreen


def at_field(app: OpsslApp, field_id: str) -> str:
    """The words drawn inside the field's own region of the screen."""
    field = form_screen(app).query_one(f"#{field_id}", FormField)
    region = field.region
    assert region.height > 0, f"{field_id} is not on screen"
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right] for line in lines).split())


async def paste(pilot: Pilot[Any], app: OpsslApp, content: str) -> None:
    """A bracketed paste from the terminal into the focused widget, through the app."""
    app.post_message(events.Paste(content))
    await settle(pilot)


async def refused_on_send(pilot: Pilot[Any], app: OpsslApp, screen: EditScreen) -> str:
    """ctrl+s: the form stays, says it sent nothing, and the API received no write."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is screen, "a dialog opened for input that should be refused"
    shown = text(app)
    assert "Not sent:" in shown, shown
    return shown


async def open_csr(pilot: Pilot[Any], app: OpsslApp) -> EditScreen:
    screen = await open_form(pilot, app, PAI_SINGLE)
    await focus_field(pilot, app, "field-csr")
    await pilot.press("f7")  # select all: the paste replaces the CSR
    return screen


async def test_an_invalid_csr(sandbox: Sandbox) -> None:
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_csr(pilot, app)
        rows = list(dcv_rows(app).rows)
        await paste(pilot, app, GARBLED_CSR)
        said = "Error: The CSR could not be decoded: the PEM block is damaged or truncated"
        assert said in at_field(app, "field-csr")
        assert dcv_rows(app).rows == rows  # a broken CSR leaves the rows alone
        shown = await refused_on_send(pilot, app, screen)
        assert "CSR: The CSR could not be decoded" in shown
        assert_no_write(sandbox)


async def test_a_csr_whose_hosts_the_rows_and_product_cannot_take(sandbox: Sandbox) -> None:
    """massive.com is a single-host RapidSSL order. A CSR for other hosts moves the rows
    (the form says which), and one with a wildcard, which RapidSSL does not cover, is
    refused at the CSR."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_csr(pilot, app)
        await paste(pilot, app, make_csr("shop.massive.com"))
        assert dcv_rows(app).rows == [("shop.massive.com", "http")]
        follow = at_field(app, "field-dcv")
        assert "shop.massive.com" in follow and "massive.com" in follow
        await focus_field(pilot, app, "field-csr")
        await pilot.press("f7")
        await paste(pilot, app, make_csr("*.massive.com"))
        # A new wildcard row never gets http: it takes dns.
        assert dcv_rows(app).rows == [("*.massive.com", "dns")]
        shown = await refused_on_send(pilot, app, screen)
        said = "*.massive.com is a wildcard, but RapidSSL does not cover wildcards"
        assert said in at_field(app, "field-csr")
        assert said in shown
        assert_no_write(sandbox)


async def test_a_malformed_handle(sandbox: Sandbox) -> None:
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-technical-handle")
        await pilot.press("ctrl+a", "ctrl+k", *"JD12345-NL", "tab")
        await settle(pilot)
        said = "'JD12345-NL' is not a handle: expected two letters, six digits"
        assert said in at_field(app, "field-technical-handle")
        await refused_on_send(pilot, app, screen)
        assert said in at_field(app, "field-technical-handle")
        assert_no_write(sandbox)


async def test_an_invalid_email_typed_when_the_approver_list_fails(sandbox: Sandbox) -> None:
    """The approver list cannot be read (code 10005 on that call only): the address is
    typed instead, and checked as an address."""
    sandbox.faults.update(
        paths=[r"/ssl/approver-emails"], error_next=5, error_code=10005, error_desc="Access denied."
    )
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        assert sandbox.received("GET", r"/ssl/approver-emails")[-1].code == 10005
        field = at_field(app, "field-approver")
        assert "code 10005" in field and "Access denied." in field  # why it is typed
        await focus_field(pilot, app, "field-approver")
        assert isinstance(app.focused, Input) and app.focused.id == "approver-input"
        await pilot.press("ctrl+a", "ctrl+k", *"admin at massive.com", "tab")
        await settle(pilot)
        said = "'admin at massive.com' contains spaces or control characters"
        assert said in at_field(app, "field-approver")
        await refused_on_send(pilot, app, screen)
        assert_no_write(sandbox)


async def test_duplicate_and_empty_host_names_are_refused_as_typed(sandbox: Sandbox) -> None:
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_MULTI)
        rows = list(dcv_rows(app).rows)
        await focus_field(pilot, app, "field-host-names")
        adder = form_screen(app).query_one("#host-add", Input)
        adder.focus()
        await pilot.press(*"CDN.wayne.com", "enter")
        await settle(pilot)
        assert "cdn.wayne.com is already listed" in at_field(app, "field-host-names")
        assert adder.value == "CDN.wayne.com"  # kept, to be corrected
        await pilot.press("ctrl+a", "ctrl+k", "space", "enter")
        await settle(pilot)
        assert "The host name is empty" in at_field(app, "field-host-names")
        assert dcv_rows(app).rows == rows  # no row came or went
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert_no_write(sandbox)


async def test_http_on_a_wildcard_row(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_WILDCARD)
        await pilot.press("h")
        await settle(pilot)
        field = at_field(app, "field-dcv")
        assert "Refused: *.lucerne.com: a wildcard cannot use http" in field
        assert dcv_rows(app).rows[0] == ("*.lucerne.com", "dns")  # unchanged
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert_no_write(sandbox)


async def test_a_one_megabyte_paste_into_the_csr(sandbox: Sandbox) -> None:
    """A whole file pasted by mistake: refused with its size, the app keeps answering."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_csr(pilot, app)
        rows = list(dcv_rows(app).rows)
        line = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4l\n"
        huge = line * (1_048_576 // len(line))
        await paste(pilot, app, huge)
        csr = form_screen(app).query_one("#csr-text", TextArea)
        assert len(csr.text) > MAX_CSR_CHARS
        field = at_field(app, "field-csr")
        assert f"The pasted text is {len(csr.text):,} characters; a CSR is a few" in field
        assert dcv_rows(app).rows == rows
        shown = await refused_on_send(pilot, app, screen)
        assert "CSR: The pasted text is" in shown
        # Still answering keys: undo the paste with select-all and a real CSR.
        await pilot.press("f7")
        await paste(pilot, app, make_csr("massive.com"))
        assert "new CSR: CN massive.com" in at_field(app, "field-csr")
        assert_no_write(sandbox)


async def test_control_characters_in_a_paste_are_shown_and_refused(sandbox: Sandbox) -> None:
    """An ESC pasted raw would reach the terminal as an escape sequence: every field shows
    it as a symbol (␛) and refuses it."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_csr(pilot, app)
        good = make_csr("massive.com")
        await paste(pilot, app, good + "\x1b[31m")  # the cursor ends on this line
        csr = form_screen(app).query_one("#csr-text", TextArea).text
        assert "\x1b" not in csr and "\u241b[31m" in csr
        assert "The CSR contains control characters" in at_field(app, "field-csr")
        assert "\u241b[31m" in screen_text(app)

        await focus_field(pilot, app, "field-organization-handle")
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, app, "JD123456-NL\x07\x1b]0;owned\x07")
        await pilot.press("tab")
        await settle(pilot)
        handle = at_field(app, "field-organization-handle")
        assert "is not a handle" in handle and "\u2407" in handle

        shown = await refused_on_send(pilot, app, screen)
        assert "Not sent: 2 problems" in shown
        assert "\x1b" not in screen_text(app)
        no_traceback_or_token(app)
        assert_no_write(sandbox)


@pytest.mark.parametrize(
    ("csr", "said"),
    [
        (duplicate_san_csr(), "lists its subject alternative names twice"),
        (sha1_csr("massive.com"), "signed with SHA-1"),
        (make_csr("massive.com", (), "ed25519"), "key type Ed25519 is not accepted"),
        (make_csr("printer.local"), "printer.local is an internal name"),
    ],
    ids=["duplicate-san", "sha1", "ed25519", "internal-name"],
)
async def test_a_csr_the_ca_refuses_is_refused_at_the_field(
    sandbox: Sandbox, csr: str, said: str
) -> None:
    """Issue 15: the duplicated SAN extension used to kill the app with a traceback, and
    every unsent edit with it; the others the CA would refuse after the send."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_csr(pilot, app)
        rows = list(dcv_rows(app).rows)
        await paste(pilot, app, csr)
        assert app.is_running and app.screen is screen
        assert said in at_field(app, "field-csr")
        assert dcv_rows(app).rows == rows
        shown = await refused_on_send(pilot, app, screen)
        assert said in shown
        assert_no_write(sandbox)
        no_traceback_or_token(app)
