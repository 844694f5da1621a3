"""A yes/no question before leaving with unsent changes or resending an email.

``y`` says yes; ``n`` and ``escape`` say no, so escape never discards or sends anything.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class ConfirmDialog(ModalScreen[bool]):
    """Dismissed with True for yes; subclasses name the two answers in their bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Yes", id="confirm.yes"),
        Binding("escape,n", "no", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, body: RenderableType, keys: str, *, id: str) -> None:
        super().__init__(classes="dialog-screen", id=id)
        self.title_text = title
        self.body = body
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog confirm-dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.body, classes="confirm-body")
            yield Static(self.keys, classes="dialog-help", markup=False)
        yield Footer(compact=True)

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class LeaveDialog(ConfirmDialog, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Discard and leave", id="edit.leave.yes"),
        Binding("escape,n", "no", "Stay", id="edit.leave.no"),
    ]


class ResendDialog(ConfirmDialog, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Resend", id="edit.resend.yes"),
        Binding("escape,n", "no", "Cancel", id="edit.resend.no"),
    ]
