"""The approver calls: list the addresses, change the approver, resend the email.

API notes §3.10 (``GET /ssl/approver-emails``: ``data.results``), §3.11 (``PUT
.../approver-email``, for an order in REQ; the CA mails the new address) and §3.12
(``POST .../approver-email/resend``). The rules themselves are in ``api_rules``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tui_app.sandbox.codes as codes
from tui_app.formats.hostnames import check_hostname
from tui_app.sandbox.answers import Outcome, SandboxError, Warning_
from tui_app.sandbox.api_rules import APPROVER_CALLS_IN, approver_candidates, check_approver
from tui_app.sandbox.bodies import order_body, request_body
from tui_app.sandbox.products import BY_ID
from tui_app.sandbox.query import Query, first_value, int_param

if TYPE_CHECKING:
    from tui_app.sandbox.store import SandboxStore


def approver_emails(query: Query) -> Outcome:
    product_id = int_param(query, "product_id", -1, -1, 2**31 - 1)
    if product_id not in BY_ID:
        raise SandboxError(codes.PRODUCT_NOT_FOUND, f"Product {product_id} not found")
    domain = (first_value(query, "domain") or "").strip().lower()
    problem = check_hostname(domain)
    if problem:
        raise SandboxError(codes.INVALID_PARAMETER, f"Invalid domain: {problem}")
    return Outcome({"results": approver_candidates(domain)})


def update_approver_email(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = store.order(order_id)
        item = request_body(body, order_id, {"approver_email"}, allow_empty=False)
        if order.status not in APPROVER_CALLS_IN:
            raise SandboxError(
                codes.WRONG_STATUS,
                f"The approver email can only change through this call while the order is "
                f"REQ; order {order.id} is {order.status}"
                + (
                    " (change it with PUT /ssl/orders/{id} instead)"
                    if order.status == "PAI"
                    else ""
                ),
            )
        email = check_approver(order.common_name, item.get("approver_email"))
        order.email_approver = email
        return Outcome(
            {"id": order.id},
            [Warning_(codes.WARN_APPROVER_RESENT, "The CA sends a new approval email", email)],
        )


def resend_approver_email(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = store.order(order_id)
        order_body(body, order_id, allow_empty=True)
        if order.status not in APPROVER_CALLS_IN:
            raise SandboxError(
                codes.WRONG_STATUS,
                f"Approval emails can only be resent while the order is REQ; "
                f"order {order.id} is {order.status}",
            )
        if "email" not in order.dcv.values():
            raise SandboxError(
                codes.WRONG_STATUS,
                f"No host of order {order.id} uses email validation; nothing to resend",
            )
        store.resent.append(order.id)
        return Outcome({"id": order.id})
