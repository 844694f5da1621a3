"""The search box under the query line: opened by the search key, closed by enter (which
searches) or escape (which changes nothing)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="browser.search-close")
    ]

    class Closed(Message):
        pass

    def open(self, text: str) -> None:
        """Show the box holding the current search, the cursor at its end."""
        self.value = text
        self.add_class("-open")
        self.focus()
        self.cursor_position = len(text)

    def hide(self) -> None:
        self.remove_class("-open")

    def action_close(self) -> None:
        self.post_message(self.Closed())
