"""``opssl --demo``'s sandbox in a process of its own (``tui_app/demo_process.py``).

Real processes throughout: the child serves on the socket the app made, takes the token
on its stdin, goes when the app goes (even on SIGKILL), and a child that cannot start
ends the app with words and exit code 2, never a hang.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.conftest import TODAY
from tests.ui.test_startup import opssl_demo_in_a_pty, read_until
from tui_app.core.environment import Connection, Kind
from tui_app.demo_process import PREFIX, DemoSandbox, DemoSandboxError
from tui_app.sandbox import Sandbox
from tui_app.sandbox.routes import PREFIX as SANDBOX_PREFIX
from tui_app.startup import StartPlan, launch, resolve_start
from tui_app.ui.app import OpsslApp

posix_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc, uses a pty")


def _get(base_url: str, token: str, path: str, **params: object) -> dict[str, object]:
    answer = httpx.get(
        f"{base_url}{path}", params=params, headers={"Authorization": f"Bearer {token}"}
    )
    answer.raise_for_status()
    return dict(answer.json())


def _listening_inode(port: int) -> str:
    """The inode of the socket listening on 127.0.0.1:``port`` (from /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == f"0100007F:{port:04X}" and fields[3] == "0A":
            return fields[9]
    raise AssertionError(f"nothing listens on port {port}")


def _holds(pid: int, inode: str) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    return any(os.readlink(fd) == f"socket:[{inode}]" for fd in fds.iterdir() if fd.exists())


def _gone(pid: int, seconds: float) -> bool:
    """Whether ``pid`` ended (or is a zombie nobody reaped yet) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _demo_children(parent: int) -> list[int]:
    """The demo sandboxes ``parent`` started (by their command line)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"tui_app.sandbox.demo_child" in command:
            found.append(int(stat.parent.name))
    return found


def test_the_prefix_is_the_sandboxs() -> None:
    assert PREFIX == SANDBOX_PREFIX


@posix_only
def test_the_child_serves_the_first_page_on_the_socket_the_app_made() -> None:
    plan = resolve_start(demo=True, base_url=None, environ={})
    sandbox = plan.sandbox
    assert sandbox is not None and plan.token is not None
    try:
        # Asked at once: the request waits in the backlog until the child accepts it.
        page = _get(sandbox.base_url, plan.token, "/ssl/orders", limit=100)
        assert page["code"] == 0
        data = page["data"]
        assert isinstance(data, dict) and data["total"] == 120 and len(data["results"]) == 100
        inode = _listening_inode(sandbox.port)
        assert sandbox.pid != os.getpid()
        assert _holds(sandbox.pid, inode)
        # The app keeps no copy: a child that dies makes requests fail, never wait.
        assert not _holds(os.getpid(), inode)
    finally:
        sandbox.stop()
    assert _gone(sandbox.pid, 5)
    with pytest.raises(httpx.ConnectError):
        _get(sandbox.base_url, plan.token, "/ssl/orders", limit=1)


@posix_only
def test_the_token_is_neither_on_the_childs_command_line_nor_in_its_environment() -> None:
    sandbox = DemoSandbox.start(orders=10)
    try:
        _get(sandbox.base_url, sandbox.token, "/ssl/orders", limit=1)  # it is accepted
        command = Path(f"/proc/{sandbox.pid}/cmdline").read_bytes()
        environment = Path(f"/proc/{sandbox.pid}/environ").read_bytes()
        assert b"tui_app.sandbox.demo_child" in command
        assert sandbox.token.encode() not in command
        assert sandbox.token.encode() not in environment
        assert sandbox.token not in repr(sandbox)
        refused = httpx.get(
            f"{sandbox.base_url}/ssl/orders", headers={"Authorization": "Bearer " + "0" * 32}
        ).json()
        assert refused["code"] == 196  # only the token it was given works
    finally:
        sandbox.stop()


def test_a_sandbox_takes_only_a_token_of_the_apis_shape() -> None:
    sandbox = Sandbox(orders=1)
    token = os.urandom(16).hex()
    sandbox.accept_token(token)
    sandbox.store.check_token(token)
    assert token in sandbox.store.issued_tokens()
    for bad in ("", "x" * 32, token.upper(), token + "0"):
        with pytest.raises(ValueError):
            sandbox.accept_token(bad)


@posix_only
def test_the_demo_shows_what_the_sandbox_in_the_apps_process_showed() -> None:
    """Same orders, DCV values and certificates for the same seed and day."""
    child = DemoSandbox.start(orders=120, today=TODAY)
    try:
        with Sandbox(orders=120, today=TODAY) as here:
            theirs = here.issue_token()
            for path, params in (
                ("/ssl/orders", {"limit": 100}),
                ("/ssl/orders", {"limit": 100, "offset": 100}),
            ):
                assert _get(child.base_url, child.token, path, **params) == _get(
                    here.base_url, theirs, path, **params
                )
            for order in sorted(here.store.orders)[:6]:
                path = f"/ssl/orders/{order}"
                assert _get(child.base_url, child.token, path) == _get(here.base_url, theirs, path)
    finally:
        child.stop()


@posix_only
@pytest.mark.parametrize("end", ["ctrl+q", "SIGKILL"])
def test_the_child_goes_with_the_app(end: str) -> None:
    """No orphan: the app stops its sandbox on exit, and a killed app's sandbox follows
    its stdin's end."""
    process, leader = opssl_demo_in_a_pty(dict(os.environ))
    try:
        shown = read_until(leader, b"120 orders", timeout=30)
        assert b"120 orders" in shown, shown[-2000:]
        children = _demo_children(process.pid)
        assert len(children) == 1
        if end == "ctrl+q":
            os.write(leader, b"\x11")
            assert process.wait(timeout=15) == 0
            assert _gone(children[0], 0), "the app exited before its sandbox"
        else:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=5)
            assert _gone(children[0], 10), "the demo's sandbox outlived the app"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)


