"""The form's body: the editable fields the order's status allows, then the locked ones.

Which fields the form holds is its registry ``Form`` (``core.fields``); which of them are
editable is decided by ``core.fields.lock_reason`` alone. Each field has a widget
(``WIDGETS``) and a column: the certificate fields (CSR, host names, DCV rows) form one
column and the contacts and options the other; a wide terminal shows them side by side,
a narrow one stacked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Container, Vertical

from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.draft_checks import FieldError, errors_by_field
from tui_app.core.fields import (
    APPROVER_EMAIL,
    AUTORENEW,
    CSR,
    DCV_METHODS,
    EDIT,
    HOST_NAMES,
    ORGANIZATION_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
    Form,
    is_multi_domain,
    lock_reason,
)
from tui_app.ui.edit.contact_fields import ApproverField, HandleField
from tui_app.ui.edit.context import FormContext
from tui_app.ui.edit.csr_field import CsrField
from tui_app.ui.edit.dcv_rows import DcvField
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.host_names import HostNamesField
from tui_app.ui.edit.locked_fields import LockedFields
from tui_app.ui.edit.option_fields import AutorenewField, SoftwareField, StartProvisionField

CERTIFICATE, OTHER = "certificate", "other"
MakeWidget = Callable[[FormContext, OrderDraft], FormField]


def _handle(name: str) -> MakeWidget:
    return lambda c, d: HandleField(c, d, name, id=f"field-{name.replace('_', '-')}")


# Each registry field's widget and column (fields in form order within a column).
WIDGETS: dict[str, tuple[str, MakeWidget]] = {
    CSR: (CERTIFICATE, lambda c, d: CsrField(c, d, id="field-csr")),
    HOST_NAMES: (CERTIFICATE, lambda c, d: HostNamesField(c, d, id="field-host-names")),
    DCV_METHODS: (CERTIFICATE, lambda c, d: DcvField(c, d, id="field-dcv")),
    ORGANIZATION_HANDLE: (OTHER, _handle(ORGANIZATION_HANDLE)),
    TECHNICAL_HANDLE: (OTHER, _handle(TECHNICAL_HANDLE)),
    APPROVER_EMAIL: (OTHER, lambda c, d: ApproverField(c, d, id="field-approver")),
    SOFTWARE_ID: (OTHER, lambda c, d: SoftwareField(c, d, id="field-software")),
    AUTORENEW: (OTHER, lambda c, d: AutorenewField(c, d, id="field-autorenew")),
    START_PROVISION: (OTHER, lambda c, d: StartProvisionField(c, d, id="field-start-provision")),
}
# Where focus starts: the first of the form's fields the status allows, DCV rows first on
# every status, so the four-key switch (e, a method key, ctrl+s, enter) works on PAI as
# on REQ; a form with no DCV row yet (no CSR) starts on the CSR.
FOCUS_FIRST = (DCV_METHODS, CSR, HOST_NAMES)


class OrderForm(Container):
    def __init__(
        self,
        context: FormContext,
        draft: OrderDraft,
        *,
        form: Form = EDIT,
        read_only: str | None = None,
        id: str | None = None,
    ) -> None:
        """``form``: which fields (the edit form's, a reissue's). ``read_only``: why this
        session sends nothing (--read-only, a read-only profile); then every field is
        shown locked, with that reason."""
        super().__init__(id=id)
        self.context = context
        self.draft = draft
        self.spec = form
        self.read_only = read_only
        self._fields: list[FormField] = []

    def column(self, name: str) -> tuple[str, ...]:
        """The form's fields in one column, in form order."""
        return tuple(n for n in self.spec.names if WIDGETS[n][0] == name)

    def editable(self, field: str) -> bool:
        if self.read_only is not None:
            return False
        order, product = self.context.order, self.context.product
        multi_domain = is_multi_domain(order, product)
        return lock_reason(order.status, field, form=self.spec, multi_domain=multi_domain) is None

    @property
    def locked(self) -> tuple[str, ...]:
        """Locked fields worth showing (start provision is an action, not a value)."""
        order = self.context.order
        shown = [
            f for f in (*self.column(CERTIFICATE), *self.column(OTHER)) if f != START_PROVISION
        ]
        single = not is_multi_domain(order, self.context.product) and not order.host_names
        if single and HOST_NAMES in shown:
            shown.remove(HOST_NAMES)  # a single-host product: nothing to show or explain
        return tuple(f for f in shown if not self.editable(f))

    def _make(self, field: str) -> FormField:
        return WIDGETS[field][1](self.context, self.draft)

    def compose(self) -> ComposeResult:
        certificate = [f for f in self.column(CERTIFICATE) if self.editable(f)]
        other = [f for f in self.column(OTHER) if self.editable(f)]
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
                    form=self.spec,
                    id="locked-fields",
                )

    # -- the order read again ------------------------------------------------------------

    async def load(self, context: FormContext, draft: OrderDraft) -> None:
        """The order read again: a field whose rule did not change shows the new values in
        its own widgets (no remount); only fields that became editable or locked are
        mounted or removed, and the locked list is redrawn in place."""
        before = {name: self.editable(name) for name in self.spec.names}
        self.context, self.draft = context, draft
        after = {name: self.editable(name) for name in self.spec.names}
        kept = [f for f in self.fields if after.get(f.field_name, False)]
        for field in kept:
            field.load(context, draft)
        gone = [f for f in self.fields if not after.get(f.field_name, False)]
        self._fields = []
        for field in gone:
            await field.remove()
        for name in self.spec.names:
            if after[name] and not before[name]:
                await self._mount_field(name)
        self.query_one("#form-certificate").display = any(
            after[n] for n in self.column(CERTIFICATE)
        )
        await self._load_locked(draft)

    async def _mount_field(self, name: str) -> None:
        """A field that became editable, at its place in its column."""
        column_name = WIDGETS[name][0]
        column = self.query_one(
            "#form-certificate" if column_name == CERTIFICATE else "#form-other", Vertical
        )
        names = self.column(column_name)
        later = names[names.index(name) + 1 :]
        after_it = [f for f in column.children if getattr(f, "field_name", None) in later]
        locked = [w for w in column.children if isinstance(w, LockedFields)]
        before = (after_it or locked or [None])[0]
        if before is not None:
            await column.mount(self._make(name), before=before)
        else:
            await column.mount(self._make(name))

    async def _load_locked(self, draft: OrderDraft) -> None:
        shown = next(self.query(LockedFields).results(LockedFields), None)
        locked = self.locked
        if shown is not None and locked:
            shown.load(self.context.order, draft, locked, self.context.product)
        elif shown is not None:
            await shown.remove()
        elif locked:
            widget = LockedFields(
                self.context.order,
                draft,
                locked,
                self.context.product,
                reason=self.read_only,
                id="locked-fields",
            )
            await self.query_one("#form-other", Vertical).mount(widget)

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
        first = [n for n in FOCUS_FIRST if n in self.spec.names]
        for name in (*first, *self.column(OTHER)):
            field = self.field(name)
            if field is None or (isinstance(field, DcvField) and not field.rows_widget.rows):
                continue
            return field
        return None
