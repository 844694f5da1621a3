"""Every order that matches a search, read page by page with the API's own filters.

For scripts and bulk changes: unlike the browser, which pages lazily, these callers need
the whole match. Pages are the API's largest (1000); an order seen twice because the
account changed between pages is kept once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui_app.api.client import OpenproviderClient, OrderField
from tui_app.api.models import Order

PAGE_SIZE = 1000  # the API's maximum ``limit``
# ``show_expiring`` is the API's only expiry filter: "expiring within 30 days".
API_EXPIRING_DAYS = 30


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """A search as the command line states it. ``expiring_days`` other than 30 is applied
    here, on ``expiration_date``, after the API's filters (see ``expiring_filter``)."""

    pattern: str | None = None
    statuses: tuple[str, ...] = ()
    expiring_days: int | None = None
    sort: OrderField | None = None
    descending: bool = False

    @property
    def server_expiring(self) -> bool:
        """Whether the API's 30-day filter narrows the match (only for 30 days or fewer)."""
        return self.expiring_days is not None and self.expiring_days <= API_EXPIRING_DAYS


def expiring_filter(days: int, now: datetime) -> Callable[[Order], bool]:
    """Orders whose certificate expires between ``now`` and ``now + days`` (local clock)."""
    horizon = now + timedelta(days=days)

    def keep(order: Order) -> bool:
        expires = order.expiration_date
        return expires is not None and now <= expires <= horizon

    return keep


@dataclass(frozen=True, slots=True)
class SearchResult:
    orders: tuple[Order, ...]
    requests: int


async def fetch_all(
    client: OpenproviderClient, query: OrderQuery, *, now: datetime | None = None
) -> SearchResult:
    """Every matching order in the API's order. Raises ``OpsslApiError``."""
    seen: dict[int, Order] = {}
    offset = requests = 0
    while True:
        page = await client.list_orders(
            common_name_pattern=query.pattern,
            statuses=query.statuses,
            show_expiring=query.server_expiring,
            order_by=query.sort,
            descending=query.descending,
            limit=PAGE_SIZE,
            offset=offset,
        )
        requests += 1
        results = page.data.results
        for order in results:
            seen.setdefault(order.id, order)
        offset += len(results)
        if not results or offset >= page.data.total:
            break
    orders = tuple(seen.values())
    if query.expiring_days is not None and query.expiring_days != API_EXPIRING_DAYS:
        keep = expiring_filter(query.expiring_days, now or datetime.now())
        orders = tuple(o for o in orders if keep(o))
    return SearchResult(orders, requests)
