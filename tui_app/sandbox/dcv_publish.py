"""What the simulated internet publishes for the sandbox's orders: DNS records and files.

The sandbox plays two machines (127.0.0.1 and, where the system allows it, 127.0.0.2):
each zone's ``ns1``/``ns2`` and each web host's two addresses. Per host a knob says
what is out there: ``published`` (the API's value), ``unpublished`` (nothing), ``wrong``
(a stale value), ``partial`` (only the first machine has it) or ``redirect`` (the web
server redirects to a port the CA never uses). Seeded orders get a mix, so a check in
the demo shows every state. No import of ``tui_app.core``: the sandbox reads the API on
its own.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui_app.sandbox.orders import StoredOrder, bare_domain

if TYPE_CHECKING:
    from tui_app.sandbox.store import SandboxStore

PUBLISHED = "published"
UNPUBLISHED = "unpublished"
WRONG = "wrong"
PARTIAL = "partial"
REDIRECT = "redirect"
STATES = (PUBLISHED, UNPUBLISHED, WRONG, PARTIAL, REDIRECT)
WELL_KNOWN = "/.well-known/pki-validation/"
# The seeded mix, by method; a host's place in it comes from its order id and position.
_MIX = {
    "dns": (PUBLISHED, PARTIAL, WRONG, UNPUBLISHED, PUBLISHED),
    "file": (PUBLISHED, WRONG, UNPUBLISHED, REDIRECT, PARTIAL, PUBLISHED),
    "email": (PUBLISHED, PUBLISHED, UNPUBLISHED),
}


def zone_of_host(host: str) -> str:
    """The zone a seeded host lives in: its last two labels (every seeded TLD has one)."""
    return ".".join(bare_domain(host).split(".")[-2:])


def _stale(value: str) -> str:
    """Another value of the same shape, as left behind by an earlier method switch."""
    stale = hashlib.sha256(f"stale:{value}".encode()).hexdigest()[:16]
    parts = value.split(".")
    if len(parts) > 3:
        return ".".join([*parts[:2], stale, *parts[3:]])
    lines = value.split("\n")
    return "\n".join([*lines[:-1], stale])


@dataclass(frozen=True)
class NameData:
    """What one name holds on one machine; ``zone`` None means "not ours" (REFUSED)."""

    zone: str | None
    exists: bool = False
    cname: str = ""
    addresses: tuple[str, ...] = ()
    mail: str = ""


@dataclass(frozen=True)
class FileAnswer:
    status: int
    body: str = ""
    location: str = ""


class DcvPublisher:
    """The knobs and the lookups the sandbox's DNS and web servers answer from."""

    def __init__(self, store: SandboxStore) -> None:
        self.store = store
        self.addresses: tuple[str, ...] = ("127.0.0.1",)
        self._knobs: dict[str, str] = {}
        self._lock = threading.Lock()

    # -- knobs ----------------------------------------------------------------------

    def set_state(self, host: str, state: str) -> None:
        """Raise ValueError for an unknown state or a host no order has."""
        if state not in STATES:
            raise ValueError(f"state must be one of {', '.join(STATES)}, not {state!r}")
        key = host.strip().lower()
        with self.store.lock:
            known = any(key in o.hosts for o in self.store.orders.values())
        if not known:
            raise ValueError(f"no order has the host {host!r}")
        with self._lock:
            self._knobs[key] = state

    def knobs(self) -> dict[str, str]:
        with self._lock:
            return dict(self._knobs)

    def state(self, order: StoredOrder, host: str) -> str:
        with self._lock:
            chosen = self._knobs.get(host)
        if chosen is not None:
            return chosen
        method = order.dcv.get(host, "")
        mix = _MIX["file" if method in ("http", "https") else method] if method else _MIX["dns"]
        return mix[(order.id + order.hosts.index(host)) % len(mix)]

    def _has_it(self, state: str, machine: int) -> bool:
        return state == PUBLISHED or (state == PARTIAL and machine == 0)

    # -- lookups ----------------------------------------------------------------------

    def _zones(self) -> set[str]:
        zones = {zone_of_host(h) for o in self.store.orders.values() for h in o.hosts}
        zones |= {
            o.email_approver.rpartition("@")[2]
            for o in self.store.orders.values()
            if o.email_approver
        }
        return zones

    def _hosts_named(self, name: str) -> list[tuple[StoredOrder, str]]:
        return [
            (o, h) for o in self.store.orders.values() for h in o.hosts if bare_domain(h) == name
        ]

    def lookup(self, qname: str, machine: int) -> NameData:
        """What ``qname`` holds on machine 0 (127.0.0.1) or 1 (127.0.0.2)."""
        name = qname.rstrip(".").lower()
        with self.store.lock:
            zone = next((z for z in self._zones() if name == z or name.endswith("." + z)), None)
            if zone is None:
                return NameData(None)
            return self._lookup(name, zone, machine)

    def _lookup(self, name: str, zone: str, machine: int) -> NameData:
        if name == zone:
            return NameData(zone, True, addresses=self._web(name), mail=self._mail(zone))
        servers = {f"ns{i + 1}.{zone}": (a,) for i, a in enumerate(self.addresses)}
        if name in servers:
            return NameData(zone, True, addresses=servers[name])
        if self._hosts_named(name):
            return NameData(zone, True, addresses=self._web(name))
        if name == f"mail.{zone}":
            return NameData(zone, True, addresses=self.addresses[:1])
        label, _, parent = name.partition(".")
        if label.startswith("_"):
            for order, host in self._hosts_named(parent):
                if order.dcv.get(host) != "dns":
                    continue
                data = order.dcv_data(host)
                if data["dns_record"] != name:
                    continue
                state = self.state(order, host)
                if state == WRONG:
                    return NameData(zone, True, cname=_stale(data["dns_value"]))
                if self._has_it(state, machine):
                    return NameData(zone, True, cname=data["dns_value"])
        return NameData(zone, False)

    def _web(self, name: str) -> tuple[str, ...]:
        return self.addresses if self._hosts_named(name) else ()

    def _mail(self, zone: str) -> str:
        """``mail.<zone>`` unless an email host of the zone's approver is unpublished."""
        for order in self.store.orders.values():
            if order.email_approver.endswith("@" + zone):
                for host, method in order.dcv.items():
                    if method == "email" and self.state(order, host) == UNPUBLISHED:
                        return ""
        return f"mail.{zone}"

    def file(self, host: str, path: str, machine: int, scheme: str) -> FileAnswer:
        """What the web server at machine ``machine`` answers for ``host`` and ``path``."""
        name = host.split(":")[0].rstrip(".").lower()
        with self.store.lock:
            for order, order_host in self._hosts_named(name):
                if order.dcv.get(order_host) not in ("http", "https"):
                    continue
                data: dict[str, Any] = order.dcv_data(order_host)
                if path != WELL_KNOWN + data["file_name"]:
                    continue
                state = self.state(order, order_host)
                if state == WRONG:
                    return FileAnswer(200, _stale(data["file_contents"]) + "\n")
                if state == REDIRECT:
                    return FileAnswer(302, location=f"{scheme}://{name}:8080{path}")
                if self._has_it(state, machine):
                    return FileAnswer(200, data["file_contents"] + "\n")
        return FileAnswer(404, "Not Found\n")
