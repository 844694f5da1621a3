"""The edit form's modules load in a thread once the first list is on screen.

They pull in ``cryptography``, which takes a few hundred milliseconds to import. Done on
the event loop, the first ``e`` (or ``?``, or the first detail with a CSR) would freeze
every key for that long; here it happens in a thread, and those actions wait for it
without blocking the loop.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

from textual.app import App
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

FORM_MODULE = "tui_app.ui.edit.screen"


def _load() -> None:
    importlib.import_module(FORM_MODULE)


class FormPreload:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._worker: Worker[None] | None = None

    def start(self) -> None:
        """Begin the import in a thread (once; later calls do nothing)."""
        if self._worker is None:
            self._worker = self._app.run_worker(
                _load,
                thread=True,
                group="preload",
                exit_on_error=False,
                description="loading the edit form",
            )

    async def ready(self) -> None:
        """Return once the modules are imported; the loop keeps running meanwhile."""
        self.start()
        worker = self._worker
        if worker is not None and worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            # A failed import is tried again where it is needed, and fails there.
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
