"""How a session gets its token, and gets a new one when the API refuses it (code 196).

One ``SignInFlow`` per app (``app.signin``). At start it picks the first screen: the
browser when the token is known, a short wait while the keyring answers, the keyring
problem, the sign-in form, or (first start) the profile form. Later, code 196 on any call
opens ONE sign-in dialog over whatever is on screen; signing in there runs the retry
callbacks of every unresolved failure (``app.take_retries()``), so reads reload and an
interrupted submit is offered again. It owns the session's one ``TokenStore``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from tui_app.api import OpenproviderClient
from tui_app.auth.config import Config, Profile, config_path
from tui_app.auth.keyring_lookup import KeyringLookup
from tui_app.auth.sources import ResolvedToken, SignInResult, Target, env_token, sign_in
from tui_app.auth.token_source import TokenSource, token_recipe
from tui_app.auth.token_store import KeyringUnavailable, TokenStore
from tui_app.core.environment import Connection
from tui_app.ui.signin import messages as steps

if TYPE_CHECKING:
    from tui_app.journal import Journal
    from tui_app.ui.app import OpsslApp

log = logging.getLogger(__name__)

# Each screen is imported where it is first shown: a start with a known token shows none.

# Textual's first mode (it cannot be removed) and the one the browser gets after a start flow.
DEFAULT_MODE = "_default"
BROWSE_MODE = "orders"


class SignInFlow:
    """The session's sign-in state: target, keyring store, and which screen comes next.

    Its screens read it as a ``SignInState`` and report back with ``messages``; the app
    hands each report to ``take``.
    """

    def __init__(
        self,
        *,
        target: Target | None,
        store: TokenStore | None,
        lookup: asyncio.Future[KeyringLookup] | None = None,
        config: Config | None = None,
        read_only: bool = False,
        journal: Journal | None = None,
    ) -> None:
        """``store`` None: the keyring is never touched (demo, ``OPSSL_TOKEN``). ``journal``
        records the writes of the clients the flow makes (none for the demo)."""
        self._target = target
        # Without a target, the app's connection stands for one (made when first needed).
        self._seed: Connection | None = None
        self.store = store
        self.lookup = lookup
        self.config = config
        self.read_only = read_only
        self.journal = journal
        # Set when the keyring cannot be used (or was skipped): tokens stay in memory.
        self.memory_only = store is None
        self.client: OpenproviderClient | None = None
        self._owned: OpenproviderClient | None = None
        self._app: OpsslApp | None = None
        self._connected = False
        self._dialog_open = False
        # Where the token the API refused came from (the header then says "refused").
        self._refused_source: str = TokenSource.NONE
        # The keyring answered a lookup: the sign-in screen may promise it keeps the token.
        self.keyring_works = False
        self._step = 0

    @classmethod
    def for_connection(cls, connection: Connection | None) -> SignInFlow:
        """For an app built around a known token (tests, tools): re-sign-ins stay in memory."""
        flow = cls(target=None, store=None)
        flow._seed = connection
        return flow

    def attach(
        self, app: OpsslApp, client: OpenproviderClient | None, connection: Connection | None
    ) -> None:
        self._app = app
        self.client = client
        if self._target is None and self._seed is None:
            self._seed = connection

    @property
    def target(self) -> Target | None:
        """The API signed in to: a profile, a URL, or what the connection says."""
        if self._target is None and self._seed is not None:
            seed = self._seed
            self._target = Target(
                seed.base_url,
                seed.profile,
                seed.username,
                read_only=seed.read_only_profile or (seed.read_only and not seed.read_only_flag),
                read_only_flag=seed.read_only_flag,
                dns_server=seed.dns_server,
            )
        return self._target

    @target.setter
    def target(self, target: Target) -> None:
        self._target = target

    @property
    def app(self) -> OpsslApp:
        if self._app is None:
            raise RuntimeError("the sign-in flow is not attached to an app")
        return self._app

    @property
    def remember(self) -> bool:
        """Whether a new token goes to the keyring."""
        return self.store is not None and not self.memory_only

    async def aclose(self) -> None:
        """Close the client made for a profile created in this session."""
        if self._owned is not None:
            await self._owned.aclose()

    # -- what the screens report ----------------------------------------------------------

    def take(self, step: steps.SignInStep) -> None:
        """A screen's report (``messages.py``), handed over by the app."""
        match step:
            case steps.SignedIn():
                self.signed_in(step.result)
            case steps.KeyringWorks():
                self.keyring_works = True
            case steps.KeyringLookupDone():
                if self.lookup is not None and self.lookup.done():  # else skipped meanwhile
                    self.show(self.after_lookup(self.lookup_outcome()))
            case steps.KeyringSkipped():
                self.skip_keyring()
            case steps.KeepTokenInMemory():
                self.continue_in_memory()
            case steps.QuitForTokenEnv():
                self.quit_for_env(step.username)
            case steps.ProfileSaved():
                self.profile_created(step.profile, step.config)

    # -- start --------------------------------------------------------------------------

    def first_screen(self) -> Screen[None] | None:
        """The screen the app opens on; None for the browser (the token is known)."""
        if self.lookup is not None:
            # Before the token check: a lookup that finished meanwhile has set the token,
            # and its first page is already on the way.
            if not self.lookup.done():
                from tui_app.ui.signin.wait_screen import KeyringWaitScreen

                return KeyringWaitScreen(self)
            return self.after_lookup(self.lookup_outcome())
        if self.client is not None and self.client.has_token:
            self._connected = True
            return None
        if self.target is None:
            from tui_app.ui.signin.setup_screen import SetupScreen

            if self.config is None:
                self.config = Config(path=config_path())
            return SetupScreen(self, self.config)
        return self.sign_in_screen()

    def lookup_outcome(self) -> KeyringLookup:
        """The finished lookup; a lookup that crashed counts as an unusable keyring."""
        assert self.lookup is not None and self.lookup.done()
        if self.lookup.cancelled():
            problem = KeyringUnavailable("The keyring lookup was cancelled.", reason="error")
        else:
            error = self.lookup.exception()
            if error is None:
                return self.lookup.result()
            log.error("keyring lookup failed", exc_info=error)
            problem = KeyringUnavailable(
                f"The OS keyring failed ({type(error).__name__}).", reason="error"
            )
        username = self.target.username if self.target else None
        return KeyringLookup(ResolvedToken(None, None, username, keyring_error=problem))

    def after_lookup(self, found: KeyringLookup) -> Screen[None] | None:
        """Browser, keyring problem or sign-in form, from what the keyring had."""
        from tui_app.ui.signin.keyring_screen import KeyringProblemScreen

        target = self._required_target()
        self.lookup = None
        resolved = found.resolved
        self.keyring_works = resolved.keyring_error is None
        if resolved.token is not None:
            connection = target.connection(TokenSource.KEYRING, resolved.username)
            self.app.connect(self._client(), connection, first_page=found.first_page)
            self._connected = True
            return None
        if resolved.keyring_error is not None:
            return KeyringProblemScreen(self, resolved.keyring_error, username=resolved.username)
        return self.sign_in_screen(username=resolved.username, note=resolved.note)

    def sign_in_screen(
        self, *, username: str | None = None, note: str | None = None
    ) -> Screen[None]:
        from tui_app.ui.signin.signin_screen import SignInScreen

        target = self._required_target()
        return SignInScreen(self, username=username or target.username, note=note)

    def pending_connection(self) -> Connection:
        """The header before there is a token: which API, and "not signed in"."""
        return self._required_target().connection(TokenSource.NONE)

    def show(self, screen: Screen[None] | None) -> None:
        """Replace the start screen (and anything over it) by ``screen``, or the browser.

        Each step is a mode of its own: the app's first screen cannot be switched away
        (it has no result callback), and a mode is dropped with everything stacked on it.
        """
        app = self.app
        self._step += 1
        mode = f"start-{self._step}" if screen is not None else BROWSE_MODE
        shown = screen if screen is not None else app.browser_screen()
        previous = app.current_mode
        app.add_mode(mode, lambda: shown)
        app.switch_mode(mode)
        if previous != DEFAULT_MODE:
            app.remove_mode(previous)

    def skip_keyring(self) -> None:
        """The user would rather not wait for a slow keyring: sign in, token in memory."""
        if self.lookup is not None:
            self.lookup.cancel()
            self.lookup = None
        self.memory_only = True
        self.show(
            self.sign_in_screen(
                note="The keyring was skipped: the token stays in memory for this session."
            )
        )

    def continue_in_memory(self) -> None:
        """After a keyring problem: go on without it (sign in first if there is no token)."""
        self.memory_only = True
        if self._connected:
            self.show(None)
            self.app.notify(
                "The token is kept in memory for this session only; the next start asks "
                "for the password again.",
                title="Signed in",
                markup=False,
            )
        else:
            self.show(self.sign_in_screen(username=self._required_target().username))

    def quit_for_env(self, username: str | None) -> None:
        """Leave, printing the ``OPSSL_TOKEN`` recipe on the terminal."""
        self.app.exit(
            return_code=0,
            message=(
                "opssl: no usable OS keyring. To use a token from the environment instead:\n"
                + token_recipe(self._required_target(), username)
            ),
        )

    def profile_created(self, profile: Profile, config: Config) -> None:
        """First start: the profile is saved; now the token (OPSSL_TOKEN or a sign-in)."""
        self.config = config
        target = Target.from_profile(profile)
        if self.read_only:
            target = replace(target, read_only_flag=True)
        self.target = target
        self._owned = self.client = self._new_client(target)
        token = env_token()
        if token:
            self.store = None
            self.memory_only = True
            self.client.set_token(token)
            self.app.connect(self.client, target.connection(TokenSource.ENV))
            self._connected = True
            self.show(None)
            return
        note = (
            f"Saved profile {profile.name} in {config.path} (the default from now on). Now sign in."
        )
        self.show(self.sign_in_screen(username=profile.username, note=note))

    # -- signing in -----------------------------------------------------------------------

    async def sign_in(self, username: str, password: str, ip: str | None) -> SignInResult:
        """``POST /auth/login``; the token goes to the keyring unless it is memory-only."""
        return await sign_in(
            self._required_target(),
            username,
            password,
            ip=ip,
            store=self.store if self.remember else None,
            client=self._client(),
            remember=self.remember,
        )

    def signed_in(self, result: SignInResult) -> None:
        """The sign-in screen succeeded: show the browser (or first the keyring problem)."""
        from tui_app.ui.signin.keyring_screen import KeyringProblemScreen

        target = self._required_target()
        source = TokenSource.SIGN_IN if result.stored else TokenSource.MEMORY
        self.app.connect(self._client(), target.connection(source, result.username))
        self._connected = True
        if self.remember and not result.stored:
            problem = result.keyring_error or KeyringUnavailable(
                result.note or "The OS keyring did not keep the token.", reason="error"
            )
            self.show(KeyringProblemScreen(self, problem, username=result.username, signed_in=True))
            return
        self.show(None)
        self._say_signed_in(result)

    def _say_signed_in(self, result: SignInResult) -> None:
        until = result.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        where = "in the OS keyring" if result.stored else "in memory for this session only"
        label = self._required_target().label
        self.app.notify(
            f"Signed in to {label} as {result.username}. The token is {where}, "
            f"valid until {until}.",
            title="Signed in",
            markup=False,
        )

    # -- code 196 in the middle of a session ----------------------------------------------

    def need_sign_in(self, *, asked: bool = False) -> bool:
        """The API refused the token (or ``asked``, from the palette): ask for the password,
        once, over the current screen; several refusals at once share the one dialog.

        True if the dialog is open now.
        """
        from tui_app.ui.signin.reauth_dialog import ReauthDialog

        if self._dialog_open:
            return True
        if not self._connected or self.target is None:
            return False
        self._dialog_open = True
        connection = self.app.connection
        username = connection.username or self.target.username
        if connection.token_source != TokenSource.REFUSED:
            self._refused_source = connection.token_source
        dialog = ReauthDialog(
            self,
            username=username,
            from_env=self._refused_source == TokenSource.ENV,
            asked=asked,
        )
        self.app.push_screen(dialog, self._reauth_closed)
        return True

    def reauthenticated(self, result: SignInResult) -> None:
        """The dialog signed in: the header says where the new token is."""
        source = TokenSource.SIGN_IN if result.stored else TokenSource.MEMORY
        self.app.set_connection(
            replace(self.app.connection, token_source=source, username=result.username)
        )
        # What was said while the token was refused ("Not signed in", failed loads) is
        # over: those toasts must not cover the screen that now loads.
        self.app.clear_notifications()
        self._say_signed_in(result)
        if self.remember and not result.stored:
            problem = result.keyring_error.problem if result.keyring_error else result.note
            self.app.notify(
                f"{problem} The new token is kept in memory for this session only.",
                title="Not saved in the keyring",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _reauth_closed(self, result: SignInResult | None) -> None:
        self._dialog_open = False
        if result is not None:
            self.reauthenticated(result)
            for retry in self.app.take_retries():
                retry()
            return
        if self.app.connection.token_source != TokenSource.REFUSED:
            # The header must not go on saying "token in memory" (or keyring): it is refused.
            self.app.set_connection(replace(self.app.connection, token_source=TokenSource.REFUSED))
        self.app.notify(
            "The API refuses the current token, so nothing loads or saves until you sign in. "
            "Nothing you typed is lost. Press r to retry (the sign-in dialog opens again), "
            "or use 'Sign in again' in the command palette (ctrl+p).",
            title="Not signed in",
            severity="warning",
            timeout=20,
            markup=False,
        )

    def palette_commands(self) -> Iterator[SystemCommand]:
        if self._connected and self.target is not None:
            yield SystemCommand(
                "Sign in again",
                "Sign in with the password for a new token (when the old one is refused)",
                self._ask_from_palette,
            )

    def _ask_from_palette(self) -> None:
        self.need_sign_in(asked=True)

    # -- helpers ----------------------------------------------------------------------

    def _required_target(self) -> Target:
        if self.target is None:
            raise RuntimeError("no API chosen yet")
        return self.target

    def _client(self) -> OpenproviderClient:
        if self.client is None:
            self._owned = self.client = self._new_client(self._required_target())
        return self.client

    def _new_client(self, target: Target) -> OpenproviderClient:
        journal = self.journal
        observer = journal.observer(target.profile) if journal is not None else None
        return OpenproviderClient(target.base_url, on_write=observer)
