"""A screen that loads before it can take keys: what is typed meanwhile waits for it.

Over a slow link a user types ahead: ``e d ctrl+s enter`` reaches the app before the
form has read its order. The key gate (``key_gate.KeyGate``) keeps those keys while the
screen ``holding_keys`` and routes them, in order, once the focus is where the first one
belongs. Leaving (escape) and quitting (ctrl+q) act at once, on whichever keys the user
has for them (leaving drops what was typed for the form).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import events

from tui_app.ui.key_gate import KeyGate, Typed
from tui_app.ui.keymap import bindings_of, keys_now
from tui_app.ui.screen_base import OpsslScreen

ResultType = TypeVar("ResultType")
# The actions whose keys act at once while the screen loads: the screen's, the app's.
PASSING_ACTIONS = ("leave", "quit")


class TypeAheadScreen(OpsslScreen[ResultType], Generic[ResultType]):
    """Call ``hold_keys`` before (re)building the widgets, ``take_keys`` after focusing."""

    _keys_ready = False

    @property
    def holding_keys(self) -> bool:
        return not self._keys_ready

    def key_passes(self, event: Typed) -> bool:
        return isinstance(event, events.Key) and event.key in self._passing_keys()

    def _passing_keys(self) -> set[str]:
        keymap = getattr(self.app, "keymap", {})
        return {
            key
            for binding in bindings_of([type(self), type(self.app)])
            if binding.action in PASSING_ACTIONS
            for key in keys_now(binding, keymap)
        }

    def hold_keys(self) -> None:
        self._keys_ready = False

    def take_keys(self) -> None:
        """After the focus calls queued so far, the keys typed ahead go to the focus."""
        self.app.call_later(self._keys_taken)

    def drop_keys(self) -> None:
        """The screen could not get ready: the keys typed for it are dropped."""
        self._keys_ready = True
        gate = self._gate()
        if gate is not None:
            gate.discard()

    def _keys_taken(self) -> None:
        self._keys_ready = True
        gate = self._gate()
        if gate is not None:
            gate.resume()

    def _gate(self) -> KeyGate | None:
        gate = getattr(self.app, "keys", None)
        return gate if isinstance(gate, KeyGate) else None
