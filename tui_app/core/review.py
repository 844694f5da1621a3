"""What ``ctrl+s`` does before the review dialog: makes a ``Review`` (checks, then the
request plan and its diff lines) in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui_app.api.models import Order, Product
from tui_app.core.changes import compute_changes
from tui_app.core.diff_lines import DiffLine, diff_lines
from tui_app.core.draft import OrderDraft
from tui_app.core.draft_checks import FieldError, check_draft
from tui_app.core.fields import EDIT, Form
from tui_app.core.request_plan import RequestPlan, plan_from_changes


@dataclass(frozen=True, slots=True)
class Review:
    """Either errors (show them at the fields, send nothing) or a plan and its lines.

    ``plan`` is None when there are errors. An empty plan means nothing changed: say so
    instead of opening the dialog.
    """

    errors: tuple[FieldError, ...]
    plan: RequestPlan | None
    lines: tuple[DiffLine, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and self.plan is not None

    @property
    def nothing_to_send(self) -> bool:
        return self.ok and self.plan is not None and self.plan.is_empty


def review_draft(
    order: Order,
    draft: OrderDraft,
    *,
    form: Form = EDIT,
    product: Product | None = None,
    approver_options: Sequence[str] | None = None,
) -> Review:
    """Check the draft against the order; when it passes, the minimal requests and lines."""
    errors = check_draft(
        order, draft, form=form, product=product, approver_options=approver_options
    )
    if errors:
        return Review(errors=errors, plan=None, lines=())
    changes = compute_changes(order, draft, form)
    return Review(errors=(), plan=plan_from_changes(changes), lines=diff_lines(changes))
