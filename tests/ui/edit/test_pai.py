"""PAI orders: every field, rows that follow a new CSR, start provision, and every failure."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from tests.core.factories import make_csr
from tests.ui.edit.helpers import (
    GARBLED_CSR,
    PAI_MULTI,
    PAI_SINGLE,
    TALL,
    dcv_rows,
    dialog_text,
    focus_field,
    form_screen,
    open_form,
    puts,
    text,
    writes,
)
from tests.ui.helpers import notifications, running, settle, terminal_write
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.diff_dialog import DiffDialog

NEW_WAYNE_CSR = make_csr("wayne.com", ("www.wayne.com", "cdn.wayne.com"))
NEW_MASSIVE_CSR = make_csr("massive.com", (), "ec384")


async def paste_csr(pilot: Pilot[None], app: OpsslApp, csr: str) -> None:
    """Into the CSR box, a terminal paste of ``csr`` (it replaces what the box held)."""
    await focus_field(pilot, app, "field-csr")
    assert isinstance(app.focused, TextArea) and app.focused.id == "csr-text"
    app.post_message(events.Paste(csr))
    await settle(pilot)


async def test_full_edit_with_a_new_csr_and_start_provision(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[PAI_MULTI]
    assert set(stored.hosts) == {"wayne.com", "cdn.wayne.com", "admin.wayne.com"}
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_MULTI)
        assert app.focused is dcv_rows(app)  # every status: the first DCV row
        await paste_csr(pilot, app, NEW_WAYNE_CSR)
        await settle(pilot)
        shown = text(app)
        assert "new CSR: CN wayne.com · SANs www.wayne.com, cdn.wayne.com" in shown
        assert "DCV rows follow the hosts: added www.wayne.com; removed admin.wayne.com" in shown
        assert [h for h, _ in dcv_rows(app).rows] == ["wayne.com", "www.wayne.com", "cdn.wayne.com"]

        await focus_field(pilot, app, "field-host-names")
        await pilot.press("tab")  # from the list to the line that adds a name
        await pilot.press(*"shop.wayne.com", "enter")
        await settle(pilot)
        assert "added shop.wayne.com" in text(app)
        await focus_field(pilot, app, "field-technical-handle")
        await pilot.press(*"AB123456-NL")
        await focus_field(pilot, app, "field-approver")
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        approver = form_screen(app).query_one("#approver-select", Select).value
        assert approver == "admin@wayne.com"
        await focus_field(pilot, app, "field-software")
        await pilot.press("right")
        await focus_field(pilot, app, "field-start-provision")
        await pilot.press("space")
        await settle(pilot)
        assert "the order goes to the CA and becomes REQ" in text(app)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        shown = dialog_text(app)
        assert "Host names (none) -> shop.wayne.com" in shown
        assert "admin.wayne.com dns -> (removed)" in shown
        assert "www.wayne.com (new host) -> http" in shown
        assert "Start provision no -> yes: the order goes to the CA" in shown
        await pilot.press("enter")
        await settle(pilot)

        (put,) = puts(sandbox)
        assert set(put.body) == {
            "id",
            "csr",
            "technical_handle",
            "approver_email",
            "host_names",
            "software_id",
            "domain_validation_methods",
            "start_provision",
        }
        assert put.body["start_provision"] is True
        assert put.body["software_id"] == "windows"
        assert put.body["technical_handle"] == "AB123456-NL"
        assert put.body["host_names"] == ["cdn.wayne.com", "shop.wayne.com"]
        sent = {d["host_name"] for d in put.body["domain_validation_methods"]}
        assert sent == {"wayne.com", "www.wayne.com", "cdn.wayne.com", "shop.wayne.com"}
        assert stored.status == "REQ"
        # Re-read: the form now follows the REQ rules and shows what the API warned.
        shown = text(app)
        assert "REQ: only DCV methods and autorenew can change" in shown
        assert "Warning (code 1102): The order was sent to the CA" in shown
        assert "no unsent changes" in shown


async def test_local_errors_are_shown_at_their_fields_and_nothing_is_sent(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        rows_before = list(dcv_rows(app).rows)
        await paste_csr(pilot, app, GARBLED_CSR)
        await settle(pilot)
        assert "Error: The CSR could not be decoded" in text(app)
        assert dcv_rows(app).rows == rows_before  # a broken CSR does not wipe the rows
        await focus_field(pilot, app, "field-organization-handle")
        await pilot.press(*"AB1-NL", "tab")
        await settle(pilot)
        assert "'AB1-NL' is not a handle: expected two letters, six digits" in text(app)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        shown = text(app)
        assert "Not sent: 2 problems, shown at the fields." in shown
        assert "CSR: The CSR could not be decoded" in shown
        assert writes(sandbox) == []
        field = form_screen(app).query_one("#field-csr")
        assert field.has_class("-invalid")
        assert app.focused is form_screen(app).query_one("#csr-text")


async def test_an_api_error_keeps_the_edits_and_the_retry_offers_the_same_send(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_SINGLE)
        await paste_csr(pilot, app, NEW_MASSIVE_CSR)
        await settle(pilot)
        sandbox.faults.update(
            error_next=1, error_code=1030, error_desc="Invalid CSR", methods=["PUT"]
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        assert len(puts(sandbox)) == 1
        screen = form_screen(app)
        shown = text(app)
        assert "API error: The API answered code 1030: Invalid CSR." in shown
        assert "Your edits are kept: ctrl+s offers the send again" in shown
        assert "Error: The API refused the CSR: code 1030, Invalid CSR" in shown
        assert screen.query_one("#csr-text", TextArea).text == NEW_MASSIVE_CSR
        assert "unsent: CSR" in shown

        # What a sign-in (code 196) runs afterwards: the send is offered, never sent, and
        # not as an open review either (issue 15): ctrl+s opens it, its enter sends.
        for retry in app.take_retries():
            retry()
        await settle(pilot)
        assert app.screen is screen
        assert "Your changes were not sent: ctrl+s shows them again" in text(app)
        assert len(puts(sandbox)) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert len(puts(sandbox)) == 2
        assert puts(sandbox)[-1].body == {"id": PAI_SINGLE, "csr": NEW_MASSIVE_CSR}
        assert any("Changes sent" in n for n in notifications(app))
        assert "code 1030" not in text(app)


async def test_removing_the_last_host_name_leaves_the_keys_on_the_add_line(
    sandbox: Sandbox,
) -> None:
    """x on the last extra host name, then a new name typed at once: it lands in the line
    that adds one, never unseen in another field (issue 16 item 4)."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_MULTI)
        csr = screen.query_one("#csr-text", TextArea).text
        await focus_field(pilot, app, "field-host-names")
        terminal_write(app, "xshop.wayne.com\r")
        await settle(pilot)
        draft = screen.current_draft()
        assert draft is not None
        assert draft.host_names == ("shop.wayne.com",)
        assert draft.csr == csr
        assert app.focused is screen.query_one("#host-add")
        assert "added shop.wayne.com" in text(app)


