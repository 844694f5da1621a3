"""A focusable list of one-line rows with a cursor: the base of DCV rows and host names.

One widget draws every row through Textual's line API (``render_line``): a 250-host
order is one widget, not 250, so opening it mounts and lays out nothing per row. Each
row's text is made once and kept until it changes; laying out needs only its height (a
one-line row that fits is one line without drawing it), and a row is drawn into strips
when a line of it is first shown. A change repaints that row's lines, and lays out the
form only when the row's height changed (a note added or removed).
Moving the cursor scrolls the form to exactly that row. The cursor row is marked with a
glyph as well as a colour; its colours come from the ``row-list--*`` component classes.
"""

from __future__ import annotations

import bisect
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize
from textual.widget import Widget

CURSOR = "▶ "
NO_CURSOR = "  "
NOTE_INDENT = 6
ROW = "row-list--row"
CURSOR_ROW = "row-list--cursor"
EMPTY = "row-list--empty"


class RowList(Widget, can_focus=True):
    """Rows drawn by ``render_row``; up/down or j/k move, and leave the list at its ends."""

    DEFAULT_CSS = """
    RowList {
        width: 1fr;
        height: auto;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {ROW, CURSOR_ROW, EMPTY}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next row", show=False, id="edit.rows.down"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="edit.rows.up"),
        Binding("home,g", "first", "First row", show=False, id="edit.rows.first"),
        Binding("end,G", "last", "Last row", show=False, id="edit.rows.last"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = 0
        # Each row's text (any width); None: not made since the row last changed.
        self._content: list[RenderableType | None] = []
        # Each row's lines at ``_width``; None: not drawn since it, the width or the
        # styles last changed (rows off screen are never drawn).
        self._rendered: list[list[Strip] | None] = []
        self._width = -1
        self._tops: list[int] = []  # the first line of each row; one more: the height
        self._styles: tuple[object, ...] = ()  # the row styles the rendered rows have
        self._kept: dict[tuple[object, ...], list[Strip]] = {}  # see ``_strips``
        self._check_styles = True

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

    class RowsChanged(Message):
        """The rows were set again (their number may have changed)."""

    def sync_rows(self) -> None:
        """Rows were added, removed or changed: render them all again and lay out."""
        count = self.row_count()
        self.cursor = max(0, min(self.cursor, count - 1))
        self._content = [None] * count
        self._rendered = [None] * count
        self._tops = []
        self.refresh(layout=True)
        self.post_message(self.RowsChanged())

    def refresh_row(self, index: int) -> None:
        """Repaint one row; the form is laid out again only if its height changed."""
        if not 0 <= index < len(self._content):
            return
        self._content[index] = None
        self._rendered[index] = None
        tops = self._tops
        if not tops or self._width != self.content_size.width:
            self._tops = []
            self.refresh(layout=True)
            return
        height = self._height(index, self._width)
        if height == tops[index + 1] - tops[index]:
            self.refresh(Region(0, tops[index], self._width, height))
        else:
            self._tops = []
            self.refresh(layout=True)

    def _row_content(self, index: int) -> RenderableType:
        text = Text(CURSOR if index == self.cursor else NO_CURSOR, style="bold")
        text.append_text(self.render_row(index))
        notes = self.row_notes(index)
        if not notes:
            return text
        return Group(text, Padding(Text("\n").join(notes), (0, 0, 0, NOTE_INDENT)))

    def _strips(self, content: RenderableType, component: str, width: int) -> list[Strip]:
        """``content`` drawn as a ``Static`` with the component's style would draw it.

        A one-line row that fits is drawn the same at any width that fits it: those are
        kept by their text and style, so that a re-read, a resize by a scroll bar or a
        focus change draws only the rows that changed.
        """
        style = self.get_visual_style(component)
        fill = Style(background=style.background).rich_style
        key: tuple[object, ...] | None = None
        if isinstance(content, Text) and content.cell_len <= width and "\n" not in content.plain:
            key = (style, content.plain, tuple(content.spans), content.style)
            kept = self._kept.get(key)
            if kept is not None:
                return [strip.adjust_cell_length(width, fill) for strip in kept]
        visual: Visual = visualize(self, content, markup=False)
        strips = Visual.to_strips(self, visual, width, None, style)
        if key is not None:
            if len(self._kept) > 4 * max(16, len(self._rendered)):
                self._kept.clear()
            self._kept[key] = strips
        return [strip.adjust_cell_length(width, fill) for strip in strips]

    def _content_of(self, index: int) -> RenderableType:
        content = self._content[index]
        if content is None:
            content = self._content[index] = self._row_content(index)
        return content

    def _render_row(self, index: int, width: int) -> list[Strip]:
        """Row ``index`` drawn at ``width``, kept until it, the width or the styles change."""
        lines = self._rendered[index]
        if lines is None:
            component = CURSOR_ROW if index == self.cursor else ROW
            lines = self._rendered[index] = self._strips(self._content_of(index), component, width)
        return lines

    def _height(self, index: int, width: int) -> int:
        """Row ``index``'s lines at ``width``: a one-line text that fits is one line (as
        ``_strips`` draws it) without being drawn; anything else is drawn to count."""
        content = self._content_of(index)
        if (
            isinstance(content, Text)
            and 0 < content.cell_len <= width
            and "\n" not in content.plain
        ):
            return 1
        return len(self._render_row(index, width))

    def _lay_out(self, width: int) -> list[int]:
        """The first line of each row at ``width`` (and the height); draws no row that
        fits on one line."""
        if self._check_styles:
            self._restyle()
        count = self.row_count()
        if len(self._content) != count:
            self._content = [None] * count
            self._rendered = [None] * count
            self._tops = []
        if width != self._width:
            self._width = width
            self._rendered = [None] * count
            self._tops = []
        if self._tops:
            return self._tops
        tops = [0]
        for index in range(count):
            tops.append(tops[-1] + self._height(index, width))
        self._tops = tops
        return tops

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.row_count():
            return len(self._strips(self.empty_text(), EMPTY, width))
        return self._lay_out(width)[-1]

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if not self.row_count():
            empty = self._strips(self.empty_text(), EMPTY, width)
            return empty[y] if y < len(empty) else Strip.blank(width)
        tops = self._lay_out(width)
        index = self._row_at(y)
        if index is None:
            return Strip.blank(width, self.rich_style)
        lines = self._render_row(index, width)
        if y - tops[index] >= len(lines):
            return Strip.blank(width, self.rich_style)
        return lines[y - tops[index]]

    def _row_at(self, y: int) -> int | None:
        """The row that line ``y`` belongs to."""
        tops = self._tops
        if not tops or not 0 <= y < tops[-1]:
            return None
        return bisect.bisect_right(tops, y) - 1

    def _row_styles(self) -> tuple[object, ...]:
        return tuple(self.get_visual_style(name) for name in (ROW, CURSOR_ROW, EMPTY))

    def notify_style_update(self) -> None:
        """Focus, NO_COLOR or a class may have changed what the rows look like: checked
        when next drawn (the component styles are updated after this call)."""
        super().notify_style_update()
        self._check_styles = True
        self.refresh()

    def _restyle(self) -> None:
        """Draw every row again if their styles changed (only then: the app updates
        styles on every focus move anywhere)."""
        self._check_styles = False
        styles = self._row_styles()
        if styles != self._styles:
            self._styles = styles
            self._rendered = [None] * len(self._rendered)  # heights are the same

    def move_to(self, index: int, *, scroll: bool = True) -> None:
        count = self.row_count()
        if count == 0:
            return
        old, self.cursor = self.cursor, max(0, min(index, count - 1))
        self.cursor_moved(old)
        self.refresh_row(old)
        self.refresh_row(self.cursor)
        if scroll:
            self.scroll_to_row(self.cursor, immediate=True)

    def scroll_to_row(self, index: int, *, immediate: bool = False) -> None:
        """Scroll every scrolling ancestor so that row ``index`` shows (the form's own
        ``scroll_visible``, for a region of this widget rather than all of it)."""
        if not self._tops or index + 1 >= len(self._tops):
            if self.is_mounted:
                self.call_after_refresh(self._scroll_after_layout, index)
            return
        top, bottom = self._tops[index], self._tops[index + 1]
        origin = self.virtual_region.offset + self.styles.gutter.top_left
        region = Region(origin.x, origin.y + top, self._width, bottom - top)
        widget: Widget = self
        while isinstance(widget.parent, Widget) and region:
            container = widget.parent
            if widget.styles.dock != "none":
                moved = Offset(0, 0)
            else:
                moved = container.scroll_to_region(
                    region, spacing=widget.dock_gutter, animate=False, immediate=immediate
                )
            region = (
                region.translate(-moved)
                .translate(container.styles.margin.top_left)
                .translate(container.styles.border.spacing.top_left)
                .translate(container.virtual_region_with_margin.offset)
                .grow(container.styles.margin)
                .intersection(container.virtual_region_with_margin)
            )
            widget = container

    def _scroll_after_layout(self, index: int) -> None:
        if self._tops and index + 1 < len(self._tops):
            self.scroll_to_row(index, immediate=True)

    def cursor_moved(self, old: int) -> None:
        """Hook: the cursor left row ``old``."""

    # -- keys and the mouse -------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the row under it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self._row_at(offset.y)
        if index is not None:
            event.stop()
            self.focus()
            self.move_to(index)

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
        if self.row_count():
            self.scroll_to_row(self.cursor)
