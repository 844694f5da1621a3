"""The status filter: tick any of the six statuses; none ticked means every order.

Each line carries its tick as text (``[x]``), not as a colour, so it reads the same on
a monochrome terminal or through a screen reader.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui_app.core.browse_query import STATUSES
from tui_app.ui.formatting import status_label, status_meaning
from tui_app.ui.vim_keys import JkOptionList


def status_prompt(code: str, ticked: bool) -> Text:
    return Text.assemble(
        ("[x] " if ticked else "[ ] ", "bold" if ticked else ""),
        (status_label(code), "bold"),
        (f"  {status_meaning(code)}", "dim"),
    )


class StatusFilterScreen(ModalScreen[frozenset[str] | None]):
    """Dismissed with the chosen set (empty = no filter), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick/untick", id="status-filter.tick"),
        Binding("enter", "apply", "Apply", priority=True, id="status-filter.apply"),
        Binding("escape", "cancel", "Cancel", id="status-filter.cancel"),
        Binding("a", "all", "All statuses", id="status-filter.all"),
    ]

    def __init__(self, selected: frozenset[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.ticked = set(selected)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="status-dialog") as dialog:
            dialog.border_title = "Filter by status"
            yield Static(
                "j k move · space ticks · enter applies · none ticked shows every order",
                classes="dialog-help",
            )
            yield JkOptionList(
                *(Option(status_prompt(code, code in self.ticked), id=code) for code in STATUSES),
                id="status-choices",
            )
        yield Footer(compact=True)

    @property
    def choices(self) -> OptionList:
        return self.query_one("#status-choices", OptionList)

    def action_tick(self) -> None:
        index = self.choices.highlighted
        if index is None:
            return
        code = STATUSES[index]
        self.ticked ^= {code}
        self.choices.replace_option_prompt_at_index(index, status_prompt(code, code in self.ticked))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        self.dismiss(frozenset(self.ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_all(self) -> None:
        self.dismiss(frozenset())
