"""Marked orders, and what the browser does with many orders: a DCV switch, and a look
at one order's journal.

Marks are order ids kept on the table (``OrderTable.marked``), so they survive paging,
sorting and searching; the count is in the line above the table. ``m`` then a method key
switches every host of every marked order (or of the highlighted one, with no marks) in
``ui/bulk/screen.py``; ``H`` opens ``ui/bulk/history_screen.py``. The footer is full at
80 columns: while orders are marked, the bulk keys take the place of three that are
still bound (and listed in help and the palette) but matter less then.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding

from tui_app.ui.formatting import safe

if TYPE_CHECKING:
    from tui_app.ui.browser.screen import BrowserScreen

# Shown only while orders are marked, and the footer entries they take the place of.
MARKING_ONLY = frozenset({"browser.bulk-dcv", "browser.clear-marks"})
MAKE_ROOM = frozenset({"browser.expiring", "browser.sort", "browser.copy"})
BULK_RUN = "the bulk DCV switch"


class Marking:
    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen

    @property
    def marked(self) -> dict[int, None]:
        return self.screen.table.marked

    def footer_bindings(self, active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
        """The footer's entries: marking swaps some out (they stay bound)."""
        hide = MAKE_ROOM if self.marked else MARKING_ONLY
        shown: dict[str, ActiveBinding] = {}
        for key, item in active.items():
            if item.binding.id in hide and item.binding.show:
                item = item._replace(binding=replace(item.binding, show=False))
            shown[key] = item
        return shown

    def toggle(self) -> None:
        row = self.screen.table.current_row
        if row is None:
            self.screen.notify("No order is highlighted yet.", title="Nothing to mark")
            return
        self.screen.table.toggle_mark(row.id)
        self._changed()

    def clear(self) -> None:
        self.screen.table.clear_marks()
        self._changed()

    def _changed(self) -> None:
        self.screen.list_loader.update_count()
        self.screen.refresh_bindings()

    async def bulk_dcv(self) -> None:
        """Ask for the method, then switch the marked orders (or the highlighted one)."""
        screen = self.screen
        reason = screen.opssl.connection.read_only_reason
        if reason:
            screen.notify(reason, title="Nothing is sent", severity="warning", markup=False)
            return
        ids = list(self.marked)
        row = screen.table.current_row
        if not ids and row is None:
            screen.notify("No order is marked or highlighted.", title="Nothing to switch")
            return
        if ids:
            what = f"{len(ids)} marked order{'s' * (len(ids) != 1)}"
        else:
            assert row is not None
            ids, what = [row.id], f"order {row.id} {safe(row.common_name)}"
        # Imported in a thread (ui/preload.py): the checks pull in cryptography.
        await screen.opssl.preload.ready()
        from tui_app.ui.bulk.method_prompt import MethodPrompt

        def chosen(method: str | None) -> None:
            if method is not None:
                self._run(ids, method)

        screen.app.push_screen(MethodPrompt(what), chosen)

    def _run(self, ids: list[int], method: str) -> None:
        from tui_app.ui.bulk.screen import BulkScreen

        connection = self.screen.opssl.connection
        where = connection.label.upper() if connection.is_production else connection.label
        bulk = BulkScreen(self.screen.client, ids, method, where)

        def closed(sent: bool | None) -> None:
            summary = bulk.summary
            if summary is not None:
                # What changed (or needed no change) is done with; the rest stays marked.
                for switch in (*(r.switch for r in summary.done), *summary.plan.unchanged):
                    self.marked.pop(switch.order.id, None)
                self.screen.table.refresh()
                self._changed()
            if sent:
                self.screen.reload()

        self.screen.app.push_screen(bulk, closed)

    def history(self) -> None:
        from tui_app.ui.bulk.history_screen import HistoryScreen

        row = self.screen.table.current_row
        if row is None:
            self.screen.notify("No order is highlighted yet.", title="No history")
            return
        title = f"order {row.id} {safe(row.common_name)}"
        self.screen.app.push_screen(HistoryScreen(row.id, title, self.screen.opssl.connection))
