"""A multi-domain order with many hosts: the DCV rows off screen are not drawn until shown,
and every row still shows right when the cursor gets there (``RowList``'s lazy drawing)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.visual import Visual
from textual.widget import Widget

from tests.ui.edit.helpers import REQ_MULTI, dcv_rows, open_form, text
from tests.ui.helpers import running, settle
from tui_app.sandbox import Sandbox
from tui_app.ui.edit.dcv_rows import DcvList
from tui_app.ui.edit.locked_fields import LockedFields, locked_table

HOSTS = 120


def grow(sandbox: Sandbox, order_id: int, hosts: int) -> list[str]:
    """Host names added to the order up to ``hosts`` hosts in all, each on dns."""
    with sandbox.store.lock:
        order = sandbox.store.orders[order_id]
        names = [f"h{i}.{order.common_name}" for i in range(hosts - len(order.hosts))]
        order.host_names = [*order.host_names, *names]
        order.dcv.update(dict.fromkeys(names, "dns"))
    return names


async def test_rows_off_screen_are_drawn_when_shown(sandbox: Sandbox) -> None:
    added = grow(sandbox, REQ_MULTI, HOSTS)
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        rows = dcv_rows(app)
        assert len(rows.rows) == HOSTS
        assert rows.virtual_size.height == HOSTS  # every row laid out, one line each
        drawn = [i for i, lines in enumerate(rows._rendered) if lines is not None]
        assert 0 < len(drawn) < 24, drawn  # at most a screen's worth at 80x24
        assert f"{added[-1]} " not in text(app)

        rows.focus()
        await pilot.press("G")  # the last row: drawn once it is on screen
        await settle(pilot)
        assert rows.cursor == HOSTS - 1
        assert rows._rendered[HOSTS - 1] is not None
        last = next(line for line in text(app).split("▶")[1:] if added[-1] in line)
        assert last.split()[:5] == [added[-1], "email", "[dns]", "http", "https"]

        await pilot.press("e")  # a method key repaints the row in place
        await settle(pilot)
        assert rows.rows[-1] == (added[-1], "email")
        assert f"{added[-1]} [email] dns http https was dns" in text(app)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_locked_host_list_is_drawn_once_per_width(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """Its ~HOSTS-line table is rendered once at the first layout, and those lines give
    both its height and the screen; the form's later layouts render nothing again, a new
    width does, and the height is the table's own. At 160 columns the form has two
    columns, whose height Textual measures one cell narrower than it lays them out."""
    added = grow(sandbox, REQ_MULTI, HOSTS)
    drawn: list[int] = []
    real = Visual.to_strips

    def counted(widget: Widget, visual: Visual, width: int, *args: Any, **kwargs: Any) -> Any:
        if isinstance(widget, LockedFields):
            drawn.append(width)
        return real(widget, visual, width, *args, **kwargs)

    monkeypatch.setattr(Visual, "to_strips", counted)
    async with running(sandbox, size=size) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        locked = app.screen.query_one(LockedFields)
        shown = " ".join(value for _, values in locked._rows for _, (value, _) in values)
        assert all(name in shown for name in added)  # every host name is in the list
        first = list(drawn)
        assert first and len(first) == len(set(first))  # once for each width
        for _ in range(3):  # laid out again, from the list up (as a re-read does)
            locked.refresh(layout=True)
            await settle(pilot)
        assert drawn == first
        width = locked.size.width
        table = app.console.render_lines(
            locked_table(locked._rows), app.console.options.update_width(width)
        )
        assert locked.size.height == len(table) > HOSTS // 2
        assert [strip.text.rstrip() for strip in locked.lines(width)] == [
            "".join(segment.text for segment in line).rstrip() for line in table
        ]
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert len(drawn) > len(first)  # a new width, drawn again


async def test_a_form_taller_than_the_body_has_its_scroll_bar_from_the_first_layout(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More rows than the body has lines: the scroll bar is there from the first layout,
    so the rows are laid out at one width only (not at the full width first, then again
    one column narrower); a form that can fit keeps the scroll bar that comes and goes."""
    grow(sandbox, REQ_MULTI, HOSTS)
    widths: list[int] = []
    real = DcvList._lay_out

    def recorded(self: DcvList, width: int) -> list[int]:
        if not self._tops or width != self._width:
            widths.append(width)
        return real(self, width)

    monkeypatch.setattr(DcvList, "_lay_out", recorded)
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        body = app.screen.query_one("#edit-body", VerticalScroll)
        assert body.has_class("-tall") and body.show_vertical_scrollbar
        assert len(set(widths)) == 1, widths
        rows = dcv_rows(app)
        assert rows.size.width == body.scrollable_content_region.width

        rows.set_rows(rows.rows[:3])  # it may fit now: the scroll bar is left to Textual
        await settle(pilot)
        assert not body.has_class("-tall")
        overflows = body.virtual_size.height > body.scrollable_content_region.height
        assert body.show_vertical_scrollbar == overflows
