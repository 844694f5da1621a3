"""The sort menu: four fields, each in both directions, all sorted by the API."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from tui_app.core.browse_query import SORT_FIELDS, SortField, sort_description
from tui_app.ui.vim_keys import JkOptionList

SortChoice = tuple[SortField, bool]

CHOICES: tuple[SortChoice, ...] = tuple(
    (field, descending) for field in SORT_FIELDS for descending in (False, True)
)


class SortMenuScreen(ModalScreen[SortChoice | None]):
    """Dismissed with (field, descending), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="sort-menu.cancel")
    ]

    def __init__(self, current: SortChoice) -> None:
        super().__init__(classes="dialog-screen")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="sort-dialog") as dialog:
            dialog.border_title = "Sort orders by"
            yield JkOptionList(
                *(
                    Option(Text(sort_description(field, descending)), id=f"{field}:{descending}")
                    for field, descending in CHOICES
                ),
                id="sort-choices",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        choices = self.query_one("#sort-choices", OptionList)
        choices.highlighted = CHOICES.index(self.current) if self.current in CHOICES else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(CHOICES[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
