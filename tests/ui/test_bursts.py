"""A burst of keys (one terminal write: a slow SSH link, a paste of keys) applies in order
on every screen, wherever the key before it sent the focus (``ui/key_gate.py``).

Each test writes its keys with ``terminal_write``: parsed as the terminal driver parses
stdin, and all queued before the app handles the first, as a real burst arrives.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Input

from tests.ui.edit.helpers import (
    PAI_MULTI,
    PAI_SINGLE,
    REQ_MULTI,
    TALL,
    dcv_rows,
    focus_field,
    form_screen,
    open_form,
    puts,
    writes,
)
from tests.ui.helpers import (
    browser,
    list_requests,
    move_to_order,
    running,
    settle,
    table,
    terminal_write,
)
from tui_app.sandbox import Sandbox
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.help_screen import HelpScreen

CTRL_S, CTRL_R, ENTER, TAB = "\x13", "\x12", "\r", "\t"


async def test_a_search_typed_in_one_burst(sandbox: Sandbox) -> None:
    """``/globex`` and enter in one write: every letter lands in the search field."""
    async with running(sandbox) as (app, pilot):
        terminal_write(app, "/globex" + ENTER)
        await settle(pilot)
        assert browser(app).order_query.search == "globex"
        assert list_requests(sandbox)[-1]["common_name_pattern"] == ["*globex*"]
        assert table(app).has_focus
        # And again over it: the field opens with the old search, the burst edits it.
        terminal_write(app, "/\x7f\x7f\x7f\x7f\x7f\x7facme" + ENTER)
        await settle(pilot)
        assert browser(app).order_query.search == "acme"


async def test_the_status_filter_and_the_sort_menu_take_a_burst(sandbox: Sandbox) -> None:
    """``s``, j j j k (to ACT), space, enter; then ``o``, j j k, enter: both dialogs as
    one write each, k moving back up as j moves down."""
    async with running(sandbox) as (app, pilot):
        terminal_write(app, "sjjjk " + ENTER)
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).order_query.statuses == frozenset({"ACT"})
        assert list_requests(sandbox)[-1]["status"] == ["ACT"]
        terminal_write(app, "ojjk" + ENTER)  # from order date, newest first, to expiry A-Z
        await settle(pilot)
        query = browser(app).order_query
        assert (query.sort, query.descending) == ("expiration_date", False)


async def test_the_four_key_switch_in_one_burst_on_pai_and_req(sandbox: Sandbox) -> None:
    """e, d, ctrl+s, enter typed ahead while the form reads the order: the keys wait for
    the form, land on the first DCV row, and only its method is sent (item 5 and 6)."""
    async with running(sandbox) as (app, pilot):
        for order_id in (PAI_SINGLE, REQ_MULTI):
            stored = sandbox.store.orders[order_id]
            first = stored.hosts[0]
            await move_to_order(pilot, app, order_id)
            sandbox.clear_requests()
            terminal_write(app, "ed" + CTRL_S + ENTER)
            await settle(pilot)
            (put,) = puts(sandbox)
            assert set(put.body) == {"id", "domain_validation_methods"}
            sent = {d["host_name"]: d["method"] for d in put.body["domain_validation_methods"]}
            assert sent[first] == "dns"
            assert stored.dcv[first] == "dns"
            assert form_screen(app).order_id == order_id
            await pilot.press("escape")
            await settle(pilot)


async def test_form_fields_take_a_burst_across_tab(sandbox: Sandbox) -> None:
    """In the host names: tab to the line that adds one, the name, enter; then a handle
    typed after tab: each key lands in the field the tab before it moved to."""
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_MULTI)
        await focus_field(pilot, app, "field-host-names")
        terminal_write(app, TAB + "shop.wayne.com" + ENTER)
        await settle(pilot)
        rows = [host for host, _ in dcv_rows(app).rows]
        assert "shop.wayne.com" in rows
        await focus_field(pilot, app, "field-organization-handle")
        terminal_write(app, "\x01\x0b" + "AB123456-NL" + TAB + "XY654321-NL")  # ctrl+a ctrl+k
        await settle(pilot)
        screen = form_screen(app)
        org = screen.query_one("#field-organization-handle Input", Input)
        tech = screen.query_one("#field-technical-handle Input", Input)
        assert org.value == "AB123456-NL"
        assert tech.value.endswith("XY654321-NL")


async def test_dialogs_take_the_key_typed_with_the_one_that_opened_them(
    sandbox: Sandbox,
) -> None:
    """ctrl+r then y (the resend dialog), and help then j j j k then q, each as one write."""
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        terminal_write(app, CTRL_R + "y")
        await settle(pilot)
        (post,) = writes(sandbox)
        assert post.api_path == f"/ssl/orders/{REQ_MULTI}/approver-email/resend"

        terminal_write(app, "?jjjk")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help-dialog", VerticalScroll).scroll_y == 2
        terminal_write(app, "q")
        await settle(pilot)
        assert app.screen is form_screen(app)
