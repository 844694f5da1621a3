"""Reissue, renew and cancel before anything is sent: what the status allows, what to send.

The rules are the API's (the design's status table): reissue and renew an ACT order,
cancel a PAI, REQ or ACT one. A reissue is a draft of the registry's reissue form
(``fields.REISSUE_FORM``): its DCV rows follow the new CSR's hosts the way the edit form's
do (``host_set.follow_hosts``), it is checked with the same draft checks, and only what
changed is sent: the CSR always (the API requires it), the DCV rows if they differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tui_app.api.models import Order
from tui_app.core.csr import CsrError, CsrInfo, normalize_pem
from tui_app.core.dcv_rules import METHODS
from tui_app.core.draft import draft_from_order
from tui_app.core.fields import REISSUE_FORM
from tui_app.core.host_set import draft_host_set, follow_hosts, read_csr
from tui_app.core.normalize import normalize_rows
from tui_app.core.review import review_draft
from tui_app.core.statuses import STATUS_WORDS, meaning_in_sentence

ALLOWED: dict[str, tuple[str, ...]] = {
    "reissue": tuple(s for s in STATUS_WORDS if REISSUE_FORM.open_in(s)),
    "renew": ("ACT",),
    "cancel": ("PAI", "REQ", "ACT"),
}
_DONE = {"reissue": "reissued", "renew": "renewed", "cancel": "cancelled"}


class LifecycleError(ValueError):
    """The request cannot be sent; ``problems`` lists every reason (at least one)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def refusal(action: str, order: Order) -> str | None:
    """Why ``order`` cannot be reissued / renewed / cancelled in its status, or None."""
    allowed = ALLOWED[action]
    if order.status in allowed:
        return None
    which = (
        f"an {allowed[0]} order"
        if len(allowed) == 1
        else f"{', '.join(allowed[:-1])} and {allowed[-1]} orders"
    )
    return (
        f"order {order.id} is {order.status or '?'} ({meaning_in_sentence(order.status)}); "
        f"only {which} can be {_DONE[action]}"
    )


# What a renewal does, for the CLI and the app alike (API notes §3.9).
RENEW_TERMS = (
    "Only the expiry date changes; the remaining validity carries over. It is charged as a "
    "new order of the product. The API renews only within the window before the expiry "
    "(30 days; a newer help-centre text says 90): earlier it refuses with code 25001 and "
    "nothing changes."
)


def cancel_terms(status: str) -> tuple[str, str]:
    """What a cancellation does to an order in ``status`` (API notes §3.7): the part that
    cannot be undone, then what follows."""
    first = {
        "ACT": "The CA revokes the certificate: servers using it will fail.",
        "REQ": "The request at the CA is withdrawn and no certificate is issued.",
    }.get(status, "The order is voided before it reaches the CA.")
    return (
        f"{first} This cannot be undone.",
        "The order goes to REJ, then FAI (closed) once the CA confirms, within 24 hours. "
        "A full refund applies only within 30 days after the order became active.",
    )


def renewed_expiry(expires: datetime, period: int | None) -> datetime:
    """The expiry after a renewal: the remaining validity carries over, plus the period."""
    years = period or 1
    try:
        return expires.replace(year=expires.year + years)
    except ValueError:  # 29 February
        return expires.replace(year=expires.year + years, day=28)


@dataclass(frozen=True, slots=True)
class ReissuePlan:
    """The request's fields and what the user should be told about them."""

    fields: dict[str, Any]
    csr: CsrInfo
    hosts: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


def parse_dcv_option(text: str) -> tuple[str, str]:
    """``HOST=METHOD`` from the command line (``--dcv www.example.com=dns``)."""
    host, sep, method = text.partition("=")
    if not sep or not host.strip() or not method.strip():
        raise LifecycleError([f"--dcv {text!r}: expected HOST=METHOD, e.g. www.example.com=dns"])
    return host.strip().lower(), method.strip().lower()


def plan_reissue(
    order: Order, csr_text: str, overrides: Sequence[tuple[str, str]] = ()
) -> ReissuePlan:
    """Check a reissue of ``order`` with this CSR and these method choices; nothing is sent."""
    problem = refusal("reissue", order)
    if problem:
        raise LifecycleError([problem])
    try:
        info = read_csr(csr_text)
    except CsrError as exc:
        raise LifecycleError([f"the new CSR: {exc}"]) from None
    csr = normalize_pem(csr_text)
    draft = replace(draft_from_order(order), csr=csr)
    followed = follow_hosts(order, draft)
    hosts = draft_host_set(order, followed.draft).hosts
    rows = dict(normalize_rows(followed.draft.dcv))
    problems: list[str] = []
    for host, method in overrides:
        if host not in rows:
            problems.append(f"--dcv {host}: not a host of the new CSR ({', '.join(hosts)})")
        elif method not in METHODS:
            problems.append(f"--dcv {host}={method}: use one of {', '.join(METHODS)}")
        else:
            rows[host] = method
    ordered = tuple((h, rows[h]) for h in hosts if h in rows)
    review = review_draft(order, followed.draft.with_rows(ordered), form=REISSUE_FORM)
    problems += [e.message for e in review.errors]
    if problems or review.plan is None:
        raise LifecycleError(problems)
    before = dict(draft_from_order(order).methods)
    changed = tuple(h for h, m in ordered if h in before and before[h] != m)
    return ReissuePlan(
        review.plan.body, info, hosts, ordered, followed.added, followed.removed, changed
    )
