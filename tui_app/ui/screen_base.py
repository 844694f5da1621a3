"""The base of every opssl screen: a crashed worker is reported, never shown as a traceback.

``Worker.StateChanged`` does not bubble, so each screen hands its workers' failures to
``OpsslApp.handle_api_error`` here; screens added later inherit this by subclassing.
Screens know the app's type only for the type checker (``opssl``): the app imports the
screens, never the other way round.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
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
    """Textual's footer, composed again only when the keys it shows change.

    Textual's footer recomposes (mounting and styling every key again, then laying them
    out) each time a screen's bindings may have changed: opening the edit form asked
    seven times, and a send disables keys and enables them again. This one recomposes at
    most once per refresh, and only when the keys or their words change; when only some
    keys are enabled or disabled (or their tooltips change), it restyles those keys.
    """

    _pending = False
    _layout: tuple[object, ...] | None = None  # the keys shown, as composed
    _states: tuple[object, ...] = ()  # each key's enabled flag and tooltip

    def _shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        return [
            (binding, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]

    def _keys(self) -> tuple[tuple[object, ...], tuple[object, ...]]:
        bindings = self._shown_bindings()
        layout = (
            self.show_command_palette,
            self.compact,
            tuple((b.key, b.action, b.description, b.group) for b, _, _ in bindings),
        )
        return layout, tuple((enabled, tooltip) for _, enabled, tooltip in bindings)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._update_pending)

    async def _update_pending(self) -> None:
        if self._pending:  # else ``update_keys`` came first
            await self.update_keys()

    async def update_keys(self) -> None:
        """The keys shown brought up to date now. A screen that changes its bindings and
        its widgets together calls this inside its ``batch_update``: one layout for both,
        where waiting for the refresh would lay the screen out twice."""
        self._pending = False
        if not self.is_attached:
            return
        # Textual's footer is empty until the screen's first bindings change, which comes
        # after the screen's first refresh; a screen may ask for its keys before that.
        self.set_reactive(Footer._bindings_ready, True)
        layout, states = self._keys()
        if layout != self._layout:
            with self._context():  # composed as the footer (its keys bind to it), whoever asks
                await self.recompose()
        elif states != self._states:
            self._states = states
            self._restyle_keys()

    def _restyle_keys(self) -> None:
        """Enabled, disabled and tooltips as ``Footer.compose`` sets them, in place."""
        first: dict[str, tuple[Binding, bool, str]] = {}
        for item in self._shown_bindings():
            first.setdefault(item[0].action, item)
        for key in self.query(FooterKey):
            found = first.get(key.action)
            if found is None or key.has_class("-command-palette"):
                continue
            binding, enabled, tooltip = found
            key._disabled = not enabled
            key.set_class(not enabled, "-disabled")
            grouped = key.has_class("-grouped")
            key.tooltip = (tooltip or binding.description if grouped else tooltip) or None

    def compose(self) -> ComposeResult:
        """Textual's keys, born with the compact class that their binding to ``compact``
        would add once mounted (one style pass per key instead of two). The class is set
        without ``update``: an update would match the whole stylesheet against a key not
        yet mounted (a style pass of its own, ~3 ms a key), and mounting styles it anyway."""
        if self._bindings_ready:
            self._layout, self._states = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and self.compact:
                widget.add_class("-compact", update=False)
            yield widget


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
