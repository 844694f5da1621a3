"""What the browser asks the API for: search, status filter, expiring toggle and sort.

Everything here is applied server-side; this module only turns the user's choices into
``list_orders`` arguments and into words for the query line and the empty state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from tui_app.core.statuses import STATUS_WORDS

SortField = Literal["common_name", "order_date", "expiration_date", "status"]

STATUSES: tuple[str, ...] = ("PAI", "REQ", "ACT", "REJ", "FAI", "EXP")

SORT_FIELDS: tuple[SortField, ...] = ("common_name", "order_date", "expiration_date", "status")

SORT_LABELS: dict[SortField, str] = {
    "common_name": "common name",
    "order_date": "order date",
    "expiration_date": "expiry",
    "status": "status",
}

# How each direction reads for each field, so the sort menu says what the user will see.
_DIRECTION_WORDS: dict[SortField, tuple[str, str]] = {
    "common_name": ("A to Z", "Z to A"),
    "order_date": ("oldest first", "newest first"),
    "expiration_date": ("soonest first", "latest first"),
    "status": ("A to Z", "Z to A"),
}


def api_pattern(text: str) -> str | None:
    """The ``common_name_pattern`` to send: a plain word becomes ``*word*`` (a substring)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if "*" in cleaned:
        return cleaned
    return f"*{cleaned}*"


def sort_description(field: SortField, descending: bool) -> str:
    return f"{SORT_LABELS[field]}, {_DIRECTION_WORDS[field][1 if descending else 0]}"


@dataclass(frozen=True, slots=True)
class BrowseQuery:
    """One server-side view of the account. Immutable: every change is a new query."""

    search: str = ""
    statuses: frozenset[str] = frozenset()
    expiring: bool = False
    sort: SortField = "order_date"
    descending: bool = True

    @property
    def order_id(self) -> int | None:
        """A search that is an order number (``1306022`` or ``#1306022``): looked up by id."""
        text = self.search.strip().removeprefix("#")
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None

    @property
    def pattern(self) -> str | None:
        return None if self.order_id is not None else api_pattern(self.search)

    @property
    def is_filtered(self) -> bool:
        """Whether the view can hold fewer orders than the whole account."""
        return bool(self.pattern or self.order_id or self.statuses or self.expiring)

    @property
    def ordered_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in STATUSES if s in self.statuses)

    def with_changes(self, **changes: Any) -> BrowseQuery:
        return replace(self, **changes)

    def list_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``OpenproviderClient.list_orders`` (without paging)."""
        return {
            "common_name_pattern": self.pattern,
            "statuses": self.ordered_statuses,
            "show_expiring": self.expiring,
            "order_by": self.sort,
            "descending": self.descending,
        }

    def filter_words(self) -> list[str]:
        """Each active filter in words, e.g. ``common name matches *shop*``."""
        words: list[str] = []
        if self.order_id is not None:
            words.append(f"order number {self.order_id}")
        if self.pattern:
            words.append(f"common name matches {self.pattern}")
        if self.statuses:
            names = ", ".join(
                f"{s} {STATUS_WORDS.get(s, '')}".strip() for s in self.ordered_statuses
            )
            words.append(f"status {names}")
        if self.expiring:
            words.append("expiring within 30 days")
        return words

    def describe_sort(self) -> str:
        return sort_description(self.sort, self.descending)
