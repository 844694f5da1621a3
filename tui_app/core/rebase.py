"""Carry a form's edits onto a newer copy of its order.

The order on the server can move on while the form is open: a refused send may reveal
that it is now REQ, a save changes it, someone else edits it. The form is then rebuilt
on the new order, keeping every edit the new status still allows and naming the ones it
had to drop, so nothing is lost without the user being told.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from tui_app.api.models import Order, Product
from tui_app.core.changes import compute_changes
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.fields import (
    BY_NAME,
    CSR,
    DCV_METHODS,
    EDIT,
    HOST_NAMES,
    START_PROVISION,
    Form,
    is_multi_domain,
    label_of,
    lock_reason,
)
from tui_app.core.host_set import follow_hosts


@dataclass(frozen=True, slots=True)
class Rebased:
    """The draft on the new order; ``kept`` and ``dropped`` are request field names.

    ``kept``: edits still unsent on the new order. ``dropped``: edits the new status
    locks and that the new order does not already hold.
    """

    draft: OrderDraft
    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    old_status: str
    new_status: str

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status

    @property
    def message(self) -> str | None:
        """What the form says about the move, or None when the status did not change."""
        if not self.status_changed:
            return None
        parts = [
            f"The order is now {self.new_status or '?'} on the server "
            f"(it was {self.old_status or '?'} when the form loaded); "
            f"the form follows the {self.new_status or '?'} rules."
        ]
        if self.kept:
            parts.append("Kept your edits to: " + _labels(self.kept) + ".")
        if self.dropped:
            parts.append(
                f"Dropped, as {self.new_status or 'this status'} locks them: "
                + _labels(self.dropped)
                + "."
            )
        return " ".join(parts)


def _labels(fields: tuple[str, ...]) -> str:
    return ", ".join(label_of(f) for f in fields)


def _merge_rows(old: Order, draft: OrderDraft, base: OrderDraft) -> OrderDraft:
    """The new order's rows with the user's own method choices laid over them.

    Rows keep the order the user saw, then the new order's other hosts follow.
    """
    before = draft_from_order(old).methods
    mine = {h: m for h, m in draft.methods.items() if before.get(h) != m}
    theirs = {h.strip().lower(): m for h, m in base.dcv}
    rows: list[tuple[str, str]] = []
    for host, _ in draft.dcv:
        key = host.strip().lower()
        if key in mine or key in theirs:
            rows.append((host, mine[key] if key in mine else theirs[key]))
    placed = {h.strip().lower() for h, _ in rows}
    rows += [(h, m) for h, m in base.dcv if h.strip().lower() not in placed]
    return base.with_rows(rows)


def rebase_draft(
    old: Order,
    new: Order,
    draft: OrderDraft,
    *,
    product: Product | None = None,
    sent: Collection[str] = (),
    form: Form = EDIT,
) -> Rebased:
    """``draft`` (made on ``old``) moved onto ``new`` under ``new``'s status rules.

    Fields the user did not touch take the new order's values. Edited fields keep the
    user's value when ``new`` allows them; DCV edits are kept host by host, and the rows
    then follow the host set of the kept CSR and host names. ``sent``: fields the API
    has just accepted; done, so never "dropped" (start provision is then locked by the
    very status it asked for). ``form``: whose rules (the edit form's, a reissue's).
    """
    edits = compute_changes(old, draft, form)
    result = draft_from_order(new)
    multi_domain = is_multi_domain(new, product)
    allowed: list[str] = []
    for name in edits.fields:
        if lock_reason(new.status, name, form=form, multi_domain=multi_domain) is not None:
            continue
        allowed.append(name)
        if name != DCV_METHODS:  # rows are merged host by host, below
            attr = BY_NAME[name].attr
            result = replace(result, **{attr: getattr(draft, attr)})
    if DCV_METHODS in allowed:
        result = _merge_rows(old, draft, result)
    if DCV_METHODS in allowed or CSR in allowed or HOST_NAMES in allowed:
        result = follow_hosts(new, result).draft
    still = compute_changes(new, result, form).fields
    kept = tuple(f for f in still if f in edits.fields)
    unsent = compute_changes(new, draft, form).fields
    dropped = tuple(f for f in edits.fields if f not in allowed and f in unsent and f not in sent)
    return Rebased(result, kept, dropped, old.status, new.status)


def changed_on_server(old: Order, new: Order) -> str:
    """What moved on the server between two reads of an order, in words for the form:
    e.g. "DCV methods, autorenew", or "details the form does not edit" (dates, ...)."""
    fields = compute_changes(old, draft_from_order(new)).fields
    words = [label_of(f) for f in fields if f != START_PROVISION]
    if old.status != new.status:
        words.insert(0, f"status {old.status} -> {new.status}")
    return ", ".join(words) or "details the form does not edit"
