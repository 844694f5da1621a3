"""Software, autorenew and start provision: small choices, each with its state in words."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Static, Switch

from tui_app.core.draft import OrderDraft
from tui_app.core.draft_checks import supported_software
from tui_app.core.fields import AUTORENEW, SOFTWARE_ID, START_PROVISION
from tui_app.core.normalize import normalize_software
from tui_app.ui.edit.field_base import FieldLabel, FormField
from tui_app.ui.edit.toggles import Choices, TickBox
from tui_app.ui.formatting import on_off

PROVISION_NOTE = (
    "When you send, the order goes to the CA and becomes REQ: from then on only DCV "
    "methods and autorenew can change. Every field is checked first."
)


class SoftwareField(FormField):
    """One of the product's supported software ids (linux or windows when unknown)."""

    field_name = SOFTWARE_ID

    def choices(self) -> list[tuple[str, str]]:
        """(id, title) per choice; the order's own value stays offered even if unlisted."""
        product = self.context.product
        listed = product.supported_software if product else ()
        titles = {s.id.strip().lower(): s.title for s in listed}
        ids = list(supported_software(product))
        current = normalize_software(self.initial.software_id)
        if current and current not in ids:
            ids.insert(0, current)
        return [(i, titles.get(i) or i) for i in ids]

    def compose_field(self) -> ComposeResult:
        current = normalize_software(self.initial.software_id)
        with Horizontal(classes="field-line"):
            yield FieldLabel("Software")
            yield Choices(self.choices(), current, id="software")

    @property
    def editor(self) -> Widget:
        return self.query_one(Choices)

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return replace(draft, software_id=self.query_one(Choices).value)

    def load_value(self, draft: OrderDraft) -> None:
        choices = self.query_one(Choices)
        wanted = self.choices()
        if list(choices.options) != wanted:
            self.refresh(recompose=True)  # another product's list: the row is redrawn
            return
        choices.select(normalize_software(draft.software_id))

    @on(Choices.Changed)
    def _changed(self, event: Choices.Changed) -> None:
        event.stop()
        self.show_messages([])
        self.changed()


class AutorenewField(FormField):
    field_name = AUTORENEW

    def compose_field(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield FieldLabel("Autorenew")
            yield Switch(self.initial.autorenew, animate=False, id="autorenew")
            yield Label(on_off(self.initial.autorenew), id="autorenew-state")

    @property
    def editor(self) -> Widget:
        return self.query_one(Switch)

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return replace(draft, autorenew=self.query_one(Switch).value)

    def load_value(self, draft: OrderDraft) -> None:
        switch = self.query_one(Switch)
        if switch.value != draft.autorenew:
            with self.prevent(Switch.Changed):
                switch.value = draft.autorenew
            self.query_one("#autorenew-state", Label).update(on_off(draft.autorenew))

    @on(Switch.Changed)
    def _changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one("#autorenew-state", Label).update(on_off(event.value))
        self.changed()


class StartProvisionField(FormField):
    """PAI only: tick to send the order to the CA with this send."""

    field_name = START_PROVISION

    def compose_field(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield FieldLabel("Start provision")
            yield TickBox("send the order to the CA", self.initial.start_provision)
        note = Static(Text(PROVISION_NOTE), classes="field-note", id="provision-note")
        note.display = self.initial.start_provision
        yield note

    @property
    def editor(self) -> Widget:
        return self.query_one(TickBox)

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return replace(draft, start_provision=self.query_one(TickBox).value)

    def load_value(self, draft: OrderDraft) -> None:
        self.query_one(TickBox).value = draft.start_provision
        self.query_one("#provision-note", Static).display = draft.start_provision

    @on(TickBox.Changed)
    def _changed(self, event: TickBox.Changed) -> None:
        event.stop()
        self.query_one("#provision-note", Static).display = event.value
        self.show_messages([])
        self.changed()
