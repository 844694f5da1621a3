"""The sign-in screen: the token goes to the keyring, the next start needs no sign-in.

Every test starts opssl as the command does (``resolve_start`` + ``launch``) on a profile
for the sandbox, with the in-memory keyring of ``tests/ui/conftest.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from tests.auth.keyring_doubles import MemoryKeyring
from tests.ui.helpers import browser, screen_text, settle
from tui_app.cli import main
from tui_app.sandbox import Sandbox
from tui_app.ui.app import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.signin.form import SignInForm
from tui_app.ui.signin.signin_screen import SignInScreen

from .start import (
    PASSWORD,
    USERNAME,
    add_profile,
    field,
    files_holding,
    focused_id,
    header,
    shows_source,
    start_opssl,
    type_in,
)

ACCOUNT = f"{USERNAME} on profile sb"


def saved(keyring: MemoryKeyring) -> dict[str, str]:
    secret = keyring.entries[("opssl", ACCOUNT)]
    data = json.loads(secret)
    assert isinstance(data, dict)
    return data


async def sign_in_with(pilot: Pilot[None], password: str) -> None:
    """Put the password in (typing it is tested once, below) and press enter."""
    app = pilot.app
    assert isinstance(app, OpsslApp)
    field(app, "signin-password").value = password
    await pilot.press("enter")
    await settle(pilot)


def status(app: OpsslApp) -> str:
    return " ".join(str(app.screen.query_one("#signin-status").render()).split())


async def test_sign_in_stores_the_token_and_shows_the_orders(
    sandbox: Sandbox,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    add_profile(sandbox)
    shots: list[str] = []

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        # The username is prefilled from the profile, so the password has the focus: the
        # keys typed next are the password, not more username. It is masked.
        assert focused_id(app) == "signin-password"
        assert field(app, "signin-username").value == USERNAME
        assert field(app, "signin-password").password
        assert "not signed in" in header(app)
        await pilot.press("shift+tab")
        assert focused_id(app) == "signin-username"
        await pilot.press("enter")  # enter on a filled username moves on to the password
        assert focused_id(app) == "signin-password"
        await type_in(pilot, PASSWORD)
        shots.append(app.export_screenshot())
        assert PASSWORD not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).pages.total == 40
        assert app.connection.token_source == "sign-in"
        assert shows_source(app, "sign-in")
        shots.append(app.export_screenshot())
        screens.append(screen_text(app))

    screens: list[str] = []
    assert await start_opssl(steps) == 0
    assert len(sandbox.received("POST", "/auth/login")) == 1
    entry = saved(memory_keyring)
    token = entry["token"]
    assert entry["base_url"] == sandbox.base_url and entry["issued_at"]
    assert PASSWORD not in json.dumps(entry)
    # The token went to the keyring and nowhere else: not on screen, in an SVG, a log.
    for text in [*shots, *screens, caplog.text]:
        assert token not in text
    assert not files_holding(tmp_path, token)


async def test_a_restart_reuses_the_saved_token_without_signing_in(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)

    async def first(app: OpsslApp, pilot: Pilot[None]) -> None:
        await sign_in_with(pilot, PASSWORD)

    await start_opssl(first)
    sandbox.clear_requests()

    async def second(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).pages.total == 40
        assert app.connection.token_source == "keyring"
        assert shows_source(app, "keyring")

    await start_opssl(second)
    assert sandbox.received("POST", "/auth/login") == []
    # One list request: sent as soon as the keyring answered, and taken over by the browser.
    (first_page,) = sandbox.received("GET", "/ssl/orders")
    assert first_page.query["offset"] == ["0"] and first_page.code == 0


async def test_a_wrong_password_is_said_at_the_form(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await sign_in_with(pilot, "wrong")
        assert isinstance(app.screen, SignInScreen)
        assert "Wrong username or password" in status(app)
        assert "code 196" in status(app)
        # The password is selected for retyping; the username is kept.
        assert focused_id(app) == "signin-password"
        password = field(app, "signin-password")
        assert password.selected_text == "wrong"
        assert field(app, "signin-username").value == USERNAME
        await type_in(pilot, PASSWORD)  # typing replaces the selection
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)

    await start_opssl(steps)
    bodies = [r.body for r in sandbox.received("POST", "/auth/login")]
    assert [b["password"] for b in bodies] == ["wrong", PASSWORD]
    assert ("opssl", ACCOUNT) in memory_keyring.entries


async def test_a_bug_while_signing_in_is_said_at_the_form_and_enter_tries_again(
    sandbox: Sandbox, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not an API answer: the form says what broke, takes keys again, and enter retries."""
    from tui_app.ui.signin.flow import SignInFlow

    real = SignInFlow.sign_in
    calls = 0

    async def broken_once(self: SignInFlow, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("sign-in bug")
        return await real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SignInFlow, "sign_in", broken_once)
    add_profile(sandbox)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await sign_in_with(pilot, PASSWORD)
        assert isinstance(app.screen, SignInScreen)
        assert "RuntimeError: sign-in bug" in status(app)
        assert not field(app, "signin-password").disabled
        assert PASSWORD not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)

    assert await start_opssl(steps) == 0
    assert calls == 2
    assert len(sandbox.received("POST", "/auth/login")) == 1


