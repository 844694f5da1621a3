"""After ``m`` in the browser: which DCV method every host of the chosen orders gets.

The same keys as the edit form's DCV rows (``dcv_rows.METHOD_KEYS``); escape asks nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_app.core.dcv_rules import METHOD_HELP
from tui_app.ui.edit.dcv_rows import METHOD_KEYS


class MethodPrompt(ModalScreen[str | None]):
    """Dismissed with the method chosen, or None."""

    CSS_PATH = Path(__file__).with_name("bulk.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"choose('{method}')",
                method,
                tooltip=f"Every host of the orders validates by {method}: {METHOD_HELP[method]}",
                id=f"bulk.method.{method}",
            )
            for key, method in METHOD_KEYS.items()
        ),
        Binding("escape", "cancel", "Cancel", id="bulk.method.cancel"),
    ]

    def __init__(self, what: str) -> None:
        """``what``: the orders in words ("3 marked orders", "order 1306001 acme.com")."""
        super().__init__(classes="dialog-screen", id="method-prompt")
        self.what = what

    def compose(self) -> ComposeResult:
        keys = " · ".join(f"{key} {method}" for key, method in METHOD_KEYS.items())
        with Vertical(classes="dialog", id="method-dialog") as dialog:
            dialog.border_title = "Switch DCV method"
            yield Static(f"Every host of {self.what} to:", markup=False)
            yield Static(f"{keys} · escape cancels", classes="dialog-help", markup=False)
            yield Static(
                "Each order is read and checked first; you review every change before "
                "anything is sent.",
                classes="dialog-help",
                markup=False,
            )
        yield Footer(compact=True)

    def action_choose(self, method: str) -> None:
        self.dismiss(method)

    def action_cancel(self) -> None:
        self.dismiss(None)
