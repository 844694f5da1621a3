"""The hosts an order or a draft must validate, and DCV rows that follow them.

The set is the CSR's common name and SANs plus ``host_names`` (``dcv_rules.expected_hosts``).
When the CSR or the host names change in PAI, ``follow_hosts`` adds and removes rows so
the form always offers one row per host, and says which rows it touched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tui_app.api.models import Order
from tui_app.core.csr import CsrError, CsrInfo, decode_csr, normalize_pem
from tui_app.core.csr_policy import ca_refusal
from tui_app.core.dcv_rules import METHODS, expected_hosts, reconcile
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.normalize import csr_identity, normalize_hosts
from tui_app.core.pem_blocks import csr_text_problem
from tui_app.core.value_checks import check_hostname


@dataclass(frozen=True, slots=True)
class HostSet:
    """Expected hosts in order (CN, SANs, host names) and where they came from.

    ``csr_error`` says why the CSR could not be read. For the order's own CSR the hosts
    are then ``inferred`` from what the API lists; for a new CSR they are unknown.
    """

    hosts: tuple[str, ...]
    csr_hosts: tuple[str, ...]
    csr: CsrInfo | None = None
    csr_error: str | None = None
    inferred: bool = False

    @property
    def known(self) -> bool:
        """Whether ``hosts`` can be trusted for the DCV set check."""
        return self.csr is not None or self.inferred


def read_csr(text: str) -> CsrInfo:
    """Decode pasted CSR text for the form (live, as it changes).

    Raises ``CsrError`` whose message is meant for the CSR field: damaged PEM, control
    characters, an oversized paste, a block that is not the one CSR (a private key, a
    certificate, a second request), a host in the CSR that is not a valid host name, or
    anything the CA would refuse (``csr_policy``: key, signature, names).
    """
    problem = csr_text_problem(text)
    if problem:
        raise CsrError(problem)
    info = decode_csr(normalize_pem(text))
    for host in info.hosts:
        problem = check_hostname(host)
        if problem:
            raise CsrError(f"The CSR names an invalid host: {problem}")
    refusal = ca_refusal(info)
    if refusal:
        raise CsrError(refusal)
    return info


def order_host_set(order: Order) -> HostSet:
    """The hosts the order covers now, from its CSR.

    If its CSR cannot be decoded, the API's DCV list stands in: it covers every host,
    so the CSR's hosts are the common name plus the listed hosts that are not host names.
    """
    try:
        info = decode_csr(normalize_pem(order.csr))
    except CsrError as exc:
        extra = set(normalize_hosts(order.host_names))
        listed = normalize_hosts(m.host_name for m in order.domain_validation_methods)
        csr_hosts = normalize_hosts((order.common_name, *(h for h in listed if h not in extra)))
        hosts = expected_hosts("", csr_hosts, order.host_names)
        return HostSet(hosts, csr_hosts, None, str(exc), inferred=True)
    return HostSet(expected_hosts("", info.hosts, order.host_names), info.hosts, info)


def draft_host_set(order: Order, draft: OrderDraft) -> HostSet:
    """The hosts the draft would cover: its CSR (or the order's, if unchanged) + host names."""
    if csr_identity(draft.csr) == csr_identity(order.csr):
        base = order_host_set(order)
        hosts = expected_hosts("", base.csr_hosts, draft.host_names)
        return HostSet(hosts, base.csr_hosts, base.csr, base.csr_error, base.inferred)
    try:
        info = read_csr(draft.csr)
    except CsrError as exc:
        return HostSet((), (), None, str(exc))
    return HostSet(expected_hosts("", info.hosts, draft.host_names), info.hosts, info)


def preferred_method(draft: OrderDraft) -> str:
    """The method for a new row: the one most rows use (email only with an approver)."""
    usable = [
        m
        for m in (method.strip().lower() for _, method in draft.dcv)
        if m in METHODS and (m != "email" or draft.approver_email.strip())
    ]
    if not usable:
        return "dns"
    return Counter(usable).most_common(1)[0][0]


@dataclass(frozen=True, slots=True)
class HostFollow:
    """The draft after its rows followed the host set, and what changed."""

    draft: OrderDraft
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    csr_error: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    @property
    def message(self) -> str | None:
        """What the form says under the DCV rows, or None when nothing moved."""
        parts: list[str] = []
        if self.added:
            parts.append("added " + ", ".join(self.added))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed))
        return "DCV rows follow the hosts: " + "; ".join(parts) if parts else None


def follow_hosts(order: Order, draft: OrderDraft, preferred: str | None = None) -> HostFollow:
    """Make the draft's DCV rows match its host set; kept hosts keep their method.

    With a CSR that cannot be read the rows stay as they are (a half-pasted CSR must not
    wipe them) and ``csr_error`` says why. A host the order already validates gets its
    saved method back (a CSR pasted by mistake and then the right one again changes
    nothing); other new rows get ``preferred`` or the method most rows use, never
    http/https on a wildcard.
    """
    host_set = draft_host_set(order, draft)
    if not host_set.known:
        return HostFollow(draft, csr_error=host_set.csr_error)
    result = reconcile(draft.dcv, host_set.hosts, preferred or preferred_method(draft))
    if not result.added and not result.removed:
        return HostFollow(draft)
    saved = draft_from_order(order).methods
    rows = tuple(
        (host, saved.get(host, method) if host in result.added else method)
        for host, method in result.rows
    )
    return HostFollow(draft.with_rows(rows), result.added, result.removed)
