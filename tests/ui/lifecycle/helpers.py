"""Orders of the seeded sandbox for the lifecycle keys, and what the screen says."""

from __future__ import annotations

from datetime import timedelta

from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder


def act_order(
    sandbox: Sandbox, *, multi: bool = False, in_window: bool | None = None
) -> StoredOrder:
    """An ACT order with no wildcard and no email row lacking an approver; ``in_window``:
    inside (True) or before (False) the 30-day renewal window."""
    horizon = sandbox.store.today + timedelta(days=30)
    for order in sorted(sandbox.store.orders.values(), key=lambda o: o.id):
        expires = order.expiration_date
        if (
            order.status == "ACT"
            and order.product.multi_domain == multi
            and not any(h.startswith("*.") for h in order.hosts)
            and ("email" not in order.dcv.values() or order.email_approver)
            and (in_window is None or (expires is not None and (expires <= horizon) == in_window))
        ):
            return order
    raise LookupError("no such ACT order in the seed")


def writes(sandbox: Sandbox) -> list[tuple[str, str]]:
    """Every request that could change anything, as (method, path)."""
    return [(r.method, r.api_path) for r in sandbox.received() if r.method != "GET"]


def first_with(sandbox: Sandbox, status: str) -> StoredOrder:
    return next(
        o for o in sorted(sandbox.store.orders.values(), key=lambda o: o.id) if o.status == status
    )
