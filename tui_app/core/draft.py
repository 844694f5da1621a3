"""What a form holds: an order's editable fields as one immutable value.

The form turns its widgets into an ``OrderDraft`` (``to_draft()``) and back; everything
else (checks, the request, the review's lines) reads drafts, never widgets. Attribute
names are the request names (``approver_email``, ``software_id``), not the order's output
names; the DCV rows are ``dcv``. Each attribute is one field of the registry
(``core.fields``), which says how it is read from an order and sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui_app.api.models import Order
from tui_app.core.dcv_rules import FILE_METHODS, METHODS
from tui_app.core.fields import FIELDS
from tui_app.core.value_checks import is_wildcard


@dataclass(frozen=True, slots=True)
class OrderDraft:
    """The form's values as typed, before normalisation (``core.changes.canonical``).

    ``dcv`` holds (host, method) rows in display order. ``start_provision`` is the PAI
    tick box that sends the order to the CA; it is never read from an order.
    """

    csr: str = ""
    organization_handle: str = ""
    technical_handle: str = ""
    approver_email: str = ""
    host_names: tuple[str, ...] = ()
    software_id: str = ""
    autorenew: bool = False
    start_provision: bool = False
    dcv: tuple[tuple[str, str], ...] = ()

    @property
    def methods(self) -> dict[str, str]:
        """Host (lower-cased) -> method, for look-ups; the first row of a host wins."""
        result: dict[str, str] = {}
        for host, method in self.dcv:
            result.setdefault(host.strip().lower(), method.strip().lower())
        return result

    def method_of(self, host: str) -> str | None:
        return self.methods.get(host.strip().lower())

    def with_method(self, host: str, method: str) -> OrderDraft:
        """The draft with one row's method changed (the `e`/`d`/`h`/`H` keys).

        Raises ``KeyError`` for a host with no row and ``ValueError`` for an unknown method:
        both are programming errors, the form only offers existing rows and real methods.
        """
        if method not in METHODS:
            raise ValueError(f"unknown DCV method {method!r}")
        wanted = host.strip().lower()
        if wanted not in self.methods:
            raise KeyError(host)
        rows = tuple((h, method if h.strip().lower() == wanted else m) for h, m in self.dcv)
        return replace(self, dcv=rows)

    def with_rows(self, rows: Sequence[tuple[str, str]]) -> OrderDraft:
        return replace(self, dcv=tuple((h, m) for h, m in rows))


@dataclass(frozen=True, slots=True)
class SetAllResult:
    """The outcome of "set all rows": wildcard rows keep their method for http/https."""

    draft: OrderDraft
    skipped: tuple[str, ...]
    method: str

    @property
    def message(self) -> str | None:
        """What to tell the user about rows left alone, or None when every row changed."""
        if not self.skipped:
            return None
        return (
            f"Kept {', '.join(self.skipped)}: a wildcard cannot use {self.method} "
            "(a file on one web server cannot prove every subdomain)"
        )


def set_all_methods(draft: OrderDraft, method: str) -> SetAllResult:
    """Apply one method to every row it can validate, and say which rows it skipped."""
    if method not in METHODS:
        raise ValueError(f"unknown DCV method {method!r}")
    rows: list[tuple[str, str]] = []
    skipped: list[str] = []
    for host, current in draft.dcv:
        if method in FILE_METHODS and is_wildcard(host.strip()):
            rows.append((host, current))
            skipped.append(host.strip().lower())
        else:
            rows.append((host, method))
    return SetAllResult(draft=draft.with_rows(rows), skipped=tuple(skipped), method=method)


def draft_from_order(order: Order) -> OrderDraft:
    """The untouched form for an order: submitting it unchanged sends nothing."""
    return OrderDraft(**{f.attr: f.read(order) for f in FIELDS})
