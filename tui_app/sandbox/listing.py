"""``GET /ssl/orders`` and ``GET /ssl/products``: filters, sorting and pages.

From API notes §2.4 (``{results, total}``, ``limit`` default 100 and at most 1000,
``offset``), §3.1 and §3.3 (the filters and ``order_by.*`` fields). ``total`` counts the
rows that match, not the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from operator import attrgetter
from typing import Any

import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import Outcome, SandboxError
from tui_app.sandbox.api_rules import STATUSES
from tui_app.sandbox.orders import StoredOrder
from tui_app.sandbox.products import PRODUCTS
from tui_app.sandbox.query import Query, bool_param, first_value, int_param, sort_specs

ORDER_SORT_FIELDS = (
    "common_name",
    "order_date",
    "active_date",
    "expiration_date",
    "status",
    "product_name",
)
PRODUCT_SORT_FIELDS = (
    "name",
    "brand_name",
    "category",
    "sub_category",
    "brand_seqno",
    "product_seqno",
)
_PRODUCT_SORT_ATTRS = {"brand_seqno": "seqno", "product_seqno": "seqno", "sub_category": "category"}
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
_LAST_OFFSET = 2**31 - 1


def list_products(query: Query) -> Outcome:
    limit = int_param(query, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT)
    offset = int_param(query, "offset", 0, 0, _LAST_OFFSET)
    with_software = bool_param(query, "with_supported_software")
    products = list(PRODUCTS)
    for name, desc in reversed(sort_specs(query, PRODUCT_SORT_FIELDS)):
        products.sort(key=attrgetter(_PRODUCT_SORT_ATTRS.get(name, name)), reverse=desc)
    page = products[offset : offset + limit]
    return Outcome(
        {
            "results": [p.to_api(with_software=with_software) for p in page],
            "total": len(products),
        }
    )


def _pattern_matcher(pattern: str) -> re.Pattern[str]:
    """``*`` is the API's wildcard; everything else matches literally, ignoring case."""
    parts = (re.escape(p) for p in pattern.strip().lower().split("*"))
    return re.compile(".*".join(parts))


def order_filters(query: Query, today: datetime) -> list[Callable[[StoredOrder], bool]]:
    """The query's filters (§3.3), each a test an order must pass."""
    statuses = [s.upper() for v in query.get("status", []) for s in v.split(",") if s]
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise SandboxError(
            codes.INVALID_PARAMETER,
            f"Unknown status {bad[0]!r}; use {', '.join(STATUSES)}",
        )
    tests: list[Callable[[StoredOrder], bool]] = []
    if statuses:
        wanted = set(statuses)
        tests.append(lambda o: o.status in wanted)
    pattern = first_value(query, "common_name_pattern")
    if pattern:
        matcher = _pattern_matcher(pattern)
        tests.append(lambda o: matcher.fullmatch(o.common_name.lower()) is not None)
    handle = (first_value(query, "contact_handle") or "").strip().upper()
    if handle:
        tests.append(
            lambda o: (
                handle
                in (
                    o.organization_handle,
                    o.technical_handle,
                    o.administrative_handle,
                    o.billing_handle,
                )
            )
        )
    if bool_param(query, "show_expiring"):
        horizon = today + timedelta(days=30)
        tests.append(
            lambda o: o.expiration_date is not None and today <= o.expiration_date <= horizon
        )
    return tests


def sort_orders(rows: list[StoredOrder], specs: Sequence[tuple[str, bool]]) -> None:
    """Stable sorts, last key first; the order id breaks every tie."""
    rows.sort(key=lambda o: o.id)
    for name, desc in reversed(specs):
        rows.sort(key=partial(_sort_value, name=name), reverse=desc)
        if name.endswith("_date"):
            # An order without the date (no expiry before it is issued) comes last
            # either way: "expiry, soonest first" starts with what expires soonest.
            rows.sort(key=partial(_date_unset, name=name))


def order_page(
    orders: Sequence[StoredOrder], query: Query, today: datetime
) -> tuple[list[StoredOrder], int]:
    """One page of the orders that match, and how many match."""
    limit = int_param(query, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT)
    offset = int_param(query, "offset", 0, 0, _LAST_OFFSET)
    tests = order_filters(query, today)
    specs = sort_specs(query, ORDER_SORT_FIELDS) or [("order_date", True)]
    rows = list(orders)
    for test in tests:
        rows = [o for o in rows if test(o)]
    sort_orders(rows, specs)
    return rows[offset : offset + limit], len(rows)


def _date_unset(order: StoredOrder, *, name: str) -> bool:
    return getattr(order, name) is None


def _sort_value(order: StoredOrder, *, name: str) -> Any:
    if name == "product_name":
        return order.product.name.lower()
    value = getattr(order, name)
    if name.endswith("_date"):
        return value or datetime.min
    return value.lower() if isinstance(value, str) else value
