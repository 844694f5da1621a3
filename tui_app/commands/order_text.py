"""``opssl orders show`` for a person: the order's fields, then each host's DCV method and
what to publish for it, as the browser's detail pane shows it (``core.dcv_view``)."""

from __future__ import annotations

from datetime import datetime

from tui_app.api.models import Order
from tui_app.commands.table import printable
from tui_app.core.dcv_view import order_dcv
from tui_app.core.statuses import STATUS_MEANINGS


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def _row(label: str, value: str) -> str:
    return f"  {label:<14}{printable(value) or '-'}"


def order_lines(order: Order) -> list[str]:
    meaning = STATUS_MEANINGS.get(order.status, "")
    product = order.product_name or "-"
    if order.product_id is not None:
        product += f" (product {order.product_id})"
    lines = [
        f"Order {order.id}  {printable(order.common_name)}",
        _row("status", f"{order.status}: {meaning}" if meaning else order.status),
        _row("product", product),
        _row("ordered", _when(order.order_date)),
        _row("active", _when(order.active_date)),
        _row("expires", _when(order.expiration_date)),
        _row("paid until", _when(order.order_ends_at)),
        _row("autorenew", "on" if order.autorenew else "off"),
        _row("software", order.software),
        _row("approver", order.email_approver),
        _row("organization", order.organization_handle),
        _row("technical", order.technical_handle),
        _row("host names", ", ".join(order.host_names)),
    ]
    status = order.domain_validation_statuses.status
    lines.append(f"DCV{f' (validation status: {printable(status)})' if status else ''}")
    hosts = order_dcv(order)
    if not hosts:
        lines.append("  no hosts")
    for host in hosts:
        lines.append(f"  {printable(host.host)}  {printable(host.method) or '-'}: {host.summary}")
        for item in host.items:
            first, *more = item.value.splitlines() or [""]
            lines.append(f"      {item.label}: {printable(first)}")
            pad = " " * (len(item.label) + 8)
            lines.extend(pad + printable(line) for line in more)
        if host.note:
            lines.append(f"      {host.note}")
    return lines
