"""The form's body: the editable fields the order's status allows, then the locked ones.

Which fields are editable is decided by ``core.form_checks.lock_reason`` alone. The
certificate fields (CSR, host names, DCV rows) form one column and the contacts and
options the other; a wide terminal shows them side by side, a narrow one stacked.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Container, Vertical

from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.form_checks import FieldError, errors_by_field, is_multi_domain, lock_reason
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
from tui_app.ui.edit.contact_fields import ApproverField, HandleField
from tui_app.ui.edit.context import FormContext
from tui_app.ui.edit.csr_field import CsrField
from tui_app.ui.edit.dcv_rows import DcvField
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.host_names import HostNamesField
from tui_app.ui.edit.locked_fields import LockedFields
from tui_app.ui.edit.option_fields import AutorenewField, SoftwareField, StartProvisionField

CERTIFICATE_FIELDS = (CSR, HOST_NAMES, DCV_METHODS)
OTHER_FIELDS = (
    ORGANIZATION_HANDLE,
    TECHNICAL_HANDLE,
    APPROVER_EMAIL,
    SOFTWARE_ID,
    AUTORENEW,
    START_PROVISION,
)
# Where focus starts: the first of these the status allows. The DCV rows come first on
# every status, so the four-key switch (e, a method key, ctrl+s, enter) works on PAI as
# on REQ; a form with no DCV row yet (no CSR) starts on the CSR.
FOCUS_ORDER = (DCV_METHODS, CSR, HOST_NAMES, *OTHER_FIELDS)


class OrderForm(Container):
    def __init__(
        self,
        context: FormContext,
        draft: OrderDraft,
        *,
        read_only: str | None = None,
        id: str | None = None,
    ) -> None:
        """``read_only``: why this session sends nothing (--read-only, a read-only
        profile); then every field is shown locked, with that reason."""
        super().__init__(id=id)
        self.context = context
        self.draft = draft
        self.read_only = read_only
        self._fields: list[FormField] = []

    def editable(self, field: str) -> bool:
        if self.read_only is not None:
            return False
        return lock_reason(self.context.order, field, self.context.product) is None

    @property
    def locked(self) -> tuple[str, ...]:
        """Locked fields worth showing (start provision is an action, not a value)."""
        order = self.context.order
        shown = [f for f in (*CERTIFICATE_FIELDS, *OTHER_FIELDS) if f != START_PROVISION]
        if not is_multi_domain(order, self.context.product) and not order.host_names:
            shown.remove(HOST_NAMES)  # a single-host product: nothing to show or explain
        return tuple(f for f in shown if not self.editable(f))

    def _make(self, field: str) -> FormField:
        context, draft = self.context, self.draft
        if field == CSR:
            return CsrField(context, draft, id="field-csr")
        if field == HOST_NAMES:
            return HostNamesField(context, draft, id="field-host-names")
        if field == DCV_METHODS:
            return DcvField(context, draft, id="field-dcv")
        if field in (ORGANIZATION_HANDLE, TECHNICAL_HANDLE):
            return HandleField(context, draft, field, id=f"field-{field.replace('_', '-')}")
        if field == APPROVER_EMAIL:
            return ApproverField(context, draft, id="field-approver")
        if field == SOFTWARE_ID:
            return SoftwareField(context, draft, id="field-software")
        if field == AUTORENEW:
            return AutorenewField(context, draft, id="field-autorenew")
        if field == START_PROVISION:
            return StartProvisionField(context, draft, id="field-start-provision")
        raise ValueError(f"no widget for {field!r}")

    def compose(self) -> ComposeResult:
        certificate = [f for f in CERTIFICATE_FIELDS if self.editable(f)]
        other = [f for f in OTHER_FIELDS if self.editable(f)]
        with Vertical(id="form-certificate", classes="form-column") as column:
            column.display = bool(certificate)
            for field in certificate:
                yield self._make(field)
        with Vertical(id="form-other", classes="form-column"):
            for field in other:
                yield self._make(field)
            if self.locked:
                yield LockedFields(
                    self.context.order,
                    self.draft,
                    self.locked,
                    self.context.product,
                    reason=self.read_only,
                    id="locked-fields",
                )

    # -- the draft and the errors -------------------------------------------------------

    @property
    def fields(self) -> list[FormField]:
        """The field widgets in form order (fixed once composed, so looked up once)."""
        if not self._fields:
            self._fields = list(self.query(FormField))
        return self._fields

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.field_name == name), None)

    def to_draft(self) -> OrderDraft:
        """The order's own values for locked fields, the widgets' for the rest."""
        draft = draft_from_order(self.context.order)
        for field in self.fields:
            draft = field.to_draft(draft)
        return draft

    def show_errors(self, errors: Sequence[FieldError]) -> list[FormField]:
        """Each field shows its errors (none clears them); returns the fields with errors."""
        grouped = errors_by_field(errors)
        flagged: list[FormField] = []
        for field in self.fields:
            mine = grouped.get(field.field_name, [])
            field.show_errors(mine)
            if mine:
                flagged.append(field)
        return flagged

    def offer_approvers(self, context: FormContext) -> None:
        """The approver list was read again (another common name): the field follows."""
        approver = self.field(APPROVER_EMAIL)
        if isinstance(approver, ApproverField):
            approver.offer(context)

    def first_field(self) -> FormField | None:
        for name in FOCUS_ORDER:
            field = self.field(name)
            if field is None or (isinstance(field, DcvField) and not field.rows_widget.rows):
                continue
            return field
        return None
