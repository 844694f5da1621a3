"""Sending a checked plan: the approver call first, then the order update. Never retried.

Kept apart from the widgets so the order of the calls, and what a failure half-way
means, can be read in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_app.api import ApiWarning, OpenproviderClient
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


async def send_plan(client: OpenproviderClient, plan: RequestPlan) -> SendResult:
    """``PUT …/approver-email`` (REQ approver change), then ``PUT /ssl/orders/{id}``.

    The approver goes first so that rows switched to email in the same send already
    have their new address. Raises ``SendFailed``; nothing is ever sent twice.
    """
    warnings: list[ApiWarning] = []
    approver_sent = False
    try:
        if plan.approver_email is not None:
            answer = await client.update_approver_email(plan.order_id, plan.approver_email)
            warnings.extend(answer.warnings)
            approver_sent = True
        if plan.body:
            result = await client.update_order(plan.order_id, plan.body)
            warnings.extend(result.warnings)
    except Exception as error:  # any failure: what landed so far must still be known
        raise SendFailed(error, tuple(warnings), approver_sent) from error
    return SendResult(tuple(warnings))
