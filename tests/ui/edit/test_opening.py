"""Opening the form: an order that answers at once comes up as the form, with no frame of
the loading pane before it; one that is slow shows the pane, then the form (issue 11,
``LoadsOrder.open_if_near``). After a send, only the DCV rows that changed are drawn
again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.edit.helpers import REQ_MULTI, dcv_rows, form_screen, open_form
from tests.ui.helpers import move_to_order, running, screen_text, settle
from tui_app.sandbox import Sandbox
from tui_app.ui.app import OpsslApp
from tui_app.ui.edit import loading
from tui_app.ui.edit.dcv_rows import DcvList
from tui_app.ui.edit.screen import EditScreen


def frames_of_the_form(app: OpsslApp) -> list[str]:
    """The text of every frame written while the edit screen is the one shown."""
    frames: list[str] = []
    display = app._display

    def recorded(screen: Any, update: Any) -> None:
        display(screen, update)
        if isinstance(screen, EditScreen) and update is not None:
            frames.append(screen_text(app))

    app._display = recorded  # type: ignore[method-assign]
    return frames


async def test_an_order_that_answers_in_time_is_drawn_as_the_form_from_the_first_frame(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However slow the machine running the tests: the answer comes within the wait.
    monkeypatch.setattr(loading, "OPEN_WAIT", 10.0)
    async with running(sandbox, size=(100, 30)) as (app, pilot):
        await move_to_order(pilot, app, REQ_MULTI)
        frames = frames_of_the_form(app)
        await pilot.press("e")
        await settle(pilot)
        assert form_screen(app).state == "ready"
        assert frames
        assert not [frame for frame in frames if "Loading order" in frame]
        assert "cyberdyne.com" in frames[0] and "[email]" in frames[0]  # the DCV rows


async def test_a_slow_order_shows_the_loading_pane_then_the_form(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "OPEN_WAIT", 0.05)
    async with running(sandbox, size=(100, 30)) as (app, pilot):
        await move_to_order(pilot, app, REQ_MULTI)
        sandbox.faults.update(hold=True)  # the order's read stays in flight
        await pilot.press("e")
        await pilot.pause(0.3)
        screen = form_screen(app)
        assert screen.state == "loading"
        assert f"Loading order {REQ_MULTI}" in screen_text(app)
        sandbox.faults.update(hold=False)
        await settle(pilot)
        assert screen.state == "ready"
        shown = screen_text(app)
        assert f"Loading order {REQ_MULTI}" not in shown and "[email]" in shown
        assert not screen.query("#edit-loading")


async def test_after_a_send_only_the_rows_that_changed_are_drawn_again(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(sandbox, size=(100, 30)) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        rows = dcv_rows(app)
        assert rows.rows[0][1] == "email" and len(rows.rows) > 2
        await pilot.press("d")  # the first row: email -> dns ("was email" beside it)
        await settle(pilot)
        drawn: list[str] = []
        real = DcvList.render_row

        def counted(self: DcvList, index: int) -> Any:
            drawn.append(self.rows[index][0])
            return real(self, index)

        monkeypatch.setattr(DcvList, "render_row", counted)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Changes sent" in [n.title for n in app._notifications]
        first = rows.rows[0][0]
        assert set(drawn) == {first}  # read back: the first row lost its "was email"
        assert rows.rows[0][1] == "dns" and "was email" not in rows.render_row(0).plain
