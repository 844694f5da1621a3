"""The order table: a line-API widget over a sparse list of pages.

``DataTable`` needs every row added before it can scroll to it; an account can hold
10,000 orders, so this widget draws rows straight from ``OrderPages`` and shows a dim
placeholder for rows whose page is not loaded yet, asking the screen for exactly the
pages that are on screen or next to the cursor. Its height is the full match count from
the first page on, so ``G`` and the scrollbar behave as if every order were loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_app.core.browse_query import SortField
from tui_app.core.order_pages import OrderPages, OrderRow
from tui_app.ui.formatting import STATUS_TONE, day, on_off, safe, status_label

# Rows either side of the cursor that should be loaded before the cursor gets there.
PREFETCH_ROWS = 30


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int | None  # None: shares the space left over
    sort: SortField | None = None


COLUMNS: tuple[Column, ...] = (
    Column("id", "Order", 7),
    Column("common_name", "Common name", None, sort="common_name"),
    Column("product", "Product", None),
    Column("status", "Status", 14, sort="status"),
    Column("expires", "Expires", 10, sort="expiration_date"),
    Column("autorenew", "Autorenew", 9),
)
# While any order is marked (``space``), a narrow column before the order id shows which.
MARK_COLUMN = Column("mark", "", 1)
MARK_GLYPH = "✓"
MIN_FLEX = 8
PRODUCT_MAX = 25
# The common name is what a row is read by: on a narrow table the other columns give way
# (autorenew first, then product, then expiry) before it gets shorter than this.
NAME_MIN = 20
GIVE_WAY = ("autorenew", "product", "expires")
# What a row without an order says, by why it has none.
ROW_STATES = {
    "pending": "loading…",
    "failed": "not loaded: press r to retry",
    "unreadable": "cannot be shown: no readable order here (no id) · r reloads",
}


def clean(text: str) -> str:
    """API text made safe for one cell: no control codes, no line breaks."""
    return safe(text)


def fit(text: str, width: int) -> str:
    """Pad or cut to exactly ``width`` cells, marking a cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _spare(columns: list[Column], total_width: int) -> int:
    """Cells left for the flexible columns once the fixed ones and the gaps are placed."""
    return total_width - sum(c.width or 0 for c in columns) - (len(columns) + 1)


def column_widths(total_width: int, *, marking: bool = False) -> list[tuple[Column, int]]:
    """The columns shown at this width, each with its width (``marking``: the mark first).

    Fixed columns keep their width. The product shares the spare room with the common
    name, but only as far as the name keeps ``NAME_MIN``; below that, whole columns are
    left out, least needed first, so the name stays readable.
    """
    columns = [MARK_COLUMN, *COLUMNS] if marking else list(COLUMNS)
    for key in GIVE_WAY:
        room = _spare(columns, total_width) - (MIN_FLEX if _has(columns, "product") else 0)
        if room >= NAME_MIN:
            break
        columns = [c for c in columns if c.key != key]
    spare = max(_spare(columns, total_width), MIN_FLEX)
    product = 0
    if _has(columns, "product"):
        share = spare * 2 // 5
        product = max(MIN_FLEX, min(share, PRODUCT_MAX, spare - NAME_MIN))
    widths = {"common_name": spare - product, "product": product}
    return [(c, c.width if c.width is not None else widths[c.key]) for c in columns]


def _has(columns: list[Column], key: str) -> bool:
    return any(c.key == key for c in columns)


