"""No usable keyring: explained in words, with the token kept in memory or OPSSL_TOKEN.

The failing backends are the doubles of ``tests/auth``; the store's timeout is short so a
hanging keyring costs a fraction of a second. Nothing may ever end in a plain file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked
from textual.pilot import Pilot

from tests.auth.keyring_doubles import (
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
    fail_backend,
    null_backend,
)
from tests.ui.helpers import browser, settle
from tui_app.auth.token_store import TokenStore
from tui_app.sandbox import Sandbox
from tui_app.ui.app import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.signin.keyring_screen import KeyringProblemScreen
from tui_app.ui.signin.setup_screen import SetupScreen
from tui_app.ui.signin.signin_screen import SignInScreen
from tui_app.ui.signin.wait_screen import KeyringWaitScreen

from .start import (
    PASSWORD,
    USERNAME,
    add_profile,
    field,
    files_holding,
    shows_source,
    start_opssl,
    words,
)

RECIPE = 'export OPSSL_TOKEN="$(opssl login --profile sb --print-token)"'


class ReadOnlyKeyring(MemoryKeyring):
    """Reads fine (nothing saved) but refuses to save: a collection locked for writes."""

    priority = -20

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()  # let the abandoned daemon threads finish


def short_store() -> TokenStore:
    return TokenStore(timeout=0.3)


async def continue_and_sign_in(app: OpsslApp, pilot: Pilot[None]) -> None:
    """From the keyring problem: enter, then sign in; the token stays in memory."""
    assert isinstance(app.screen, KeyringProblemScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, SignInScreen)
    assert "stays in memory" in words(app)
    field(app, "signin-password").value = PASSWORD
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, BrowserScreen)
    assert browser(app).pages.total == 40
    assert app.connection.token_source == "memory"
    assert shows_source(app, "memory")


@pytest.mark.parametrize(
    ("backend", "words_said"),
    [
        (fail_backend, "No usable OS keyring was found"),
        (null_backend, "switched off"),
        (LockedKeyring, "locked and could not be unlocked"),
    ],
)
async def test_an_unusable_keyring_is_explained_and_memory_offered(
    sandbox: Sandbox,
    tmp_path: Path,
    backend: Callable[[], KeyringBackend],
    words_said: str,
) -> None:
    add_profile(sandbox)
    keyring.set_keyring(backend())

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, KeyringProblemScreen)
        said = words(app)
        assert words_said in said
        assert RECIPE in said and "opssl --profile sb" in said
        assert "never writes the token to a plain file" in said
        await continue_and_sign_in(app, pilot)
        tokens.append(app.client._token or "")

    tokens: list[str] = []
    await start_opssl(steps, store=short_store())
    assert tokens[0] and not files_holding(tmp_path, tokens[0])


async def test_a_hanging_keyring_is_given_up_after_the_timeout(
    sandbox: Sandbox, hanging: HangingKeyring
) -> None:
    add_profile(sandbox)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        # settle() waited for the lookup: bounded by the store's timeout, not the keyring.
        assert hanging.entered.is_set()
        assert isinstance(app.screen, KeyringProblemScreen)
        assert "did not answer within 0.3 seconds" in words(app)
        await continue_and_sign_in(app, pilot)

    started = time.monotonic()
    await start_opssl(steps, store=short_store())
    assert time.monotonic() - started < 10


async def test_waiting_for_a_hanging_keyring_can_be_skipped(
    sandbox: Sandbox, hanging: HangingKeyring
) -> None:
    add_profile(sandbox)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        # The app is up and answers keys while the keyring hangs.
        assert isinstance(app.screen, KeyringWaitScreen)
        assert f"Looking for a saved sign-in for {USERNAME}" in words(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        assert "keyring was skipped" in words(app)
        field(app, "signin-password").value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert app.connection.token_source == "memory"

    started = time.monotonic()
    await start_opssl(steps, store=TokenStore(timeout=10), settle_first=False)
    assert time.monotonic() - started < 5  # nobody waited for the 10 s timeout


async def test_q_quits_and_prints_the_opssl_token_recipe(sandbox: Sandbox) -> None:
    add_profile(sandbox)
    keyring.set_keyring(fail_backend())
    messages: list[str] = []

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await pilot.press("c")
        assert RECIPE in app.clipboard
        leave = app.exit

        def exit_spy(*args: Any, **kwargs: Any) -> None:
            messages.append(str(kwargs.get("message")))
            leave(*args, **kwargs)

        app.exit = exit_spy  # type: ignore[method-assign]
        await pilot.press("q")
        await pilot.pause()

    assert await start_opssl(steps, store=short_store()) == 0
    assert any(RECIPE in m for m in messages)


async def test_a_keyring_that_refuses_the_token_after_sign_in(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    add_profile(sandbox)
    keyring.set_keyring(ReadOnlyKeyring())

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        field(app, "signin-password").value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KeyringProblemScreen)
        said = words(app)
        assert "Signed in, but the OS keyring could not keep the token" in said
        assert "locked" in said
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).pages.total == 40
        assert app.connection.token_source == "memory"
        assert app.connection.username == USERNAME

    await start_opssl(steps, store=short_store())


async def test_the_first_start_promises_the_keyring_only_when_there_is_one(
    sandbox: Sandbox,
) -> None:
    """The profile form leads to the sign-in, which nothing has checked the keyring for:
    with none on the machine it must not say the next start needs no sign-in
    (issue 16 item 15)."""
    keyring.set_keyring(fail_backend())

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("down", "down", "space", "tab")
        field(app, "setup-url").value = sandbox.base_url
        await pilot.pause()
        await pilot.press("tab", "tab", *USERNAME, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        said = words(app)
        assert "next start needs no sign-in" not in said
        assert "No usable OS keyring was found" in said
        assert "keep the token in memory for this session" in said

    await start_opssl(steps, store=short_store())