@posix_only
def test_a_child_that_cannot_start_ends_the_app_with_words(tmp_path: Path) -> None:
    """A Python without the sandbox's modules: a message and exit code 2, no traceback."""
    shim = tmp_path / "cryptography"
    shim.mkdir()
    (shim / "__init__.py").write_text("raise ImportError(\"No module named 'cryptography'\")\n")
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": str(tmp_path) + (os.pathsep + path if path else "")}
    process, leader = opssl_demo_in_a_pty(env)
    try:
        assert process.wait(timeout=30) == 2
        shown = read_until(leader, b"\n", timeout=1)
        text = shown.decode(errors="replace")
        assert "opssl: the demo's sandbox could not start:" in text, text[-2000:]
        assert "No module named 'cryptography'" in text
        assert "Traceback" not in text
        assert not _demo_children(process.pid)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)


def test_a_python_that_cannot_run_is_said_in_words(tmp_path: Path) -> None:
    with pytest.raises(DemoSandboxError, match="cannot start the demo's sandbox"):
        DemoSandbox.start(orders=1, python=str(tmp_path / "no-such-python"))


@posix_only
async def test_a_child_that_fails_while_the_app_runs_ends_it_with_code_2(tmp_path: Path) -> None:
    """The app already running when the child ends before it was ready: exit code 2."""
    late = tmp_path / "python"
    late.write_text(
        textwrap.dedent(
            """\
            #!/bin/sh
            sleep 1
            echo "RuntimeError: the sandbox broke"
            exit 3
            """
        )
    )
    late.chmod(0o755)
    sandbox = DemoSandbox.start(orders=1, python=str(late))
    connection = Connection(sandbox.base_url, Kind.DEMO, token_source="demo")
    plan = StartPlan(sandbox.base_url, sandbox.token, connection, sandbox)
    ran: list[float] = []

    async def run(app: OpsslApp) -> None:
        started = time.monotonic()
        async with app.run_test(size=(80, 24)):
            while app.return_code is None and time.monotonic() - started < 20:
                await asyncio.sleep(0.05)
            ran.append(time.monotonic() - started)

    try:
        assert await launch(plan, run) == 2
    finally:
        sandbox.stop()
    assert ran and ran[0] < 20
    assert sandbox.failure == "the demo's sandbox could not start: RuntimeError: the sandbox broke"


def test_the_child_writes_the_csr_cache_when_the_app_stops_it() -> None:
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "opssl" / "demo-csrs.json"
    sandbox = DemoSandbox.start(orders=120, today=datetime(2026, 11, 29, 12))
    try:
        _get(sandbox.base_url, sandbox.token, "/ssl/orders", limit=100)
    finally:
        sandbox.stop()
    assert len(json.loads(cache.read_text())["csrs"]) == 100


def test_the_orders_uuid_is_uuids_own_text() -> None:
    import uuid

    from tui_app.sandbox.orders import uuid_text

    for number in (0, 1, 1_306_001, 2**64 + 12345, 2**128 - 1):
        assert uuid_text(number) == str(uuid.UUID(int=number))
