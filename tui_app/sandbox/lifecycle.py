"""Renew, cancel, and the CA's next step: the rest of an order's life, as the API has it.

The API's own table (API notes §3.7-3.9, §6.2), read here without the client's ``core``:

| call                         | from          | to  | refused                          |
|------------------------------|---------------|-----|----------------------------------|
| ``POST .../reissue``         | ACT           | REQ | other statuses (``reissue.py``)  |
| ``POST .../renew``           | ACT           | ACT | other statuses; 25001 too early  |
| ``POST .../cancel``          | PAI, REQ, ACT | REJ | REJ, FAI, EXP                    |
| the CA issues (admin knob)   | REQ           | ACT |                                  |
| the CA confirms the cancel   | REJ           | FAI | (admin knob: "within 24 hours")  |

Renewal opens ``RENEW_WINDOW_DAYS`` before the expiration date (the help centre says 30;
a newer revision says 90) and carries the remaining validity over: the new expiration is
the old one plus the order's period in years. The statuses each call is made in are in
``api_rules``, with the API's other rules. The CA's steps happen only when asked
(``POST /_sandbox/orders/{id}/advance``), so tests and demos decide when.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import Outcome, SandboxError, Warning_
from tui_app.sandbox.api_rules import CANCEL_FROM, RENEW_FROM, RENEW_WINDOW_DAYS, check_bool
from tui_app.sandbox.bodies import request_body
from tui_app.sandbox.orders import StoredOrder, fmt_date

if TYPE_CHECKING:
    from tui_app.sandbox.store import SandboxStore

# What the CA does next, when the admin knob asks.
CA_STEPS = {"REQ": "ACT", "REJ": "FAI"}
CERTIFICATE_DAYS = 365

_WHY_NOT = {
    "PAI": "it is not issued yet (PAI)",
    "REQ": "it is at the CA (REQ), not issued yet",
    "ACT": "it is active (ACT)",
    "REJ": "a cancel is already waiting for the CA (REJ)",
    "FAI": "it is closed (FAI) and cannot be reactivated",
    "EXP": "it has expired (EXP)",
}


def refuse_status(order: StoredOrder, action: str, allowed: frozenset[str]) -> None:
    if order.status not in allowed:
        raise SandboxError(
            codes.WRONG_STATUS,
            f"Order {order.id} cannot be {action}: {_WHY_NOT.get(order.status, order.status)}",
            f"{action} is possible in status {', '.join(sorted(allowed))}",
        )


def add_years(when: datetime, years: int) -> datetime:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return when.replace(year=when.year + years)
    except ValueError:
        return when.replace(year=when.year + years, day=28)


def renew(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = store.order(order_id)
        item = request_body(body, order_id, frozenset({"enable_dns_automation"}))
        check_bool(item, "enable_dns_automation")
        refuse_status(order, "renewed", RENEW_FROM)
        expires = order.expiration_date
        if expires is None:
            raise SandboxError(codes.WRONG_STATUS, f"Order {order.id} has no expiration date")
        opens = expires - timedelta(days=RENEW_WINDOW_DAYS)
        if store.today < opens:
            raise SandboxError(
                codes.RENEW_TOO_EARLY,
                codes.DESC_RENEW_TOO_EARLY,
                f"Renewal opens on {opens:%Y-%m-%d}, {RENEW_WINDOW_DAYS} days before the "
                f"expiration date {expires:%Y-%m-%d}",
            )
        new_expiry = add_years(expires, order.period or 1)
        order.expiration_date = new_expiry
        order.order_ends_at = max(order.order_ends_at or new_expiry, new_expiry)
        order.new_certificate()
        return Outcome({"id": order.id})


def cancel(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = store.order(order_id)
        request_body(body, order_id, frozenset())
        refuse_status(order, "cancelled", CANCEL_FROM)
        was = order.status
        order.status = "REJ"
        note = "The CA revokes the certificate" if was == "ACT" else "The order is voided"
        return Outcome(
            {"id": order.id},
            [
                Warning_(
                    codes.WARN_CANCEL_PENDING,
                    f"{note}; the order closes (FAI) when the CA confirms, within 24 hours",
                    f"{was} -> REJ",
                )
            ],
        )


def advance(store: SandboxStore, order_id: int) -> dict[str, Any]:
    """The CA's next step (REQ -> ACT: it issued; REJ -> FAI: it confirmed the cancel)."""
    with store.lock:
        order = store.order(order_id)
        target = CA_STEPS.get(order.status)
        if target is None:
            raise SandboxError(
                codes.WRONG_STATUS,
                f"Order {order.id} is {order.status}: the CA has no next step "
                "(it issues REQ orders and confirms REJ cancels)",
            )
        was = order.status
        if target == "ACT":
            _issue(order, store.today)
        order.status = target
        return {
            "id": order.id,
            "from": was,
            "status": target,
            "expiration_date": fmt_date(order.expiration_date),
        }


def _issue(order: StoredOrder, today: datetime) -> None:
    """A reissue keeps the order's expiration date; a first issue starts a year."""
    if order.expiration_date is None or order.expiration_date <= today:
        order.expiration_date = today + timedelta(days=CERTIFICATE_DAYS)
    order.active_date = today
    order.order_ends_at = max(order.order_ends_at or order.expiration_date, order.expiration_date)
    order.new_certificate()
