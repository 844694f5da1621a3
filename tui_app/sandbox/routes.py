"""Request routing: which handler answers which method and path of the API (§3).

Paths are matched in full against the path after ``/v1beta``; a path that exists for
another method is 405, an unknown one 404 (the API's own framing, API notes §1.1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import tui_app.sandbox.lifecycle as lifecycle
from tui_app.sandbox.answers import Outcome
from tui_app.sandbox.reissue import reissue
from tui_app.sandbox.store import SandboxStore

PREFIX = "/v1beta"

# A handler takes (match, query, body).
Handler = Callable[[re.Match[str], dict[str, list[str]], Any], Outcome]
Route = tuple[str, re.Pattern[str], Handler, bool]


def api_routes(store: SandboxStore) -> list[Route]:
    """(method, path pattern, handler, needs auth)."""

    def oid(m: re.Match[str]) -> int:
        return int(m.group(1))

    return [
        ("POST", re.compile(r"/auth/login"), lambda m, q, b: store.login(b), False),
        ("GET", re.compile(r"/ssl/orders"), lambda m, q, b: store.list_orders(q), True),
        ("GET", re.compile(r"/ssl/orders/(\d+)"), lambda m, q, b: store.get_order(oid(m)), True),
        (
            "PUT",
            re.compile(r"/ssl/orders/(\d+)"),
            lambda m, q, b: store.update_order(oid(m), b),
            True,
        ),
        (
            "PUT",
            re.compile(r"/ssl/orders/(\d+)/approver-email"),
            lambda m, q, b: store.update_approver_email(oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/approver-email/resend"),
            lambda m, q, b: store.resend_approver_email(oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/reissue"),
            lambda m, q, b: reissue(store, oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/renew"),
            lambda m, q, b: lifecycle.renew(store, oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/cancel"),
            lambda m, q, b: lifecycle.cancel(store, oid(m), b),
            True,
        ),
        (
            "GET",
            re.compile(r"/ssl/approver-emails"),
            lambda m, q, b: store.approver_emails(q),
            True,
        ),
        ("GET", re.compile(r"/ssl/products"), lambda m, q, b: store.list_products(q), True),
        (
            "GET",
            re.compile(r"/ssl/products/(\d+)"),
            lambda m, q, b: store.get_product(oid(m)),
            True,
        ),
    ]


def find_route(
    routes: list[Route], method: str, api_path: str
) -> tuple[Route, re.Match[str]] | int:
    """The route and its match, or the HTTP status to refuse with: 405 or 404."""
    candidates = [(r, m) for r in routes if (m := r[1].fullmatch(api_path))]
    found = next(((r, m) for r, m in candidates if r[0] == method), None)
    if found is not None:
        return found
    return 405 if candidates else 404
