"""``H`` in the browser: what opssl wrote for the highlighted order, from the journal.

Newest first: time, operation, what was sent, the API's code and warnings. Only this
API's lines (the same order number elsewhere is another order). The demo is never
journaled, and a journal that cannot be read says why; both say so here, where the user
is looking. Reading a local file is quick: no worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_app.core.environment import Connection, Kind
from tui_app.journal import journal_path, read_journal
from tui_app.journal.view import order_history
from tui_app.ui.bulk.words import Lines, history_lines
from tui_app.ui.vim_keys import JkScroll

DEMO_WORDS = (
    "The demo's writes are not journaled: its orders vanish with it, and in the journal "
    "they would be mistaken for real ones. There is no history to show."
)


def history_body(order_id: int, connection: Connection) -> Text | Lines:
    """The order's journal lines in words, or why there are none."""
    if connection.kind is Kind.DEMO:
        return Text(DEMO_WORDS)
    path = journal_path()
    try:
        found = read_journal(path)
    except OSError as exc:
        return Text.assemble(
            ("The journal cannot be read", "bold"),
            f": {path} ({exc.strerror or exc}).",
        )
    api = urlsplit(connection.base_url).netloc
    entries = order_history(found.entries, order_id, api)
    lines = Lines()
    if found.unreadable:
        lines.add(f"{found.unreadable} line(s) of {path} could not be read; skipped.")
        lines.add()
    if not entries:
        lines.add(f"No writes recorded for order {order_id} on this API.", style="bold")
        lines.add(f"Every change opssl sends is recorded in {path}.")
        return lines
    lines.add(f"{len(entries)} write(s), newest first (journal: {path}):")
    lines.add()
    lines.items.extend(history_lines(entries).items)
    return lines


class HistoryScreen(ModalScreen[None]):
    CSS_PATH = Path(__file__).with_name("bulk.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,H", "close", "Close", id="history.close"),
    ]

    def __init__(self, order_id: int, title: str, connection: Connection) -> None:
        super().__init__(classes="dialog-screen", id="history-screen")
        self.order_id = order_id
        self.title_text = title
        self.connection = connection

    def compose(self) -> ComposeResult:
        with JkScroll(classes="dialog", id="history-dialog") as dialog:
            dialog.border_title = f"Journal: {self.title_text}"
            yield Static(history_body(self.order_id, self.connection), id="history-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#history-dialog", JkScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
