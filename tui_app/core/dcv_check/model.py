"""What a check found: per server (or web address) and per host, in the words the CLI prints.

States are words, never colours, so every screen and script can show them as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

PUBLISHED = "published"
PARTIAL = "partial"
MISSING = "missing"
DIFFERENT = "different"
UNREACHABLE = "unreachable"
BLOCKED = "blocked"
SKIPPED = "skipped"
STATES = (PUBLISHED, PARTIAL, MISSING, DIFFERENT, UNREACHABLE, BLOCKED, SKIPPED)
# When no server has it, the host's state is the first of these that any server is in.
_WORST_FIRST = (BLOCKED, DIFFERENT, MISSING, UNREACHABLE)


@dataclass(frozen=True, slots=True)
class ServerResult:
    """One authoritative server (DNS) or one address of the web host (http/https).

    ``server`` is the NS name or the URL asked; ``seen`` what it served, or why nothing
    (``NXDOMAIN``, ``HTTP 404``, ``no answer within 3 s``).
    """

    server: str
    address: str
    state: str
    seen: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "server": self.server,
            "address": self.address,
            "state": self.state,
            "seen": self.seen,
        }


@dataclass(frozen=True, slots=True)
class HostResult:
    """One host of the order: its state, what the CA expects, and each server's answer.

    ``where`` is what was looked up (``_abc.example.com CNAME`` or the file's URL), for
    the screen; the JSON document has it in ``detail``.
    """

    host: str
    method: str
    state: str
    expected: str = ""
    detail: str = ""
    servers: tuple[ServerResult, ...] = ()
    where: str = ""

    @property
    def checkable(self) -> bool:
        return self.state != SKIPPED

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "method": self.method,
            "state": self.state,
            "expected": self.expected,
            "detail": self.detail,
            "servers": [s.to_json() for s in self.servers],
        }


def host_state(states: Iterable[str]) -> str:
    """``published`` when every server has it, ``partial`` when some do, else the worst."""
    found = list(states)
    if not found:
        return UNREACHABLE
    published = sum(1 for s in found if s == PUBLISHED)
    if published == len(found):
        return PUBLISHED
    if published:
        return PARTIAL
    return next((s for s in _WORST_FIRST if s in found), UNREACHABLE)


def order_json(order_id: int, hosts: Iterable[HostResult]) -> dict[str, Any]:
    """The ``--json`` document: ``{"order": ID, "hosts": [...]}``."""
    return {"order": order_id, "hosts": [h.to_json() for h in hosts]}


def state_counts(hosts: Iterable[HostResult]) -> str:
    """``2 published, 1 missing, 1 skipped``: how many hosts are in each state."""
    counts = Counter(h.state for h in hosts)
    return ", ".join(f"{counts[state]} {state}" for state in STATES if counts[state])


def all_published(hosts: Iterable[HostResult]) -> bool:
    """Whether every host that can be checked is published (exit 0)."""
    return all(h.state == PUBLISHED for h in hosts if h.checkable)


def same_name(a: str, b: str) -> bool:
    """DNS names and values compare case-insensitively, a trailing dot ignored."""
    return a.strip().rstrip(".").lower() == b.strip().rstrip(".").lower()
