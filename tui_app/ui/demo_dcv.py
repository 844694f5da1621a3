"""The demo's DCV servers start once the first rows are on screen, not before them.

Starting them (dnspython, a TLS key, six listening threads) takes ~50 ms, all of it
before the first rows when it was done at launch. Only the DCV check screen needs them:
it waits for them here when ``v`` comes before they are up.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from tui_app.core.dcv_check.settings import CheckSettings


class DemoDcv:
    """Runs ``start`` (which returns where checks look) once, in a thread."""

    def __init__(self, start: Callable[[], CheckSettings]) -> None:
        self._start = start
        self._future: asyncio.Future[CheckSettings] | None = None

    def start(self) -> None:
        """Begin starting the servers (once; later calls do nothing)."""
        if self._future is None:
            self._future = asyncio.get_running_loop().run_in_executor(None, self._start)

    async def settings(self) -> CheckSettings:
        """Where DCV checks look, once the servers listen."""
        self.start()
        assert self._future is not None
        return await asyncio.shield(self._future)

    async def aclose(self) -> None:
        """Wait for a start under way: the sandbox is stopped after its servers started,
        never while they start."""
        if self._future is not None:
            with contextlib.suppress(Exception):
                await self._future
