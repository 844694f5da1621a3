"""What the reliability tests share: an API that can vanish, a client with a short timeout,
and the checks every failed write must pass (one PUT, every edit still in the form).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.ui.edit.helpers import form_screen, puts
from tests.ui.helpers import screen_text, settle
from tui_app.api import OpenproviderClient
from tui_app.core.draft import OrderDraft
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp

# Longer than any retry the client could still make on its own (backoff 0.01 s, doubled
# twice) and than the slowest latency these tests set: a repeated write would land here.
QUIET = 0.3


def short_client(base_url: str, token: str, timeout: float) -> OpenproviderClient:
    """A client that gives up after ``timeout`` seconds, with the usual read retries."""
    return OpenproviderClient(base_url, token, backoff=0.01, timeout=timeout, connect_timeout=1)


async def quiet_period(pilot: Pilot[Any], seconds: float = QUIET) -> None:
    """Let any retry or backoff the app might make by itself happen, then settle."""
    await pilot.pause(seconds)
    await settle(pilot)


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, seconds: float = 10
) -> None:
    """Pause in small steps until ``condition`` holds (for states that settle() waits past)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        await pilot.pause(0.02)


def draft(app: OpsslApp) -> OrderDraft:
    found = form_screen(app).current_draft()
    assert found is not None, "the form is not built"
    return found


def assert_no_write(sandbox: Sandbox) -> None:
    """Nothing that changes anything reached the API, the approver calls included."""
    assert puts(sandbox, r".*") == []
    assert sandbox.received("POST", r"/ssl/.*") == []


def no_traceback_or_token(app: OpsslApp, *secrets: str) -> None:
    shown = screen_text(app)
    assert "Traceback" not in shown
    for secret in secrets:
        assert secret not in shown


class ApiGate:
    """A TCP forwarder in front of the sandbox: ``down()`` makes the API vanish (every
    open connection cut, new ones refused), ``up()`` brings it back on the same port."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()

    @property
    def base_url(self) -> str:
        return re.sub(r":\d+/", f":{self.port}/", self.sandbox.base_url, count=1)

    async def up(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def down(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.sandbox.port
            )
        except OSError:
            writer.transport.abort()
            return
        self._links.update((writer, upstream_writer))

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while chunk := await source.read(65536):
                    sink.write(chunk)
                    await sink.drain()
            sink.transport.abort()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
        self._links.difference_update((writer, upstream_writer))
