"""What every field of the form shares: a label, the editor, a note, and its errors.

Posting's pattern: a field maps itself onto the draft (``to_draft``) and posts
``FormField.Changed`` when the user changes it; the screen assembles the draft and core
decides what it means. Errors carry a text label ("Error:"), never colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, Static

from tui_app.core.draft import OrderDraft
from tui_app.core.draft_checks import FieldError
from tui_app.ui.edit.context import FormContext
from tui_app.ui.formatting import safe

LABEL_WIDTH = 16


def labelled(label: str, message: str, style: str = "bold") -> Text:
    """``Error: message`` with the label in words, for any state shown in colour too."""
    return Text.assemble((f"{label}: ", style), safe(message))


def sentence(label: str) -> str:
    """``"DCV methods"`` stays as is, ``"host names"`` becomes ``"Host names"``."""
    return label[:1].upper() + label[1:]


def error_text(messages: Iterable[str]) -> Text:
    return Text("\n").join(labelled("Error", m) for m in messages)


class FieldLabel(Label):
    """The field's name in the left column (above the editor in a narrow column)."""


class FormField(Vertical):
    """One editable field; subclasses compose the editor in ``compose_field``."""

    field_name: str = ""

    class Changed(Message):
        """The user changed this field's value."""

        def __init__(self, field: FormField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> FormField:
            return self.field

    def __init__(self, context: FormContext, draft: OrderDraft, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="form-field")
        self.context = context
        self.initial = draft
        self._messages: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield from self.compose_field()
        error = Static("", classes="field-error")
        error.display = False
        yield error

    def compose_field(self) -> ComposeResult:
        raise NotImplementedError

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        """The draft with this field's value put in."""
        raise NotImplementedError

    def load(self, context: FormContext, draft: OrderDraft) -> None:
        """The order was read again and this field's rule did not change: show ``draft``
        in this widget (no remount, so focus and cursors stay and nothing is re-laid out
        that did not change). Its own change messages are not posted: the user did not
        change anything."""
        self.context = context
        self.initial = draft
        self.show_messages([])
        self.load_value(draft)

    def load_value(self, draft: OrderDraft) -> None:
        """Put ``draft``'s value in the editor (``context`` and ``initial`` are new)."""
        raise NotImplementedError

    @property
    def editor(self) -> Widget:
        """The widget that takes focus for this field."""
        raise NotImplementedError

    def focus_editor(self) -> None:
        """Focus the editor and bring the whole field (title, notes) into view."""
        self.editor.focus(scroll_visible=False)
        self.call_after_refresh(self.scroll_visible, animate=False)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Errors under the field (empty: none). Subclasses may place some elsewhere."""
        self.show_messages([e.message for e in errors])

    def show_messages(self, messages: Sequence[str]) -> None:
        """Messages under the field; unchanged ones cost nothing (an update re-lays out)."""
        shown = tuple(messages)
        if shown == self._messages:
            return
        self._messages = shown
        box = self.query_one(".field-error", Static)
        box.update(error_text(shown))
        box.display = bool(shown)
        self.set_class(bool(shown), "-invalid")

    def changed(self) -> None:
        self.post_message(self.Changed(self))
