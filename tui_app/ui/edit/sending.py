"""Sending a checked plan: its calls in order (the approver call first, then the order
update or the reissue). Never retried.

Kept apart from the widgets so the order of the calls, and what a failure half-way
means, can be read in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tui_app.api import ApiWarning, OpenproviderClient
from tui_app.api.models import ApiResult
from tui_app.core.fields import APPROVER_CALL, APPROVER_EMAIL, REISSUE, UPDATE, Operation
from tui_app.core.request_plan import RequestPlan


@dataclass(frozen=True, slots=True)
class SendResult:
    """Every warning the API answered with, in the order the calls were made."""

    warnings: tuple[ApiWarning, ...]


class SendFailed(Exception):
    """A call was refused, got no answer or broke; ``approver_sent`` says the first landed."""

    def __init__(
        self, error: Exception, warnings: tuple[ApiWarning, ...], approver_sent: bool
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.warnings = warnings
        self.approver_sent = approver_sent


Call = Callable[[int, dict[str, Any]], Awaitable[ApiResult[int]]]


def _calls(client: OpenproviderClient) -> dict[Operation, Call]:
    """The client's method for each registry operation."""
    return {
        APPROVER_CALL: lambda order_id, body: client.update_approver_email(
            order_id, body[APPROVER_EMAIL]
        ),
        UPDATE: client.update_order,
        REISSUE: client.reissue_order,
    }


async def send_plan(client: OpenproviderClient, plan: RequestPlan) -> SendResult:
    """The plan's calls in order: e.g. ``PUT …/approver-email`` (a REQ approver change),
    then ``PUT /ssl/orders/{id}``.

    The approver goes first so that rows switched to email in the same send already
    have their new address. Raises ``SendFailed``; nothing is ever sent twice.
    """
    calls = _calls(client)
    warnings: list[ApiWarning] = []
    approver_sent = False
    try:
        for operation, body in plan.requests:
            answer = await calls[operation](plan.order_id, body)
            warnings.extend(answer.warnings)
            approver_sent = approver_sent or operation is APPROVER_CALL
    except Exception as error:  # any failure: what landed so far must still be known
        raise SendFailed(error, tuple(warnings), approver_sent) from error
    return SendResult(tuple(warnings))