class OrderTable(ScrollView, can_focus=True):
    """Orders of the current view, one per line, under a fixed header line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "order-table--header",
        "order-table--sorted",
        "order-table--cursor",
        "order-table--placeholder",
        "order-table--failed",
        "order-table--good",
        "order-table--waiting",
        "order-table--bad",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page-up"),
        Binding("home,g", "first", "First order", show=False, id="table.first"),
        Binding("end,G", "last", "Last order", show=False, id="table.last"),
    ]

    class Highlighted(Message):
        """The cursor is on a new row; ``row`` is None while its page is loading."""

        def __init__(self, table: OrderTable, index: int, row: OrderRow | None) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.row = row

    class PagesNeeded(Message):
        """Rows on screen or near the cursor live in pages nobody has asked for yet."""

        def __init__(self, table: OrderTable, offsets: list[int]) -> None:
            super().__init__()
            self.table = table
            self.offsets = offsets

    class SortRequested(Message):
        """A column header was clicked."""

        def __init__(self, table: OrderTable, field: SortField) -> None:
            super().__init__()
            self.table = table
            self.field = field

    def __init__(
        self,
        pages: OrderPages,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.pages = pages
        self.cursor = 0
        self.sort_field: SortField | None = None
        self.descending = False
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        self._last_highlight: tuple[int, int | None] | None = None
        # Marked order ids, in the order they were marked; kept across views (by id).
        self.marked: dict[int, None] = {}

    # -- model ----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.pages.total or 0

    @property
    def current_row(self) -> OrderRow | None:
        return self.pages.row(self.cursor)

    def use_pages(self, pages: OrderPages, cursor: int | None = None) -> None:
        """Show another set of pages (a new query, or a refresh that has arrived)."""
        self.pages = pages
        self._last_highlight = None
        self.pages_changed(cursor)

    def pages_changed(self, cursor: int | None = None) -> None:
        """Pages arrived or the total changed: resize, redraw, re-announce the cursor."""
        if cursor is not None:
            self.cursor = cursor
        self.cursor = max(0, min(self.cursor, self.total - 1)) if self.total else 0
        self._lines.clear()
        self._update_virtual_size()
        self.refresh()
        self._scroll_to_cursor()
        self._announce()
        self._request_pages()

    def toggle_mark(self, order_id: int) -> bool:
        """Mark or unmark one order; True if it is marked now."""
        if order_id in self.marked:
            del self.marked[order_id]
        else:
            self.marked[order_id] = None
        self._lines.clear()
        self.refresh()
        return order_id in self.marked

    def clear_marks(self) -> None:
        self.marked.clear()
        self._lines.clear()
        self.refresh()

    def _widths(self, width: int) -> list[tuple[Column, int]]:
        return column_widths(width, marking=bool(self.marked))

    def set_sort(self, field: SortField, descending: bool) -> None:
        self.sort_field, self.descending = field, descending
        self._lines.clear()
        self.refresh()

    def move_to(self, index: int) -> None:
        if not self.total:
            return
        index = max(0, min(index, self.total - 1))
        if index == self.cursor:
            return
        previous = self.cursor
        self.cursor = index
        self._refresh_row(previous)
        self._refresh_row(index)
        self._scroll_to_cursor()
        self._announce()
        self._request_pages()

    # -- keys -----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page_height())

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page_height())

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    # -- events ---------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            field = self._column_at(offset.x)
            if field is not None:
                self.post_message(self.SortRequested(self, field))
            return
        self.focus()
        self.move_to(int(self.scroll_y) + offset.y - 1)

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self._update_virtual_size()
        self._request_pages()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._request_pages()

    def on_focus(self, event: events.Focus) -> None:
        self._lines.clear()

    def on_blur(self, event: events.Blur) -> None:
        self._lines.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # -- internals ------------------------------------------------------------------

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        self.virtual_size = Size(width, self.total + 1)

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)

    def _scroll_to_cursor(self) -> None:
        if not self.total or not self.size.height:
            return
        region = Region(0, self.cursor + 1, max(1, self.size.width), 1)
        self.scroll_to_region(
            region, spacing=Spacing(top=1), animate=False, force=True, immediate=True
        )

    def _announce(self) -> None:
        row = self.current_row
        key = (self.cursor, row.id if row else None)
        if key != self._last_highlight and self.total:
            self._last_highlight = key
            self.post_message(self.Highlighted(self, self.cursor, row))

    def _request_pages(self) -> None:
        if self.pages.total is None:
            return
        top = int(self.scroll_y)
        height = max(self.scrollable_content_region.height, 1)
        wanted: list[int] = []
        for start, stop in (
            (top, top + height),
            (self.cursor - PREFETCH_ROWS, self.cursor + PREFETCH_ROWS + 1),
        ):
            for offset in self.pages.missing(start, stop):
                if offset not in wanted:
                    wanted.append(offset)
        if wanted:
            # The cursor's own page first: it is the one the user is waiting for.
            cursor_page = self.pages.page_offset(self.cursor)
            wanted.sort(key=lambda o: (o != cursor_page, abs(o - cursor_page)))
            self.post_message(self.PagesNeeded(self, wanted))

    def _column_at(self, x: int) -> SortField | None:
        position = 1
        for column, width in self._widths(self.size.width):
            if position <= x < position + width + 1:
                return column.sort
            position += width + 1
        return None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._header(width)
        index = int(self.scroll_y) + y - 1
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.pages.row(index)
        is_cursor = index == self.cursor
        state = "row" if row else ("failed" if self._page_failed(index) else "pending")
        if state == "pending" and self.pages.is_unreadable(index):
            state = "unreadable"
        marked = row is not None and row.id in self.marked
        key = (index, row, is_cursor, width, state, self.has_focus, marked, bool(self.marked))
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(row, is_cursor, width, state)
            self._lines[key] = strip
        return strip

    def _page_failed(self, index: int) -> bool:
        return self.pages.page_offset(index) in self.pages.failed

    def _header(self, width: int) -> Strip:
        key = ("header", width, self.sort_field, self.descending, bool(self.marked))
        strip = self._lines.get(key)
        if strip is not None:
            return strip
        base = self.get_component_rich_style("order-table--header")
        sorted_style = base + self.get_component_rich_style("order-table--sorted", partial=True)
        segments = [Segment(" ", base)]
        for column, col_width in self._widths(width):
            label = column.label
            is_sorted = column.sort is not None and column.sort == self.sort_field
            if is_sorted:
                label = f"{label} {'▼' if self.descending else '▲'}"
            segments.append(Segment(fit(label, col_width), sorted_style if is_sorted else base))
            segments.append(Segment(" ", base))
        strip = Strip(segments).adjust_cell_length(width, base)
        self._lines[key] = strip
        return strip

    def _marker(self, is_cursor: bool) -> str:
        """The cursor row's first cell: ▶ under NO_COLOR, where its colour is a grey."""
        return "▶" if is_cursor and self.app.no_color else " "

    def _render_row(self, row: OrderRow | None, is_cursor: bool, width: int, state: str) -> Strip:
        base = self.rich_style
        if is_cursor:
            # Not partial: a translucent cursor colour is blended onto the table's background.
            base = base + self.get_component_rich_style("order-table--cursor")
        widths = self._widths(width)
        first = sum(w + 1 for c, w in widths if c.key in ("mark", "id")) - 1
        if row is None:
            component = "order-table--placeholder" if state == "pending" else "order-table--failed"
            style = base + self.get_component_rich_style(component, partial=True)
            text = ROW_STATES[state]
            cells = ["·" * min(7, first), text]
            segments = [Segment(self._marker(is_cursor), style)]
            segments.append(Segment(fit(cells[0], first) + " ", style))
            segments.append(Segment(fit(cells[1], width - first - 3), style))
            return Strip(segments).adjust_cell_length(width, style)
        values = {
            "mark": MARK_GLYPH if row.id in self.marked else " ",
            "id": str(row.id),
            "common_name": clean(row.common_name),
            "product": clean(row.product_name),
            "status": status_label(clean(row.status)),
            "expires": day(row.expiration_date),
            "autorenew": on_off(row.autorenew),
        }
        tone = STATUS_TONE.get(row.status, "bad")
        status_style = base + self.get_component_rich_style(f"order-table--{tone}", partial=True)
        if is_cursor and self.has_focus:
            # On the solid cursor the status takes the cursor's own colour, to stay readable.
            cursor = self.get_component_rich_style("order-table--cursor")
            status_style = status_style + Style(color=cursor.color)
        segments = [Segment(self._marker(is_cursor), base)]
        for column, col_width in widths:
            style = status_style if column.key == "status" else base
            segments.append(Segment(fit(values[column.key], col_width), style))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)


__all__ = ["COLUMNS", "OrderTable", "column_widths", "fit"]
