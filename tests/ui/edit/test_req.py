"""REQ orders: the four-key DCV switch, the approver call, the resend, warnings inline."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from tests.ui.edit.helpers import (
    REQ_MULTI,
    REQ_MULTI_WILDCARD,
    REQ_SINGLE_DNS,
    REQ_WILDCARD,
    dcv_rows,
    dialog_text,
    form_screen,
    open_form,
    puts,
    text,
    writes,
)
from tests.ui.helpers import (
    browser,
    detail,
    move_to_order,
    notifications,
    running,
    screen_text,
    settle,
)
from tui_app.sandbox import Sandbox
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.edit.confirm_dialog import ResendDialog
from tui_app.ui.edit.diff_dialog import DiffDialog


async def test_four_keys_switch_one_host_and_send_only_its_dcv_methods(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[REQ_MULTI]
    first = stored.hosts[0]
    others = {h: m for h, m in stored.dcv.items() if h != first}
    assert stored.dcv[first] == "email" and len(stored.hosts) == 4
    async with running(sandbox) as (app, pilot):
        titles = [c.title for c in app.get_system_commands(browser(app))]
        assert "Edit order" in titles
        await move_to_order(pilot, app, REQ_MULTI)
        sandbox.clear_requests()
        # The four keys: e (open the form), d (dns on the focused row), ctrl+s, enter.
        await pilot.press("e")
        await settle(pilot)
        screen = form_screen(app)
        assert app.focused is dcv_rows(app) and dcv_rows(app).cursor == 0
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        assert f"{first} email -> dns" in text(app)
        await pilot.press("enter")
        await settle(pilot)

        (put,) = puts(sandbox)
        assert put.api_path == f"/ssl/orders/{REQ_MULTI}"
        assert set(put.body) == {"id", "domain_validation_methods"}
        sent = {d["host_name"]: d["method"] for d in put.body["domain_validation_methods"]}
        assert sent == {first: "dns", **others}
        assert writes(sandbox) == [put]
        assert stored.dcv[first] == "dns"

        # The API's warning is in the form, with its label, code, desc and data.
        assert app.screen is screen
        shown = text(app)
        assert "Warning (code 1101): Domain validation method changed" in shown
        assert f"data: {first}: email -> dns" in shown
        assert "no unsent changes" in shown
        assert any("Changes sent" in n for n in notifications(app))
        # The form re-read the order; the browser reloaded its row and detail pane.
        assert sandbox.received("GET", rf"/ssl/orders/{REQ_MULTI}")
        assert dcv_rows(app).saved[first] == "dns"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).table.current_row is not None
        assert browser(app).table.current_row.id == REQ_MULTI
        shown_order = detail(app).order
        assert shown_order is not None and shown_order.id == REQ_MULTI
        methods = {m.host_name: m.method for m in shown_order.domain_validation_methods}
        assert methods[first] == "dns"
        assert "DNS record" in detail(app).text


async def test_wildcard_rows_refuse_http_and_every_row_keeps_them(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_WILDCARD)
        rows = dcv_rows(app)
        assert rows.rows[0][0] == "*.lucerne.com"
        await pilot.press("h")
        await settle(pilot)
        assert rows.rows[0] == ("*.lucerne.com", "dns")
        shown = text(app)
        assert "Refused: *.lucerne.com: a wildcard cannot use http" in shown
        assert "cannot prove control of every subdomain" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("nothing to send" in n for n in notifications(app))
        # The note belongs to the row: moving away clears it.
        await pilot.press("j")
        assert "Refused" not in text(app)

        await pilot.press("a")
        assert "Every row to:" in text(app)
        await pilot.press("H")
        await settle(pilot)
        assert rows.rows == [("*.lucerne.com", "dns"), ("lucerne.com", "https")]
        assert "Kept *.lucerne.com: a wildcard cannot use https" in text(app)
        # a, then escape, only cancels the choice: the form stays open.
        await pilot.press("a", "escape")
        await settle(pilot)
        assert "Every row to:" not in text(app)
        assert app.screen is screen
        # The palette offers the same, by name.
        assert "Set every DCV row to dns" in [c.title for c in app.get_system_commands(screen)]
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"row to email")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert rows.rows == [("*.lucerne.com", "email"), ("lucerne.com", "email")]
        # No approver on this order: the form says so before anything is sent.
        assert "email validation needs an approver address" in text(app)
        await pilot.press("a", "d", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert writes(sandbox) == []
        assert any("nothing to send" in n for n in notifications(app))


async def test_approver_goes_first_through_its_own_call_then_the_rows(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[REQ_MULTI]
    second = stored.hosts[1]
    assert stored.email_approver == "admin@cyberdyne.com"
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI, key="enter")
        assert sandbox.received("GET", r"/ssl/approver-emails")[-1].query == {
            "product_id": ["33"],
            "domain": ["cyberdyne.com"],
        }
        rows = dcv_rows(app)
        await pilot.press("j", "j", "k")
        assert rows.cursor == 1
        await pilot.press("e")
        await settle(pilot)
        assert rows.rows[1] == (second, "email")
        assert f"was {stored.dcv[second]}" in text(app)
        await pilot.press("tab")  # from the DCV rows to the next field: the approver
        assert isinstance(app.focused, Select)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert "unsent: approver email, DCV methods" in text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = text(app)
        assert "1. PUT /ssl/orders/1306010/approver-email approver_email" in shown
        assert "2. PUT /ssl/orders/1306010 domain_validation_methods" in shown
        await pilot.press("y")
        await settle(pilot)

        approver, update = writes(sandbox)
        assert approver.api_path == f"/ssl/orders/{REQ_MULTI}/approver-email"
        assert approver.body == {"id": REQ_MULTI, "approver_email": "administrator@cyberdyne.com"}
        assert update.api_path == f"/ssl/orders/{REQ_MULTI}"
        assert set(update.body) == {"id", "domain_validation_methods"}
        assert stored.email_approver == "administrator@cyberdyne.com"
        assert stored.dcv[second] == "email"
        # The form was rebuilt on the order as read back; the focus stayed in its field.
        assert isinstance(app.focused, Select)
        assert dcv_rows(app).cursor == 1 and dcv_rows(app).saved[second] == "email"
        shown = text(app)
        assert "Warning (code 1103): The CA sends a new approval email" in shown
        assert "Warning (code 1101): " in shown


async def test_resend_says_why_it_cannot_or_asks_then_calls_once(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_SINGLE_DNS)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert any("No host of order 1306001 validates by email" in n for n in notifications(app))
        assert app.screen is form_screen(app)
        await pilot.press("escape")
        await settle(pilot)

        await open_form(pilot, app, REQ_MULTI)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ResendDialog)
        assert "The CA mails admin@cyberdyne.com again, for cyberdyne.com" in text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert writes(sandbox) == []
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        (post,) = writes(sandbox)
        assert post.method == "POST"
        assert post.api_path == f"/ssl/orders/{REQ_MULTI}/approver-email/resend"
        assert sandbox.store.resent == [REQ_MULTI]
        assert any("Email resent" in n for n in notifications(app))


async def test_the_review_shows_the_approver_addresses_whole_at_80_columns(
    sandbox: Sandbox,
) -> None:
    """The one value to check before the CA mails it: never cut (issue 16 item 8)."""
    old = sandbox.store.orders[REQ_MULTI_WILDCARD].email_approver
    new = "administrator@northwind.com"
    assert old == "webmaster@northwind.com"
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI_WILDCARD)
        await pilot.press("tab")
        select = screen.query_one("#approver-select", Select)
        assert app.focused is select
        await pilot.press("enter")
        while select.value != new:
            await pilot.press("down", "enter")
            await settle(pilot)
            if select.value != new:
                await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        shown = dialog_text(app)
        assert old in shown and new in shown, screen_text(app)
        assert "…" not in shown


async def test_a_note_under_a_row_wraps_under_the_row_not_to_column_one(
    sandbox: Sandbox,
) -> None:
    """The refusal under a wildcard row is two lines at 80 columns; both are indented
    (issue 16 item 12)."""
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_WILDCARD)
        await pilot.press("h")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Refused: *.lucerne.com" in line)
        assert "cannot prove control of every subdomain" in lines[first + 1]
        for line in lines[first : first + 2]:
            assert line.startswith(" " * 6), line


async def test_the_approver_reminder_goes_once_an_approver_is_chosen(sandbox: Sandbox) -> None:
    """e on a row of an order without an approver says one is needed; choosing one in
    the approver field makes the note go (issue 16 item 17)."""
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_WILDCARD)
        await pilot.press("j", "e")
        await settle(pilot)
        reminder = "email validation needs an approver address"
        assert reminder in text(app)
        select = screen.query_one("#approver-select", Select)
        await pilot.press("tab")
        assert app.focused is select
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert isinstance(select.value, str) and select.value
        assert reminder not in text(app)


async def test_a_bug_in_the_resend_is_said_and_ctrl_r_asks_again(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not an API answer: the form says the resend broke, keeps its keys, and retries."""
    from tui_app.api.client import OpenproviderClient

    real = OpenproviderClient.resend_approver_email
    calls = 0

    async def broken_once(self: OpenproviderClient, order_id: int) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("resend bug")
        return await real(self, order_id)

    monkeypatch.setattr(OpenproviderClient, "resend_approver_email", broken_once)
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        screen = form_screen(app)
        assert app.screen is screen
        assert "RuntimeError: resend bug" in text(app) and "ctrl+r asks again" in text(app)
        assert screen.check_action("resend", ()) and screen.check_action("submit", ())
        assert sandbox.store.resent == []
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert sandbox.store.resent == [REQ_MULTI]
        assert calls == 2
