"""The Textual app: owns the API client and the connection, and the ONE error handler.

``handle_api_error`` is where every failed request ends up. It decides how a failure
is shown (in the pane that was loading, or as a toast) and remembers how to retry it,
so ``r`` re-runs exactly what failed. The sign-in flow for code 196 plugs in there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui_app.api import ApiResult, OpenproviderClient, Order, Page
from tui_app.core.environment import Connection
from tui_app.ui.browser.detail_pane import OrderDetail
from tui_app.ui.browser.order_table import OrderTable
from tui_app.ui.browser.paging import PAGE_SIZE, first_page_request
from tui_app.ui.browser.query import OrderQuery
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.formatting import safe
from tui_app.ui.help_screen import HelpScreen, expand, key_rows
from tui_app.ui.problems import Problem, describe

log = logging.getLogger(__name__)

RETRY_KEY = "r"

RetryCallback = Callable[[], object]
ProblemSink = Callable[[Problem], object]


def _consume(future: asyncio.Future[ApiResult[Page[Order]]]) -> None:
    if not future.cancelled():
        future.exception()


class OpsslApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests, later screens) still find it.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "opssl"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "show_help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        client: OpenproviderClient,
        connection: Connection,
        *,
        detail_debounce: float = 0.05,
        first_page: asyncio.Future[ApiResult[Page[Order]]] | None = None,
    ) -> None:
        """``first_page``: the default view's first page, already requested by the caller
        (``startup.launch`` sends it before Textual is even imported)."""
        super().__init__()
        self.client = client
        self.connection = connection
        self.detail_debounce = detail_debounce
        self._retries: dict[str, RetryCallback] = {}
        self._first_page = first_page
        self.sub_title = connection.label

    def on_load(self) -> None:
        """Ask for the first page now, while Textual builds the screen: the two overlap."""
        if self._first_page is None:
            self._first_page = asyncio.ensure_future(first_page_request(self.client))
        # An answer nobody reads (the app quit first) must not warn when collected.
        self._first_page.add_done_callback(_consume)

    def take_first_page(
        self, query: OrderQuery, offset: int, limit: int
    ) -> asyncio.Future[ApiResult[Page[Order]]] | None:
        """The request started at load time, once, if it is the one now wanted."""
        future, self._first_page = self._first_page, None
        if future is not None and (query, offset, limit) == (OrderQuery(), 0, PAGE_SIZE):
            return future
        if future is not None:
            future.cancel()
        return None

    def on_unmount(self) -> None:
        if self._first_page is not None:
            self._first_page.cancel()

    def get_default_screen(self) -> Screen[None]:
        return BrowserScreen(self.client, self.connection, detail_debounce=self.detail_debounce)

    # -- errors: the one place -------------------------------------------------------

    def handle_api_error(
        self,
        error: BaseException,
        *,
        where: str,
        retry: RetryCallback | None = None,
        show: ProblemSink | None = None,
        key: str | None = None,
    ) -> Problem:
        """Show a failure and remember its retry.

        ``where`` says what was being done ("loading orders"); ``show`` puts the problem
        in the pane that was loading (else it is a toast); ``retry`` re-runs the request
        and is run by the retry key; ``key`` groups retries (a newer failure of the same
        kind replaces the older one; defaults to ``where``).
        """
        problem = describe(error, where=where, retry_key=RETRY_KEY if retry else None)
        log.warning("%s failed: %s: %s", where, problem.title, problem.detail)
        if retry is not None:
            self._retries[key or where] = retry
        if show is not None:
            show(problem)
        else:
            self.notify(
                problem.summary, title=problem.title, severity="error", timeout=10, markup=False
            )
        return problem

    def take_retries(self) -> list[RetryCallback]:
        """The retries of every unresolved failure, oldest first; they are forgotten."""
        retries = list(self._retries.values())
        self._retries.clear()
        return retries

    def forget_retry(self, key: str) -> None:
        """A request of this kind succeeded or was superseded: nothing left to retry."""
        self._retries.pop(key, None)

    # -- clipboard, help, palette ---------------------------------------------------------

    def copy_text(self, text: str, what: str) -> None:
        """Copy with OSC 52 (works over SSH) and say exactly what was copied."""
        self.copy_to_clipboard(text)
        preview = text if len(text) <= 60 else text[:57] + "…"
        preview = safe(preview.replace("\n", " ⏎ "))
        self.notify(safe(what) + "\n" + preview, title="Copied to the clipboard", markup=False)

    def action_show_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections: list[tuple[str, list[tuple[str, str]]]] = []

        def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
            return key_rows((b, self.get_key_display(b)) for b in expand(bindings))

        sections.append(("Orders table", rows(OrderTable.BINDINGS)))
        sections.append(("Browser", rows(BrowserScreen.BINDINGS)))
        sections.append(("Detail pane (tab to reach it)", rows(OrderDetail.BINDINGS)))
        app_keys = rows(self.BINDINGS)
        app_keys.append(
            (
                self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, "")),
                "Command palette: every action by name",
            )
        )
        app_keys.append(("tab shift+tab", "Move between the table and the detail pane"))
        app_keys.append(("ctrl+q", "Quit"))
        sections.append(("Everywhere", app_keys))
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Help", "Every key and how the browser works (? or f1)", self.action_show_help
        )
        if isinstance(screen, BrowserScreen):
            yield from screen.palette_commands()
