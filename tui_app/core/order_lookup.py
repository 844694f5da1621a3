"""A search that is an order number finds that order: ``GET /ssl/orders/{id}``.

A common name never is all digits, so ``/1306022`` means the order, not the name
pattern ``*1306022*`` (which matched nothing). The answer is a one-row view of the
list; when the API has no such order the view is empty and says what the API answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_app.api import ApiError, ApiWarning, OpenproviderClient
from tui_app.api.errors import AccessDeniedError, AuthenticationError, RateLimitError
from tui_app.core.order_pages import OrderRow

# Errors that say nothing about the order: they go to the app's error handler (sign in,
# wait, retry) instead of reading as "no such order".
NOT_ABOUT_THE_ORDER = (AuthenticationError, RateLimitError, AccessDeniedError)


@dataclass(frozen=True, slots=True)
class LookupPage:
    rows: list[OrderRow]
    maintenance: bool
    warnings: tuple[ApiWarning, ...]
    missing: str | None = None

    @property
    def total(self) -> int:
        return len(self.rows)


async def order_number_page(client: OpenproviderClient, order_id: int) -> LookupPage:
    """The order as a one-row page, or an empty page saying why there is none.

    Raises ``OpsslApiError`` for what is not an answer about the order (network,
    sign-in, rate limit), as a list request would.
    """
    try:
        result = await client.get_order(order_id)
    except NOT_ABOUT_THE_ORDER:
        raise
    except ApiError as error:
        said = f"code {error.code}: {error.desc}" if error.desc else f"code {error.code}"
        return LookupPage([], False, (), f"No order {order_id} on this account ({said}).")
    return LookupPage([OrderRow.from_order(result.data)], result.maintenance, result.warnings)
