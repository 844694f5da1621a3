"""Keys in the order they were typed, each where the key before it sent the focus.

A terminal hands a burst of keys (a slow SSH link, a paste of keys, a password manager's
auto-type) to the app in one read, and Textual queues them all before handling the first.
Each is then routed to the widget focused at that moment: after ``/`` the letters of
``globex`` still went to the table, because the search field takes the focus only once
``/`` has been handled. The gate routes one key (or paste) at a time. The next one waits
until the one before it has been handled by every widget it bubbles through, until what
that started has run (a focus move, a screen opening), and, while a screen is still
loading what the keys are meant for (``KeyHolder``), until the screen says it is ready.

How "handled" is known, without timing: a ``KeyTrail`` message is posted to the widget
right behind the key. Each widget handles its messages in order and bubbles both to its
parent, so the trail reaches the app after the key has been handled everywhere. One more
turn of the app's queue runs what the key's action scheduled there (``focus()`` is
deferred to it). Another trail goes behind messages the handling posted on the way (a
row removed, then the field moves the focus), and one through a screen the key opened
waits for it to be mounted and focused.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

if TYPE_CHECKING:
    from textual.app import App

log = logging.getLogger(__name__)

Typed = events.Key | events.Paste
# A trail that has not come back (its widget was removed on the way) is given up after
# this many checks, one every CHECK_EVERY seconds; checks end as soon as it is seen lost.
CHECK_EVERY = 0.1
CHECKS = 20
# Trails after the first (through a screen the key opened, or behind messages its
# handling posted) before the gate routes the next key anyway.
MAX_TRAILS = 6


class KeyTrail(Message, bubble=True):
    """Follows a routed key up the DOM; at the app, the key has been handled."""

    def __init__(self, turn: int) -> None:
        super().__init__()
        self.turn = turn


@runtime_checkable
class KeyHolder(Protocol):
    """A screen that is not ready yet for the keys typed ahead (a form still loading)."""

    @property
    def holding_keys(self) -> bool:
        """True while keys must wait for ``KeyGate.resume``."""
        ...

    def key_passes(self, event: Typed) -> bool:
        """While holding: ``event`` acts at once (escape leaves), dropping what waits."""
        ...


class KeyGate:
    """The app's keys and pastes, routed one at a time (``OpsslApp.on_event``)."""

    def __init__(self, app: App[Any], route: Callable[[Typed], Awaitable[None]]) -> None:
        """``route`` routes a key or paste as Textual would (``OpsslApp.route_typed``)."""
        self.app = app
        self.route = route
        self.backlog: deque[Typed] = deque()
        self.busy = False
        self._turn = 0
        self._trails = 0
        self._route: list[MessagePump] = []
        self._screen: Screen[Any] | None = None
        self._checks = 0
        self._timer: Timer | None = None

    # -- what the app calls -------------------------------------------------------------

    def take(self, event: Typed) -> bool:
        """True when ``event`` must wait for its turn (the gate keeps it)."""
        if self._held(event):
            return self._keep(event)
        if self._passes(event) and self.backlog:
            # A key the loading screen takes at once (escape): the keys typed ahead
            # for the form it leaves must not land on the screen under it.
            self.discard()
        if self.busy or self.backlog:
            return self._keep(event)
        return False

    def route_started(self) -> None:
        """Before a key is routed: remember the widgets it will go through."""
        self.busy = True
        self._turn += 1
        self._trails = 0
        self._screen = self.app.screen
        target = self.app.focused or self.app.screen
        self._route = [node for node in target.ancestors_with_self if node is not self.app]

    def routed(self, event: Typed) -> None:
        """``event`` went to its widget (or ran a priority binding): follow it."""
        if event.is_forwarded and self._route:
            self._follow(self._route[0])
        else:
            self.app.call_later(self._next_turn, self._turn)

    def trail_arrived(self, trail: KeyTrail) -> None:
        """The key has been handled; what its action scheduled runs before the next."""
        if trail.turn == self._turn:
            self._stop_checks()
            self.app.call_later(self._next_turn, self._turn)

    def resume(self) -> None:
        """A holding screen is ready: the keys typed ahead go to it now, in order."""
        if not self.busy and self.backlog:
            self.busy = True
            self._turn += 1
            self.app.call_later(self._next_turn, self._turn)

    def discard(self) -> None:
        """What was typed ahead for a screen that could not get ready is dropped."""
        if self.backlog:
            log.info("dropped %d keys typed ahead", len(self.backlog))
            self.backlog.clear()

    def _held(self, event: Typed) -> bool:
        screen = self.app.screen
        return (
            isinstance(screen, KeyHolder) and screen.holding_keys and not screen.key_passes(event)
        )

    def _passes(self, event: Typed) -> bool:
        screen = self.app.screen
        return isinstance(screen, KeyHolder) and screen.holding_keys and screen.key_passes(event)

    # -- turns ----------------------------------------------------------------------------

    def _keep(self, event: Typed) -> bool:
        self.backlog.append(event)
        return True

    def _follow(self, pump: MessagePump) -> None:
        self._route = [pump, *self._route[1:]] if self._route else [pump]
        if pump.post_message(KeyTrail(self._turn)):
            self._start_checks()
        else:  # the widget is going away: nothing of it can hold the next key
            self.app.call_later(self._next_turn, self._turn)

    async def _next_turn(self, turn: int) -> None:
        if turn != self._turn:
            return
        screen = self.app.screen
        if self._trails < MAX_TRAILS:
            if screen is not self._screen:
                # The key opened (or closed to) a screen: once it has handled what is
                # queued for it (its mount, its first focus), it takes the next key.
                self._trails += 1
                self._screen = screen
                self._route = [screen]
                self._follow(screen)
                return
            if any(pump.message_queue_size for pump in self._route):
                # Messages the key's handling posted on its way (a row removed, a field
                # changed) are still queued: they may move the focus, so they go first.
                self._trails += 1
                self._follow(self._route[0])
                return
        self.busy = False
        await self._route_next()

    async def _route_next(self) -> None:
        if not self.backlog or self._held(self.backlog[0]):
            return
        await self.route(self.backlog.popleft())

    # -- a trail that never comes back ---------------------------------------------------

    def _start_checks(self) -> None:
        self._checks = 0
        if self._timer is None:
            self._timer = self.app.set_interval(CHECK_EVERY, self._check_trail, name="key-gate")
        else:
            self._timer.reset()
            self._timer.resume()

    def _stop_checks(self) -> None:
        if self._timer is not None:
            self._timer.pause()

    def _check_trail(self) -> None:
        """A widget on the trail's way was removed (escape closed its screen): the trail
        is lost with it, and the next key must not wait for it."""
        if not self.busy:
            self._stop_checks()
            return
        self._checks += 1
        lost = any(p._closing or p._closed for p in self._route)
        if lost or self._checks >= CHECKS:
            if not lost:
                log.warning("a key's trail did not come back; routing the next key")
            self._stop_checks()
            self.app.call_later(self._next_turn, self._turn)
