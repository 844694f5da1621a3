"""The detail pane: every field of the highlighted order and, per host, what to publish.

A line-API widget: the pane changes on every cursor move, and a tree of Static widgets
had to be re-laid out each time (tens of milliseconds per key). Here new content is
only re-wrapped to the pane's width and redrawn. With focus, up/down pick the host
whose value ``c`` copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_app.api import Order
from tui_app.core.dcv_view import HostDcv, order_dcv
from tui_app.core.order_pages import OrderRow
from tui_app.ui.browser.detail_content import (
    Field,
    dcv_fields,
    dcv_heading,
    order_fields,
    row_fields,
    wrap_fields,
    wrap_paragraph,
)
from tui_app.ui.formatting import count_phrase

if TYPE_CHECKING:
    from tui_app.ui.app import OpsslApp
    from tui_app.ui.problems import Problem


@dataclass(frozen=True, eq=False)
class _Layout:
    """The pane's content wrapped to one width, and where each host's block sits."""

    width: int
    lines: list[Text]
    hosts: list[tuple[int, int]]


class OrderDetail(ScrollView, can_focus=True):
    """Shows one order, or why it cannot: loading, a problem, or nothing highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "order-detail--current",
        "order-detail--marker",
        "order-detail--problem",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "next_host", "Next host", show=False, id="detail.next-host"),
        Binding("up,k", "previous_host", "Previous host", show=False, id="detail.previous-host"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.order: Order | None = None
        self.entries: list[HostDcv] = []
        self.dcv_index = 0
        self.state = "empty"
        self._message = Text("No order highlighted.")
        self._fields: list[Field] = []
        self._layout: _Layout | None = None
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(200)

    # -- what is shown ------------------------------------------------------------------

    @property
    def current_dcv(self) -> HostDcv | None:
        if self.order is None or not self.entries:
            return None
        return self.entries[min(self.dcv_index, len(self.entries) - 1)]

    @property
    def text(self) -> str:
        """The whole pane as plain text at its current width (for people and tests)."""
        return "\n".join(line.plain for line in self._layout_for(self._width()).lines)

    def copy_highlighted(self, which: str) -> None:
        """``c`` / ``C``: the highlighted host's DCV value or record name, with OSC 52."""
        entry = self.current_dcv
        if entry is None:
            self.notify("Nothing to copy yet: no order details are loaded.", severity="warning")
            return
        item = entry.value if which == "value" else entry.name
        if item is None or not item.value:
            self.notify(
                f"Nothing to copy for {entry.host}: {entry.note or 'no value'}",
                severity="warning",
                markup=False,
            )
            return
        cast("OpsslApp", self.app).copy_text(item.value, f"{item.label} for {entry.host}")

    def show_message(self, message: Text, title: str = "Order") -> None:
        self._show("empty", title, message, [])

    def show_loading(self, row: OrderRow, position: str) -> None:
        self._show(
            "loading",
            f"Order {row.id} · {position}",
            Text("Loading the order…", style="dim"),
            row_fields(row),
        )

    def show_problem(self, problem: Problem, title: str = "Order") -> None:
        text = Text()
        text.append(problem.title, style="bold")
        text.append(f"\n{problem.detail}\n(while {problem.where})")
        if problem.hint:
            text.append(f"\n\n{problem.hint}", style="bold")
        self._show("problem", title, text, [])

    def show_order(self, order: Order, position: str) -> None:
        same_order = self.order is not None and self.order.id == order.id
        entries = order_dcv(order)
        self.dcv_index = min(self.dcv_index if same_order else 0, max(len(entries) - 1, 0))
        title = f"Order {order.id} · {position}"
        self._show("loaded", title, Text(), order_fields(order), order, entries)
        if not same_order:
            self.scroll_home(animate=False, immediate=True)

    def select_dcv(self, index: int) -> None:
        if not self.entries:
            return
        self.dcv_index = max(0, min(index, len(self.entries) - 1))
        self.refresh()
        layout = self._layout_for(self._width())
        if self.dcv_index < len(layout.hosts):
            start, end = layout.hosts[self.dcv_index]
            self.scroll_to_region(
                Region(0, start, max(self._width(), 1), end - start),
                animate=False,
                force=True,
                immediate=True,
            )

    def _show(
        self,
        state: str,
        title: str,
        message: Text,
        fields: list[Field],
        order: Order | None = None,
        entries: list[HostDcv] | None = None,
    ) -> None:
        self.state = state
        self.order = order
        self.entries = entries or []
        self.border_title = Text(title)
        self._message = message
        self._fields = fields
        self._layout = None
        self._strips.clear()
        self._update_virtual_size()
        self.refresh()

    # -- keys and mouse -------------------------------------------------------------------

    def action_next_host(self) -> None:
        if self.entries:
            self.select_dcv(self.dcv_index + 1)
        else:
            self.scroll_down(animate=False)

    def action_previous_host(self) -> None:
        if self.entries:
            self.select_dcv(self.dcv_index - 1)
        else:
            self.scroll_up(animate=False)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = int(self.scroll_y) + offset.y
        for index, (start, end) in enumerate(self._layout_for(self._width()).hosts):
            if start <= line < end:
                self.select_dcv(index)
                return

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._layout = None
        self._strips.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._strips.clear()

    def on_blur(self, event: events.Blur) -> None:
        self._strips.clear()

    # -- layout and rendering ---------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 40

    def _update_virtual_size(self) -> None:
        """Change the height only when needed: a new virtual size re-lays out the screen.

        Short content is padded to the viewport, and a loading placeholder keeps the
        height of the order before it, so moving the cursor rarely changes the height.
        """
        width = self._width()
        height = max(len(self._layout_for(width).lines), self.scrollable_content_region.height)
        if self.state == "loading":
            height = max(height, self.virtual_size.height)
        if self.virtual_size != Size(width, height):
            self.virtual_size = Size(width, height)

    def _layout_for(self, width: int) -> _Layout:
        if self._layout is not None and self._layout.width == width:
            return self._layout
        console = self.app.console
        lines: list[Text] = []
        if self.state != "loaded":
            lines.extend(wrap_paragraph(self._message, width, console))
        if self._fields:
            if lines:
                lines.append(Text())
            lines.extend(wrap_fields(self._fields, width, console))
        hosts: list[tuple[int, int]] = []
        if self.state == "loaded" and self.order is not None:
            lines.append(Text())
            heading = Text.assemble(("Domain validation", "bold"))
            heading.append(
                f"  {count_phrase(len(self.entries), 'host')}; c copies the value, C the name",
                style="dim",
            )
            lines.extend(wrap_paragraph(heading, width, console))
            if not self.entries:
                lines.append(Text("No hosts on this order.", style="dim"))
            for entry in self.entries:
                lines.append(Text())
                start = len(lines)
                lines.extend(wrap_paragraph(dcv_heading(entry), width, console, indent=2))
                lines.extend(wrap_fields(dcv_fields(entry), width, console, indent=4))
                hosts.append((start, len(lines)))
        self._layout = _Layout(width, lines, hosts)
        return self._layout

    def render_line(self, y: int) -> Strip:
        width = self._width()
        layout = self._layout_for(width)
        index = int(self.scroll_y) + y
        hosts = layout.hosts
        current = (
            self.dcv_index < len(hosts)
            and hosts[self.dcv_index][0] <= index < hosts[self.dcv_index][1]
        )
        key = (layout, index, current, self.size.width, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_text_line(layout, index, current)
            self._strips[key] = strip
        return strip

    def _render_text_line(self, layout: _Layout, index: int, current: bool) -> Strip:
        style = self.rich_style
        if index >= len(layout.lines):
            return Strip.blank(self.size.width, style)
        if self.state == "problem":
            style = style + self.get_component_rich_style("order-detail--problem", partial=True)
        if current:
            # Not partial: $boost and "$accent 20%" are translucent and must be blended.
            style = style + self.get_component_rich_style("order-detail--current")
        segments = list(layout.lines[index].render(self.app.console, end=""))
        strip = Strip(segments).apply_style(style)
        if current:
            # A glyph as well as a colour: the selected host must not be shown by colour alone.
            marker = style + self.get_component_rich_style("order-detail--marker", partial=True)
            strip = Strip.join([Strip([Segment("▌", marker)], 1), strip.crop(1)])
        return strip.adjust_cell_length(self.size.width, style)
