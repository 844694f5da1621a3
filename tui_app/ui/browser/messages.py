"""What the browser's workers report back to its screen. Workers never touch widgets.

A ``...Failed`` carries any exception: the client's typed errors, or a bug (see
``ui/boundary.py``); the screen shows either as its error state.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message

from tui_app.api import ApiWarning, Order
from tui_app.core.order_pages import OrderPages, OrderRow


class PageLoaded(Message):
    def __init__(
        self,
        pages: OrderPages,
        offset: int,
        rows: Sequence[OrderRow | None],
        total: int,
        maintenance: bool,
        warnings: tuple[ApiWarning, ...],
        missing: str | None = None,
    ) -> None:
        """``missing``: why an order-number search found nothing, in the API's words."""
        super().__init__()
        self.pages = pages
        self.offset = offset
        self.rows = rows
        self.total = total
        self.maintenance = maintenance
        self.warnings = warnings
        self.missing = missing


class PageFailed(Message):
    def __init__(self, pages: OrderPages, offset: int, error: Exception) -> None:
        super().__init__()
        self.pages = pages
        self.offset = offset
        self.error = error


class AccountCounted(Message):
    def __init__(self, total: int, maintenance: bool) -> None:
        super().__init__()
        self.total = total
        self.maintenance = maintenance


class CountFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class DetailLoaded(Message):
    def __init__(self, order: Order, maintenance: bool, warnings: tuple[ApiWarning, ...]) -> None:
        super().__init__()
        self.order = order
        self.maintenance = maintenance
        self.warnings = warnings


class DetailFailed(Message):
    def __init__(self, order_id: int, error: Exception) -> None:
        super().__init__()
        self.order_id = order_id
        self.error = error
