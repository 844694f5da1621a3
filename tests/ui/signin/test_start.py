"""Start-up: first start, broken config, OPSSL_TOKEN first, demo, --base-url, read-only."""

from __future__ import annotations

import importlib
import time
import tomllib
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, RadioSet

from tests.auth.keyring_doubles import MemoryKeyring
from tests.ui.helpers import browser, settle, terminal_write
from tui_app import startup
from tui_app.auth.config import load_config
from tui_app.cli import main
from tui_app.sandbox import Sandbox
from tui_app.startup import StartupError, resolve_start
from tui_app.ui.app import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.signin.setup_screen import SetupScreen
from tui_app.ui.signin.signin_screen import SignInScreen

from .start import (
    PASSWORD,
    USERNAME,
    add_profile,
    field,
    focused_id,
    header,
    shows_source,
    start_opssl,
    type_in,
    words,
)


def setup_status(app: OpsslApp) -> str:
    return str(app.screen.query_one("#setup-status").render())


async def test_first_start_creates_a_profile_then_signs_in(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    config = load_config()
    assert not config.path.exists()

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SetupScreen)
        assert focused_id(app) == "setup-api"
        await pilot.press("ctrl+s")  # nothing chosen yet: said, and nothing written
        assert "Choose the API" in str(app.screen.query_one("#setup-status").render())
        assert not config.path.exists()
        # Another URL (the sandbox): down twice, space.
        await pilot.press("down", "down", "space")
        assert app.screen.query_one(RadioSet).pressed_index == 2
        assert not field(app, "setup-url").disabled
        await pilot.press("tab")
        assert focused_id(app) == "setup-url"
        field(app, "setup-url").value = sandbox.base_url
        await pilot.pause()
        assert field(app, "setup-name").value == "custom"  # offered; 127.0.0.1 has no name
        field(app, "setup-name").value = "sandbox"
        await pilot.press("tab", "tab")
        await type_in(pilot, USERNAME)
        await pilot.press("tab", "space")  # read-only
        assert app.screen.query_one(Checkbox).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Saved; the sign-in form knows the username and says where the profile went.
        assert isinstance(app.screen, SignInScreen)
        assert field(app, "signin-username").value == USERNAME
        assert f"Saved profile sandbox in {config.path}" in words(app)
        # The username is known: the keys typed next are the password (issue 16 item 3).
        assert focused_id(app) == "signin-password"
        terminal_write(app, PASSWORD + "\r")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).pages.total == 40
        assert app.connection.profile == "sandbox"
        assert app.connection.read_only
        assert "READ-ONLY" in header(app)

    await start_opssl(steps)
    (login,) = sandbox.received("POST", "/auth/login")
    assert login.body == {"username": USERNAME, "password": PASSWORD}
    saved = tomllib.loads(config.path.read_text())
    assert saved == {
        "default": "sandbox",
        "profiles": {
            "sandbox": {"base_url": sandbox.base_url, "username": USERNAME, "read_only": True}
        },
    }
    assert ("opssl", f"{USERNAME} on profile sandbox") in memory_keyring.entries
    assert PASSWORD not in config.path.read_text()
    # The next start goes straight to the orders.
    sandbox.clear_requests()

    async def again(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BrowserScreen)

    await start_opssl(again)
    assert sandbox.received("POST", "/auth/login") == []


async def test_first_start_checks_the_fields(sandbox: Sandbox) -> None:
    config = load_config()

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await pilot.press("space")  # production
        assert field(app, "setup-name").value == "prod"
        assert field(app, "setup-url").disabled
        await pilot.press("ctrl+s")
        assert "Enter the username" in setup_status(app)
        assert focused_id(app) == "setup-username"
        field(app, "setup-username").value = "two words"
        await pilot.press("ctrl+s")
        assert "not a valid API username" in setup_status(app)
        field(app, "setup-name").value = "no spaces allowed"
        await pilot.press("ctrl+s")
        assert "not a valid profile name" in setup_status(app)
        assert focused_id(app) == "setup-name"
        await pilot.press("up", "up")  # back to the API choice: another URL, plain http
        app.screen.query_one(RadioSet).focus()
        await pilot.press("down", "down", "space")
        field(app, "setup-url").value = "http://api.example.net/v1beta"
        await pilot.press("ctrl+s")
        assert "plain HTTP" in setup_status(app)
        assert focused_id(app) == "setup-url"

    await start_opssl(steps)
    assert not config.path.exists()


