"""The browser's commands in the palette (ctrl+p): every action of the screen, so the
palette lists what the footer cannot fit, each with the key that runs it now."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui_app.core.browse_query import SORT_FIELDS, SORT_LABELS, sort_description

if TYPE_CHECKING:
    from tui_app.ui.browser.screen import BrowserScreen


# The highlighted order's lifecycle actions (``order_actions.py``), each shown only when
# it applies to the order's status; binding id ``browser.<action>``.
LIFECYCLE_COMMANDS = (
    ("reissue", "Reissue", "A new CSR for the highlighted ACT order; it goes to REQ"),
    ("renew", "Renew order", "Renew the highlighted ACT order, after a look at the dates"),
    ("cancel", "Cancel order", "Cancel at the CA (type the common name to confirm)"),
    (
        "download",
        "Download certificate",
        "Write cert.pem, chain.pem, fullchain.pem into a directory",
    ),
)


def browser_commands(screen: BrowserScreen) -> Iterator[SystemCommand]:
    def run(action: str) -> Callable[[], object]:
        async def run_it() -> None:
            await screen.run_action(action)

        return run_it

    def key(binding_id: str) -> str:
        return f"({screen.key_of(binding_id)})"

    yield SystemCommand(
        "Edit order", f"Open the highlighted order's edit form {key('browser.edit')}", run("edit")
    )
    yield SystemCommand(
        "Search orders", f"Search by common name {key('browser.search')}", run("search")
    )
    yield SystemCommand(
        "Filter by status", f"Pick PAI, REQ, ACT, … {key('browser.status')}", run("status_filter")
    )
    yield SystemCommand(
        "Toggle expiring soon",
        f"Only orders expiring within 30 days {key('browser.expiring')}",
        run("toggle_expiring"),
    )
    yield SystemCommand(
        "Sort menu", f"Choose field and direction {key('browser.sort')}", run("sort_menu")
    )
    yield SystemCommand(
        "Reverse sort", f"Flip the sort direction {key('browser.reverse')}", run("reverse_sort")
    )
    for sort_field in SORT_FIELDS:
        for descending in (False, True):
            yield SystemCommand(
                f"Sort by {sort_description(sort_field, descending)}",
                f"Sort the list by {SORT_LABELS[sort_field]} on the server",
                lambda f=sort_field, d=descending: screen.sort_by(f, d),
            )
    yield SystemCommand(
        "Refresh",
        f"Reload, keeping the cursor on the order {key('browser.refresh')}",
        run("refresh"),
    )
    yield SystemCommand(
        "Copy DCV value",
        f"Copy the highlighted host's value {key('browser.copy')}",
        run("copy_value"),
    )
    yield SystemCommand(
        "Copy DCV name",
        f"Copy the record name or file URL {key('browser.copy-name')}",
        run("copy_name"),
    )
    yield SystemCommand(
        "Toggle detail pane",
        f"Show or hide the detail pane {key('browser.detail')}",
        run("toggle_detail"),
    )
    yield SystemCommand(
        "Check DCV",
        f"Is each host's record or file where the CA looks? {key('browser.check-dcv')}",
        run("check_dcv"),
    )
    for action, title, words in LIFECYCLE_COMMANDS:
        if screen.order_actions.applies(action):
            shown = f"{words} {key(f'browser.{action}')}"
            yield SystemCommand(title, shown, run(f"order_action('{action}')"))
    yield SystemCommand(
        "Mark order",
        f"Mark or unmark the highlighted order for a bulk switch {key('browser.mark')}",
        run("toggle_mark"),
    )
    yield SystemCommand(
        "Bulk DCV switch",
        f"Every host of the marked orders (or this one) to one method {key('browser.bulk-dcv')}",
        run("bulk_dcv"),
    )
    yield SystemCommand(
        "Unmark all", f"Clear every mark {key('browser.clear-marks')}", run("clear_marks")
    )
    yield SystemCommand(
        "Order history",
        f"What opssl sent for the highlighted order (the journal) {key('browser.history')}",
        run("history"),
    )
    yield SystemCommand(
        "First order", f"Jump to the first order {key('table.first')}", screen.table.action_first
    )
    yield SystemCommand(
        "Last order", f"Jump to the last order {key('table.last')}", screen.table.action_last
    )
