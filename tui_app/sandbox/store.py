"""The sandbox's account: its orders, tokens and sent emails, behind one lock.

Each API call is a method here (the server's routes and the tests call them) and is
answered by the module that holds its rules: ``listing`` (lists and pages),
``order_update`` (``PUT /ssl/orders/{id}``), ``approvers`` (the approver calls),
``tokens`` (sign-in); the rules themselves are the API's, in ``api_rules``.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import tui_app.sandbox.approvers as approvers
import tui_app.sandbox.codes as codes
import tui_app.sandbox.listing as listing
import tui_app.sandbox.order_update as order_update
from tui_app.sandbox.answers import Outcome, SandboxError
from tui_app.sandbox.api_rules import approver_candidates
from tui_app.sandbox.csr_cache import CsrMaker
from tui_app.sandbox.keys import make_csr
from tui_app.sandbox.orders import StoredOrder
from tui_app.sandbox.products import BY_ID
from tui_app.sandbox.query import Query
from tui_app.sandbox.seed import seed_orders
from tui_app.sandbox.tokens import TWO_DAYS, Tokens

# ``approver_candidates`` is the API's list (``api_rules``); tests read it from here.
__all__ = ["SandboxStore", "approver_candidates"]


class SandboxStore:
    """All orders and tokens; the server is threaded, so every change holds ``lock``."""

    def __init__(
        self,
        *,
        orders: int = 40,
        seed: int = 1,
        today: datetime | None = None,
        username: str = "demo",
        password: str = "demo",
        token_ttl: float = TWO_DAYS,
        csr_maker: CsrMaker = make_csr,
    ) -> None:
        self.today = (today or datetime.now()).replace(microsecond=0)
        self.lock = threading.RLock()
        self.orders: dict[int, StoredOrder] = {
            o.id: o for o in seed_orders(orders, seed, self.today, csr_maker)
        }
        self.tokens = Tokens(username, password, token_ttl)
        self.resent: list[int] = []

    # -- tokens -------------------------------------------------------------------

    @property
    def token_ttl(self) -> float:
        return self.tokens.ttl

    @token_ttl.setter
    def token_ttl(self, seconds: float) -> None:
        self.tokens.ttl = seconds

    def login(self, body: Any) -> Outcome:
        return self.tokens.login(body)

    def check_token(self, token: str | None) -> None:
        self.tokens.check(token)

    def expire_tokens(self) -> None:
        self.tokens.expire_all()

    def issue_token(self) -> str:
        return self.tokens.issue()

    def accept_token(self, token: str) -> None:
        self.tokens.accept(token)

    def issued_tokens(self) -> list[str]:
        return self.tokens.issued()

    # -- products -----------------------------------------------------------------

    def list_products(self, query: Query) -> Outcome:
        return listing.list_products(query)

    def get_product(self, product_id: int) -> Outcome:
        product = BY_ID.get(product_id)
        if product is None:
            raise SandboxError(codes.PRODUCT_NOT_FOUND, f"Product {product_id} not found")
        return Outcome(product.to_api())

    # -- orders -------------------------------------------------------------------

    def order(self, order_id: int) -> StoredOrder:
        """The order, or the API's "not found"; callers hold ``lock``."""
        order = self.orders.get(order_id)
        if order is None:
            raise SandboxError(codes.ORDER_NOT_FOUND, f"SSL order {order_id} not found")
        return order

    def list_orders(self, query: Query) -> Outcome:
        with self.lock:
            orders = list(self.orders.values())
        page, total = listing.order_page(orders, query, self.today)
        with self.lock:
            results = [o.to_api() for o in page]
        return Outcome({"results": results, "total": total})

    def get_order(self, order_id: int) -> Outcome:
        with self.lock:
            return Outcome(self.order(order_id).to_api())

    def update_order(self, order_id: int, body: Any) -> Outcome:
        return order_update.update_order(self, order_id, body)

    # -- approver calls -----------------------------------------------------------

    def approver_emails(self, query: Query) -> Outcome:
        return approvers.approver_emails(query)

    def update_approver_email(self, order_id: int, body: Any) -> Outcome:
        return approvers.update_approver_email(self, order_id, body)

    def resend_approver_email(self, order_id: int, body: Any) -> Outcome:
        return approvers.resend_approver_email(self, order_id, body)