def test_a_broken_config_file_is_named_with_its_key(capsys: pytest.CaptureFixture[str]) -> None:
    path = load_config().path
    path.write_text('[profiles.live]\nbase_url = "https://api.openprovider.eu/v1beta"\n')
    assert main([]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "profiles.live.username" in err and "missing" in err
    assert "Traceback" not in err
    path.write_text("default = [\n")
    assert main(["--profile", "live"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "not valid TOML" in err and "Traceback" not in err


def test_profiles_without_a_default_are_listed(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    add_profile(sandbox, "one")
    add_profile(sandbox, "two")
    config = load_config()
    config.default = None
    from tui_app.auth.config import save_config

    save_config(config)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "no default profile" in err and "one, two" in err and "opssl profiles default" in err
    assert main(["--profile", "nope"]) == 2
    assert "no profile named 'nope'" in capsys.readouterr().err


async def test_opssl_token_wins_and_the_keyring_is_untouched(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    plan = resolve_start(demo=False, base_url=None, environ={"OPSSL_TOKEN": "x"})
    assert plan.token == "x" and plan.store is None  # known before start: the fast path

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BrowserScreen)
        assert browser(app).pages.total == 40
        assert shows_source(app, "OPSSL_TOKEN")

    await start_opssl(steps, environ={"OPSSL_TOKEN": sandbox.issue_token()})
    assert memory_keyring.calls == []
    assert sandbox.received("POST", "/auth/login") == []


async def test_demo_never_touches_the_keyring(memory_keyring: MemoryKeyring) -> None:
    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BrowserScreen)
        assert app.connection.token_source == "demo"
        assert browser(app).pages.total == 120

    await start_opssl(steps, demo=True)
    assert memory_keyring.calls == []


def answer_first(monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring, who: str) -> None:
    """Order the start's race: the keyring's answer before the UI's import, or after it."""
    if who == "keyring":
        slow_import = importlib.import_module

        def import_module(name: str) -> ModuleType:
            if name == "tui_app.ui.app":
                time.sleep(0.3)  # in the import thread, while the keyring answers
            return slow_import(name)

        monkeypatch.setattr(startup, "importlib", SimpleNamespace(import_module=import_module))
    else:
        answer = memory_keyring.get_password

        def slow_answer(service: str, username: str) -> str | None:
            time.sleep(0.3)
            return answer(service, username)

        monkeypatch.setattr(memory_keyring, "get_password", slow_answer)


@pytest.mark.parametrize("first", ["keyring", "ui"])
async def test_base_url_without_a_token_signs_in_for_that_url(
    sandbox: Sandbox, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        assert field(app, "signin-username").value == ""  # nobody signed in there yet
        await type_in(pilot, USERNAME)
        await pilot.press("enter")
        field(app, "signin-password").value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.connection.profile is None

    await start_opssl(steps, base_url=sandbox.base_url)
    assert ("opssl", f"{USERNAME} on {sandbox.base_url}") in memory_keyring.entries

    async def again(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BrowserScreen)
        assert app.connection.username == USERNAME

    answer_first(monkeypatch, memory_keyring, first)
    await start_opssl(again, base_url=sandbox.base_url)


async def test_a_read_only_profile_is_shown_and_set(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox, read_only=True)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        field(app, "signin-password").value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert app.connection.read_only
        reason = app.connection.read_only_reason
        assert reason is not None and "profile sb" in reason
        # The badge sits right after the API badge: visible at 80 columns.
        first_line = app.screen_stack[0]
        assert isinstance(first_line, BrowserScreen)
        from tests.ui.helpers import screen_text

        assert "READ-ONLY" in screen_text(app).splitlines()[0]

    await start_opssl(steps)


def test_read_only_flag_applies_to_any_session(sandbox: Sandbox) -> None:
    add_profile(sandbox)
    plan = resolve_start(demo=False, base_url=None, read_only=True, environ={"OPSSL_TOKEN": "t"})
    assert plan.connection is not None and plan.connection.read_only
    reason = plan.connection.read_only_reason
    assert reason is not None
    # Said as it is: the flag, not the profile (issue 16 item 9).
    assert "started with --read-only" in reason and "profile sb" not in reason


def test_the_choices_cannot_be_combined() -> None:
    with pytest.raises(StartupError, match="cannot be used together"):
        resolve_start(demo=False, base_url="https://x.example/v1beta", profile="p")
    with pytest.raises(StartupError, match="--demo cannot be used together"):
        resolve_start(demo=True, base_url=None, profile="p")


def test_first_start_plan_touches_nothing(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    plan = resolve_start(demo=False, base_url=None, environ={})
    assert plan.target is None and plan.config is not None and plan.base_url is None
    assert memory_keyring.calls == []
    assert not plan.config.path.exists()
