"""The minimal request for a draft: only changed fields, in request names and API types.

``plan_submit`` refuses a change the order's status does not accept instead of dropping
it: a locked field that differs is the user's mistake to see, never something to send or
to lose quietly. Run ``form_checks.check_draft`` first; it says the same at the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui_app.api.models import Order
from tui_app.core.changes import Changes, compute_changes
from tui_app.core.draft import OrderDraft
from tui_app.core.pem_blocks import has_private_key
from tui_app.core.status_rules import (
    APPROVER_EMAIL,
    AUTORENEW,
    CSR,
    DCV_METHODS,
    HOST_NAMES,
    ORGANIZATION_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
    approver_email_route,
    can_change,
    locked_reason,
)


class PrivateKeyInRequest(ValueError):
    """A request would carry a private key: never sent, whatever let it this far."""


class LockedFieldChange(ValueError):
    """The draft changes fields the order's status does not let change."""

    def __init__(self, status: str, fields: tuple[str, ...]) -> None:
        self.status = status
        self.fields = fields
        reasons = "; ".join(f"{f}: {locked_reason(status, f)}" for f in fields)
        super().__init__(f"Cannot send changes to locked fields ({reasons})")


@dataclass(frozen=True, slots=True)
class SubmitPlan:
    """What to send, in order: the approver call first, then the order update.

    ``body`` is the ``PUT /ssl/orders/{id}`` body without ``id`` (the client adds it).
    ``approver_email`` is set only for a REQ order whose approver changed: it goes to
    ``PUT /ssl/orders/{id}/approver-email``, before the body, so that DCV rows switched
    to email in the same submit already have the new approver.
    """

    order_id: int
    body: dict[str, Any] = field(default_factory=dict)
    approver_email: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.body and self.approver_email is None

    @property
    def fields(self) -> tuple[str, ...]:
        """Every request field this plan changes, including a separately sent approver."""
        extra = (APPROVER_EMAIL,) if self.approver_email is not None else ()
        return (*extra, *self.body)


def _value(changes: Changes, name: str) -> Any:
    new = changes.new
    if name == CSR:
        return new.csr
    if name == HOST_NAMES:
        return list(new.host_names)
    if name == DCV_METHODS:
        return [{"host_name": h, "method": m} for h, m in new.dcv]
    if name == AUTORENEW:
        return "on" if new.autorenew else "off"
    if name == START_PROVISION:
        return True
    if name in (ORGANIZATION_HANDLE, TECHNICAL_HANDLE, SOFTWARE_ID, APPROVER_EMAIL):
        value: str = getattr(new, name)
        return value
    raise ValueError(f"no request value for {name!r}")


def plan_from_changes(changes: Changes) -> SubmitPlan:
    """The plan for already computed changes; raises ``LockedFieldChange``."""
    status = changes.status
    separate_approver = approver_email_route(status) == "approver-email"
    locked = tuple(
        f
        for f in changes.fields
        if not can_change(status, f) and not (f == APPROVER_EMAIL and separate_approver)
    )
    if locked:
        raise LockedFieldChange(status, locked)
    body: dict[str, Any] = {}
    approver: str | None = None
    for name in changes.fields:
        if name == APPROVER_EMAIL and separate_approver:
            approver = changes.new.approver_email
        else:
            body[name] = _value(changes, name)
    if any(isinstance(v, str) and has_private_key(v) for v in (*body.values(), approver)):
        raise PrivateKeyInRequest("The request would carry a private key; nothing is sent")
    return SubmitPlan(order_id=changes.order_id, body=body, approver_email=approver)


def plan_submit(order: Order, draft: OrderDraft) -> SubmitPlan:
    """The minimal request for a draft of ``order``; empty for an untouched draft.

    ``domain_validation_methods`` covers every row of the draft and is sent only when a
    method or the host set changed; ``host_names`` only when the set changed;
    ``start_provision: true`` only when ticked. ``signature_hash_algorithm`` is never sent.
    """
    return plan_from_changes(compute_changes(order, draft))
