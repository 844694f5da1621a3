"""The Textual app: owns the API client and the connection, and the ONE error handler.

``handle_api_error`` is where every failed request ends up. It decides how a failure
is shown (in the pane that was loading, or as a toast) and remembers how to retry it,
so ``r`` re-runs exactly what failed. The sign-in flow for code 196 plugs in there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.await_remove import AwaitRemove
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui_app.api import ApiResult, AuthenticationError, OpenproviderClient, Order, Page
from tui_app.auth.config import ConfigError
from tui_app.auth.key_settings import KeySettings
from tui_app.core.browse_query import BrowseQuery
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.core.environment import Connection
from tui_app.core.order_pages import PAGE_SIZE, first_page_request
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.formatting import safe, visible_controls
from tui_app.ui.key_gate import KeyGate, KeyTrail
from tui_app.ui.keymap import bindings_of, key_words
from tui_app.ui.preload import FormPreload
from tui_app.ui.signin import SIGNIN_CSS, SignInFlow
from tui_app.ui.signin.messages import SignInStep

if TYPE_CHECKING:
    from tui_app.ui.demo_dcv import DemoDcv
    from tui_app.ui.problems import Problem

log = logging.getLogger(__name__)

RETRY_KEY = "r"
# What the retry key runs on a screen (the browser's refresh, a form's retry).
RETRY_ACTIONS = ("refresh", "retry_load")

RetryCallback = Callable[[], object]
ProblemSink = Callable[["Problem"], object]


def _consume(future: asyncio.Future[ApiResult[Page[Order]]]) -> None:
    if not future.cancelled():
        future.exception()


class OpsslApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests, later screens) still find it.
    # Textual never loads the first screen's own CSS_PATH, and that may be a sign-in screen.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).with_name("app.tcss"),
        SIGNIN_CSS,
        Path(__file__).with_name("nocolor.tcss"),
    ]
    TITLE = "opssl"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "show_help", "Help", id="app.help"),
        # Textual's own quit key, given an id so that it can be rebound.
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        client: OpenproviderClient | None,
        connection: Connection | None,
        *,
        detail_debounce: float = 0.05,
        first_page: asyncio.Future[ApiResult[Page[Order]]] | None = None,
        flow: SignInFlow | None = None,
        dcv_settings: CheckSettings | None = None,
        demo_dcv: DemoDcv | None = None,
        keys: KeySettings | None = None,
    ) -> None:
        """``first_page``: the default view's first page, already requested by the caller
        (``startup.launch`` sends it before Textual is even imported). ``client`` and
        ``connection`` are None only on a first start, until a profile exists; ``flow``
        (``app.signin``) decides the first screen and handles code 196. ``dcv_settings``:
        where DCV checks look (the demo's servers); None means the environment and the
        profile say; ``demo_dcv``: the demo's servers, started once the first rows are
        drawn (``dcv_settings`` is set when they listen). ``keys``: ``[keys]`` from the
        config file, checked and applied here (what cannot be applied is said at start)."""
        super().__init__()
        self.dcv_settings = dcv_settings
        self.demo_dcv = demo_dcv
        self._client = client
        self._connection = connection
        self.detail_debounce = detail_debounce
        self._retries: dict[str, RetryCallback] = {}
        self.keys = KeyGate(self, self.route_typed)
        # Whether the latest API answer, on any screen, reported maintenance.
        self.maintenance = False
        self._first_page = first_page
        # Only a token known now is worth an early request; else the browser asks later.
        self._fetch_on_load = first_page is None and client is not None and client.has_token
        self.preload = FormPreload(self)
        # [keys] from config.toml as applied (binding id -> keys), and what was refused.
        self.keymap: dict[str, str] = {}
        self.key_problems: list[ConfigError] = []
        if keys is not None and (keys.keys or keys.problems):
            self._apply_keys(keys)
        self.signin = flow or SignInFlow.for_connection(connection)
        self.signin.attach(self, client, connection)
        if connection is not None:
            self.sub_title = connection.label

    @property
    def client(self) -> OpenproviderClient:
        if self._client is None:
            raise RuntimeError("no API client yet: no profile has been chosen")
        return self._client

    @property
    def connection(self) -> Connection:
        """Which API, which profile, where the token came from, read-only or not."""
        if self._connection is None:
            raise RuntimeError("not connected yet: no profile has been chosen")
        return self._connection

    def connect(
        self,
        client: OpenproviderClient,
        connection: Connection,
        *,
        first_page: asyncio.Future[ApiResult[Page[Order]]] | None = None,
    ) -> None:
        """A token is there (keyring, sign-in): requests go through ``client`` from now on."""
        self._client = client
        self.set_connection(connection)
        if first_page is not None:
            self._first_page = first_page
            first_page.add_done_callback(_consume)

    def set_connection(self, connection: Connection) -> None:
        """Every header follows (after a sign-in the token's source changes)."""
        self._connection = connection
        self.sub_title = connection.label
        try:
            screens = self.screen_stack
        except KeyError:  # the first screen is still being chosen: no header exists yet
            screens = []
        for screen in screens:
            for bar in screen.query(ConnectionBar):
                bar.show(connection)

    def browser_screen(self) -> BrowserScreen:
        return BrowserScreen(self.client, self.connection, detail_debounce=self.detail_debounce)

    def on_load(self) -> None:
        """Ask for the first page now, while Textual builds the screen: the two overlap."""
        if self._first_page is None and self._fetch_on_load:
            self._first_page = asyncio.ensure_future(first_page_request(self.client))
        # An answer nobody reads (the app quit first) must not warn when collected.
        if self._first_page is not None:
            self._first_page.add_done_callback(_consume)

    def take_first_page(
        self, query: BrowseQuery, offset: int, limit: int
    ) -> asyncio.Future[ApiResult[Page[Order]]] | None:
        """The request started at load time, once, if it is the one now wanted."""
        future, self._first_page = self._first_page, None
        if future is not None and (query, offset, limit) == (BrowseQuery(), 0, PAGE_SIZE):
            return future
        if future is not None:
            future.cancel()
        return None

    def on_unmount(self) -> None:
        if self._first_page is not None:
            self._first_page.cancel()

    def get_default_screen(self) -> Screen[None]:
        return self.signin.first_screen() or self.browser_screen()

    async def on_event(self, event: events.Event) -> None:
        """Every paste reaches its field with control characters made visible (ESC as
        ␛): drawn raw, an ESC in a field would reach the terminal as an escape sequence.
        Keys and pastes from the terminal go through the gate, one at a time."""
        if isinstance(event, events.Paste):
            event.text = visible_controls(event.text)
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if not self.keys.take(event):
                await self.route_typed(event)
            return
        await super().on_event(event)

    async def route_typed(self, event: events.Key | events.Paste) -> None:
        """Route a key or paste as Textual does (priority bindings, then the focused
        widget); the gate routes the next one once this one has been handled."""
        self.keys.route_started()
        await super().on_event(event)
        self.keys.routed(event)

    @on(SignInStep)
    def _sign_in_step(self, step: SignInStep) -> None:
        """A sign-in screen's report: the flow decides what comes next."""
        self.signin.take(step)

    def on_key_trail(self, trail: KeyTrail) -> None:
        self.keys.trail_arrived(trail)

    async def action_quit(self) -> None:
        """Quitting is leaving: a screen with unsent changes asks first (``confirm_quit``)."""
        for screen in reversed(self.screen_stack):
            confirm = getattr(screen, "confirm_quit", None)
            if callable(confirm) and confirm():
                return
        self.exit()

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
        kind replaces the older one; defaults to ``where``). Code 196 (the token was
        refused) also opens the one sign-in dialog; signing in there runs the retries.
        """
        from tui_app.ui.problems import describe  # at the first failure, not at start-up

        problem = describe(error, where=where, retry_key=self._retry_key() if retry else None)
        log.warning("%s failed: %s: %s", where, problem.title, problem.detail)
        if retry is not None:
            self._retries[key or where] = retry
        # The token was refused: the one sign-in dialog says so, no toast needed.
        asking = isinstance(error, AuthenticationError) and self.signin.need_sign_in()
        if show is not None:
            show(problem)
        elif not asking:
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

    # -- keys, clipboard, help, palette ----------------------------------------------------

    def _apply_keys(self, keys: KeySettings) -> None:
        """Check ``[keys]`` against every screen's bindings, then hand Textual the rest.

        The check loads every screen's module (the form's too): ``startup.launch`` has
        loaded them in a thread by now."""
        from tui_app.ui.key_check import check_keys

        check = check_keys(keys, type(self))
        self.keymap = check.keymap
        self.key_problems = check.problems
        self.set_keymap(check.keymap)

    def on_mount(self) -> None:
        if self.key_problems:
            for problem in self.key_problems:
                log.warning("[keys]: %s", problem.message)
            self.notify(
                "\n".join(problem.message for problem in self.key_problems),
                title="Keys not applied",
                severity="warning",
                timeout=30,
                markup=False,
            )

    def key_words(self, binding_id: str, *holders: type[DOMNode]) -> str:
        """``e or enter``: the keys that run a binding of ``holders`` now, for a hint."""
        return key_words(self.keymap, binding_id, *holders)

    def _retry_key(self) -> str:
        """The key that retries on this screen, as the user has it (r by default)."""
        for binding in bindings_of([type(self.screen)]):
            if binding.action in RETRY_ACTIONS and binding.id in self.keymap:
                return key_words(self.keymap, binding.id, type(self.screen))
        return RETRY_KEY

    def copy_text(self, text: str, what: str) -> None:
        """Copy with OSC 52 (works over SSH) and say exactly what was copied."""
        self.copy_to_clipboard(text)
        preview = text if len(text) <= 60 else text[:57] + "…"
        preview = safe(preview.replace("\n", " ⏎ "))
        self.notify(safe(what) + "\n" + preview, title="Copied to the clipboard", markup=False)

    async def check_settings(self) -> CheckSettings | None:
        """Where DCV checks look when the session says (the demo's servers, once they
        listen); None: the environment and the profile say."""
        if self.dcv_settings is None and self.demo_dcv is not None:
            self.dcv_settings = await self.demo_dcv.settings()
        return self.dcv_settings

    async def action_show_help(self) -> None:
        from tui_app.ui.help_screen import HelpScreen, help_sections, notes

        if isinstance(self.screen, HelpScreen):
            return
        await self.preload.ready()  # the form's keys are listed too
        from tui_app.ui.key_scopes import key_scopes

        holders = [type(self), *(h for scope in key_scopes() for h in scope.holders)]

        def key_of(binding_id: str) -> str:
            return self.key_words(binding_id, *holders)

        self.push_screen(HelpScreen(help_sections(self, self.screen), notes(key_of)))

    def _prune(self, *nodes: Widget, parent: DOMNode | None = None) -> AwaitRemove:
        """A closed screen (a dialog) removed without Textual's refresh of the app after
        it: that lays out and repaints the whole screen below, twice (the removal is
        awaited twice), ~15-25 ms each at 160x48 on the edit form, after the screen
        below has already repainted itself whole on showing again (``ScreenResume``)."""
        if parent is self and all(isinstance(node, Screen) for node in nodes):
            parent = None
        return super()._prune(*nodes, parent=parent)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """opssl's commands, and of Textual's own only those that work here and mean
        something to the user: not Screenshot (it writes to the working directory and
        fails there), Keys (our help lists every key) or Maximize (of a form field)."""
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)
        quit_keys = self.key_words("app.quit", type(self))
        yield SystemCommand(
            "Quit", f"Quit opssl ({quit_keys}; asks first if an edit is unsent)", self.action_quit
        )
        help_keys = self.key_words("app.help", type(self))
        yield SystemCommand(
            "Help", f"Every key and how the browser works ({help_keys})", self.action_show_help
        )
        # Each screen's own actions (browser, edit form, DCV check, ...).
        palette_commands = getattr(screen, "palette_commands", None)
        if callable(palette_commands):
            yield from palette_commands()
        yield from self.signin.palette_commands()
