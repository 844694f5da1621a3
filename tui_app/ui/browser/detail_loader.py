"""The detail pane follows the table's cursor: which order it shows, and reading it.

Each highlighted order is read afresh (``GET /ssl/orders/{id}``) after a short pause, so
holding ``j`` through the table does not fire a request per row; the last orders read are
kept, so going back to one shows it at once. A hidden pane reads nothing.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from tui_app.api import Order
from tui_app.core.order_pages import OrderRow
from tui_app.ui.boundary import caught, start_worker
from tui_app.ui.browser.messages import DetailFailed, DetailLoaded

if TYPE_CHECKING:
    from tui_app.ui.browser.screen import BrowserScreen

DETAIL_ERRORS = "loading the order's details"
CACHE_SIZE = 64
NOTHING = "No order highlighted."
# What the pane says for a row whose page arrived without a readable order there.
UNREADABLE_ROW = (
    "This row cannot be shown: the API's answer has no readable order here (an order "
    "without an id, or a page shorter than the total it gave). {key} reloads the list."
)


class DetailLoader:
    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen
        # The order the pane shows or is reading; None when it shows none.
        self.order_id: int | None = None
        self._cache: OrderedDict[int, Order] = OrderedDict()

    def _position(self, index: int) -> str:
        return f"row {index + 1:,} of {self.screen.pages.total or 0:,}"

    def show(self, index: int, row: OrderRow | None) -> None:
        """The cursor is on ``row`` (None: its page is not here, or it is unreadable)."""
        screen = self.screen
        pane = screen.detail
        if not screen.detail_visible:
            # Nothing is fetched for a hidden pane, and it must not keep (and let c copy)
            # the details of an order the cursor has left.
            if self.order_id is not None and (row is None or row.id != self.order_id):
                self.order_id = None
                screen.workers.cancel_group(screen, "detail")
                pane.show_message(Text(NOTHING))
            return
        if row is None:
            self.order_id = None
            screen.workers.cancel_group(screen, "detail")
            pane.show_message(
                Text(UNREADABLE_ROW.format(key=screen.key_of("browser.refresh")))
                if screen.pages.is_unreadable(index)
                else Text("Loading this part of the list…", style="dim"),
                f"Order · {self._position(index)}",
            )
            return
        self.order_id = row.id
        cached = self._cache.get(row.id)
        if cached is not None:
            screen.workers.cancel_group(screen, "detail")
            pane.show_order(cached, self._position(index))
            return
        pane.show_loading(row, self._position(index))
        self._fetch(row.id)

    def clear(self) -> None:
        """The list is empty: no order to show."""
        self.screen.detail.show_message(Text(NOTHING))
        self.order_id = None

    def forget(self) -> None:
        """Everything read so far may have changed (a refresh, a saved edit)."""
        self._cache.clear()

    def keep(self, order: Order) -> None:
        """An order as read just now elsewhere (the edit form's re-read): shown from here."""
        self._cache[order.id] = order
        self._cache.move_to_end(order.id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _fetch(self, order_id: int) -> None:
        read = partial(self._read, order_id)
        start_worker(self.screen, read, group="detail", description=DETAIL_ERRORS, exclusive=True)

    async def _read(self, order_id: int) -> None:
        screen = self.screen
        # A short pause first: holding j through the table should not fire a request per row.
        await asyncio.sleep(screen.detail_debounce)
        try:
            result = await screen.client.get_order(order_id)
            # The CSR is decoded for the pane; the first decode imports cryptography.
            from tui_app.core.csr_summary import summarize_csr

            await asyncio.to_thread(summarize_csr, result.data.csr)
        except Exception as error:
            screen.post_message(DetailFailed(order_id, caught(error, DETAIL_ERRORS)))
            return
        screen.post_message(DetailLoaded(result.data, result.maintenance, result.warnings))

    def loaded(self, message: DetailLoaded) -> None:
        screen = self.screen
        order = message.order
        self.keep(order)
        screen.note_answer(message.maintenance, message.warnings)
        screen.opssl.forget_retry(DETAIL_ERRORS)
        if order.id == self.order_id:
            screen.detail.show_order(order, self._position(screen.table.cursor))

    def failed(self, message: DetailFailed) -> None:
        if message.order_id != self.order_id:
            return
        screen = self.screen
        title = f"Order {message.order_id} · {self._position(screen.table.cursor)}"
        screen.opssl.handle_api_error(
            message.error,
            where=f"loading order {message.order_id}",
            retry=self.reload,
            show=lambda problem: screen.detail.show_problem(problem, title),
            key=DETAIL_ERRORS,
        )

    def reload(self) -> None:
        """Read the highlighted order again (the retry of a failed read)."""
        screen = self.screen
        row = screen.table.current_row
        if row is not None and screen.detail_visible:
            self._cache.pop(row.id, None)
            self.order_id = row.id
            screen.detail.show_loading(row, self._position(screen.table.cursor))
            self._fetch(row.id)
