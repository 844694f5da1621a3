"""The browser's list: which view (query) it shows, its pages, and the line above it.

A view is loaded from the first page the table needs; further pages come as the table
asks for them (``OrderTable.PagesNeeded``). A refresh loads the new pages beside the old
ones and swaps them in once the highlighted order is found again (``Restore``). Each
request is a worker on the screen that reports with a message (``messages.py``); the
screen's handlers hand the messages here, and failures go to the app's one handler.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Label, Static

from tui_app.core.browse_query import BrowseQuery
from tui_app.core.order_pages import OrderPages, OrderRow
from tui_app.ui.boundary import caught, handling_failed, start_worker
from tui_app.ui.browser.list_words import (
    count_words,
    empty_text,
    problem_text,
    query_line,
)
from tui_app.ui.browser.messages import AccountCounted, CountFailed, PageFailed, PageLoaded

if TYPE_CHECKING:
    from tui_app.api import ApiResult, Order, Page
    from tui_app.ui.browser.screen import BrowserScreen
    from tui_app.ui.problems import Problem

LIST_ERRORS = "loading orders"
COUNT_ERRORS = "counting the account's orders"


def _answered(future: asyncio.Future[ApiResult[Page[Order]]]) -> bool:
    return not future.cancelled() and future.exception() is None


def _loaded(pages: OrderPages, offset: int, result: ApiResult[Page[Order]]) -> PageLoaded:
    page = result.data
    rows = [OrderRow.from_order(o) if o else None for o in page.in_place()]
    return PageLoaded(pages, offset, rows, page.total, result.maintenance, result.warnings)


@dataclass
class Restore:
    """A refresh in flight: put the cursor back on this order, wherever it moved to."""

    order_id: int | None
    index: int
    tried: set[int] = field(default_factory=set)


class ListLoader:
    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen
        self.query = BrowseQuery()
        self.pages = OrderPages()
        # How many orders the whole account has ("37 of 10,000 orders").
        self.account_total: int | None = None
        # A refresh's pages, until the cursor's order is found in them.
        self._incoming: OrderPages | None = None
        self._restore: Restore | None = None
        # Why an order-number search found nothing (the API's answer), for the empty state.
        self._missing: str | None = None

    # -- views -------------------------------------------------------------------------

    def start(self, query: BrowseQuery, restore: Restore | None = None) -> None:
        """Load a view from its first needed page; a refresh keeps old rows until it lands."""
        screen = self.screen
        self.query = query
        screen.workers.cancel_group(screen, "pages")
        screen.opssl.forget_retry(LIST_ERRORS)
        pages = OrderPages()
        screen.table.set_sort(query.sort, query.descending)
        screen.query_one("#query-text", Label).update(query_line(query))
        if restore is None:
            self._incoming = None
            self._restore = None
            self.pages = pages
            screen.table.use_pages(pages, cursor=0)
            self._show_state(Text("Loading orders…"))
            self.update_count()
            self.request(pages, [0])
        else:
            self._incoming = pages
            self._restore = restore
            self.request(pages, [pages.page_offset(restore.index)])

    def reload(self) -> None:
        """The same view read again, keeping the cursor on the highlighted order."""
        if self.query.is_filtered:
            self.account_total = None
        if self.pages.total is None:
            self.start(self.query)
            return
        table = self.screen.table
        row = table.current_row
        self.start(self.query, Restore(row.id if row else None, table.cursor))

    # -- pages -------------------------------------------------------------------------

    def request(self, pages: OrderPages, offsets: list[int]) -> None:
        screen = self.screen
        for offset in offsets:
            if pages.is_loaded(offset) or offset in pages.pending:
                continue
            pages.mark_pending(offset)
            early = screen.opssl.take_first_page(self.query, offset, pages.page_size)
            if early is not None and early.done() and _answered(early):
                # The start-up's request has its answer already: shown now, so that the
                # first frame has the rows (a worker and a message would take a frame more).
                loaded = _loaded(pages, offset, early.result())
                try:
                    self.page_loaded(loaded)
                except Exception as error:  # as ``guarded`` does for the message's handler
                    self.page_failed(PageFailed(pages, offset, handling_failed(error, loaded)))
                continue
            fetch = partial(self._fetch_page, pages, self.query, offset, early)
            start_worker(screen, fetch, group="pages", description=LIST_ERRORS)

    async def _fetch_page(
        self,
        pages: OrderPages,
        query: BrowseQuery,
        offset: int,
        early: asyncio.Future[ApiResult[Page[Order]]] | None,
    ) -> None:
        screen = self.screen
        try:
            if query.order_id is not None:
                from tui_app.core.order_lookup import order_number_page

                found = await order_number_page(screen.client, query.order_id)
                screen.post_message(
                    PageLoaded(
                        pages, offset, found.rows, found.total, found.maintenance, (), found.missing
                    )
                )
                return
            if early is not None:
                result = await early
            else:
                result = await screen.client.list_orders(
                    **query.list_kwargs(), limit=pages.page_size, offset=offset
                )
            loaded = _loaded(pages, offset, result)
        except Exception as error:
            screen.post_message(PageFailed(pages, offset, caught(error, LIST_ERRORS)))
            return
        screen.post_message(loaded)

    def page_loaded(self, message: PageLoaded) -> None:
        screen = self.screen
        pages = message.pages
        if pages is not self.pages and pages is not self._incoming:
            return
        pages.store(message.offset, message.rows, message.total)
        self._missing = message.missing
        # Once the list is drawn (not before: a thread's imports would share the GIL with
        # drawing it), the form's modules load meanwhile, and the demo's DCV servers start.
        screen.call_after_refresh(screen.opssl.preload.start)
        if screen.opssl.demo_dcv is not None:
            screen.call_after_refresh(screen.opssl.demo_dcv.start)
        screen.note_answer(message.maintenance, message.warnings)
        if not self.query.is_filtered:
            self.account_total = message.total
        elif self.account_total is None:
            self.fetch_count()
        if pages is self._incoming:
            cursor = self._restore_cursor(pages)
            if cursor is None:
                return
            self._incoming = None
            self.pages = pages
            screen.table.use_pages(pages, cursor)
        else:
            screen.table.pages_changed()
        self._after_change()

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
            self.request(pages, untried)
            return None
        self._restore = None
        self.screen.notify(
            f"Order {restore.order_id} is no longer in this view; the cursor stays on row "
            f"{fallback + 1:,}.",
            title="Refreshed",
            markup=False,
        )
        return fallback

    def page_failed(self, message: PageFailed) -> None:
        screen = self.screen
        pages = message.pages
        if pages is self._incoming:
            # The refresh failed: keep showing what we had, and say so.
            self._incoming = None
            self._restore = None
            screen.opssl.handle_api_error(
                message.error,
                where="refreshing orders",
                retry=screen.action_refresh,
                key=LIST_ERRORS,
            )
            return
        if pages is not self.pages:
            return
        pages.mark_failed(message.offset)
        if pages.total is None:
            screen.opssl.handle_api_error(
                message.error, where=LIST_ERRORS, retry=self._retry_pages, show=self._show_problem
            )
            self.update_count()
        else:
            screen.table.pages_changed()
            screen.opssl.handle_api_error(message.error, where=LIST_ERRORS, retry=self._retry_pages)

    def _retry_pages(self) -> None:
        if self.pages.total is None:
            self.start(self.query)
            return
        failed = sorted(self.pages.failed)
        self.pages.failed.clear()
        self.request(self.pages, failed)
        self.screen.table.pages_changed()

    def _after_change(self) -> None:
        if (self.pages.total or 0) == 0:
            self._show_state(empty_text(self.query, self._missing, self.screen.key_of))
            self.screen.detail_loader.clear()
        else:
            self._hide_state()
        self.update_count()

    # -- the account's total ------------------------------------------------------------

    def fetch_count(self) -> None:
        start_worker(
            self.screen, self._count, group="count", description=COUNT_ERRORS, exclusive=True
        )

    async def _count(self) -> None:
        screen = self.screen
        try:
            result = await screen.client.list_orders(limit=1)
        except Exception as error:
            screen.post_message(CountFailed(caught(error, COUNT_ERRORS)))
            return
        screen.post_message(AccountCounted(result.data.total, result.maintenance))

    def counted(self, message: AccountCounted) -> None:
        self.account_total = message.total
        self.update_count()

    def count_failed(self, message: CountFailed) -> None:
        self.screen.opssl.handle_api_error(
            message.error, where=COUNT_ERRORS, retry=self.fetch_count
        )

    # -- the words around the table -----------------------------------------------------

    def update_count(self) -> None:
        words = count_words(self.query, self.pages, self.account_total)
        marked = len(self.screen.table.marked)
        if marked:
            words = f"{marked} marked · {words}" if words else f"{marked} marked"
        self.screen.query_one("#order-count", Label).update(words)

    def _show_state(self, text: Text, *, problem: bool = False) -> None:
        """Loading, empty or failed: a message under the table's header line.

        Set on the two widgets directly: a class on the pane would restyle all of it.
        """
        state = self.screen.query_one("#list-state", Static)
        state.update(text)
        state.set_class(problem, "-problem")
        state.display = True
        self.screen.table.styles.height = 1

    def _hide_state(self) -> None:
        state = self.screen.query_one("#list-state", Static)
        if state.display:
            state.display = False
            self.screen.table.styles.height = "1fr"

    def _show_problem(self, problem: Problem) -> None:
        self._show_state(problem_text(problem), problem=True)
