"""The change as the confirmation dialog shows it: one line per field or host, old -> new.

Values are in words: a CSR is its decoded summary, not its PEM; DCV changes are per host.
Built from the same ``Changes`` as the request, so the diff is empty exactly when there
is nothing to send.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tui_app.api.models import Order
from tui_app.core.changes import Changes, compute_changes
from tui_app.core.csr import CsrError, CsrInfo, decode_csr
from tui_app.core.draft import OrderDraft
from tui_app.core.status_rules import (
    APPROVER_EMAIL,
    AUTORENEW,
    CSR,
    DCV_METHODS,
    FIELD_LABELS,
    HOST_NAMES,
    START_PROVISION,
    approver_email_route,
)

NONE = "(none)"
NEW_HOST = "(new host)"
REMOVED = "(removed)"


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """One line of the diff; ``field`` is the request field it belongs to."""

    field: str
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old} -> {self.new}"


def csr_summary(info: CsrInfo) -> str:
    """E.g. ``CN example.com, 2 SANs, EC 256, sha256 1a2b3c4d``.

    SANs are counted beyond the common name. The short fingerprint tells apart two CSRs
    for the same hosts and key type (a new key).
    """
    extra = [s for s in info.sans if s != info.common_name]
    cn = info.common_name or "(no common name)"
    sans = f"{len(extra)} SAN" + ("" if len(extra) == 1 else "s")
    family = info.key_type.split(" ", 1)[0]
    key = f"{family} {info.key_size}" if info.key_size else family
    fingerprint = hashlib.sha256(info.der).hexdigest()[:8]
    return f"CN {cn}, {sans}, {key}, sha256 {fingerprint}"


def _csr_words(pem: str) -> str:
    if not pem.strip():
        return NONE
    try:
        return csr_summary(decode_csr(pem))
    except CsrError as exc:
        return f"unreadable CSR ({exc})"


def _text(value: str) -> str:
    return value or NONE


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def describe_changes(changes: Changes) -> tuple[DiffEntry, ...]:
    """Diff entries in form order; at least one for each changed field."""
    old, new = changes.old, changes.new
    entries: list[DiffEntry] = []
    for name in changes.fields:
        label = FIELD_LABELS[name]
        if name == CSR:
            entries.append(DiffEntry(name, label, _csr_words(old.csr), _csr_words(new.csr)))
        elif name == HOST_NAMES:
            entries += [DiffEntry(name, "host name", NONE, h) for h in changes.host_names_added]
            entries += [
                DiffEntry(name, "host name", h, REMOVED) for h in changes.host_names_removed
            ]
        elif name == DCV_METHODS:
            entries += [DiffEntry(name, h, a, b) for h, a, b in changes.dcv_switched]
            entries += [DiffEntry(name, h, NEW_HOST, new.methods[h]) for h in changes.dcv_added]
            entries += [DiffEntry(name, h, old.methods[h], REMOVED) for h in changes.dcv_removed]
        elif name == AUTORENEW:
            entries.append(DiffEntry(name, label, _on_off(old.autorenew), _on_off(new.autorenew)))
        elif name == START_PROVISION:
            entries.append(DiffEntry(name, label, "no", "yes: the order goes to the CA"))
        elif name == APPROVER_EMAIL and approver_email_route(changes.status) == "approver-email":
            entries.append(
                DiffEntry(
                    name,
                    f"{label} (the CA mails the new address)",
                    _text(old.approver_email),
                    _text(new.approver_email),
                )
            )
        else:
            value_old: str = getattr(old, name)
            value_new: str = getattr(new, name)
            entries.append(DiffEntry(name, label, _text(value_old), _text(value_new)))
    return tuple(entries)


def diff_draft(order: Order, draft: OrderDraft) -> tuple[DiffEntry, ...]:
    return describe_changes(compute_changes(order, draft))
