"""PAI orders: every field, rows that follow a new CSR, start provision, and every failure."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import Select, TextArea

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
from tests.ui.helpers import notifications, running, settle
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.diff_dialog import DiffDialog

NEW_WAYNE_CSR = make_csr("wayne.com", ("www.wayne.com", "cdn.wayne.com"))
NEW_MASSIVE_CSR = make_csr("massive.com", (), "ec384")


async def paste_csr(pilot: Pilot[None], app: OpsslApp, csr: str) -> None:
    """In the focused CSR box: select all (f7), then a terminal paste of ``csr``."""
    assert isinstance(app.focused, TextArea) and app.focused.id == "csr-text"
    await pilot.press("f7")
    app.post_message(events.Paste(csr))
    await settle(pilot)


async def test_full_edit_with_a_new_csr_and_start_provision(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[PAI_MULTI]
    assert set(stored.hosts) == {"wayne.com", "cdn.wayne.com", "admin.wayne.com"}
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_MULTI)
        assert isinstance(app.focused, TextArea)  # PAI: the first field, the CSR
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
