"""What to publish for each host, read straight from the order's ``additional_data``.

Values are shown exactly as the API returned them: the CA's DCV values depend on the
CSR and on server-side state, so computing them locally would eventually be wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_app.api import DcvData, Order
from tui_app.core.dcv_rules import METHOD_HELP


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to publish, e.g. ``("DNS record", "_abc.example.com")``."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class HostDcv:
    """One host's method and exactly what to publish for it."""

    host: str
    method: str
    summary: str
    items: tuple[Item, ...] = ()
    value: Item | None = None
    name: Item | None = None
    note: str = ""


def _dns(host: str, data: DcvData | None) -> HostDcv:
    summary = METHOD_HELP["dns"]
    if data is None or not (data.dns_record or data.dns_value):
        return HostDcv(host, "dns", summary, note="The API sent no DNS record for this host yet.")
    record = Item("DNS record", data.dns_record)
    value = Item("DNS value", data.dns_value)
    return HostDcv(host, "dns", summary, (record, value), value=value, name=record)


def _file(host: str, method: str, data: DcvData | None) -> HostDcv:
    summary = METHOD_HELP[method]
    contents_text = data.contents if data else ""
    if data is None or not (data.file_location or data.url or contents_text):
        return HostDcv(
            host, method, summary, note="The API sent no validation file for this host yet."
        )
    items: list[Item] = []
    if data.url:
        items.append(Item("URL", data.url))
    if data.file_location:
        items.append(Item("file", data.file_location))
    contents = Item("contents", contents_text)
    items.append(contents)
    where = items[0] if items[0] is not contents else None
    return HostDcv(host, method, summary, tuple(items), value=contents, name=where)


def _email(host: str, approver: str) -> HostDcv:
    summary = METHOD_HELP["email"]
    if not approver:
        return HostDcv(host, "email", summary, note="No approver email is set on this order.")
    item = Item("approver", approver)
    return HostDcv(host, "email", summary, (item,), value=item, name=item)


def host_dcv(order: Order, host: str, method: str) -> HostDcv:
    method = method.strip()
    data = order.dcv_data_for(host)
    if "@" in method:  # the legacy form: the approver address itself as the method
        return _email(host, method)
    lowered = method.lower()
    if lowered == "dns":
        return _dns(host, data)
    if lowered in ("http", "https"):
        return _file(host, lowered, data)
    if lowered == "email":
        return _email(host, order.email_approver)
    if not lowered:
        return HostDcv(host, "", "no DCV method set", note="Choose a method in the edit form.")
    return HostDcv(host, method, "a method opssl does not know", note="Shown as the API sent it.")


def order_dcv(order: Order) -> list[HostDcv]:
    """One entry per host: hosts with a method first (API order), then any without one."""
    return [host_dcv(order, host, method) for host, method in order.dcv_hosts()]
