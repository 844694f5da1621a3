"""Help: every key, read from the real bindings so it cannot drift from what works."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_app.ui.browser.detail_pane import OrderDetail
from tui_app.ui.browser.order_table import OrderTable
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.keymap import as_bound
from tui_app.ui.vim_keys import JkScroll

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui_app.ui.app import OpsslApp

Section = tuple[str, list[tuple[str, str]]]

# How the app works, in words; {binding.id} is the key that runs that binding now.
NOTES = (
    (
        "Search",
        "{browser.search} sends your text to the API as common_name_pattern. * matches any "
        "text; a plain word such as shop is sent as *shop* so it matches anywhere in the "
        "name. An order number (1306022) finds that order. An empty search shows every order.",
    ),
    (
        "Count",
        '"37 of 10,000 orders" is how many orders match the search and filters, '
        "out of every order on the account.",
    ),
    (
        "Paging",
        "Orders are fetched a page of 100 at a time as you reach them; {table.last} jumps to "
        "the last order without loading the pages in between.",
    ),
    (
        "Copy",
        "{browser.copy} copies the highlighted host's DCV value ({browser.copy-name} its "
        "record name or file URL) with OSC 52, which works over SSH. In tmux, set: set -g "
        "set-clipboard on. Tab into the detail pane and use the arrow keys to pick another "
        "host.",
    ),
    (
        "Editing",
        "{browser.edit} opens the highlighted order's form, read fresh from the API, on its "
        "first DCV row; it shows only what the order's status lets change (nothing in a "
        "read-only session). A pasted CSR replaces the CSR box; a private key pasted with it "
        "is cut out and never sent. {edit.submit} checks it and shows every change "
        "old -> new: {edit.diff.send} sends only what changed, {edit.diff.back} goes back "
        "with every edit kept. The API's warnings stay in the form until the next send.",
    ),
    (
        "Bulk",
        "{browser.mark} marks the highlighted order (marks stay through search, sort and "
        "paging; the count shows above the table; {browser.clear-marks} clears them). "
        "{browser.bulk-dcv} then e, d, h or H sets every host of every marked order (with "
        "no marks: the highlighted one) to that method. Each order is read and checked "
        "first: if one cannot switch, it is named with why and nothing is sent unless you "
        "choose to send the others; orders already on the method get no request. After "
        "the review, one request per order is sent in turn, never retried; a failure stops "
        "the run. {browser.history} shows what opssl sent for the highlighted order.",
    ),
    (
        "Errors",
        "A failed request shows the API's code and description, or the network problem "
        "in words; {browser.refresh} retries it.",
    ),
    (
        "Keys",
        "[keys] in config.toml rebinds them by id (opssl keys lists every id and key).",
    ),
)
_PLACEHOLDER = re.compile(r"\{([a-z][a-z.-]*)\}")


def notes(key_of: Callable[[str], str]) -> list[tuple[str, str]]:
    """The notes with each {binding.id} replaced by the keys that run it now."""
    return [
        (title, _PLACEHOLDER.sub(lambda match: key_of(match.group(1)), text))
        for title, text in NOTES
    ]


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


def help_sections(app: OpsslApp, on_screen: Screen[object]) -> list[Section]:
    """Every screen's keys, those of the screen help was opened on first; the edit form's
    modules must be loaded (``app.preload``)."""
    from tui_app.ui.edit.csr_editor import CsrEditor
    from tui_app.ui.edit.dcv_rows import DcvList
    from tui_app.ui.edit.host_names import HostList
    from tui_app.ui.edit.row_list import RowList
    from tui_app.ui.edit.screen import EditScreen

    def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        bound = as_bound(bindings, app.keymap)
        return key_rows((b, app.get_key_display(b)) for b in bound)

    edit = app.key_words("browser.edit", BrowserScreen)
    sections: list[Section] = [
        ("Orders table", rows(OrderTable.BINDINGS)),
        ("Browser", rows(BrowserScreen.BINDINGS)),
        ("Detail pane (tab to reach it)", rows(OrderDetail.BINDINGS)),
    ]
    edit_sections: list[Section] = [
        (f"Edit form ({edit} on an order)", rows(EditScreen.BINDINGS)),
        (
            "DCV rows: a key sets the highlighted host's method",
            rows([*DcvList.BINDINGS, *RowList.BINDINGS]),
        ),
        ("CSR box (a pasted PEM block replaces it)", rows(CsrEditor.BINDINGS)),
        ("Host names (multi-domain orders in PAI)", rows(HostList.BINDINGS)),
    ]
    # Opened from the form, its own keys come first.
    if isinstance(on_screen, EditScreen):
        sections[:0] = edit_sections
    else:
        sections.extend(edit_sections)
    everywhere = [row for row in rows(app.BINDINGS) if row[1] != "Quit"]
    palette = Binding(app.COMMAND_PALETTE_BINDING, "")
    everywhere.append((app.get_key_display(palette), "Command palette: every action by name"))
    everywhere.append(("tab shift+tab", "Move between the table and the detail pane"))
    everywhere.extend(row for row in rows(app.BINDINGS) if row[1] == "Quit")
    sections.append(("Everywhere", everywhere))
    own = getattr(on_screen, "HELP_TITLE", None)
    if own:  # a screen with keys of its own (the DCV check) lists them first
        sections.insert(0, (own, rows(type(on_screen).BINDINGS)))
    return sections


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
    ]

    def __init__(
        self,
        sections: list[tuple[str, list[tuple[str, str]]]],
        notes: list[tuple[str, str]],
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.sections = sections
        self.notes = notes

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
            for title, text in self.notes:
                notes.add_row(Text(title), Text(text))
            yield Static(Text("How it works", style="bold underline"), classes="help-title")
            yield Static(notes, classes="help-keys")
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)
