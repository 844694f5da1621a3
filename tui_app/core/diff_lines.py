"""The review's lines: makes one ``DiffLine`` per changed field or host, old -> new.

Values are in words: a CSR is its summary, not its PEM; DCV changes are per host (each
field's kind words them, ``core.field_values``). Built from the same ``Changes`` as the
request plan, so there are lines exactly when there is something to send.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_app.api.models import Order
from tui_app.core.changes import Changes, compute_changes
from tui_app.core.draft import OrderDraft
from tui_app.core.fields import BY_NAME, EDIT, Form


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of the review; ``field`` is the request field it belongs to."""

    field: str
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old} -> {self.new}"


def diff_lines(changes: Changes) -> tuple[DiffLine, ...]:
    """The lines in form order; at least one for each field the plan sends.

    A field sent by a call with a note says so in its label (the REQ approver: "the CA
    mails the new address").
    """
    lines: list[DiffLine] = []
    for name in changes.to_send:
        entry = BY_NAME[name]
        label = entry.label
        route = changes.form.route(name, changes.status)
        if route is not None and route.review_note:
            label = f"{label} ({route.review_note})"
        old, new = getattr(changes.old, entry.attr), getattr(changes.new, entry.attr)
        lines += [DiffLine(name, *line) for line in entry.kind.changes(label, old, new)]
    return tuple(lines)


def draft_diff_lines(order: Order, draft: OrderDraft, form: Form = EDIT) -> tuple[DiffLine, ...]:
    return diff_lines(compute_changes(order, draft, form))
