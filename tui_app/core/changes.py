"""Which request fields a draft changes, compared in canonical form.

The request, the diff and the checks all start from ``compute_changes`` so they cannot
disagree about what changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_app.api.models import Order
from tui_app.core.csr import normalize_pem
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.normalize import (
    csr_identity,
    normalize_email,
    normalize_handle,
    normalize_hosts,
    normalize_rows,
    normalize_software,
)
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
)

# The order of fields in the request body and in the diff (the form's order).
FIELD_ORDER: tuple[str, ...] = (
    CSR,
    ORGANIZATION_HANDLE,
    TECHNICAL_HANDLE,
    APPROVER_EMAIL,
    HOST_NAMES,
    SOFTWARE_ID,
    DCV_METHODS,
    AUTORENEW,
    START_PROVISION,
)


@dataclass(frozen=True, slots=True)
class Canonical:
    """A draft's values in the form they are compared and sent in."""

    csr: str
    csr_identity: str
    organization_handle: str
    technical_handle: str
    approver_email: str
    host_names: tuple[str, ...]
    software_id: str
    autorenew: bool
    start_provision: bool
    dcv: tuple[tuple[str, str], ...]

    @property
    def methods(self) -> dict[str, str]:
        return dict(self.dcv)


def canonical(draft: OrderDraft) -> Canonical:
    return Canonical(
        csr=normalize_pem(draft.csr),
        csr_identity=csr_identity(draft.csr),
        organization_handle=normalize_handle(draft.organization_handle),
        technical_handle=normalize_handle(draft.technical_handle),
        approver_email=normalize_email(draft.approver_email),
        host_names=normalize_hosts(draft.host_names),
        software_id=normalize_software(draft.software_id),
        autorenew=draft.autorenew,
        start_provision=draft.start_provision,
        dcv=normalize_rows(draft.dcv),
    )


def _differs(field: str, old: Canonical, new: Canonical) -> bool:
    if field == CSR:
        return old.csr_identity != new.csr_identity
    if field == HOST_NAMES:
        return set(old.host_names) != set(new.host_names)
    if field == DCV_METHODS:
        return old.methods != new.methods
    if field == START_PROVISION:
        return new.start_provision
    value_old: object = getattr(old, field)
    value_new: object = getattr(new, field)
    return value_old != value_new


@dataclass(frozen=True, slots=True)
class Changes:
    """The canonical old (the order) and new (the draft) values, and which fields differ.

    ``fields`` is in ``FIELD_ORDER``; ``start_provision`` is in it when ticked.
    """

    order_id: int
    status: str
    old: Canonical
    new: Canonical
    fields: tuple[str, ...]

    def __contains__(self, field: object) -> bool:
        return field in self.fields

    def __bool__(self) -> bool:
        return bool(self.fields)

    @property
    def dcv_added(self) -> tuple[str, ...]:
        """Hosts with a DCV row in the draft but not in the order."""
        old = self.old.methods
        return tuple(h for h, _ in self.new.dcv if h not in old)

    @property
    def dcv_removed(self) -> tuple[str, ...]:
        new = self.new.methods
        return tuple(h for h, _ in self.old.dcv if h not in new)

    @property
    def dcv_switched(self) -> tuple[tuple[str, str, str], ...]:
        """(host, old method, new method) for every kept host whose method changed."""
        old = self.old.methods
        return tuple((h, old[h], m) for h, m in self.new.dcv if h in old and old[h] != m)

    @property
    def host_names_added(self) -> tuple[str, ...]:
        old = set(self.old.host_names)
        return tuple(h for h in self.new.host_names if h not in old)

    @property
    def host_names_removed(self) -> tuple[str, ...]:
        new = set(self.new.host_names)
        return tuple(h for h in self.old.host_names if h not in new)


def compute_changes(order: Order, draft: OrderDraft) -> Changes:
    """Compare a draft with the order it was made from (an untouched draft changes nothing)."""
    old = canonical(draft_from_order(order))
    new = canonical(draft)
    fields = tuple(f for f in FIELD_ORDER if _differs(f, old, new))
    return Changes(order_id=order.id, status=order.status, old=old, new=new, fields=fields)
