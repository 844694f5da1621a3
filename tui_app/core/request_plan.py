"""The minimal requests for a draft: makes a ``RequestPlan`` of only the changed fields,
in request names and API types, each routed to the call that takes it.

``plan_from_changes`` refuses a change the order's status does not accept instead of
dropping it: a locked field that differs is the user's mistake to see, never something
to send or to lose quietly. Run ``draft_checks.check_draft`` first; it says the same at
the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui_app.api.models import Order
from tui_app.core.changes import Changes, compute_changes
from tui_app.core.draft import OrderDraft
from tui_app.core.fields import APPROVER_EMAIL, BY_NAME, EDIT, UPDATE, Form, Operation, lock_reason
from tui_app.core.pem_blocks import has_private_key


class PrivateKeyInRequest(ValueError):
    """A request would carry a private key: never sent, whatever let it this far."""


class LockedFieldChange(ValueError):
    """The draft changes fields the order's status does not let change."""

    def __init__(self, status: str, fields: tuple[str, ...], form: Form = EDIT) -> None:
        self.status = status
        self.fields = fields
        reasons = "; ".join(f"{f}: {lock_reason(status, f, form=form)}" for f in fields)
        super().__init__(f"Cannot send changes to locked fields ({reasons})")


Request = tuple[Operation, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class RequestPlan:
    """What to send, in order: the ``side`` calls first, then ``main`` with ``body``.

    ``body`` is the main request's body without ``id`` (the client adds it). For the
    edit form a REQ approver change is a side call (``PUT …/approver-email``), sent
    first so that DCV rows switched to email in the same send already have it.
    """

    order_id: int
    body: dict[str, Any] = field(default_factory=dict)
    side: tuple[Request, ...] = ()
    main: Operation = UPDATE

    @property
    def requests(self) -> tuple[Request, ...]:
        """Every call in the order it is made (the main one only when it carries a field)."""
        return (*self.side, *(((self.main, self.body),) if self.body else ()))

    @property
    def approver_email(self) -> str | None:
        """The approver sent by a side call, if any."""
        for _, body in self.side:
            if APPROVER_EMAIL in body:
                value: str = body[APPROVER_EMAIL]
                return value
        return None

    @property
    def is_empty(self) -> bool:
        return not self.requests

    @property
    def fields(self) -> tuple[str, ...]:
        """Every request field this plan sends, in the order of the calls."""
        return tuple(name for _, body in self.requests for name in body)


def plan_from_changes(changes: Changes) -> RequestPlan:
    """The plan for already computed changes; raises ``LockedFieldChange``."""
    form, status = changes.form, changes.status
    locked = tuple(f for f in changes.fields if lock_reason(status, f, form=form) is not None)
    if locked:
        raise LockedFieldChange(status, locked, form)
    body: dict[str, Any] = {}
    side: dict[Operation, dict[str, Any]] = {}
    for name in changes.to_send:
        entry = BY_NAME[name]
        value = entry.kind.request(getattr(changes.new, entry.attr))
        route = form.route(name, status)
        if route is None:
            raise LockedFieldChange(status, (name,), form)
        if route is form.main:
            body[name] = value
        else:
            side.setdefault(route, {})[name] = value
    requests = (*(b for _, b in side.items()), body)
    if any(isinstance(v, str) and has_private_key(v) for b in requests for v in b.values()):
        raise PrivateKeyInRequest("The request would carry a private key; nothing is sent")
    calls = tuple((op, side[op]) for op in form.side if op in side)
    return RequestPlan(changes.order_id, body, calls, form.main)


def plan_requests(order: Order, draft: OrderDraft, form: Form = EDIT) -> RequestPlan:
    """The minimal requests for a draft of ``order``; empty for an untouched draft.

    ``domain_validation_methods`` covers every row of the draft and is sent only when a
    method or the host set changed; ``host_names`` only when the set changed;
    ``start_provision: true`` only when ticked. ``signature_hash_algorithm`` is never sent.
    """
    return plan_from_changes(compute_changes(order, draft, form))
