"""A DCV method switch on one order, checked exactly as the edit form checks it.

The switch is a draft of the untouched order with some rows' methods changed (one host,
or every host as the form's "set all" does), then ``review_draft``: the form's checks,
the minimal request and the review's lines. Nothing here re-states a rule.

The form also reads the order's product and, where the approver can change, the API's
approver addresses. Neither decides anything for a change of DCV methods alone: the
product matters to the CSR, host names and software; the address list to a changed
approver. Email validation needs the order's approver to be set, which ``check_dcv``
checks. So a switch needs only the order (a test holds the form's full context to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui_app.api.models import Order
from tui_app.core.diff_lines import DiffLine
from tui_app.core.draft import OrderDraft, draft_from_order, set_all_methods
from tui_app.core.draft_checks import FieldError
from tui_app.core.fields import DCV_METHODS
from tui_app.core.request_plan import RequestPlan
from tui_app.core.review import review_draft


class UnknownHosts(ValueError):
    """Assignments name hosts the order has no DCV row for."""

    def __init__(self, order: Order, hosts: tuple[str, ...]) -> None:
        self.hosts = hosts
        known = ", ".join(m.host_name for m in order.domain_validation_methods) or "none"
        names = ", ".join(hosts)
        super().__init__(f"order {order.id} has no host {names} (its hosts: {known})")


@dataclass(frozen=True, slots=True)
class DcvSwitch:
    """One order's switch: refused (``errors``), nothing to do, or one request (``plan``).

    ``kept`` lists wildcard hosts that "set all" to http/https left alone, and ``note``
    says so in the form's words.
    """

    order: Order
    draft: OrderDraft
    errors: tuple[FieldError, ...]
    plan: RequestPlan | None
    lines: tuple[DiffLine, ...]
    kept: tuple[str, ...] = ()
    note: str | None = None

    @property
    def invalid(self) -> bool:
        return bool(self.errors)

    @property
    def unchanged(self) -> bool:
        return not self.errors and (self.plan is None or self.plan.is_empty)

    @property
    def sends(self) -> bool:
        return not self.errors and self.plan is not None and not self.plan.is_empty

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(e.message for e in self.errors)


def review_switch(
    order: Order, draft: OrderDraft, *, kept: tuple[str, ...] = (), note: str | None = None
) -> DcvSwitch:
    """Check and plan a draft that changes DCV methods only (anything else is a bug)."""
    review = review_draft(order, draft)
    if review.plan is not None and set(review.plan.fields) - {DCV_METHODS}:
        raise ValueError(f"a DCV switch may change only {DCV_METHODS}: {review.plan.fields}")
    return DcvSwitch(order, draft, review.errors, review.plan, review.lines, kept, note)


def switch_hosts(order: Order, assignments: Mapping[str, str]) -> DcvSwitch:
    """``HOST=METHOD`` for named hosts; raises ``UnknownHosts`` or ``ValueError`` (method)."""
    draft = draft_from_order(order)
    missing = tuple(h for h in assignments if draft.method_of(h) is None)
    if missing:
        raise UnknownHosts(order, missing)
    for host, method in assignments.items():
        draft = draft.with_method(host, method)
    return review_switch(order, draft)


def switch_all(order: Order, method: str) -> DcvSwitch:
    """Every host to ``method``, as the form's "set all": wildcards keep theirs for files."""
    result = set_all_methods(draft_from_order(order), method)
    return review_switch(order, result.draft, kept=result.skipped, note=result.message)
