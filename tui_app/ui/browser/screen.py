"""The order browser: the main screen. Table, query line, detail pane, and the keys.

What it holds is spread by what it does: ``list_loader`` reads the list's pages for the
current view (and words the line above it), ``detail_loader`` reads the highlighted
order for the pane, ``palette`` lists the screen's commands, ``search_box`` is the
search field. Every request runs in a worker on this screen that reports back with a
message (``messages.py``), handed on here; every failure goes to
``OpsslApp.handle_api_error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Input, Label, Static

from tui_app.api import ApiWarning, OpenproviderClient, Order
from tui_app.core.browse_query import BrowseQuery, SortField
from tui_app.core.environment import Connection
from tui_app.core.order_pages import OrderPages, OrderRow
from tui_app.ui.boundary import guarded
from tui_app.ui.browser.detail_loader import DetailLoader
from tui_app.ui.browser.detail_pane import OrderDetail
from tui_app.ui.browser.list_loader import ListLoader
from tui_app.ui.browser.marking import Marking
from tui_app.ui.browser.messages import (
    AccountCounted,
    CountFailed,
    DetailFailed,
    DetailLoaded,
    PageFailed,
    PageLoaded,
)
from tui_app.ui.browser.order_actions import (
    ORDER_BINDINGS,
    SHOWN_IN,
    ActionFailed,
    ActionSent,
    OrderActions,
    OrderRead,
)
from tui_app.ui.browser.order_table import OrderTable
from tui_app.ui.browser.search_box import SearchInput
from tui_app.ui.browser.status_filter import StatusFilterScreen
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.formatting import safe
from tui_app.ui.screen_base import OpsslScreen

# Columns wide enough for the table and the detail pane side by side.
WIDE_LAYOUT = 120
# Natural first direction when a column is chosen: names A-Z, dates newest first.
FIRST_DIRECTION: dict[SortField, bool] = {
    "common_name": False,
    "order_date": True,
    "expiration_date": False,
    "status": False,
}


class BrowserScreen(OpsslScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "edit", "Edit", id="browser.edit"),
        Binding("slash", "search", "Search", id="browser.search"),
        Binding("s", "status_filter", "Status", id="browser.status"),
        Binding("x", "toggle_expiring", "Expiry", id="browser.expiring"),
        Binding("o", "sort_menu", "Sort", id="browser.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="browser.reverse"),
        Binding("r", "refresh", "Refresh", id="browser.refresh"),
        Binding("c", "copy_value", "Copy", id="browser.copy"),
        Binding("C", "copy_name", "Copy name", show=False, id="browser.copy-name"),
        Binding("d", "toggle_detail", "Detail", id="browser.detail"),
        Binding(
            "v",
            "check_dcv",
            "DCV",
            tooltip="Check DCV: is each host's record or file where the CA looks?",
            id="browser.check-dcv",
        ),
        Binding("space", "toggle_mark", "Mark", show=False, id="browser.mark"),
        Binding(
            "m",
            "bulk_dcv",
            "Bulk DCV",
            tooltip="Then e, d, h or H: every host of every marked order (or this one)",
            id="browser.bulk-dcv",
        ),
        Binding("escape", "clear_marks", "Unmark", id="browser.clear-marks"),
        Binding(
            "H",
            "history",
            "History",
            tooltip="This order's journal",
            show=False,
            id="browser.history",
        ),
        *ORDER_BINDINGS,
    ]

    def __init__(
        self,
        client: OpenproviderClient,
        connection: Connection,
        *,
        detail_debounce: float = 0.05,
    ) -> None:
        super().__init__()
        self.client = client
        self.connection = connection
        self.detail_debounce = detail_debounce
        self.list_loader = ListLoader(self)
        self.detail_loader = DetailLoader(self)
        self.marking = Marking(self)
        self.order_actions = OrderActions(self)
        self._order_keys: tuple[bool, ...] = ()
        self._seen_warnings: set[tuple[int, str]] = set()
        # An order changed while the form covered the list; the form's reads of orders.
        self._stale = False
        self._fresh: dict[int, Order] = {}

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Decided before the widgets exist: changing a screen class later restyles them all.
        self.set_class(self.app.size.width >= WIDE_LAYOUT, "-wide")
        yield ConnectionBar(self.connection, id="connection")
        with Horizontal(id="query-line"):
            yield Label(id="query-text")
            yield Label(id="order-count")
        yield Static(id="maintenance")
        with Container(id="panes"):
            with Vertical(id="list-pane"):
                yield SearchInput(
                    placeholder="common name: * is a wildcard, a plain word matches anywhere",
                    id="search",
                )
                yield OrderTable(self.pages, id="orders")
                yield Static(Text("Loading orders…"), id="list-state")
            yield OrderDetail(id="detail")
        # At 80 columns every browser key and "? Help" fit only without the palette hint.
        yield self.footer()

    @property
    def table(self) -> OrderTable:
        return self.query_one("#orders", OrderTable)

    @property
    def detail(self) -> OrderDetail:
        return self.query_one("#detail", OrderDetail)

    @property
    def search_box(self) -> SearchInput:
        return self.query_one("#search", SearchInput)

    @property
    def detail_visible(self) -> bool:
        return not self.has_class("-no-detail")

    @property
    def order_query(self) -> BrowseQuery:
        """The view the list shows: search, filters and sort."""
        return self.list_loader.query

    @property
    def pages(self) -> OrderPages:
        return self.list_loader.pages

    def key_of(self, binding_id: str) -> str:
        """The key(s) of one of this screen's bindings as the user has them, for a hint."""
        return self.opssl.key_words(
            binding_id, BrowserScreen, OrderTable, OrderDetail, StatusFilterScreen
        )

    def on_mount(self) -> None:
        self.table.focus()
        self.list_loader.start(self.order_query)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_LAYOUT, "-wide")
        self.fit_footer(event.size.width)

    # -- what the workers report (list_loader.py, detail_loader.py) -----------------------

    def on_order_table_pages_needed(self, message: OrderTable.PagesNeeded) -> None:
        if message.table.pages is self.pages:
            self.list_loader.request(self.pages, message.offsets)

    def _page_broke(self, message: PageLoaded, error: Exception) -> None:
        self.on_page_failed(PageFailed(message.pages, message.offset, error))

    @guarded("_page_broke")
    def on_page_loaded(self, message: PageLoaded) -> None:
        self.list_loader.page_loaded(message)

    def on_page_failed(self, message: PageFailed) -> None:
        self.list_loader.page_failed(message)

    def _count_broke(self, message: AccountCounted, error: Exception) -> None:
        self.on_count_failed(CountFailed(error))

    @guarded("_count_broke")
    def on_account_counted(self, message: AccountCounted) -> None:
        self.list_loader.counted(message)

    def on_count_failed(self, message: CountFailed) -> None:
        self.list_loader.count_failed(message)

    def on_order_table_highlighted(self, message: OrderTable.Highlighted) -> None:
        if message.table.pages is self.pages:
            self.detail_loader.show(message.index, message.row)
            # The footer's order keys follow the status (redrawn only when they change).
            status = message.row.status if message.row is not None else None
            shown = tuple(status in statuses for statuses in SHOWN_IN.values())
            if shown != self._order_keys:
                self._order_keys = shown
                self.refresh_bindings()

    def _detail_broke(self, message: DetailLoaded, error: Exception) -> None:
        self.on_detail_failed(DetailFailed(message.order.id, error))

    @guarded("_detail_broke")
    def on_detail_loaded(self, message: DetailLoaded) -> None:
        self.detail_loader.loaded(message)

    def on_detail_failed(self, message: DetailFailed) -> None:
        self.detail_loader.failed(message)

    # -- maintenance and warnings, from any answer ----------------------------------------

    def note_answer(self, maintenance: bool, warnings: tuple[ApiWarning, ...]) -> None:
        """Every answer says whether the API is in maintenance; each warning shows once."""
        self.opssl.maintenance = maintenance
        self._show_maintenance(maintenance)
        for warning in warnings:
            key = (warning.code, warning.desc)
            if key in self._seen_warnings:
                continue
            self._seen_warnings.add(key)
            detail = f" ({warning.data})" if warning.data else ""
            self.notify(
                safe(f"code {warning.code}: {warning.desc}{detail}"),
                title="API warning",
                severity="warning",
                markup=False,
            )

    def _show_maintenance(self, maintenance: bool) -> None:
        banner = self.query_one("#maintenance", Static)
        if maintenance and not banner.has_class("-on"):
            banner.update(
                Text.assemble(
                    ("MAINTENANCE ", "bold"),
                    "The API reports maintenance: data may be out of date and changes may "
                    "be refused. Try again later.",
                )
            )
        banner.set_class(maintenance, "-on")

    def on_screen_resume(self) -> None:
        """Back from the form: its answers may have seen maintenance begin or end, and an
        order it changed shows as the form last read it while the list is read again."""
        self._show_maintenance(self.opssl.maintenance)
        fresh, self._fresh = self._fresh, {}
        if not self._stale:
            return
        self._stale = False
        self.reload()
        for order in fresh.values():
            self.detail_loader.keep(order)
            self.pages.replace(OrderRow.from_order(order))
        self.table.pages_changed()

    # -- search, filters and sort -----------------------------------------------------

    def action_search(self) -> None:
        self.search_box.open(self.order_query.search)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_search()
        if event.value.strip() != self.order_query.search.strip():
            self.list_loader.start(self.order_query.with_changes(search=event.value.strip()))

    @on(SearchInput.Closed)
    def _search_closed(self) -> None:
        self._close_search()

    def _close_search(self) -> None:
        self.search_box.hide()
        self.table.focus()

    def action_status_filter(self) -> None:
        def chosen(statuses: frozenset[str] | None) -> None:
            if statuses is not None and statuses != self.order_query.statuses:
                self.list_loader.start(self.order_query.with_changes(statuses=statuses))

        self.app.push_screen(StatusFilterScreen(self.order_query.statuses), chosen)

    def action_toggle_expiring(self) -> None:
        query = self.order_query
        self.list_loader.start(query.with_changes(expiring=not query.expiring))

    def action_sort_menu(self) -> None:
        from tui_app.ui.browser.sort_menu import SortChoice, SortMenuScreen

        def chosen(choice: SortChoice | None) -> None:
            if choice is not None:
                self.sort_by(*choice)

        current = (self.order_query.sort, self.order_query.descending)
        self.app.push_screen(SortMenuScreen(current), chosen)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.order_query.sort, not self.order_query.descending)

    def sort_by(self, field: SortField, descending: bool) -> None:
        query = self.order_query
        if (field, descending) != (query.sort, query.descending):
            self.list_loader.start(query.with_changes(sort=field, descending=descending))

    def on_order_table_sort_requested(self, message: OrderTable.SortRequested) -> None:
        if message.field == self.order_query.sort:
            self.sort_by(message.field, not self.order_query.descending)
        else:
            self.sort_by(message.field, FIRST_DIRECTION[message.field])

    # -- refresh, edit, check, copy ---------------------------------------------------------

    def action_refresh(self) -> None:
        """Retry what failed; otherwise reload, keeping the cursor on the same order."""
        retries = self.opssl.take_retries()
        if retries:
            for retry in retries:
                retry()
            return
        self.reload()

    def reload(self) -> None:
        """Read the list and the highlighted order again, keeping the cursor on it."""
        # The detail pane reloads when the refreshed list lands (its cache is empty now).
        self.detail_loader.forget()
        self._seen_warnings.clear()
        self.list_loader.reload()

    async def action_edit(self) -> None:
        """Open the highlighted order's edit form (it reads the order afresh)."""
        row = self.table.current_row
        if row is None:
            self.notify("No order is highlighted yet.", title="Nothing to edit", markup=False)
            return
        # Imported in a thread (ui/preload.py): it pulls in cryptography.
        await self.opssl.preload.ready()
        from tui_app.ui.edit.screen import EditScreen

        shown = self.detail.order  # the detail pane's copy names its product
        listed = shown if shown is not None and shown.id == row.id else None
        form = EditScreen(row.id, on_saved=self.order_saved, on_read=self.order_read, listed=listed)
        form.read_ahead()
        self.app.push_screen(form)

    def action_check_dcv(self) -> None:
        """Check every host of the highlighted order the way the CA will (reads only)."""
        row = self.table.current_row
        if row is None:
            self.notify("No order is highlighted yet.", title="Nothing to check", markup=False)
            return
        from tui_app.ui.dcv_check.screen import DcvCheckScreen

        self.app.push_screen(DcvCheckScreen(row.id))

    # -- reissue, renew, cancel, download (order_actions.py) ---------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reissue, renew, cancel and download work only on orders they apply to; escape
        clears marks only when there are some (it does nothing else here)."""
        if action == "order_action":
            return self.order_actions.applies(str(parameters[0]))
        if action == "clear_marks":
            return bool(self.table.marked)
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Marks and an ACT order each swap footer entries (the keys stay bound)."""
        return self.order_actions.footer(self.marking.footer_bindings(super().active_bindings))

    def action_order_action(self, which: str) -> None:
        """R, N, X, w: reissue, renew, cancel, download (``order_actions.SHOWN_IN``)."""
        self.order_actions.start(which)

    async def on_order_read(self, message: OrderRead) -> None:
        await self.order_actions.order_read(message)

    def on_action_sent(self, message: ActionSent) -> None:
        self.order_actions.sent(message)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.order_actions.failed(message)

    def order_saved(self, order_id: int) -> None:
        """The edit form changed an order. Under the form the list is not seen: it is read
        again when it shows again (``on_screen_resume``), not while the form reads."""
        if self.app.screen is self:
            self.reload()
        else:
            self._stale = True

    def order_read(self, order: Order) -> None:
        """The form read ``order`` (on open, after a send): the row and the detail pane
        show this copy the moment the list is back on screen."""
        self._fresh[order.id] = order

    def action_copy_value(self) -> None:
        self.detail.copy_highlighted("value")

    def action_copy_name(self) -> None:
        self.detail.copy_highlighted("name")

    def action_toggle_detail(self) -> None:
        showing = not self.detail_visible
        self.set_class(not showing, "-no-detail")
        if showing:
            self.detail_loader.show(self.table.cursor, self.table.current_row)
        elif self.focused is not None and self.detail in self.focused.ancestors_with_self:
            self.table.focus()

    # -- marks, many orders, the journal (marking.py) ---------------------------------------

    def action_toggle_mark(self) -> None:
        self.marking.toggle()

    def action_clear_marks(self) -> None:
        self.marking.clear()

    async def action_bulk_dcv(self) -> None:
        await self.marking.bulk_dcv()

    def action_history(self) -> None:
        self.marking.history()

    def palette_commands(self) -> Iterator[SystemCommand]:
        from tui_app.ui.browser.palette import browser_commands

        return browser_commands(self)
