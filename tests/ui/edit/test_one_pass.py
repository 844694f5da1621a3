"""The edit screen is laid out in one pass where Textual does two (``ui/one_pass.py``,
issue 11): what appears (a notice, the API's warnings) costs one layout, and that one
layout leaves the screen exactly as a further pass would (same regions, same virtual
sizes, nothing asking for more), scrollbars included.

The figures are the benchmark's (``benchmarks/form.py``); here, the count and the result.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Region, Size
from textual.screen import Screen
from textual.widget import Widget

from tests.ui.edit.helpers import PAI_MULTI, REQ_MULTI, open_form
from tests.ui.helpers import running, settle
from tui_app.api import ApiWarning
from tui_app.sandbox import Sandbox
from tui_app.ui.edit.screen import EditScreen


def counting_layouts(screen: EditScreen) -> list[int]:
    """Count the screen's layout passes from now on."""
    passes: list[int] = []
    one_pass = screen._refresh_layout

    def counted(size: Size | None = None, scroll: bool = False) -> None:
        passes.append(1)
        one_pass(size, scroll)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return passes


def arrangement(screen: EditScreen) -> dict[Widget, tuple[Region, Size]]:
    return {w: (w.region, w.virtual_size) for w in screen.walk_children(Widget) if w.display}


def settled_as_two_passes_would(screen: EditScreen) -> None:
    """Textual's own pass (the virtual sizes asking for more) changes nothing now."""
    before = arrangement(screen)
    Screen._refresh_layout(screen)  # the base class's pass: its second request, if any
    assert arrangement(screen) == before
    assert not [w for w in screen.walk_children(Widget) if w._layout_required]


async def test_a_notice_and_the_warnings_appear_in_one_layout_each(sandbox: Sandbox) -> None:
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        body = screen.query_one("#edit-body")
        height = body.region.height
        passes = counting_layouts(screen)

        screen.notices.set("sending", "Sending", "1 request to the order…")
        await settle(pilot)
        assert len(passes) == 1
        assert screen.notices.region.height == 1
        assert body.region.height == height - 1
        settled_as_two_passes_would(screen)

        passes.clear()
        screen.notices.clear("sending")
        warning = ApiWarning(code=1101, desc="Check the approver", data="x")
        screen.warnings_panel.add([warning], "send")
        await settle(pilot)
        assert len(passes) == 1
        assert not screen.notices.display and screen.warnings_panel.region.height == 3
        assert body.region.height == height - 3
        settled_as_two_passes_would(screen)


async def test_the_body_still_gets_its_scrollbar_when_the_form_outgrows_it(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox, size=(80, 24)) as (app, pilot):
        screen = await open_form(pilot, app, PAI_MULTI)
        body: Any = screen.query_one("#edit-body")
        assert body.show_vertical_scrollbar  # 80x24: the PAI form is taller than the body
        scrolled = body.max_scroll_y
        warnings = [ApiWarning(code=1100 + n, desc=f"warning {n}", data="") for n in range(8)]
        screen.warnings_panel.add(warnings, "send")
        await settle(pilot)
        assert body.show_vertical_scrollbar and body.max_scroll_y > scrolled
        assert body.max_scroll_y == body.virtual_size.height - body.scrollable_content_region.height
        settled_as_two_passes_would(screen)
        body.scroll_end(animate=False)
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y > 0


async def test_closing_a_dialog_lays_out_nothing_below_it(sandbox: Sandbox) -> None:
    """The screen below repaints itself on showing again; Textual's refresh of the app
    after the dialog's removal (a layout and a whole repaint, twice) is left out."""
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        await pilot.press("d")
        await settle(pilot)
        before = arrangement(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "DiffDialog"
        passes = counting_layouts(screen)
        frames: list[object] = []
        display = app._display

        def counted(shown: Any, update: Any) -> None:
            if shown is screen and update is not None:
                frames.append(update)
            display(shown, update)

        app._display = counted  # type: ignore[method-assign]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not passes
        assert len(frames) == 1  # the form shown again, whole, once
        assert arrangement(screen) == before
        settled_as_two_passes_would(screen)
