"""``opssl --demo``'s sandbox in a process of its own, and the app's handle on it.

In the app's process the sandbox (cryptography, its own modules, the CA and the first
page's certificates, seeding) cost ~80 ms under the app's GIL while Textual imported.
Here the app makes the listening socket and the session's token, starts
``tui_app.sandbox.demo_child`` with both (the socket inherited, the token on its stdin),
and goes on at once: the base URL is known, and the first request waits in the socket's
backlog until the child accepts it, while the second core does the sandbox's work.

The child lives as long as its stdin: the app closes it on exit (and waits for the CSR
cache to be written); a crash or a SIGKILL of the app closes it too. The app's copy of
the socket is closed once the child has it, so a child that dies makes requests fail
(a connection error, ``r`` retries) instead of waiting in a backlog nobody serves.

Nothing here imports the sandbox: that is the point.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = ["DcvPorts", "DemoSandbox", "DemoSandboxError"]

PREFIX = "/v1beta"  # the sandbox's ``routes.PREFIX`` (a test checks they agree)
CHILD = "tui_app.sandbox.demo_child"
# The directory ``tui_app`` is in: the child runs this same code, whatever its path says.
_ROOT = str(Path(__file__).resolve().parent.parent)
# ``-P``: no module in the user's current directory shadows one of the sandbox's.
_FLAGS = ("-P",)
STOP_WAIT = 10.0  # for the child to write its CSR cache and end, before it is killed
DCV_WAIT = 30.0
_SAID = 20  # lines of the child's output kept to explain why it ended


class DemoSandboxError(Exception):
    """The demo's sandbox cannot start or answer: words for the terminal."""


@dataclass(frozen=True)
class DcvPorts:
    """Where the child's DCV servers listen (as ``sandbox.dcv_servers.DcvPorts``)."""

    dns: int
    http: int
    https: int


class DemoSandbox:
    """The running child: its URL and token at once, its DCV servers on demand, ``stop``."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, token: str) -> None:
        self._process = process
        self.port = port
        self.token = token
        self.failure: str | None = None  # why the child ended before it was ready
        self._ready = False
        self._stopping = False
        self._said: list[str] = []
        self._lock = threading.Lock()
        self._on_failure: list[Callable[[], None]] = []
        self._dcv: DcvPorts | None = None
        self._dcv_answer = threading.Event()
        self._dcv_error: str | None = None
        self._dcv_lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True, name="opssl-demo-sandbox")
        self._reader.start()

    def __repr__(self) -> str:
        return f"DemoSandbox(pid={self.pid}, port={self.port})"  # never the token

    @classmethod
    def start(
        cls, *, orders: int, today: datetime | None = None, python: str = sys.executable
    ) -> DemoSandbox:
        """Listen on a free loopback port and start the child on it; returns at once."""
        # ``secrets.token_hex(16)`` is this; ``secrets`` would import hashlib and hmac.
        token = os.urandom(16).hex()
        moment = (today or datetime.now()).replace(microsecond=0)
        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listening.bind(("127.0.0.1", 0))
            listening.listen(128)
            port = int(listening.getsockname()[1])
            fd = listening.fileno()
            inherited = os.environ.get("PYTHONPATH")
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, inherited]))}
            command = [python, *_FLAGS, "-m", CHILD, "--fd", str(fd), "--orders", str(orders)]
            command += ["--today", moment.isoformat()]
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    pass_fds=(fd,),
                    env=env,
                    # Its own session: the terminal's signals are the app's; the child
                    # follows its stdin.
                    start_new_session=True,
                )
            except OSError as exc:
                raise DemoSandboxError(
                    f"cannot start the demo's sandbox ({python}): {exc.strerror or exc}"
                ) from None
        finally:
            listening.close()  # the child's copy serves; none is left that nobody serves
        assert process.stdin is not None
        with contextlib.suppress(OSError):  # a child already gone says why on its stdout
            process.stdin.write(token.encode() + b"\n")
            process.stdin.flush()
        return cls(process, port, token)

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    # -- the child's output ---------------------------------------------------------

    def _read(self) -> None:
        """Read the child's lines until it ends; an end before ``ready`` is a failure."""
        stdout = self._process.stdout
        assert stdout is not None
        for raw in stdout:
            line = raw.decode(errors="replace").rstrip()
            word, _, rest = line.partition(" ")
            if line == "ready":
                self._ready = True
            elif word == "dcv" and rest:
                dns, http, https = (int(p) for p in rest.split())
                self._dcv = DcvPorts(dns, http, https)
                self._dcv_answer.set()
            elif word == "error":
                self._dcv_error = rest
                self._dcv_answer.set()
            elif line:
                self._said = [*self._said[-_SAID + 1 :], line]
        code = None
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = self._process.wait(timeout=STOP_WAIT)
        self._dcv_answer.set()  # a ``v`` waiting for the servers hears the child is gone
        with self._lock:
            if self._ready or self._stopping:
                return
            why = self._said[-1] if self._said else f"it ended with exit code {code}"
            self.failure = f"the demo's sandbox could not start: {why}"
            callbacks, self._on_failure = self._on_failure, []
        for callback in callbacks:
            callback()

    def when_failed(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (from another thread) if the child ends before it is ready;
        at once if it already has."""
        with self._lock:
            if self.failure is None:
                self._on_failure.append(callback)
                return
        callback()

    # -- requests to the child ------------------------------------------------------

    def start_dcv(self) -> DcvPorts:
        """Start the child's DCV servers (once) and wait for their ports."""
        with self._dcv_lock:
            if self._dcv is None:
                self._send(b"dcv\n")
                if not self._dcv_answer.wait(DCV_WAIT):
                    raise DemoSandboxError("the demo's DCV servers did not start in time")
                if self._dcv is None:
                    raise DemoSandboxError(self._dcv_error or "the demo's sandbox has stopped")
            return self._dcv

    def _send(self, line: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(line)
            stdin.flush()
        except (OSError, ValueError):
            raise DemoSandboxError("the demo's sandbox has stopped") from None

    # -- the end --------------------------------------------------------------------

    def stop(self) -> None:
        """End the child (it writes its CSR cache first); kill it if it does not end."""
        with self._lock:
            self._stopping = True
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            self._process.wait(timeout=STOP_WAIT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=STOP_WAIT)
        if self._process.stdout is not None:
            self._process.stdout.close()
