"""The edit form's modules load in a thread once the first list is on screen, and the
form's stylesheet is parsed there too.

They pull in ``cryptography``, which takes a few hundred milliseconds to import. Done on
the event loop, the first ``e`` (or ``?``, or the first detail with a CSR) would freeze
every key for that long; here it happens in a thread, and those actions wait for it
without blocking the loop.

The form's CSS (``edit.tcss``) is the other cost of the first ``e``: Textual reads a
screen's ``CSS_PATH`` when the screen is first pushed and parses the whole stylesheet
again, on the loop. The thread parses a copy of the app's stylesheet with the form's CSS
in it; back on the loop the copy takes the sources registered meanwhile and replaces the
app's (as Textual's own CSS reload does), so the push finds the CSS already there.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from pathlib import PurePath
from typing import Any

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

FORM_MODULE = "tui_app.ui.edit.screen"


def _css_paths(css_path: object) -> list[str]:
    """A screen's ``CSS_PATH`` as the absolute paths Textual keys its sources by."""
    paths = css_path if isinstance(css_path, list) else [css_path] if css_path else []
    return [str(p) for p in paths if isinstance(p, (str, PurePath)) and PurePath(p).is_absolute()]


class FormPreload:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._worker: Worker[None] | None = None

    def start(self) -> None:
        """Begin the import in a thread (once; later calls do nothing)."""
        if self._worker is None:
            app = self._app
            sheet, variables = app.stylesheet, app.get_css_variables()
            self._worker = app.run_worker(
                lambda: self._load(sheet, sheet.copy(), variables),
                thread=True,
                group="preload",
                exit_on_error=False,
                description="loading the edit form",
            )

    def _load(self, sheet: Stylesheet, copy: Stylesheet, variables: dict[str, str]) -> None:
        """In the thread: the modules, then the form's CSS parsed into ``copy``."""
        module = importlib.import_module(FORM_MODULE)
        paths = [p for p in _css_paths(module.EditScreen.CSS_PATH) if not copy.has_source(p)]
        if not paths:
            gc.freeze()  # as ``_adopt`` does once the sheet is in place
            return
        for path in paths:
            copy.read(path)
        copy.parse()
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            self._app.call_from_thread(self._adopt, sheet, copy, variables)

    def _adopt(self, sheet: Stylesheet, copy: Stylesheet, variables: dict[str, str]) -> None:
        """On the loop: ``copy`` becomes the app's stylesheet, unless the app's changed in
        a way a copy cannot follow (another sheet, another theme); the push then reads
        the CSS as Textual always does."""
        app = self._app
        if app.stylesheet is not sheet or app.get_css_variables() != variables:
            return
        for location, (css, is_default, tie_breaker, scope) in sheet.source.items():
            # Widgets first mounted since the copy was made brought their default CSS.
            copy.add_source(
                css,
                read_from=location,
                is_default_css=is_default,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        app.stylesheet = copy
        copy.update(app)
        # The form's modules (cryptography's too) and its stylesheet live as long as the
        # process, as what start-up imported does (frozen in ``startup.launch``): out of
        # the collector's full passes, which walked their ~35,000 objects at every open of
        # the form (20-55 ms a pass). What the list shows now is frozen with them: kept
        # even once it is garbage, a few hundred KB at most, once.
        gc.freeze()

    async def ready(self) -> None:
        """Return once the modules are imported; the loop keeps running meanwhile."""
        self.start()
        worker = self._worker
        if worker is not None and worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            # A failed import is tried again where it is needed, and fails there.
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