@pytest.mark.parametrize(
    ("code", "desc", "words"),
    [
        (10006, "2FA is enabled", "two-factor authentication"),
        (10005, "Access denied.", "IP allow-list"),
        (50, "Calls limit has been reached", "wait a minute"),
    ],
)
async def test_other_refusals_are_explained_in_words(
    sandbox: Sandbox, memory_keyring: MemoryKeyring, code: int, desc: str, words: str
) -> None:
    add_profile(sandbox)
    sandbox.faults.update(error_next=1, error_code=code, error_desc=desc, methods=["POST"])

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await sign_in_with(pilot, PASSWORD)
        assert isinstance(app.screen, SignInScreen)
        assert words in status(app)
        assert not app.screen.query_one(SignInForm).busy

    await start_opssl(steps)
    assert memory_keyring.entries == {}


async def test_an_unreachable_api_is_said_at_the_form(memory_keyring: MemoryKeyring) -> None:
    with Sandbox() as gone:
        add_profile(gone)
    # The sandbox has stopped: its port no longer answers.

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await sign_in_with(pilot, PASSWORD)
        assert "connection refused" in status(app)

    await start_opssl(steps)


async def test_fields_are_checked_before_anything_is_sent(sandbox: Sandbox) -> None:
    add_profile(sandbox)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        username = field(app, "signin-username")
        username.value = ""
        await pilot.press("enter")
        assert "Enter the API username" in status(app)
        assert focused_id(app) == "signin-username"
        await type_in(pilot, USERNAME)
        await pilot.press("tab")
        await type_in(pilot, "pw")
        await pilot.press("tab")
        assert focused_id(app) == "signin-ip"
        await type_in(pilot, "10.0.0.999")
        await pilot.press("enter")
        assert "not an IP address" in status(app)
        assert focused_id(app) == "signin-ip"

    await start_opssl(steps)
    assert sandbox.received("POST", "/auth/login") == []


async def test_the_ip_is_sent_when_given(sandbox: Sandbox) -> None:
    add_profile(sandbox)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        field(app, "signin-password").value = PASSWORD
        field(app, "signin-ip").value = " 192.0.2.7 "
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)

    await start_opssl(steps)
    (login,) = sandbox.received("POST", "/auth/login")
    assert login.body == {"username": USERNAME, "password": PASSWORD, "ip": "192.0.2.7"}


async def test_after_logout_the_next_start_asks_to_sign_in_again(
    sandbox: Sandbox, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    add_profile(sandbox)

    async def first(app: OpsslApp, pilot: Pilot[None]) -> None:
        await sign_in_with(pilot, PASSWORD)
        assert isinstance(app.screen, BrowserScreen)

    await start_opssl(first)
    # The real command, in a thread: it runs its own event loop.
    assert await asyncio.to_thread(main, ["logout", "--profile", "sb"]) == 0
    assert "Signed out" in capsys.readouterr().out
    assert ("opssl", ACCOUNT) not in memory_keyring.entries

    async def second(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        assert field(app, "signin-username").value == USERNAME

    await start_opssl(second)


async def test_an_expired_saved_token_asks_to_sign_in_and_says_why(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    stale = {
        "v": 1,
        "token": sandbox.issue_token(),
        "issued_at": "2020-01-01T00:00:00+00:00",
        "base_url": sandbox.base_url,
        "username": USERNAME,
    }
    memory_keyring.entries[("opssl", ACCOUNT)] = json.dumps(stale)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        text = " ".join(screen_text(app).split())
        assert "has expired (tokens last two days)" in text

    await start_opssl(steps)
    assert sandbox.received("GET", "/ssl/orders") == []


async def test_an_auto_typed_burst_lands_in_the_right_fields(
    memory_keyring: MemoryKeyring,
) -> None:
    """A password manager's auto-type sends user, tab, password, enter in one write: the
    tab must move the focus before the next key is routed (tab is a priority key)."""
    with Sandbox(orders=40, seed=1, username=USERNAME, password=PASSWORD) as api:

        async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
            assert isinstance(app.screen, SignInScreen)
            assert focused_id(app) == "signin-username"
            assert field(app, "signin-username").value == ""
            burst = [*USERNAME, "tab", *PASSWORD, "enter"]
            for key in burst:  # queued at once, as a terminal delivers one read
                character = {"tab": "\t", "enter": "\r"}.get(key, key)
                app.post_message(events.Key(key, character))
            await settle(pilot)
            assert isinstance(app.screen, BrowserScreen), field(app, "signin-username").value
            assert browser(app).pages.total == 40

        assert await start_opssl(steps, base_url=api.base_url) == 0
        (login,) = api.received("POST", "/auth/login")
        assert login.body == {"username": USERNAME, "password": PASSWORD}
