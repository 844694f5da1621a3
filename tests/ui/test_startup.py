"""Start-up: `opssl --demo`, `opssl --base-url` with OPSSL_TOKEN, and the refusals.

The sign-in paths (keyring, sign-in screen, first start) are in tests/ui/signin.

The last test runs the real command in a pseudo-terminal, as a newcomer would.
"""

from __future__ import annotations

import gc
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot

from tests.ui.edit.helpers import REQ_MULTI
from tests.ui.helpers import move_to_order, screen_text, settle
from tests.ui.signin.start import start_opssl
from tui_app.cli import main
from tui_app.core.environment import Kind
from tui_app.startup import DEMO_ORDERS, StartupError, resolve_start
from tui_app.ui.app import OpsslApp


def test_without_an_api_a_first_start_offers_a_profile() -> None:
    """Plain ``opssl`` with no config: the app opens on the profile form (tests/ui/signin)."""
    plan = resolve_start(demo=False, base_url=None, environ={})
    assert plan.target is None and plan.config is not None and plan.base_url is None


def test_base_url_without_a_token_goes_to_the_keyring_then_sign_in() -> None:
    plan = resolve_start(demo=False, base_url="https://api.cte.openprovider.eu/v1beta", environ={})
    assert plan.token is None and plan.store is not None
    assert plan.target is not None and plan.target.base_url == plan.base_url


def test_an_insecure_url_is_refused_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base-url", "http://api.example.com/v1beta"]) == 2
    err = capsys.readouterr().err
    assert "plain HTTP" in err
    assert "Traceback" not in err
    assert main(["--base-url", "not a url"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


def test_demo_and_base_url_together_are_refused() -> None:
    with pytest.raises(StartupError, match="cannot be used together"):
        resolve_start(demo=True, base_url="https://api.cte.openprovider.eu/v1beta")


def test_opssl_token_is_used_for_any_base_url() -> None:
    plan = resolve_start(
        demo=False,
        base_url="https://api.cte.openprovider.eu/v1beta/",
        environ={"OPSSL_TOKEN": " abc123 \n"},
    )
    assert plan.token == "abc123"
    assert plan.base_url == "https://api.cte.openprovider.eu/v1beta"
    assert plan.connection.kind is Kind.TEST
    assert plan.connection.token_source == "OPSSL_TOKEN"
    assert plan.sandbox is None
    custom = resolve_start(
        demo=False, base_url="https://op.example.net/v1beta", environ={"OPSSL_TOKEN": "t"}
    )
    assert custom.connection.kind is Kind.CUSTOM and custom.connection.label == "op.example.net"


def test_demo_starts_a_sandbox_with_a_working_token() -> None:
    plan = resolve_start(demo=True, base_url=None, environ={})
    try:
        assert plan.sandbox is not None
        assert plan.connection.kind is Kind.DEMO
        assert plan.connection.token_source == "demo"
        assert plan.base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(
            f"{plan.base_url}/ssl/orders",
            params={"limit": 1},
            headers={"Authorization": f"Bearer {plan.token}"},
        ).json()
        assert answer["code"] == 0
        assert answer["data"]["total"] == DEMO_ORDERS
    finally:
        if plan.sandbox is not None:
            plan.sandbox.stop()


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def opssl_demo_in_a_pty(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """``opssl --demo`` on a fresh pseudo-terminal (80x24, no OPSSL_TOKEN): the process
    and the terminal's leader side."""
    leader, follower = pty.openpty()
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("OPSSL_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui_app", "--demo"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    return process, leader


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_opssl_demo_runs_in_a_real_terminal_and_quits_cleanly() -> None:
    process, leader = opssl_demo_in_a_pty(dict(os.environ))
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(leader, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        shown = read_until(leader, b"120 orders", timeout=30)
        assert b"120 orders" in shown, shown[-2000:]
        assert b"DEMO" in shown
        os.write(leader, b"\x11")  # ctrl+q
        assert process.wait(timeout=15) == 0
        rest = read_until(leader, b"Traceback", timeout=0.5)
        assert b"Traceback" not in shown + rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)


async def test_the_demo_runs_with_the_gc_on_and_its_dcv_servers_up_after_the_first_rows() -> None:
    """``opssl --demo`` as the command runs it: the start-up's imports with the cyclic GC
    off (``entry.py``), the app with it on; the DCV servers started once the rows are
    drawn, and ``v`` checks against them."""

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert gc.isenabled()
        assert app.demo_dcv is not None
        settings = await app.check_settings()
        assert settings is not None and settings.view_label.startswith("the demo's own DNS")
        await move_to_order(pilot, app, REQ_MULTI)
        await pilot.press("v")
        await settle(pilot)
        assert "4 of 4 hosts checked: 1 partial, 1 missing, 1 blocked, 1 skipped" in (
            screen_text(app)
        )

    gc.disable()
    try:
        assert await start_opssl(steps, demo=True) == 0
    finally:
        gc.enable()


def test_every_command_but_the_tui_runs_with_the_gc_on(capsys: pytest.CaptureFixture[str]) -> None:
    gc.disable()
    try:
        main(["keys"])
        assert gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()


def test_the_demo_keeps_its_csrs_under_the_users_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    plan = resolve_start(demo=True, base_url=None, environ={})
    assert plan.sandbox is not None
    try:
        httpx.get(
            f"{plan.base_url}/ssl/orders", headers={"Authorization": f"Bearer {plan.token}"}
        ).raise_for_status()
    finally:
        plan.sandbox.stop()
    written = json.loads((tmp_path / "opssl" / "demo-csrs.json").read_text())
    assert len(written["csrs"]) == 100  # the first page's
