"""A focusable list of one-line rows with a cursor: the base of DCV rows and host names.

Each row is its own small ``Static`` so that moving the cursor can scroll the form to
exactly that row (``scroll_visible``), and a change repaints one row, not the list.
The cursor row is marked with a glyph as well as a colour.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

CURSOR = "▶ "
NO_CURSOR = "  "
NOTE_INDENT = 6


class RowLine(Static):
    """One row; a click puts the list's cursor on it."""

    def __init__(self, index: int, content: RenderableType) -> None:
        super().__init__(content, classes="row-line", markup=False)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        parent = self.parent
        if isinstance(parent, RowList):
            event.stop()
            parent.focus()
            parent.move_to(self.index)


class RowList(Vertical, can_focus=True):
    """Rows drawn by ``render_row``; up/down or j/k move, and leave the list at its ends."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next row", show=False, id="edit.rows.down"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="edit.rows.up"),
        Binding("home,g", "first", "First row", show=False, id="edit.rows.first"),
        Binding("end,G", "last", "Last row", show=False, id="edit.rows.last"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = 0

    # -- what subclasses provide ----------------------------------------------------------

    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int) -> Text:
        raise NotImplementedError

    def row_notes(self, index: int) -> list[Text]:
        """Lines under the row (a refusal, an error), indented even where they wrap."""
        return []

    def empty_text(self) -> Text:
        return Text("(none)", style="dim")

    # -- rows -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.sync_rows()

    def _lines(self) -> list[RowLine]:
        return [c for c in self.children if isinstance(c, RowLine)]

    def sync_rows(self) -> None:
        """Make the row widgets match ``row_count`` and repaint every row."""
        count = self.row_count()
        self.cursor = max(0, min(self.cursor, count - 1))
        lines = self._lines()
        for line in lines[count:]:
            line.remove()
        for index, line in enumerate(lines[:count]):
            self._paint(line, index)
        new = [RowLine(i, self._row_text(i)) for i in range(len(lines), count)]
        for line in new:
            line.set_class(line.index == self.cursor, "-cursor")
        empty = list(self.query("Static.row-empty"))
        if count == 0 and not empty:
            self.mount(Static(self.empty_text(), classes="row-empty", markup=False))
        elif count and empty:
            for widget in empty:
                widget.remove()
        if new:
            self.mount_all(new)

    def _row_text(self, index: int) -> RenderableType:
        text = Text(CURSOR if index == self.cursor else NO_CURSOR, style="bold")
        text.append_text(self.render_row(index))
        notes = self.row_notes(index)
        if not notes:
            return text
        return Group(text, Padding(Text("\n").join(notes), (0, 0, 0, NOTE_INDENT)))

    def _paint(self, line: RowLine, index: int) -> None:
        line.index = index
        line.set_class(index == self.cursor, "-cursor")
        content = self._row_text(index)
        # A one-line row that stays one line keeps its size: no re-layout of the form.
        width = line.content_size.width
        same_size = (
            isinstance(content, Text)
            and line.size.height == 1
            and "\n" not in content.plain
            and 0 < content.cell_len <= width
        )
        line.update(content, layout=not same_size)

    def refresh_row(self, index: int) -> None:
        lines = self._lines()
        if 0 <= index < len(lines):
            self._paint(lines[index], index)

    def move_to(self, index: int, *, scroll: bool = True) -> None:
        count = self.row_count()
        if count == 0:
            return
        old, self.cursor = self.cursor, max(0, min(index, count - 1))
        self.cursor_moved(old)
        self.refresh_row(old)
        self.refresh_row(self.cursor)
        lines = self._lines()
        if scroll and self.cursor < len(lines):
            lines[self.cursor].scroll_visible(animate=False, immediate=True)

    def cursor_moved(self, old: int) -> None:
        """Hook: the cursor left row ``old``."""

    # -- keys -------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        if self.cursor >= self.row_count() - 1:
            self.screen.focus_next()
        else:
            self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        if self.cursor <= 0:
            self.screen.focus_previous()
        else:
            self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.row_count() - 1)

    def on_focus(self) -> None:
        lines = self._lines()
        if self.cursor < len(lines):
            lines[self.cursor].scroll_visible(animate=False)
