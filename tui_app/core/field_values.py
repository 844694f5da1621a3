"""The kinds of value an order field holds, and what each kind does with its value.

A kind reads the value from an order, puts it in the canonical form it is compared and
sent in, compares two canonical values, writes one as the API types it (autorenew
``"on"``/``"off"``, DCV rows as ``{host_name, method}`` objects), and puts the change in
words for the review and the value in words for a locked field. The registry
(``core.fields``) gives each field its kind; a new field of a known kind needs no code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from tui_app.api.models import Order
from tui_app.core.csr import normalize_pem
from tui_app.core.csr_summary import summarize_csr
from tui_app.core.normalize import (
    csr_identity,
    normalize_email,
    normalize_handle,
    normalize_hosts,
    normalize_rows,
    normalize_software,
)

NONE = "(none)"
NEW_HOST = "(new host)"
REMOVED = "(removed)"

# A review line's label and the old and new value in words.
Change = tuple[str, str, str]


class Shown(NamedTuple):
    """A value in words for a locked field: ``parts`` joined by ``joiner`` (none: unset);
    ``problem`` when the words say the value cannot be read."""

    parts: tuple[str, ...]
    joiner: str = ""
    problem: bool = False


class ValueKind:
    """A plain value, compared and sent as it is (subclasses change what differs)."""

    def read(self, order: Order, output: str) -> Any:
        """The order's value, as the form holds it."""
        return getattr(order, output)

    def canonical(self, value: Any) -> Any:
        return value

    def differs(self, old: Any, new: Any) -> bool:
        """Whether two canonical values are different values to the API."""
        return bool(old != new)

    def request(self, value: Any) -> Any:
        """A canonical value as the API takes it in a request."""
        return value

    def words(self, value: Any) -> str:
        return str(value) or NONE

    def changes(self, label: str, old: Any, new: Any) -> list[Change]:
        """The review's lines for a change: one, ``label: old -> new``, unless itemised."""
        return [(label, self.words(old), self.words(new))]

    def shown(self, value: Any, unset: str) -> Shown:
        return Shown((str(value),) if value else ())


@dataclass(frozen=True, slots=True)
class Typed(ValueKind):
    """A typed string, compared and sent after ``tidy`` (case, spaces)."""

    tidy: Callable[[str], str]

    def canonical(self, value: Any) -> Any:
        return self.tidy(value)


HANDLE = Typed(normalize_handle)
EMAIL = Typed(normalize_email)
SOFTWARE = Typed(normalize_software)


class Csr(ValueKind):
    """PEM text; the same CSR re-wrapped or re-pasted is no change (``csr_identity``)."""

    def canonical(self, value: Any) -> Any:
        return normalize_pem(value)

    def differs(self, old: Any, new: Any) -> bool:
        return csr_identity(old) != csr_identity(new)

    def words(self, value: Any) -> str:
        return summarize_csr(value).counted()

    def shown(self, value: Any, unset: str) -> Shown:
        summary = summarize_csr(value)
        return Shown((summary.listing(unset),), problem=summary.problem is not None)


class HostList(ValueKind):
    """Host names: a set to the API, each added or removed one a line of the review."""

    def read(self, order: Order, output: str) -> Any:
        return tuple(getattr(order, output))

    def canonical(self, value: Any) -> Any:
        return normalize_hosts(value)

    def differs(self, old: Any, new: Any) -> bool:
        return set(old) != set(new)

    def request(self, value: Any) -> Any:
        return list(value)

    def changes(self, label: str, old: Any, new: Any) -> list[Change]:
        before, after = set(old), set(new)
        added = [("host name", NONE, h) for h in new if h not in before]
        return added + [("host name", h, REMOVED) for h in old if h not in after]

    def shown(self, value: Any, unset: str) -> Shown:
        return Shown(tuple(value), ", ")


class DcvRows(ValueKind):
    """(host, method) rows: host -> method to the API, row order aside; a review line
    per host whose method changed, and per host added or removed."""

    def read(self, order: Order, output: str) -> Any:
        return tuple((m.host_name, m.method) for m in getattr(order, output))

    def canonical(self, value: Any) -> Any:
        return normalize_rows(value)

    def differs(self, old: Any, new: Any) -> bool:
        return dict(old) != dict(new)

    def request(self, value: Any) -> Any:
        return [{"host_name": h, "method": m} for h, m in value]

    def changes(self, label: str, old: Any, new: Any) -> list[Change]:
        before, after = dict(old), dict(new)
        lines = [(h, before[h], m) for h, m in new if h in before and before[h] != m]
        lines += [(h, NEW_HOST, m) for h, m in new if h not in before]
        return lines + [(h, m, REMOVED) for h, m in old if h not in after]

    def shown(self, value: Any, unset: str) -> Shown:
        return Shown(tuple(f"{h}: {m or unset}" for h, m in value), "\n")


class OnOff(ValueKind):
    """A switch; the API writes it ``"on"`` or ``"off"``."""

    def request(self, value: Any) -> Any:
        return "on" if value else "off"

    def words(self, value: Any) -> str:
        return "on" if value else "off"

    def shown(self, value: Any, unset: str) -> Shown:
        return Shown((self.words(value),))


@dataclass(frozen=True, slots=True)
class Action(ValueKind):
    """A tick box that asks for something (``start_provision``): never read from an order,
    sent as ``true`` only when ticked."""

    done: str = "yes"

    def read(self, order: Order, output: str) -> Any:
        return False

    def differs(self, old: Any, new: Any) -> bool:
        return bool(new)

    def request(self, value: Any) -> Any:
        return True

    def changes(self, label: str, old: Any, new: Any) -> list[Change]:
        return [(label, "no", self.done)]

    def shown(self, value: Any, unset: str) -> Shown:
        return Shown(("yes" if value else "no",))
