"""A sparse, page-at-a-time view of a long order list.

The table knows how many orders match (``total``) long before it has seen them: pages of
``PAGE_SIZE`` are fetched at their offsets when the cursor or the viewport reaches them,
so ``G`` on a 10,000-order account loads the last page only. Rows keep just what the
table shows, never the full order (CSRs and certificates stay on the server), which keeps
memory flat however far the user pages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui_app.api import ApiResult, OpenproviderClient, Order, Page
from tui_app.core.browse_query import BrowseQuery

PAGE_SIZE = 100

PageRequest = Coroutine[Any, Any, ApiResult[Page[Order]]]
# The default view's first page, requested before the screen exists (``startup.launch``).
FirstPage = asyncio.Future[ApiResult[Page[Order]]]


def first_page_request(client: OpenproviderClient) -> PageRequest:
    """The request the browser makes first (default view, offset 0), to start it early."""
    return client.list_orders(**BrowseQuery().list_kwargs(), limit=PAGE_SIZE, offset=0)


@dataclass(frozen=True, slots=True)
class OrderRow:
    """The six columns of one table row."""

    id: int
    common_name: str
    product_name: str
    status: str
    expiration_date: datetime | None
    autorenew: bool

    @classmethod
    def from_order(cls, order: Order) -> OrderRow:
        return cls(
            id=order.id,
            common_name=order.common_name,
            product_name=order.product_name,
            status=order.status,
            expiration_date=order.expiration_date,
            autorenew=order.autorenew,
        )


class OrderPages:
    """Loaded pages by offset, plus which are in flight or failed."""

    def __init__(self, page_size: int = PAGE_SIZE) -> None:
        self.page_size = page_size
        self.total: int | None = None
        # None marks an order the API sent but the client could not read (no id).
        self._pages: dict[int, tuple[OrderRow | None, ...]] = {}
        self.pending: set[int] = set()
        self.failed: set[int] = set()

    def reset(self) -> None:
        self.total = None
        self._pages.clear()
        self.pending.clear()
        self.failed.clear()

    @property
    def loaded_count(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def page_offset(self, index: int) -> int:
        return (max(index, 0) // self.page_size) * self.page_size

    def is_loaded(self, offset: int) -> bool:
        return offset in self._pages

    def is_unreadable(self, index: int) -> bool:
        """Its page is here, but holds no readable order at this place (no id, or the
        page was shorter than the total promised): it will not load by waiting."""
        rows = self._pages.get(self.page_offset(index))
        if rows is None or index < 0 or index >= (self.total or 0):
            return False
        position = index - self.page_offset(index)
        return position >= len(rows) or rows[position] is None

    def row(self, index: int) -> OrderRow | None:
        if index < 0 or (self.total is not None and index >= self.total):
            return None
        offset = self.page_offset(index)
        rows = self._pages.get(offset)
        if rows is None:
            return None
        position = index - offset
        return rows[position] if position < len(rows) else None

    def store(self, offset: int, rows: Iterable[OrderRow | None], total: int) -> None:
        """Keep a page; the newest ``total`` wins (orders can appear while paging)."""
        self._pages[offset] = tuple(rows)
        self.pending.discard(offset)
        self.failed.discard(offset)
        self.total = total
        for stale in [o for o in self._pages if o >= max(total, 1)]:
            del self._pages[stale]

    def mark_pending(self, offset: int) -> None:
        self.pending.add(offset)
        self.failed.discard(offset)

    def mark_failed(self, offset: int) -> None:
        self.pending.discard(offset)
        self.failed.add(offset)

    def offsets_for(self, start: int, stop: int) -> list[int]:
        """Page offsets covering rows ``start`` to ``stop - 1``, clipped to the total."""
        if self.total is not None:
            stop = min(stop, self.total)
        start = max(start, 0)
        if stop <= start:
            return []
        first = self.page_offset(start)
        return list(range(first, stop, self.page_size))

    def missing(self, start: int, stop: int) -> list[int]:
        """Pages in the range that are neither loaded, in flight, nor failed."""
        return [
            offset
            for offset in self.offsets_for(start, stop)
            if offset not in self._pages
            and offset not in self.pending
            and offset not in self.failed
        ]

    def index_of(self, order_id: int) -> int | None:
        """Where an order sits among the loaded pages, if it is loaded at all."""
        for offset, rows in self._pages.items():
            for position, row in enumerate(rows):
                if row is not None and row.id == order_id:
                    return offset + position
        return None

    def replace(self, row: OrderRow) -> bool:
        """Put ``row`` where the loaded row with its id is (the order was read again
        elsewhere, e.g. by the edit form after a send); False when it is not loaded."""
        for offset, rows in self._pages.items():
            for position, old in enumerate(rows):
                if old is not None and old.id == row.id:
                    self._pages[offset] = (*rows[:position], row, *rows[position + 1 :])
                    return True
        return False
