"""Running the scripting commands as a script would: ``main([...])`` against the sandbox."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui_app.cli import main
from tui_app.journal import journal_path
from tui_app.sandbox import RecordedRequest, Sandbox


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


Cli = Callable[..., Ran]


@pytest.fixture
def cli(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    """``cli("orders", "list")`` runs ``opssl --base-url SANDBOX orders list`` with a token."""
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())

    def run(*argv: str, stdin: str = "") -> Ran:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", _Input(stdin))
        code = main(["--base-url", sandbox.base_url, *argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return Ran(code, out, err)

    return run


class _Input:
    """A stdin that is not a terminal (as in cron or a pipe)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)

    def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""

    def isatty(self) -> bool:
        return False


def puts(sandbox: Sandbox) -> list[RecordedRequest]:
    return sandbox.received("PUT")


def writes(sandbox: Sandbox) -> list[RecordedRequest]:
    return [r for r in sandbox.requests if r.method != "GET" and r.api_path != "/auth/login"]


def journal_entries() -> list[dict[str, Any]]:
    path = journal_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


# -- a real terminal ---------------------------------------------------------------------


@dataclass
class Terminal:
    """``opssl`` in a pseudo-terminal of 80x24, as a person at a shell runs it."""

    process: subprocess.Popen[bytes]
    fd: int
    seen: bytes = b""

    def read_until(self, wanted: bytes, timeout: float = 30) -> bytes:
        deadline = time.monotonic() + timeout
        while wanted not in self.seen and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.seen += chunk
        return self.seen

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        self.read_until(b"\0", timeout=0.3)  # drain what is left
        return code

    @property
    def text(self) -> str:
        return self.seen.decode("utf-8", "replace").replace("\r\n", "\n")


def in_terminal(sandbox: Sandbox, *argv: str, env: dict[str, str] | None = None) -> Terminal:
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(leader, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environ = {
        **os.environ,
        "OPSSL_TOKEN": sandbox.issue_token(),
        "OPSSL_JOURNAL": str(journal_path()),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        **(env or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tui_app", "--base-url", sandbox.base_url, *argv],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environ,
        close_fds=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    os.close(follower)
    return Terminal(process, leader)


StartTerminal = Callable[..., Terminal]


@pytest.fixture
def terminal(sandbox: Sandbox) -> Iterator[StartTerminal]:
    """Start commands in pseudo-terminals; every one is stopped and closed afterwards."""
    started: list[Terminal] = []

    def start(*argv: str, env: dict[str, str] | None = None) -> Terminal:
        term = in_terminal(sandbox, *argv, env=env)
        started.append(term)
        return term

    yield start
    for term in started:
        if term.process.poll() is None:
            term.process.kill()
            term.process.wait()
        os.close(term.fd)
