"""Help: every key, read from the real bindings so it cannot drift from what works."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_app.ui.vim_keys import JkScroll

NOTES = (
    (
        "Search",
        "/ sends your text to the API as common_name_pattern. * matches any text; "
        "a plain word such as shop is sent as *shop* so it matches anywhere in the name. "
        "An order number (1306022) finds that order. An empty search shows every order.",
    ),
    (
        "Count",
        '"37 of 10,000 orders" is how many orders match the search and filters, '
        "out of every order on the account.",
    ),
    (
        "Paging",
        "Orders are fetched a page of 100 at a time as you reach them; G jumps to the "
        "last order without loading the pages in between.",
    ),
    (
        "Copy",
        "c copies the highlighted host's DCV value (C its record name or file URL) with "
        "OSC 52, which works over SSH. In tmux, set: set -g set-clipboard on. Tab into the "
        "detail pane and use the arrow keys to pick another host.",
    ),
    (
        "Editing",
        "e or enter opens the highlighted order's form, read fresh from the API, on its "
        "first DCV row; it shows only what the order's status lets change (nothing in a "
        "read-only session). A pasted CSR replaces the CSR box; a private key pasted with it "
        "is cut out and never sent. ctrl+s checks it and shows every change "
        "old -> new: enter or y sends only what changed, escape goes back with every edit "
        "kept. The API's warnings stay in the form until the next send.",
    ),
    (
        "Errors",
        "A failed request shows the API's code and description, or the network problem "
        "in words; r retries it.",
    ),
)


def key_rows(app_key_display: Iterable[tuple[Binding, str]]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys joined in the order they are bound.

    A binding's ``tooltip``, where it has one, is the longer words the footer has no room for.
    """
    grouped: dict[tuple[str, str], list[str]] = {}
    for binding, display in app_key_display:
        if not binding.description:
            continue
        words = binding.tooltip or binding.description
        grouped.setdefault((binding.action, words), []).append(display)
    return [(" ".join(keys), description) for (_, description), keys in grouped.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__(classes="dialog-screen")
        self.sections = sections

    def compose(self) -> ComposeResult:
        with JkScroll(classes="dialog", id="help-dialog") as dialog:
            dialog.border_title = "opssl help"
            for title, rows in self.sections:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True, min_width=12)
                table.add_column()
                for keys, description in rows:
                    table.add_row(Text(keys), Text(description))
                yield Static(Text(title, style="bold underline"), classes="help-title")
                yield Static(table, classes="help-keys")
            notes = Table.grid(padding=(0, 2))
            notes.add_column(style="bold", no_wrap=True, min_width=12)
            notes.add_column()
            for title, text in NOTES:
                notes.add_row(Text(title), Text(text))
            yield Static(Text("How it works", style="bold underline"), classes="help-title")
            yield Static(notes, classes="help-keys")
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)


def expand(bindings: Iterable[BindingType]) -> list[Binding]:
    return list(Binding.make_bindings(bindings))
