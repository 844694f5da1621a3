"""Which fields a draft changes, compared in canonical form: makes ``Changes``.

The request plan, the review's lines and the draft checks all start from
``compute_changes``, so they cannot disagree about what changed. Each field's kind
(``core.field_values``) says what its canonical form is and what counts as a change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui_app.api.models import Order
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.fields import EDIT, FIELDS, Form


def canonical(draft: OrderDraft) -> OrderDraft:
    """The draft's values in the form they are compared and sent in."""
    return replace(draft, **{f.attr: f.kind.canonical(getattr(draft, f.attr)) for f in FIELDS})


@dataclass(frozen=True, slots=True)
class Changes:
    """The canonical old (the order) and new (the draft) values, and which fields differ
    (``fields``, in registry order; ``start_provision`` when ticked). A field the form
    does not hold counts too: the plan and the checks refuse it as locked, never drop it.
    """

    order_id: int
    status: str
    old: OrderDraft
    new: OrderDraft
    fields: tuple[str, ...]
    form: Form = EDIT

    def __contains__(self, field: object) -> bool:
        return field in self.fields

    def __bool__(self) -> bool:
        return bool(self.fields)

    @property
    def to_send(self) -> tuple[str, ...]:
        """The changed fields and those the form always sends (a reissue's CSR), in order."""
        return tuple(
            f.name for f in FIELDS if f.name in self.fields or f.name in self.form.required
        )


def compute_changes(order: Order, draft: OrderDraft, form: Form = EDIT) -> Changes:
    """Compare a draft with the order it was made from (an untouched draft changes nothing)."""
    old = canonical(draft_from_order(order))
    new = canonical(draft)
    fields = tuple(
        f.name for f in FIELDS if f.kind.differs(getattr(old, f.attr), getattr(new, f.attr))
    )
    return Changes(order.id, order.status, old, new, fields, form)
