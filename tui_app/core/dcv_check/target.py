"""What to look for, per host: read from the order's ``additional_data`` exactly as sent.

Nothing is computed from the CSR: the record name, its value and the file come from the
API (``DcvData``), as the detail pane shows them. The record type follows the value: a
host name is published as a CNAME (Sectigo), anything else (a token) as a TXT record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tui_app.api.models import Order

# A value shaped like a host name (labels with letters, digits, '-' or '_', at least one
# dot) is a CNAME target; a token with no dot, or with other characters, is a TXT value.
_HOSTNAME_RE = re.compile(
    r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+[A-Za-z0-9-]+\.?"
)
FILE_METHODS = ("http", "https")


@dataclass(frozen=True, slots=True)
class DnsTarget:
    """A record to find: ``name`` ``rdtype`` ``value``; ``relative`` when the API's name
    had no domain and the host's was added."""

    name: str
    rdtype: str
    value: str
    relative: bool = False


@dataclass(frozen=True, slots=True)
class FileTarget:
    """A file to fetch: ``url`` (the method's scheme), and the lines it must hold."""

    url: str
    contents: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def lines(self) -> tuple[str, ...]:
        return content_lines(self.contents)


@dataclass(frozen=True, slots=True)
class HostTarget:
    """One host of the order and what its method needs; ``problem`` when there is nothing
    to check (no data from the API, no approver, an unknown method)."""

    host: str
    method: str
    dns: DnsTarget | None = None
    file: FileTarget | None = None
    approver: str = ""
    problem: str = ""


def content_lines(text: str) -> tuple[str, ...]:
    """A file's lines as compared: each trimmed, blank lines dropped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def record_type(value: str) -> str:
    return "CNAME" if _HOSTNAME_RE.fullmatch(value.strip()) else "TXT"


def _bare(host: str) -> str:
    return host[2:] if host.startswith("*.") else host


def _dns_target(host: str, name: str, value: str) -> DnsTarget:
    domain = _bare(host).rstrip(".").lower()
    name = name.strip().rstrip(".")
    lowered = name.lower()
    relative = not (lowered == domain or lowered.endswith("." + domain))
    if relative:
        name = f"{name}.{domain}" if name else domain
    return DnsTarget(name, record_type(value), value.strip(), relative)


def _file_target(method: str, url: str, location: str, contents: str) -> FileTarget:
    """The URL the CA fetches: the method's scheme, and the API's host and path."""
    where = url.strip() or location.strip()
    if "://" in where:
        where = where.split("://", 1)[1]
    return FileTarget(f"{method}://{where.lstrip('/')}", contents)


def host_target(order: Order, host: str, method: str) -> HostTarget:
    method = method.strip()
    if "@" in method:  # the legacy form: the approver address itself as the method
        return HostTarget(host, "email", approver=method)
    lowered = method.lower()
    data = order.dcv_data_for(host)
    if lowered == "email":
        if not order.email_approver:
            return HostTarget(host, lowered, problem="no approver email is set on this order")
        return HostTarget(host, lowered, approver=order.email_approver)
    if lowered == "dns":
        if data is None or not (data.dns_record.strip() and data.dns_value.strip()):
            return HostTarget(host, lowered, problem="the API sent no DNS record for this host")
        return HostTarget(host, lowered, dns=_dns_target(host, data.dns_record, data.dns_value))
    if lowered in FILE_METHODS:
        if data is None or not (data.url or data.file_location) or not data.contents.strip():
            return HostTarget(
                host, lowered, problem="the API sent no validation file for this host"
            )
        return HostTarget(
            host,
            lowered,
            file=_file_target(lowered, data.url, data.file_location, data.contents),
        )
    if not lowered:
        return HostTarget(host, "", problem="no DCV method is set for this host")
    return HostTarget(host, method, problem=f"opssl cannot check the method {method!r}")


def order_targets(order: Order) -> list[HostTarget]:
    """Every host of the order, as the detail pane lists them."""
    return [host_target(order, host, method) for host, method in order.dcv_hosts()]
