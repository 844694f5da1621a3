"""Radio buttons and checkboxes whose state is in the glyph too, under NO_COLOR.

Textual draws a chosen and an unchosen radio button with the same ``●`` in two colours
(a checkbox: the same ``X``); under NO_COLOR those become two greys. These draw ``●`` /
``○`` and ``X`` / blank instead when the app has no colour, and look as usual otherwise.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton
from textual.widgets._toggle_button import ToggleButton


def _mark(button: ToggleButton, on: str, off: str) -> None:
    if button.app.no_color:
        button.BUTTON_INNER = on if button.value else off
        button.refresh()


class MarkedRadioButton(RadioButton):
    def on_mount(self) -> None:
        _mark(self, "●", "○")

    def watch_value(self) -> None:
        super().watch_value()
        _mark(self, "●", "○")


class MarkedCheckbox(Checkbox):
    def on_mount(self) -> None:
        _mark(self, "X", " ")

    def watch_value(self) -> None:
        super().watch_value()
        _mark(self, "X", " ")
