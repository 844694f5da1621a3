"""Fields the order's status does not let change: their values, under the reason in words.

Grouped by reason, e.g. "REQ: only DCV methods and autorenew can change", so a REQ form
reads as what can change first, then what cannot and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from tui_app.api import Order, Product
from tui_app.core.draft import OrderDraft
from tui_app.core.fields import BY_NAME, EDIT, FIELD_LABELS, Form, is_multi_domain, lock_reason
from tui_app.ui.edit.field_base import sentence
from tui_app.ui.formatting import NOT_SET, safe

if TYPE_CHECKING:
    from textual.geometry import Size


def locked_value(draft: OrderDraft, field: str) -> tuple[str, str]:
    """A locked field's value in words, as its kind shows it (a CSR as its summary, DCV
    rows one host per line), and its style: bold when the words say it cannot be read."""
    entry = BY_NAME[field]
    shown = entry.kind.shown(getattr(draft, entry.attr), NOT_SET)
    words = shown.joiner.join(safe(part) for part in shown.parts) or NOT_SET
    return words, "bold" if shown.problem else ""


# Widths whose lines are kept at once (a resize starts again).
KEPT_WIDTHS = 4

# Each reason, and the fields it locks with their values in words and style.
Rows = tuple[tuple[str, tuple[tuple[str, tuple[str, str]], ...]], ...]


def locked_rows(
    order: Order,
    draft: OrderDraft,
    fields: Sequence[str],
    product: Product | None,
    reason: str | None = None,
    form: Form = EDIT,
) -> Rows:
    """Each reason and the fields it locks, with their values in words. ``reason`` locks
    every field for one reason (a read-only session); ``form``: whose rules give the
    reasons."""
    groups: dict[str, list[str]] = {}
    multi_domain = is_multi_domain(order, product)
    for field in fields:
        rule = lock_reason(order.status, field, form=form, multi_domain=multi_domain)
        why = reason or rule or "locked"
        groups.setdefault(why, []).append(field)
    return tuple(
        (why, tuple((name, locked_value(draft, name)) for name in names))
        for why, names in groups.items()
    )


def locked_table(rows: Rows) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, min_width=14)
    table.add_column()
    for why, values in rows:
        table.add_row(Text("Locked", style="bold"), Text(safe(why), style="italic"))
        for name, value in values:
            table.add_row(Text(sentence(FIELD_LABELS[name])), Text(value[0], style=value[1]))
    return table


class LockedFields(Widget):
    """The locked part of the form (shown only when some field is locked).

    Drawn through the line API from one render of the table per width and content: the
    same lines give the height and the screen. (As a ``Static`` the table was rendered
    whole once to be measured and again to be drawn; a 250-host order's list is ~80-260
    lines, redrawn at every open and re-read.)
    """

    DEFAULT_CSS = """
    LockedFields {
        height: auto;
    }
    """

    def __init__(
        self,
        order: Order,
        draft: OrderDraft,
        fields: Sequence[str],
        product: Product | None,
        *,
        reason: str | None = None,
        form: Form = EDIT,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._rows = locked_rows(order, draft, fields, product, reason, form)
        self.fields = tuple(fields)
        self.reason = reason
        self._drawn: tuple[tuple[object, ...], dict[int, list[Strip]]] = ((), {})

    def lines(self, width: int) -> list[Strip]:
        """The table at ``width``, drawn once per width until the rows or style change.

        More than one width is kept: in the wide form's two columns Textual measures the
        column's height one cell narrower than it then lays it out, so every layout asks
        for two widths (and one kept width drew the table twice per layout)."""
        style = self.visual_style
        key, drawn = self._drawn
        if key != (self._rows, style) or (len(drawn) >= KEPT_WIDTHS and width not in drawn):
            drawn = {}
            self._drawn = ((self._rows, style), drawn)
        lines = drawn.get(width)
        if lines is None:
            visual = visualize(self, locked_table(self._rows), markup=False)
            lines = drawn[width] = Visual.to_strips(self, visual, width, None, style)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self.lines(width)
        if y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def load(
        self, order: Order, draft: OrderDraft, fields: Sequence[str], product: Product | None
    ) -> None:
        """The order read again: the same widget shows the new values (and field list)."""
        self.fields = tuple(fields)
        rows = locked_rows(order, draft, fields, product, self.reason)
        if rows != self._rows:  # a new table lays the whole screen out again
            self._rows = rows
            self.refresh(layout=True)
