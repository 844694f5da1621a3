"""The base of every opssl screen: a crashed worker is reported, never shown as a traceback.

``Worker.StateChanged`` does not bubble, so each screen hands its workers' failures to
``OpsslApp.handle_api_error`` here; screens added later inherit this by subclassing.
Screens know the app's type only for the type checker (``opssl``): the app imports the
screens, never the other way round.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from tui_app.ui.keymap import in_declared_order

if TYPE_CHECKING:
    from tui_app.ui.app import OpsslApp

log = logging.getLogger(__name__)

# Narrower than this, a footer leaves out the "^p palette" hint so that its keys and
# "? Help" fit (help lists ctrl+p, and the palette still opens with it).
FOOTER_WITH_PALETTE = 90

ResultType = TypeVar("ResultType")


class OpsslFooter(Footer):
    """Textual's footer, composed again once per change of what it shows.

    Textual's footer recomposes (mounting every key again) each time a screen's bindings
    may have changed: opening the edit form asked seven times for one footer. This one
    recomposes once for any number of asks before the next refresh, and not at all when
    the keys it would show are the ones it shows.
    """

    _pending = False
    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        return (
            self.show_command_palette,
            self.compact,
            tuple(
                (b.key, b.action, b.description, b.group, enabled, tooltip)
                for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
                if b.show
            ),
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    async def recompose(self) -> None:
        self._shown = self._keys() if self.is_attached else None
        await super().recompose()


class OpsslScreen(Screen[ResultType], Generic[ResultType]):
    @property
    def opssl(self) -> OpsslApp:
        """The app, with its error handler, retries, clipboard and connection."""
        return cast("OpsslApp", self.app)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """As Textual has them, in the order declared even when some are rebound."""
        active = super().active_bindings
        return in_declared_order(active) if getattr(self.app, "keymap", None) else active

    def footer(self) -> Footer:
        """A compact footer with the palette hint only where it fits (``fit_footer``)."""
        return OpsslFooter(
            compact=True, show_command_palette=self.app.size.width >= FOOTER_WITH_PALETTE
        )

    def fit_footer(self, width: int) -> None:
        for footer in self.query(Footer):
            wanted = width >= FOOTER_WITH_PALETTE
            if footer.show_command_palette != wanted:
                footer.show_command_palette = wanted
                footer.refresh(recompose=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        log.error("worker %r failed", event.worker.name, exc_info=error)
        handle = getattr(self.app, "handle_api_error", None)
        if handle is not None:
            handle(error, where=event.worker.description or event.worker.name or "working")
