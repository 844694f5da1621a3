"""A DCV switch over many orders: all checked first, then one request per order, in turn.

``plan_bulk`` (no I/O) checks every order's switch as the form would. ``run_bulk`` sends
nothing while any order is invalid, unless told to skip those; orders already on the
method get no request. Then one ``PUT`` per order, in sequence, each reported through
``on_progress`` (a progress bar, a results screen) as it starts and as it ends. The first
failure stops the run: the summary says which orders were done and which were not sent,
and nothing is retried. Every write carries the plan's run id into the journal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tui_app.api.client import OpenproviderClient
from tui_app.api.errors import OpsslApiError
from tui_app.api.models import ApiWarning, Order
from tui_app.core.dcv_switch import DcvSwitch, switch_all
from tui_app.journal.entry import new_run_id, run_scope


@dataclass(frozen=True, slots=True)
class BulkPlan:
    """Every order's switch to ``method``, in the order they were read."""

    method: str
    switches: tuple[DcvSwitch, ...]
    run_id: str

    @property
    def invalid(self) -> tuple[DcvSwitch, ...]:
        return tuple(s for s in self.switches if s.invalid)

    @property
    def unchanged(self) -> tuple[DcvSwitch, ...]:
        return tuple(s for s in self.switches if s.unchanged)

    @property
    def to_send(self) -> tuple[DcvSwitch, ...]:
        return tuple(s for s in self.switches if s.sends)


def plan_bulk(orders: Iterable[Order], method: str, *, run_id: str | None = None) -> BulkPlan:
    """Check every order's switch to ``method``; raises ``ValueError`` for an unknown method."""
    switches = tuple(switch_all(order, method) for order in orders)
    return BulkPlan(method, switches, run_id or new_run_id())


class BulkRefused(Exception):
    """Some orders cannot switch and skipping them was not asked for: nothing was sent."""

    def __init__(self, plan: BulkPlan) -> None:
        super().__init__(f"{len(plan.invalid)} order(s) cannot switch to {plan.method}")
        self.plan = plan


@dataclass(frozen=True, slots=True)
class OrderResult:
    """One order's request: accepted (with the API's warnings) or failed (``error``)."""

    switch: DcvSwitch
    warnings: tuple[ApiWarning, ...] = ()
    error: OpsslApiError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class BulkProgress:
    """``index`` of ``total`` requests; ``result`` is None when the request is starting."""

    index: int
    total: int
    switch: DcvSwitch
    result: OrderResult | None = None


@dataclass(frozen=True, slots=True)
class BulkSummary:
    """What happened: ``done`` were accepted, ``failed`` stopped the run, ``not_sent``
    were never tried (after a failure, or after ``should_stop`` said so)."""

    plan: BulkPlan
    done: tuple[OrderResult, ...]
    failed: OrderResult | None
    not_sent: tuple[DcvSwitch, ...]
    skipped: tuple[DcvSwitch, ...]

    @property
    def complete(self) -> bool:
        return self.failed is None and not self.not_sent


async def run_bulk(
    client: OpenproviderClient,
    plan: BulkPlan,
    *,
    skip_invalid: bool = False,
    on_progress: Callable[[BulkProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BulkSummary:
    """Send the plan's requests one by one; raises ``BulkRefused`` before sending anything."""
    if plan.invalid and not skip_invalid:
        raise BulkRefused(plan)
    queue = plan.to_send
    done: list[OrderResult] = []
    failed: OrderResult | None = None
    with run_scope(plan.run_id):
        for index, switch in enumerate(queue):
            if should_stop is not None and should_stop():
                break
            if on_progress is not None:
                on_progress(BulkProgress(index, len(queue), switch))
            assert switch.plan is not None  # ``sends`` holds
            try:
                answer = await client.update_order(switch.order.id, switch.plan.body)
            except OpsslApiError as error:
                result = failed = OrderResult(switch, error=error)
            else:
                result = OrderResult(switch, answer.warnings)
                done.append(result)
            if on_progress is not None:
                on_progress(BulkProgress(index, len(queue), switch, result))
            if failed is not None:
                break
    tried = len(done) + (1 if failed is not None else 0)
    return BulkSummary(plan, tuple(done), failed, queue[tried:], plan.invalid)
