"""What ``ctrl+s`` does before the confirmation dialog: check, plan and describe in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui_app.api.models import Order, Product
from tui_app.core.changes import compute_changes
from tui_app.core.diff import DiffEntry, describe_changes
from tui_app.core.draft import OrderDraft
from tui_app.core.form_checks import FieldError, check_draft
from tui_app.core.submit_plan import SubmitPlan, plan_from_changes


@dataclass(frozen=True, slots=True)
class SubmitReview:
    """Either errors (show them at the fields, send nothing) or a plan and its diff.

    ``plan`` is None when there are errors. An empty plan means nothing changed: say so
    instead of opening the dialog.
    """

    errors: tuple[FieldError, ...]
    plan: SubmitPlan | None
    diff: tuple[DiffEntry, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and self.plan is not None

    @property
    def nothing_to_send(self) -> bool:
        return self.ok and self.plan is not None and self.plan.is_empty


def review_submit(
    order: Order,
    draft: OrderDraft,
    *,
    product: Product | None = None,
    approver_options: Sequence[str] | None = None,
) -> SubmitReview:
    """Check the draft against the order; when it passes, the minimal request and its diff."""
    errors = check_draft(order, draft, product=product, approver_options=approver_options)
    if errors:
        return SubmitReview(errors=errors, plan=None, diff=())
    changes = compute_changes(order, draft)
    return SubmitReview(errors=(), plan=plan_from_changes(changes), diff=describe_changes(changes))
