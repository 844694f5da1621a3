"""The last look before a send: every change old -> new, and the exact requests.

``enter`` or ``y`` sends; ``escape`` or ``n`` goes back to the form with every edit kept.
On production the dialog says so, as the connection bar does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_app.core.diff_lines import DiffLine
from tui_app.core.fields import DCV_METHODS, FIELD_LABELS, HOST_NAMES
from tui_app.core.request_plan import RequestPlan
from tui_app.ui.edit.field_base import sentence
from tui_app.ui.formatting import safe

GROUPED = (DCV_METHODS, HOST_NAMES)
# The labels' column at most: "Approver email (the CA mails the new address)" wraps.
LABEL_WIDTH = 24


def change_text(entry: DiffLine) -> Text:
    """``old -> new``, wrapped between words: where the line is too short the new value
    goes under the old one, whole (an address is never cut), and only a value longer
    than the line is folded."""
    return Text.assemble(
        safe(entry.old), " -> ", (safe(entry.new), "bold"), overflow="fold", no_wrap=False
    )


def diff_table(entries: Sequence[DiffLine]) -> Table:
    """One line per change (two when narrow); DCV hosts and host names under their
    field's heading. The label column wraps rather than squeezing the values."""
    table = Table.grid(padding=(0, 1))
    table.add_column(max_width=LABEL_WIDTH)
    table.add_column()
    headed: set[str] = set()
    for entry in entries:
        if entry.field in GROUPED:
            if entry.field not in headed:
                headed.add(entry.field)
                table.add_row(Text(sentence(FIELD_LABELS[entry.field]), style="bold"))
            label = Text("  " + safe(entry.label if entry.field == DCV_METHODS else ""))
        else:
            label = Text(safe(sentence(entry.label)), style="bold")
        table.add_row(label, change_text(entry))
    return table


def request_lines(plan: RequestPlan) -> Text:
    """The calls that will be made, in order, with the fields each carries."""
    lines = [
        f"{op.method} {op.url(plan.order_id)}  " + ", ".join(body) for op, body in plan.requests
    ]
    numbered = [f"{i}. {line}" for i, line in enumerate(lines, 1)] if len(lines) > 1 else lines
    return Text("\n".join(numbered))


class DiffDialog(ModalScreen[bool]):
    """Dismissed with True to send, False to go back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "send", "Send", priority=True, id="edit.diff.send"),
        Binding("escape,n", "back", "Back, keep editing", id="edit.diff.back"),
    ]

    def __init__(
        self,
        order_id: int,
        entries: Sequence[DiffLine],
        plan: RequestPlan,
        *,
        production: bool,
        title: str | None = None,
    ) -> None:
        """``title``: the question, when it is not "Send these changes to order ID?"."""
        super().__init__(classes="dialog-screen")
        self.title_text = title or f"Send these changes to order {order_id}?"
        self.order_id = order_id
        self.entries = tuple(entries)
        self.plan = plan
        self.production = production

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="diff-dialog") as dialog:
            dialog.border_title = self.title_text
            if self.production:
                yield Static(
                    Text.assemble(("PRODUCTION ", "bold"), "This changes a live order."),
                    id="diff-production",
                )
            yield Static(diff_table(self.entries), id="diff-entries")
            yield Static(
                Text.assemble(("Requests  ", "bold"), request_lines(self.plan)),
                id="diff-requests",
            )
            yield Static(
                "enter or y sends · escape or n goes back with every edit kept",
                classes="dialog-help",
                markup=False,
            )
        yield Footer(compact=True)

    def action_send(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
