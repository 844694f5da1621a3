"""Fields the order's status does not let change: their values, under the reason in words.

Grouped by reason, e.g. "REQ: only DCV methods and autorenew can change", so a REQ form
reads as what can change first, then what cannot and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui_app.api import Order, Product
from tui_app.core.draft import OrderDraft
from tui_app.core.form_checks import lock_reason
from tui_app.core.status_rules import (
    APPROVER_EMAIL,
    AUTORENEW,
    CSR,
    DCV_METHODS,
    FIELD_LABELS,
    HOST_NAMES,
    SOFTWARE_ID,
)
from tui_app.ui.browser.detail_content import csr_summary
from tui_app.ui.edit.field_base import sentence
from tui_app.ui.formatting import NOT_SET, on_off, safe


def locked_value(draft: OrderDraft, field: str) -> Text:
    """A locked field's value in words (a CSR as its summary, DCV one host per line)."""
    if field == CSR:
        return csr_summary(draft.csr)
    if field == HOST_NAMES:
        return Text(safe(", ".join(draft.host_names)) or NOT_SET)
    if field == DCV_METHODS:
        lines = [f"{safe(h)}: {safe(m) or NOT_SET}" for h, m in draft.dcv]
        return Text("\n".join(lines) or NOT_SET)
    if field == AUTORENEW:
        return Text(on_off(draft.autorenew))
    if field == APPROVER_EMAIL:
        return Text(safe(draft.approver_email) or NOT_SET)
    if field == SOFTWARE_ID:
        return Text(safe(draft.software_id) or NOT_SET)
    value: str = getattr(draft, field)
    return Text(safe(value) or NOT_SET)


def locked_table(
    order: Order,
    draft: OrderDraft,
    fields: Sequence[str],
    product: Product | None,
    reason: str | None = None,
) -> Text | Table:
    """``reason`` locks every field for one reason (a read-only session)."""
    groups: dict[str, list[str]] = {}
    for field in fields:
        why = reason or lock_reason(order, field, product) or "locked"
        groups.setdefault(why, []).append(field)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, min_width=14)
    table.add_column()
    for why, names in groups.items():
        table.add_row(Text("Locked", style="bold"), Text(safe(why), style="italic"))
        for name in names:
            table.add_row(Text(sentence(FIELD_LABELS[name])), locked_value(draft, name))
    return table


class LockedFields(Static):
    """The locked part of the form (shown only when some field is locked)."""

    def __init__(
        self,
        order: Order,
        draft: OrderDraft,
        fields: Sequence[str],
        product: Product | None,
        *,
        reason: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(locked_table(order, draft, fields, product, reason), id=id)
        self.fields = tuple(fields)
