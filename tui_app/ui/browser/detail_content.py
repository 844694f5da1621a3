"""The words of the detail pane: fields of an order, CSR summary, DCV instructions.

Everything from the API goes into ``Text`` (never markup), so a bracket in a value is
shown as typed and a control character is dropped.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from tui_app.api import Order
from tui_app.core.dcv_view import HostDcv
from tui_app.core.order_pages import OrderRow
from tui_app.ui.formatting import (
    NOT_SET,
    day,
    moment,
    on_off,
    or_unset,
    safe_text,
    status_label,
    status_meaning,
)


def csr_text(csr: str) -> Text:
    """The CSR's summary (``core.csr_summary``), bold when it cannot be read."""
    from tui_app.core.csr_summary import summarize_csr  # imported by the first detail read

    summary = summarize_csr(csr)
    return Text(summary.listing(NOT_SET), style="bold" if summary.problem else "")


Field = tuple[str, Text]


def order_fields(order: Order) -> list[Field]:
    fields: list[Field] = []

    def add(label: str, value: str | Text) -> None:
        fields.append((label, value if isinstance(value, Text) else Text(value)))

    product = order.product_name or NOT_SET
    if order.brand_name:
        product += f" ({order.brand_name})"
    if order.period:
        product += f", {order.period} year" + ("s" if order.period > 1 else "")
    add("Common name", or_unset(order.common_name))
    add("Product", product)
    add("Status", f"{status_label(order.status)}: {status_meaning(order.status)}")
    ca = order.domain_validation_statuses
    if ca.ca_status or ca.ca_order_status:
        add("At the CA", ", ".join(v for v in (ca.ca_status, ca.ca_order_status) if v))
    add("Ordered", moment(order.order_date))
    add("Active", moment(order.active_date))
    add("Expires", moment(order.expiration_date))
    add("Paid until", moment(order.order_ends_at))
    add("Reissue", moment(order.reissue_at))
    add("Autorenew", on_off(order.autorenew))
    add("Software", or_unset(order.software))
    add("Organization", or_unset(order.organization_handle))
    add("Technical", or_unset(order.technical_handle))
    add("Admin", or_unset(order.administrative_handle))
    add("Billing", or_unset(order.billing_handle))
    add("Approver", or_unset(order.email_approver))
    add("Host names", ", ".join(order.host_names) if order.host_names else NOT_SET)
    add("CSR", csr_text(order.csr))
    if order.vendor_order_id:
        add("CA order", order.vendor_order_id)
    return fields


def row_fields(row: OrderRow) -> list[Field]:
    """What the table already knows, shown while the full order loads."""
    return [
        ("Common name", Text(or_unset(row.common_name))),
        ("Product", Text(or_unset(row.product_name))),
        ("Status", Text(f"{status_label(row.status)}: {status_meaning(row.status)}")),
        ("Expires", Text(day(row.expiration_date))),
        ("Autorenew", Text(on_off(row.autorenew))),
    ]


def dcv_heading(entry: HostDcv) -> Text:
    return Text.assemble(
        (entry.host, "bold"),
        "  ",
        (entry.method or "no method", "bold"),
        (f": {entry.summary}", "dim"),
    )


def dcv_fields(entry: HostDcv) -> list[Field]:
    """What to publish, one field per item; a note (nothing to publish yet) as a field too."""
    fields: list[Field] = [(item.label, Text(item.value)) for item in entry.items]
    if entry.note:
        fields.append(("note", Text(entry.note, style="italic")))
    return fields


def wrap_fields(fields: list[Field], width: int, console: Console, indent: int = 0) -> list[Text]:
    """Label/value lines; values wrap (and keep their own line breaks) under themselves."""
    label_width = max((len(label) for label, _ in fields), default=0) + 1
    value_width = max(width - indent - label_width, 8)
    lines: list[Text] = []
    for label, value in fields:
        first = True
        for part in safe_text(value).split("\n", allow_blank=True):
            for line in part.wrap(console, value_width, overflow="fold"):
                prefix = (label if first else "").ljust(label_width)
                lines.append(Text.assemble(" " * indent, (prefix, "dim"), line))
                first = False
    return lines


def wrap_paragraph(text: Text, width: int, console: Console, indent: int = 0) -> list[Text]:
    lines: list[Text] = []
    for part in safe_text(text).split("\n", allow_blank=True):
        for line in part.wrap(console, max(width - indent, 8), overflow="fold"):
            lines.append(Text.assemble(" " * indent, line))
    return lines
