"""Draft checks: a whole draft against its order, its status and its product, before
anything is sent; errors are keyed by request field.

What is checked: every field the draft changes or its form always sends (a reissue's
CSR), and everything that depends on it (a new CSR or new host names re-check the DCV
rows; a new approver re-checks email rows). With ``start_provision`` ticked the whole
order is checked, since it goes to the CA as it is. Fields left as the order has them are
not blamed for problems the user did not make. One value alone (an address, a handle, a
host name) is checked by ``core.value_checks``. No I/O: the product and the approver
addresses are passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_app.api.models import Order, Product
from tui_app.core.changes import Changes, compute_changes
from tui_app.core.dcv_rules import check_dcv
from tui_app.core.draft import OrderDraft
from tui_app.core.fields import (
    APPROVER_EMAIL,
    CSR,
    DCV_METHODS,
    EDIT,
    FIELD_LABELS,
    HOST_NAMES,
    ORGANIZATION_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
    Form,
    is_multi_domain,
    lock_reason,
)
from tui_app.core.host_set import HostSet, draft_host_set
from tui_app.core.normalize import normalize_email, normalize_host
from tui_app.core.value_checks import check_email, check_handle, check_hostname, is_wildcard

# The software the API knows when the product's list is not at hand (DESIGN: linux or windows).
DEFAULT_SOFTWARE: tuple[str, ...] = ("linux", "windows")


@dataclass(frozen=True, slots=True)
class FieldError:
    """A message for one form field; ``host`` names the DCV row or host name it concerns."""

    field: str
    message: str
    host: str | None = None


def supported_software(product: Product | None) -> tuple[str, ...]:
    if product is not None and product.supported_software:
        return tuple(s.id.strip().lower() for s in product.supported_software)
    return DEFAULT_SOFTWARE


def _wildcards_allowed(product: Product) -> bool:
    return product.is_wildcard or product.is_wildcard_multidomain_supported


def errors_by_field(errors: Iterable[FieldError]) -> dict[str, list[FieldError]]:
    """Errors grouped for display at each field, in the order they were found."""
    grouped: dict[str, list[FieldError]] = {}
    for error in errors:
        grouped.setdefault(error.field, []).append(error)
    return grouped


class _Checker:
    """One run of the checks: shares the changes, the host set and the found errors."""

    def __init__(
        self,
        order: Order,
        draft: OrderDraft,
        form: Form,
        product: Product | None,
        approver_options: Sequence[str] | None,
    ) -> None:
        self.order = order
        self.draft = draft
        self.form = form
        self.product = product
        self.approver_options = approver_options
        self.changes: Changes = compute_changes(order, draft, form)
        self.full = draft.start_provision and order.status == "PAI"
        self.multi_domain = is_multi_domain(order, product)
        self.errors: list[FieldError] = []
        self.locked: set[str] = set()

    def add(self, field: str, message: str, host: str | None = None) -> None:
        self.errors.append(FieldError(field, message, host))

    def changed(self, field: str) -> bool:
        """Changed (or always sent) and allowed to change (a locked change is reported
        once, as locked)."""
        sent = field in self.changes or field in self.form.required
        return sent and field not in self.locked

    def run(self) -> tuple[FieldError, ...]:
        self.check_locked()
        host_set = draft_host_set(self.order, self.draft)
        self.check_csr(host_set)
        for name in (ORGANIZATION_HANDLE, TECHNICAL_HANDLE):
            self.check_handle(name)
        self.check_approver(host_set)
        self.check_host_names(host_set)
        self.check_software()
        self.check_dcv(host_set)
        if self.full and self.errors:
            self.add(
                START_PROVISION,
                "The order cannot go to the CA until every field is valid; fix the errors above",
            )
        return tuple(self.errors)

    def check_locked(self) -> None:
        status = self.order.status
        for name in self.changes.fields:
            reason = lock_reason(status, name, form=self.form, multi_domain=self.multi_domain)
            if reason is None:
                continue
            self.locked.add(name)
            if name == START_PROVISION:
                self.add(name, f"Only a PAI order can be sent to the CA; this order is {status}")
            else:
                self.add(name, f"The {FIELD_LABELS[name]} cannot change: {reason}. Undo the edit")

    def check_csr(self, host_set: HostSet) -> None:
        if not (self.changed(CSR) or self.full):
            return
        if host_set.csr_error:
            self.add(CSR, host_set.csr_error)
            return
        self.check_wildcards(CSR, host_set.csr_hosts)

    def check_wildcards(self, field: str, hosts: Iterable[str]) -> None:
        if self.product is None or _wildcards_allowed(self.product):
            return
        for host in hosts:
            if is_wildcard(host):
                self.add(
                    field,
                    f"{host} is a wildcard, but {self.product.name or 'this product'} "
                    "does not cover wildcards",
                    host,
                )

    def check_handle(self, name: str) -> None:
        if not (self.changed(name) or self.full):
            return
        value: str = getattr(self.changes.new, name)
        problem = check_handle(value)
        if problem:
            self.add(name, problem)

    def check_approver(self, host_set: HostSet) -> None:
        new = self.changes.new
        uses_email = "email" in new.methods.values()
        # The list is for the draft's common name: a new CSR may name another domain, and
        # the order's approver then belongs to the old one.
        named = host_set.csr.common_name if host_set.csr else self.order.common_name
        domain = named.removeprefix("*.") or "this order"
        moved = self.changed(CSR) and named.lower() != self.order.common_name.lower()
        if not (
            self.changed(APPROVER_EMAIL)
            or (moved and new.approver_email)
            or (self.full and (new.approver_email or uses_email))
        ):
            return
        problem = check_email(new.approver_email)
        if problem:
            self.add(APPROVER_EMAIL, problem)
            return
        options = self.approver_options
        if options is None:
            return
        allowed = {normalize_email(o) for o in options}
        if new.approver_email not in allowed:
            if not allowed:
                self.add(APPROVER_EMAIL, f"The API offers no approver address for {domain}")
                return
            shown = ", ".join(list(options)[:5]) + (", …" if len(allowed) > 5 else "")
            self.add(
                APPROVER_EMAIL,
                f"{new.approver_email} is not an approver address for {domain}; "
                f"choose one of: {shown}",
            )

    def check_host_names(self, host_set: HostSet) -> None:
        if not (self.changed(HOST_NAMES) or (self.full and self.draft.host_names)):
            return
        seen: set[str] = set()
        for raw in self.draft.host_names:
            name = normalize_host(raw)
            problem = check_hostname(raw)
            if problem:
                self.add(HOST_NAMES, problem, name or None)
            elif name in seen:
                self.add(HOST_NAMES, f"{name} is listed more than once", name)
            seen.add(name)
        self.check_wildcards(HOST_NAMES, self.changes.new.host_names)
        product = self.product
        if product is None or not product.is_multi_domain or not product.max_domains:
            return
        if len(host_set.hosts) > product.max_domains:
            self.add(
                HOST_NAMES,
                f"{len(host_set.hosts)} hosts, but {product.name or 'this product'} "
                f"covers at most {product.max_domains}",
            )

    def check_software(self) -> None:
        if not (self.changed(SOFTWARE_ID) or self.full):
            return
        value = self.changes.new.software_id
        supported = supported_software(self.product)
        if not value:
            self.add(SOFTWARE_ID, "Choose the server software: " + " or ".join(supported))
        elif value not in supported:
            self.add(
                SOFTWARE_ID,
                f"{value!r} is not supported by this product; use " + " or ".join(supported),
            )

    def check_dcv(self, host_set: HostSet) -> None:
        changes = self.changes
        hosts_moved = self.changed(CSR) or self.changed(HOST_NAMES)
        approver_moved = self.changed(APPROVER_EMAIL) and "email" in changes.new.methods.values()
        if not (self.changed(DCV_METHODS) or hosts_moved or approver_moved or self.full):
            return
        rows = [(h, m.strip().lower()) for h, m in self.draft.dcv]
        problems = check_dcv(rows, host_set.hosts, changes.new.approver_email)
        for problem in problems:
            if problem.kind in ("missing", "extra") and not host_set.known:
                continue  # the CSR cannot be read: its error says so, the set is unknown
            self.add(DCV_METHODS, problem.message, problem.host)


def check_draft(
    order: Order,
    draft: OrderDraft,
    *,
    form: Form = EDIT,
    product: Product | None = None,
    approver_options: Sequence[str] | None = None,
) -> tuple[FieldError, ...]:
    """Every reason not to send this draft; empty when it may be sent.

    ``product`` decides host names (multi-domain only), wildcards, the host limit and the
    software list; without it host names are allowed only if the order already has some,
    and software is linux or windows. ``approver_options`` is the list from
    ``GET /ssl/approver-emails``; None when that call failed, and then the approver is only
    checked as an address. ``form`` decides which fields count (the edit form's, or a
    reissue's).
    """
    return _Checker(order, draft, form, product, approver_options).run()
