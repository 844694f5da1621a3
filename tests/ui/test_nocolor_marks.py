"""Under NO_COLOR a ticked checkbox and the chosen radio button differ in shape, not shade.

The NO_COLOR snapshots show the first-start form with the box unticked; here the box is
ticked and unticked with the keys, and each state is read off the screen.
"""

from __future__ import annotations

import pytest

from tests.ui.helpers import screen_text, settle
from tui_app.ui.app import OpsslApp
from tui_app.ui.marked_toggles import MarkedCheckbox
from tui_app.ui.signin import SignInFlow

BOX_LABEL = "opssl sends no changes with this profile"


def _line(app: OpsslApp, words: str) -> str:
    (line,) = [line for line in screen_text(app).splitlines() if words in line]
    return line


@pytest.mark.parametrize("no_color", [True, False])
async def test_the_read_only_box_and_the_api_choice_read_without_colour(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("OPSSL_CONFIG", f"{tmp_path}/config.toml")
    app = OpsslApp(None, None, flow=SignInFlow(target=None, store=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color is no_color
        labels = ("Production", "Test environment", "Another URL")
        before = [_line(app, label) for label in labels]
        await pilot.press("down", "space")  # the focus starts on the API choice: test
        await settle(pilot)
        after = [_line(app, label) for label in labels]
        box = app.screen.query_one("#setup-read-only", MarkedCheckbox)
        unticked = _line(app, BOX_LABEL)
        box.focus()
        await pilot.press("space")
        await settle(pilot)
        assert box.value
        ticked = _line(app, BOX_LABEL)
        if no_color:
            assert "▐ ▌" in unticked and "▐X▌" in ticked
            assert all("▐○▌" in line for line in before)
            assert ["▐●▌" in line for line in after] == [False, True, False]
            assert ["▐○▌" in line for line in after] == [True, False, True]
        else:
            # With colour Textual's own glyphs stay: the state is in their colour.
            assert "▐X▌" in unticked and "▐X▌" in ticked
            assert all("▐●▌" in line for line in before + after)
