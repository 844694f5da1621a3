"""The order browser: the main screen. Table, query line, detail pane and their loaders.

Every request runs in a worker that reports back with a message (``ui/messages.py``);
every failure goes to ``OpsslApp.handle_api_error``. The list is paged lazily through
``OrderPages``: the table asks for the pages it shows, and nothing else is fetched.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Input, Label, Static

from tui_app.api import ApiWarning, OpenproviderClient, Order
from tui_app.core.browse_query import (
    SORT_FIELDS,
    SORT_LABELS,
    BrowseQuery,
    SortField,
    sort_description,
)
from tui_app.core.environment import Connection
from tui_app.core.order_lookup import order_number_page
from tui_app.core.order_pages import UNREADABLE_ROW, OrderPages, OrderRow
from tui_app.ui.boundary import caught, guarded
from tui_app.ui.browser.detail_content import csr_summary
from tui_app.ui.browser.detail_pane import OrderDetail
from tui_app.ui.browser.order_table import OrderTable
from tui_app.ui.browser.sort_menu import SortChoice, SortMenuScreen
from tui_app.ui.browser.status_filter import StatusFilterScreen
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.formatting import count_phrase, safe
from tui_app.ui.messages import (
    AccountCounted,
    CountFailed,
    DetailFailed,
    DetailLoaded,
    PageFailed,
    PageLoaded,
)
from tui_app.ui.problems import Problem
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
DETAIL_CACHE_SIZE = 64
# Narrower than this, the footer leaves out the "^p palette" hint so that "? Help" fits.
FOOTER_WITH_PALETTE = 90
LIST_ERRORS = "loading orders"
DETAIL_ERRORS = "loading the order's details"
COUNT_ERRORS = "counting the account's orders"


@dataclass
class _Restore:
    """A refresh in flight: put the cursor back on this order, wherever it moved to."""

    order_id: int | None
    index: int
    tried: set[int] = field(default_factory=set)


class SearchInput(Input):
    """The search box under the query line; escape closes it and changes nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close search")]

    class Closed(Message):
        pass

    def action_close(self) -> None:
        self.post_message(self.Closed())


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
        self.order_query = BrowseQuery()
        self.pages = OrderPages()
        self.account_total: int | None = None
        self._incoming: OrderPages | None = None
        self._restore: _Restore | None = None
        self._detail_id: int | None = None
        self._detail_cache: OrderedDict[int, Order] = OrderedDict()
        self._seen_warnings: set[tuple[int, str]] = set()
        # Why an order-number search found nothing (the API's answer), for the empty state.
        self._missing: str | None = None

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
        yield Footer(
            compact=True, show_command_palette=self._palette_in_footer(self.app.size.width)
        )

    @property
    def table(self) -> OrderTable:
        return self.query_one("#orders", OrderTable)

    @property
    def detail(self) -> OrderDetail:
        return self.query_one("#detail", OrderDetail)

    @property
    def detail_visible(self) -> bool:
        return not self.has_class("-no-detail")

    def on_mount(self) -> None:
        self.table.focus()
        self._start(self.order_query)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_LAYOUT, "-wide")
        footer = self.query_one(Footer)
        wanted = self._palette_in_footer(event.size.width)
        if footer.show_command_palette != wanted:
            footer.show_command_palette = wanted
            footer.refresh(recompose=True)

    @staticmethod
    def _palette_in_footer(width: int) -> bool:
        """At 80 columns every browser key and "? Help" fit only without the palette hint
        (help lists ctrl+p, and the palette still opens with it)."""
        return width >= FOOTER_WITH_PALETTE

    # -- loading the list ---------------------------------------------------------------

    def _start(self, query: BrowseQuery, restore: _Restore | None = None) -> None:
        """Load a view from its first needed page; a refresh keeps old rows until it lands."""
        self.order_query = query
        self.workers.cancel_group(self, "pages")
        self.opssl.forget_retry(LIST_ERRORS)
        pages = OrderPages()
        self.table.set_sort(query.sort, query.descending)
        self._update_query_line()
        if restore is None:
            self._incoming = None
            self._restore = None
            self.pages = pages
            self.table.use_pages(pages, cursor=0)
            self._show_list_state(Text("Loading orders…"))
            self._update_count()
            self._request(pages, [0])
        else:
            self._incoming = pages
            self._restore = restore
            self._request(pages, [pages.page_offset(restore.index)])

    def _request(self, pages: OrderPages, offsets: list[int]) -> None:
        for offset in offsets:
            if pages.is_loaded(offset) or offset in pages.pending:
                continue
            pages.mark_pending(offset)
            self._fetch_page(pages, self.order_query, offset)

    @work(group="pages", exit_on_error=False, description=LIST_ERRORS)
    async def _fetch_page(self, pages: OrderPages, query: BrowseQuery, offset: int) -> None:
        early = self.opssl.take_first_page(query, offset, pages.page_size)
        try:
            if query.order_id is not None:
                found = await order_number_page(self.client, query.order_id)
                self.post_message(
                    PageLoaded(
                        pages, offset, found.rows, found.total, found.maintenance, (), found.missing
                    )
                )
                return
            if early is not None:
                result = await early
            else:
                result = await self.client.list_orders(
                    **query.list_kwargs(), limit=pages.page_size, offset=offset
                )
            page = result.data
            rows = [OrderRow.from_order(o) if o else None for o in page.in_place()]
        except Exception as error:
            self.post_message(PageFailed(pages, offset, caught(error, LIST_ERRORS)))
            return
        self.post_message(
            PageLoaded(pages, offset, rows, page.total, result.maintenance, result.warnings)
        )

    def on_order_table_pages_needed(self, message: OrderTable.PagesNeeded) -> None:
        if message.table.pages is self.pages:
            self._request(self.pages, message.offsets)

    def _page_broke(self, message: PageLoaded, error: Exception) -> None:
        self.on_page_failed(PageFailed(message.pages, message.offset, error))

    @guarded("_page_broke")
    def on_page_loaded(self, message: PageLoaded) -> None:
        pages = message.pages
        if pages is not self.pages and pages is not self._incoming:
            return
        pages.store(message.offset, message.rows, message.total)
        self._missing = message.missing
        self.opssl.preload.start()  # the list is up: load the form's modules meanwhile
        self._note_answer(message.maintenance, message.warnings)
        if not self.order_query.is_filtered:
            self.account_total = message.total
        elif self.account_total is None:
            self._fetch_count()
        if pages is self._incoming:
            cursor = self._restore_cursor(pages)
            if cursor is None:
                return
            self._incoming = None
            self.pages = pages
            self.table.use_pages(pages, cursor)
        else:
            self.table.pages_changed()
        self._after_list_change()

    def _restore_cursor(self, pages: OrderPages) -> int | None:
        """Where the refreshed list puts the cursor, or None while still looking."""
        restore = self._restore
        assert restore is not None
        total = pages.total or 0
        fallback = max(0, min(restore.index, total - 1))
        if restore.order_id is None or total == 0:
            self._restore = None
            return fallback
        found = pages.index_of(restore.order_id)
        if found is not None:
            self._restore = None
            return found
        if pages.pending:
            return None
        here = pages.page_offset(restore.index)
        nearby = [o for o in (here - pages.page_size, here + pages.page_size) if 0 <= o < total]
        untried = [o for o in nearby if o not in restore.tried and not pages.is_loaded(o)]
        if untried:
            restore.tried.update(untried)
            self._request(pages, untried)
            return None
        self._restore = None
        self.notify(
            f"Order {restore.order_id} is no longer in this view; the cursor stays on row "
            f"{fallback + 1:,}.",
            title="Refreshed",
            markup=False,
        )
        return fallback

    def on_page_failed(self, message: PageFailed) -> None:
        pages = message.pages
        if pages is self._incoming:
            # The refresh failed: keep showing what we had, and say so.
            self._incoming = None
            self._restore = None
            self.opssl.handle_api_error(
                message.error, where="refreshing orders", retry=self.action_refresh, key=LIST_ERRORS
            )
            return
        if pages is not self.pages:
            return
        pages.mark_failed(message.offset)
        if pages.total is None:
            self.opssl.handle_api_error(
                message.error,
                where=LIST_ERRORS,
                retry=self._retry_pages,
                show=self._show_list_problem,
            )
            self._update_count()
        else:
            self.table.pages_changed()
            self.opssl.handle_api_error(message.error, where=LIST_ERRORS, retry=self._retry_pages)

    def _retry_pages(self) -> None:
        if self.pages.total is None:
            self._start(self.order_query)
            return
        failed = sorted(self.pages.failed)
        self.pages.failed.clear()
        self._request(self.pages, failed)
        self.table.pages_changed()

    def _after_list_change(self) -> None:
        total = self.pages.total or 0
        if total == 0:
            self._show_list_state(self._empty_text())
            self.detail.show_message(Text("No order highlighted."))
            self._detail_id = None
        else:
            self._hide_list_state()
        self._update_count()

    @work(exclusive=True, group="count", exit_on_error=False, description=COUNT_ERRORS)
    async def _fetch_count(self) -> None:
        try:
            result = await self.client.list_orders(limit=1)
        except Exception as error:
            self.post_message(CountFailed(caught(error, COUNT_ERRORS)))
            return
        self.post_message(AccountCounted(result.data.total, result.maintenance))

    def _count_broke(self, message: AccountCounted, error: Exception) -> None:
        self.on_count_failed(CountFailed(error))

    @guarded("_count_broke")
    def on_account_counted(self, message: AccountCounted) -> None:
        self.account_total = message.total
        self._update_count()

    def on_count_failed(self, message: CountFailed) -> None:
        self.opssl.handle_api_error(message.error, where=COUNT_ERRORS, retry=self._fetch_count)

    # -- list states and the query line ---------------------------------------------------

    def _show_list_state(self, text: Text, *, problem: bool = False) -> None:
        """Loading, empty or failed: a message under the table's header line.

        Set on the two widgets directly: a class on the pane would restyle all of it.
        """
        state = self.query_one("#list-state", Static)
        state.update(text)
        state.set_class(problem, "-problem")
        state.display = True
        self.table.styles.height = 1

    def _hide_list_state(self) -> None:
        state = self.query_one("#list-state", Static)
        if state.display:
            state.display = False
            self.table.styles.height = "1fr"

    def _show_list_problem(self, problem: Problem) -> None:
        text = Text()
        text.append(problem.title + "\n", style="bold")
        text.append(f"{problem.detail}\n(while {problem.where})\n\n")
        text.append(problem.hint, style="bold")
        self._show_list_state(text, problem=True)

    def _empty_text(self) -> Text:
        words = self.order_query.filter_words()
        if not words:
            return Text("This account has no SSL orders yet.")
        if self._missing:
            text = Text(safe(self._missing), style="bold")
            text.append("\n\n")
        else:
            text = Text("No orders match ", style="bold")
            text.append(safe("; ".join(words)), style="bold")
            text.append(".\n\n")
        hints = []
        if self.order_query.pattern or self.order_query.order_id is not None:
            hints.append("/ changes the search (an empty search shows all)")
        if self.order_query.statuses:
            hints.append("s changes the status filter (a in it clears it)")
        if self.order_query.expiring:
            hints.append("x shows orders whatever their expiry")
        text.append("Keys: " + "; ".join(hints) + ".")
        return text

    def _update_query_line(self) -> None:
        query = self.order_query
        parts: list[str] = []
        if query.order_id is not None:
            self.query_one("#query-text", Label).update(
                Text(f"Order {query.order_id}, looked up by its number")
            )
            return
        if query.search.strip():
            if "*" in query.search:
                parts.append(f"search {query.pattern}")
            else:
                parts.append(f'search "{query.search.strip()}" (sent as {query.pattern})')
        if query.statuses:
            parts.append("status " + ", ".join(query.ordered_statuses))
        if query.expiring:
            parts.append("expiring within 30 days")
        view = " · ".join(parts) if parts else "All orders"
        self.query_one("#query-text", Label).update(
            Text(safe(f"{view} · sorted by {query.describe_sort()}"))
        )

    def _update_count(self) -> None:
        total = self.pages.total
        if total is None:
            text = "" if self.pages.failed else "loading…"
        elif self.order_query.is_filtered and self.account_total is not None:
            text = f"{total:,} of {count_phrase(self.account_total)}"
        elif self.order_query.is_filtered:
            text = f"{count_phrase(total)} match"
        else:
            text = count_phrase(total)
        self.query_one("#order-count", Label).update(text)

    def _note_answer(self, maintenance: bool, warnings: tuple[ApiWarning, ...]) -> None:
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
        """Back from the form: its answers may have seen maintenance begin or end."""
        self._show_maintenance(self.opssl.maintenance)

    # -- the detail pane -------------------------------------------------------------

    def _position(self, index: int) -> str:
        return f"row {index + 1:,} of {self.pages.total or 0:,}"

    def on_order_table_highlighted(self, message: OrderTable.Highlighted) -> None:
        if message.table.pages is not self.pages:
            return
        self._show_detail(message.index, message.row)

    def _show_detail(self, index: int, row: OrderRow | None) -> None:
        if not self.detail_visible:
            # Nothing is fetched for a hidden pane, and it must not keep (and let c copy)
            # the details of an order the cursor has left.
            if self._detail_id is not None and (row is None or row.id != self._detail_id):
                self._detail_id = None
                self.workers.cancel_group(self, "detail")
                self.detail.show_message(Text("No order highlighted."))
            return
        if row is None:
            self._detail_id = None
            self.workers.cancel_group(self, "detail")
            self.detail.show_message(
                Text(UNREADABLE_ROW)
                if self.pages.is_unreadable(index)
                else Text("Loading this part of the list…", style="dim"),
                f"Order · {self._position(index)}",
            )
            return
        self._detail_id = row.id
        cached = self._detail_cache.get(row.id)
        if cached is not None:
            self.workers.cancel_group(self, "detail")
            self.detail.show_order(cached, self._position(index))
            return
        self.detail.show_loading(row, self._position(index))
        self._fetch_detail(row.id)

    @work(exclusive=True, group="detail", exit_on_error=False, description=DETAIL_ERRORS)
    async def _fetch_detail(self, order_id: int) -> None:
        # A short pause first: holding j through the table should not fire a request per row.
        await asyncio.sleep(self.detail_debounce)
        try:
            result = await self.client.get_order(order_id)
            # The CSR is decoded for the pane; the first decode imports cryptography.
            await asyncio.to_thread(csr_summary, result.data.csr)
        except Exception as error:
            self.post_message(DetailFailed(order_id, caught(error, DETAIL_ERRORS)))
            return
        self.post_message(DetailLoaded(result.data, result.maintenance, result.warnings))

    def _detail_broke(self, message: DetailLoaded, error: Exception) -> None:
        self.on_detail_failed(DetailFailed(message.order.id, error))

    @guarded("_detail_broke")
    def on_detail_loaded(self, message: DetailLoaded) -> None:
        order = message.order
        self._detail_cache[order.id] = order
        self._detail_cache.move_to_end(order.id)
        while len(self._detail_cache) > DETAIL_CACHE_SIZE:
            self._detail_cache.popitem(last=False)
        self._note_answer(message.maintenance, message.warnings)
        self.opssl.forget_retry(DETAIL_ERRORS)
        if order.id == self._detail_id:
            self.detail.show_order(order, self._position(self.table.cursor))

    def on_detail_failed(self, message: DetailFailed) -> None:
        if message.order_id != self._detail_id:
            return
        title = f"Order {message.order_id} · {self._position(self.table.cursor)}"
        self.opssl.handle_api_error(
            message.error,
            where=f"loading order {message.order_id}",
            retry=self._reload_detail,
            show=lambda problem: self.detail.show_problem(problem, title),
            key=DETAIL_ERRORS,
        )

    def _reload_detail(self) -> None:
        row = self.table.current_row
        if row is not None and self.detail_visible:
            self._detail_cache.pop(row.id, None)
            self._detail_id = row.id
            self.detail.show_loading(row, self._position(self.table.cursor))
            self._fetch_detail(row.id)

    # -- actions ---------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", SearchInput)
        search.value = self.order_query.search
        search.add_class("-open")
        search.focus()
        search.cursor_position = len(search.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_search()
        if event.value.strip() != self.order_query.search.strip():
            self._start(self.order_query.with_changes(search=event.value.strip()))

    @on(SearchInput.Closed)
    def _search_closed(self) -> None:
        self._close_search()

    def _close_search(self) -> None:
        self.query_one("#search", SearchInput).remove_class("-open")
        self.table.focus()

    def action_status_filter(self) -> None:
        def chosen(statuses: frozenset[str] | None) -> None:
            if statuses is not None and statuses != self.order_query.statuses:
                self._start(self.order_query.with_changes(statuses=statuses))

        self.app.push_screen(StatusFilterScreen(self.order_query.statuses), chosen)

    def action_toggle_expiring(self) -> None:
        self._start(self.order_query.with_changes(expiring=not self.order_query.expiring))

    def action_sort_menu(self) -> None:
        def chosen(choice: SortChoice | None) -> None:
            if choice is not None:
                self.sort_by(*choice)

        current = (self.order_query.sort, self.order_query.descending)
        self.app.push_screen(SortMenuScreen(current), chosen)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.order_query.sort, not self.order_query.descending)

    def sort_by(self, field: SortField, descending: bool) -> None:
        if (field, descending) != (self.order_query.sort, self.order_query.descending):
            self._start(self.order_query.with_changes(sort=field, descending=descending))

    def on_order_table_sort_requested(self, message: OrderTable.SortRequested) -> None:
        if message.field == self.order_query.sort:
            self.sort_by(message.field, not self.order_query.descending)
        else:
            self.sort_by(message.field, FIRST_DIRECTION[message.field])

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
        self._detail_cache.clear()
        self._seen_warnings.clear()
        if self.order_query.is_filtered:
            self.account_total = None
        if self.pages.total is None:
            self._start(self.order_query)
            return
        row = self.table.current_row
        # The detail pane reloads when the refreshed list lands (its cache is empty now).
        self._start(self.order_query, _Restore(row.id if row else None, self.table.cursor))

    async def action_edit(self) -> None:
        """Open the highlighted order's edit form (it reads the order afresh)."""
        row = self.table.current_row
        if row is None:
            self.notify("No order is highlighted yet.", title="Nothing to edit", markup=False)
            return
        # Imported in a thread (ui/preload.py): it pulls in cryptography.
        await self.opssl.preload.ready()
        from tui_app.ui.edit.screen import EditScreen

        self.app.push_screen(EditScreen(row.id, on_saved=self.order_saved))

    def action_check_dcv(self) -> None:
        """Check every host of the highlighted order the way the CA will (reads only)."""
        row = self.table.current_row
        if row is None:
            self.notify("No order is highlighted yet.", title="Nothing to check", markup=False)
            return
        from tui_app.ui.dcv_check.screen import DcvCheckScreen

        self.app.push_screen(DcvCheckScreen(row.id))

    def order_saved(self, order_id: int) -> None:
        """The edit form changed an order: show the table row and detail pane as they are now."""
        self.reload()

    def _copy(self, which: str) -> None:
        entry = self.detail.current_dcv
        if entry is None:
            self.notify("Nothing to copy yet: no order details are loaded.", severity="warning")
            return
        item = entry.value if which == "value" else entry.name
        if item is None or not item.value:
            self.notify(
                f"Nothing to copy for {entry.host}: {entry.note or 'no value'}",
                severity="warning",
                markup=False,
            )
            return
        self.opssl.copy_text(item.value, f"{item.label} for {entry.host}")

    def action_copy_value(self) -> None:
        self._copy("value")

    def action_copy_name(self) -> None:
        self._copy("name")

    def action_toggle_detail(self) -> None:
        showing = not self.detail_visible
        self.set_class(not showing, "-no-detail")
        if showing:
            self._show_detail(self.table.cursor, self.table.current_row)
        elif self.focused is not None and self.detail in self.focused.ancestors_with_self:
            self.table.focus()

    # -- command palette --------------------------------------------------------------

    def _action_runner(self, action: str) -> Callable[[], object]:
        async def run() -> None:
            await self.run_action(action)

        return run

    def palette_commands(self) -> Iterator[SystemCommand]:
        """Every action of this screen, so the palette lists what the footer cannot fit."""
        run = self._action_runner
        yield SystemCommand(
            "Edit order", "Open the highlighted order's edit form (e or enter)", run("edit")
        )
        yield SystemCommand("Search orders", "Search by common name (/)", run("search"))
        yield SystemCommand("Filter by status", "Pick PAI, REQ, ACT, … (s)", run("status_filter"))
        yield SystemCommand(
            "Toggle expiring soon",
            "Only orders expiring within 30 days (x)",
            run("toggle_expiring"),
        )
        yield SystemCommand("Sort menu", "Choose field and direction (o)", run("sort_menu"))
        yield SystemCommand("Reverse sort", "Flip the sort direction (O)", run("reverse_sort"))
        for sort_field in SORT_FIELDS:
            for descending in (False, True):
                yield SystemCommand(
                    f"Sort by {sort_description(sort_field, descending)}",
                    f"Sort the list by {SORT_LABELS[sort_field]} on the server",
                    lambda f=sort_field, d=descending: self.sort_by(f, d),
                )
        yield SystemCommand(
            "Refresh", "Reload, keeping the cursor on the order (r)", run("refresh")
        )
        yield SystemCommand(
            "Copy DCV value", "Copy the highlighted host's value (c)", run("copy_value")
        )
        yield SystemCommand(
            "Copy DCV name", "Copy the record name or file URL (C)", run("copy_name")
        )
        yield SystemCommand(
            "Toggle detail pane", "Show or hide the detail pane (d)", run("toggle_detail")
        )
        yield SystemCommand(
            "Check DCV", "Is each host's record or file where the CA looks? (v)", run("check_dcv")
        )
        yield SystemCommand("First order", "Jump to the first order (g)", self.table.action_first)
        yield SystemCommand("Last order", "Jump to the last order (G)", self.table.action_last)