async def test_a_host_that_comes_back_with_the_right_csr_keeps_its_saved_method(
    sandbox: Sandbox,
) -> None:
    """A CSR without admin.wayne.com pasted by mistake, then the order's own again: the
    row comes back with its saved method (dns), not the one most rows use, and there is
    nothing to send (issue 16 item 10)."""
    stored = sandbox.store.orders[PAI_MULTI]
    assert stored.dcv["admin.wayne.com"] == "dns"
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_MULTI)
        rows = list(dcv_rows(app).rows)
        own = screen.query_one("#csr-text", TextArea).text
        await paste_csr(pilot, app, make_csr("wayne.com", ("cdn.wayne.com",)))
        assert "admin.wayne.com" not in dict(dcv_rows(app).rows)
        await paste_csr(pilot, app, own)
        assert dcv_rows(app).rows == rows
        assert "no unsent changes" in text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("nothing to send" in n for n in notifications(app))
        assert writes(sandbox) == []


async def test_a_handle_typed_in_lower_case_is_taken_upper_case(sandbox: Sandbox) -> None:
    """ab123456-nl is the handle AB123456-NL: shown and sent so, never refused (item 17)."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-technical-handle")
        terminal_write(app, "\x01\x0b" + "ab123456-nl\t")  # ctrl+a, ctrl+k, the handle, tab
        await settle(pilot)
        handle = screen.query_one("#field-technical-handle Input", Input)
        assert handle.value == "AB123456-NL"
        assert "is not a handle" not in text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "AB123456-NL" in dialog_text(app)
        await pilot.press("enter")
        await settle(pilot)
        (put,) = puts(sandbox)
        assert put.body == {"id": PAI_SINGLE, "technical_handle": "AB123456-NL"}


async def test_an_extra_host_name_the_csr_already_has_is_refused(sandbox: Sandbox) -> None:
    """admin.wayne.com is a SAN of the CSR: as an extra host name it would change nothing
    but be sent; the field says so instead (issue 16 item 17)."""
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_MULTI)
        await focus_field(pilot, app, "field-host-names")
        terminal_write(app, "\tadmin.wayne.com\r")
        await settle(pilot)
        draft = screen.current_draft()
        assert draft is not None and draft.host_names == ("cdn.wayne.com",)
        assert "admin.wayne.com is already in the CSR" in text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("nothing to send" in n for n in notifications(app))
        assert writes(sandbox) == []
