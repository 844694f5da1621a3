"""Handles and the approver email: typed values checked at the field as they are left.

A handle must look like ``XY123456-CC``. The approver is picked from the addresses the
API offers for the order's domain; when that list could not be read it is typed, and
then checked as an address, and the field says why.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from tui_app.core.draft import OrderDraft
from tui_app.core.fields import (
    APPROVER_CALL,
    APPROVER_EMAIL,
    EDIT,
    FIELD_LABELS,
    ORGANIZATION_HANDLE,
)
from tui_app.core.normalize import normalize_email, normalize_handle
from tui_app.core.value_checks import check_email, check_handle
from tui_app.ui.edit.context import FormContext
from tui_app.ui.edit.field_base import FieldLabel, FormField, labelled, sentence
from tui_app.ui.formatting import safe


class CheckedWhenLeft(FormField):
    """A typed field: checked as it is left (tab, enter), again on each key while it shows
    a problem, and enter moves on only when it has none."""

    def problem(self) -> str | None:
        """What is wrong with the typed value, or None."""
        raise NotImplementedError

    def check(self) -> None:
        problem = self.problem()
        self.show_messages([problem] if problem else [])

    def tidy(self) -> None:
        """As the field is left: show the value as it will be sent (subclasses)."""

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.has_class("-invalid"):
            self.check()
        self.changed()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        event.stop()
        self.tidy()
        self.check()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.tidy()
        self.check()
        if not self.has_class("-invalid"):
            self.screen.focus_next()


class HandleField(CheckedWhenLeft):
    """The organization or technical handle."""

    def __init__(
        self, context: FormContext, draft: OrderDraft, field_name: str, *, id: str | None = None
    ) -> None:
        super().__init__(context, draft, id=id)
        self.field_name = field_name

    def compose_field(self) -> ComposeResult:
        value: str = getattr(self.initial, self.field_name)
        with Horizontal(classes="field-line"):
            yield FieldLabel(sentence(FIELD_LABELS[self.field_name]))
            yield Input(value, placeholder="XY123456-CC", compact=True, max_length=40)

    @property
    def editor(self) -> Widget:
        return self.query_one(Input)

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        value = self.query_one(Input).value
        if self.field_name == ORGANIZATION_HANDLE:
            return replace(draft, organization_handle=value)
        return replace(draft, technical_handle=value)

    def load_value(self, draft: OrderDraft) -> None:
        box = self.query_one(Input)
        value: str = getattr(draft, self.field_name)
        if box.value != value:
            with self.prevent(Input.Changed):
                box.value = value

    def problem(self) -> str | None:
        """The shape check, for a value the user changed (the order's own is not blamed).
        Case and spaces do not count: ``ab123456-nl`` is ``AB123456-NL``."""
        value = normalize_handle(self.query_one(Input).value)
        original: str = getattr(self.context.order, self.field_name)
        if value == normalize_handle(original):
            return None
        return check_handle(value)

    def tidy(self) -> None:
        """A handle typed in lower case is shown upper case, as it is sent."""
        field = self.query_one(Input)
        value = normalize_handle(field.value)
        if value != field.value and check_handle(value) is None:
            field.value = value


class ApproverField(CheckedWhenLeft):
    """Chosen from the API's list, or typed when the list is not available."""

    field_name = APPROVER_EMAIL

    @property
    def options(self) -> tuple[str, ...] | None:
        return self.context.approver_options

    def offer(self, context: FormContext) -> None:
        """Another list (another domain): rebuilt, keeping the address chosen so far."""
        self.initial = replace(self.initial, approver_email=self.value())
        self.context = context
        self.show_messages([])
        self.refresh(recompose=True)

    def load(self, context: FormContext, draft: OrderDraft) -> None:
        """Another list or note (a re-read with other approver addresses): recomposed;
        the same list: the value set in place."""
        old = self.context
        super().load(context, draft)
        same = (old.approver_options, old.approver_problem, old.order.status) == (
            context.approver_options,
            context.approver_problem,
            context.order.status,
        )
        if not same:
            self.refresh(recompose=True)

    def load_value(self, draft: OrderDraft) -> None:
        value = draft.approver_email.strip()
        with self.prevent(Input.Changed, Select.Changed):
            if self.options is None:
                self.query_one("#approver-input", Input).value = value
            else:
                select = self.query_one("#approver-select", Select)
                current = normalize_email(value)
                known = {normalize_email(o) for o in self.options}
                if current and current not in known:
                    self.refresh(recompose=True)  # the "not offered" choice is added
                else:
                    select.value = current or Select.NULL

    def compose_field(self) -> ComposeResult:
        value = self.initial.approver_email.strip()
        with Horizontal(classes="field-line"):
            yield FieldLabel("Approver email")
            if self.options is None:
                yield Input(
                    value, placeholder="admin@example.com", compact=True, id="approver-input"
                )
            else:
                choices = [(Text(safe(o)), normalize_email(o)) for o in self.options]
                known = {v for _, v in choices}
                current = normalize_email(value)
                if current and current not in known:
                    choices.insert(0, (Text(safe(f"{value} (not offered by the API)")), current))
                yield Select(
                    choices,
                    prompt="choose an approver address",
                    allow_blank=True,
                    value=current or Select.NULL,
                    compact=True,
                    id="approver-select",
                )
        note = self.note_text()
        widget = Static(note or "", classes="field-note", markup=False)
        widget.display = note is not None
        yield widget

    def note_text(self) -> Text | None:
        parts: list[Text] = []
        if self.context.approver_problem:
            parts.append(labelled("Note", self.context.approver_problem))
        if EDIT.route(APPROVER_EMAIL, self.context.order.status) is APPROVER_CALL:
            parts.append(
                Text("ctrl+s sends a change (the CA mails the new address); ctrl+r resends.")
            )
        return Text("\n").join(parts) if parts else None

    @property
    def editor(self) -> Widget:
        if self.options is None:
            return self.query_one("#approver-input", Input)
        return self.query_one("#approver-select", Select)

    def value(self) -> str:
        if self.options is None:
            return self.query_one("#approver-input", Input).value
        selected = self.query_one("#approver-select", Select).value
        return selected if isinstance(selected, str) else ""

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return replace(draft, approver_email=self.value())

    def problem(self) -> str | None:
        """A typed address is checked as an address (a choice from the list at send)."""
        if self.options is not None:
            return None
        value = self.value()
        changed = normalize_email(value) != normalize_email(self.context.order.email_approver)
        return check_email(value) if changed else None

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        self.show_messages([])
        self.changed()
