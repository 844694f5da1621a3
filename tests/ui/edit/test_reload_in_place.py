"""After a send the order is read again into the form's own widgets (issue 11).

Same status: every field widget is the same object before and after (no remount), and
shows the re-read values. A status change (PAI -> REQ with start provision): only the
fields whose rule changed go (now locked, listed under "Locked"); the rest stay.
"""

from __future__ import annotations

from tests.ui.edit.helpers import (
    PAI_SINGLE,
    REQ_MULTI,
    TALL,
    dcv_rows,
    focus_field,
    open_form,
    puts,
    text,
)
from tests.ui.helpers import running, settle
from tui_app.core.fields import (
    AUTORENEW,
    CSR,
    DCV_METHODS,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
)
from tui_app.sandbox import Sandbox
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.locked_fields import LockedFields
from tui_app.ui.edit.order_form import OrderForm


def widgets(form: OrderForm) -> dict[str, int]:
    """Every widget under the form by its id(): the same ids mean nothing was remounted."""
    return {f"{type(w).__name__}#{w.id}": id(w) for w in form.walk_children()}


async def test_a_send_without_a_status_change_reloads_the_same_widgets(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[REQ_MULTI]
    first = stored.hosts[0]
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        form = screen.form
        assert form is not None
        before = widgets(form)
        fields_before = {f.field_name: f for f in form.fields}
        rows_before = dcv_rows(app)
        lines_before = list(rows_before.children)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        assert len(puts(sandbox)) == 1 and stored.dcv[first] == "dns"
        assert stored.status == "REQ"
        assert sandbox.received("GET", rf"/ssl/orders/{REQ_MULTI}")
        assert screen.form is form  # the same form, not a new one
        assert widgets(form) == before  # every widget under it the same object
        assert {f.field_name: f for f in form.fields} == fields_before
        assert dcv_rows(app) is rows_before and list(rows_before.children) == lines_before
        # ... and they show the order as read back: no "was email" any more, nothing unsent.
        assert rows_before.saved[first] == "dns"
        assert form.context.order.status == "REQ"
        assert screen.context is form.context
        shown = text(app)
        assert "was email" not in shown
        assert "no unsent changes" in shown
        assert app.focused is rows_before


async def test_a_status_change_rebuilds_only_the_fields_whose_rule_changed(
    sandbox: Sandbox,
) -> None:
    stored = sandbox.store.orders[PAI_SINGLE]
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        form = screen.form
        assert form is not None
        kept = {f.field_name: f for f in form.fields}
        assert {CSR, TECHNICAL_HANDLE, SOFTWARE_ID, START_PROVISION, DCV_METHODS} <= set(kept)
        assert not list(form.query(LockedFields))
        await focus_field(pilot, app, "field-start-provision")
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        (put,) = puts(sandbox)
        assert put.body["start_provision"] is True and stored.status == "REQ"
        assert screen.form is form
        after = {f.field_name: f for f in form.fields}
        # REQ allows DCV methods, autorenew and the approver: the same widgets, loaded.
        for name in after:
            assert after[name] is kept[name], name
        assert DCV_METHODS in after and AUTORENEW in after
        # The fields REQ locks are gone from the editable part and listed as locked.
        for name in (CSR, TECHNICAL_HANDLE, SOFTWARE_ID, START_PROVISION):
            assert name not in after, name
            assert not kept[name].is_attached, name
        (locked,) = form.query(LockedFields)
        assert CSR in locked.fields and SOFTWARE_ID in locked.fields
        shown = text(app)
        assert "REQ: only DCV methods and autorenew can change" in shown
        assert "no unsent changes" in shown
        assert isinstance(app.focused, object) and app.focused is not None
        assert any(app.focused is f or f in app.focused.ancestors for f in after.values())
        assert all(isinstance(f, FormField) for f in after.values())


async def test_the_list_under_the_form_waits_and_shows_the_changed_row_at_once(
    sandbox: Sandbox,
) -> None:
    """Issue 11: the browser does not read its page while the form re-reads after a send;
    back on the list, every frame shows the order as the form read it (no stale row),
    the detail pane too, and then the page is read again."""
    stored = sandbox.store.orders[PAI_SINGLE]
    async with running(sandbox, size=TALL) as (app, pilot):
        browser = app.screen
        assert isinstance(browser, BrowserScreen)
        await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-start-provision")
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        sandbox.clear_requests()
        await pilot.press("enter")
        await settle(pilot)
        assert stored.status == "REQ"
        assert sandbox.received("GET", rf"/ssl/orders/{PAI_SINGLE}")  # the form's re-read
        assert not sandbox.received("GET", r"/ssl/orders")  # no list page under the form

        shown: list[str] = []  # the highlighted row's status in every frame of the list
        display = app._display

        def frame(screen: object, renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if screen is browser and renderable is not None:
                row = browser.table.current_row
                assert row is not None and row.id == PAI_SINGLE
                shown.append(row.status)

        app._display = frame  # type: ignore[method-assign]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is browser
        assert shown and set(shown) == {"REQ"}, shown
        assert sandbox.received("GET", r"/ssl/orders")  # then the page is read again
        assert browser.detail_loader._cache[PAI_SINGLE].status == "REQ"
        assert "REQ" in " ".join(text(app).split())
