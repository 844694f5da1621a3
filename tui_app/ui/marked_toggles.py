"""Radio buttons and checkboxes whose state is in the glyph too, under NO_COLOR.

Textual draws a chosen and an unchosen radio button with the same ``●`` in two colours
(a checkbox: the same ``X``); under NO_COLOR those become two greys. These draw ``●`` /
``○`` and ``X`` / blank instead when the app has no colour, and look as usual otherwise.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class MarkedRadioButton(RadioButton):
    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        super().watch_value()
        self._mark()

    def _mark(self) -> None:
        if self.app.no_color:
            self.BUTTON_INNER = "●" if self.value else "○"
            self.refresh()


class MarkedCheckbox(Checkbox):
    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        super().watch_value()
        self._mark()

    def _mark(self) -> None:
        if self.app.no_color:
            self.BUTTON_INNER = "X" if self.value else " "
            self.refresh()
