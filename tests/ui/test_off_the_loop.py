"""Slow or blocking work stays off the event loop: the config file is written from a
thread, and the first import of ``cryptography`` (a few hundred milliseconds) happens in
a thread too, so no key waits for it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.signin.start import USERNAME, start_opssl
from tui_app.auth import config as config_module
from tui_app.auth.config import Config, ConfigError, load_config
from tui_app.sandbox import Sandbox
from tui_app.ui import signin
from tui_app.ui.app import OpsslApp
from tui_app.ui.signin.setup_screen import SetupScreen
from tui_app.ui.signin.signin_screen import SignInScreen


async def fill_first_start(app: OpsslApp, pilot: Pilot[None], url: str) -> None:
    assert isinstance(app.screen, SetupScreen)
    await pilot.press("down", "down", "space")
    app.screen.query_one("#setup-url", Input).value = url
    app.screen.query_one("#setup-name", Input).value = "sandbox"
    app.screen.query_one("#setup-username", Input).value = USERNAME
    await pilot.press("ctrl+s")


async def test_the_profile_is_saved_from_a_thread(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[bool] = []
    real = config_module.save_config

    def recording(config: Config) -> Path:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(config)

    monkeypatch.setattr(signin.setup_screen, "save_config", recording)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await fill_first_start(app, pilot, sandbox.base_url)
        from tests.ui.helpers import settle

        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)

    await start_opssl(steps)
    assert threads == [False]
    assert "sandbox" in load_config().profiles


async def test_a_save_that_fails_in_its_thread_is_said_at_the_form(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(config: Config) -> Path:
        raise ConfigError("cannot write the file: disk full", path=config.path)

    monkeypatch.setattr(signin.setup_screen, "save_config", failing)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await fill_first_start(app, pilot, sandbox.base_url)
        from tests.ui.helpers import settle

        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "disk full" in str(app.screen.query_one("#setup-status").render())

    await start_opssl(steps)


SCRIPT = textwrap.dedent(
    """
    import asyncio, sys, threading

    importers = []

    class Watch:
        def find_spec(self, name, path=None, target=None):
            if name == "cryptography":
                importers.append(threading.current_thread() is threading.main_thread())
            return None

    sys.meta_path.insert(0, Watch())

    from textual.worker import WorkerState
    from tui_app.api import OpenproviderClient
    from tui_app.core.environment import Connection, Kind
    from tui_app.ui.app import OpsslApp

    async def settle(pilot):
        # Not tests.ui.helpers.settle: importing that module imports the sandbox, and
        # cryptography with it.
        for _ in range(200):
            await pilot.pause(0.02)
            busy = [w for w in pilot.app.workers
                    if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
            if not busy:
                await pilot.pause()
                return
        raise AssertionError("did not settle")

    async def main(base_url, token):
        async with OpenproviderClient(base_url, token) as client:
            app = OpsslApp(client, Connection(base_url, Kind.DEMO, "demo"), detail_debounce=0)
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                for keys in (["j"], ["e"], ["escape"], ["question_mark"], ["escape"]):
                    await pilot.press(*keys)
                    await settle(pilot)
                assert "cryptography" in sys.modules
        print("IMPORTED_ON_MAIN_THREAD", importers)

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


def test_cryptography_is_first_imported_in_a_thread(tmp_path: Path, sandbox: Sandbox) -> None:
    """In a fresh interpreter (this one imported cryptography long ago); the sandbox
    serves it from this process, so that one never imports the sandbox (which imports
    cryptography itself)."""
    script = tmp_path / "watch_imports.py"
    script.write_text(SCRIPT)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(script), sandbox.base_url, sandbox.issue_token()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "IMPORTED_ON_MAIN_THREAD [False]" in result.stdout, result.stdout + result.stderr
