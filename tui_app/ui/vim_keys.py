"""j and k wherever a list or a long text moves with the arrow keys, as in the order table.

The footer and the help name them with the arrows; they are plain (not priority) keys,
so a widget that types letters is never affected.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList


class JkOptionList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]


class JkScroll(VerticalScroll):
    """A line per key and no animation: keys pressed fast each move one line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "line(1)", "Scroll down", show=False, id="scroll.down"),
        Binding("k", "line(-1)", "Scroll up", show=False, id="scroll.up"),
    ]

    def action_line(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False, immediate=True)
