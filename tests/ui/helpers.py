"""Driving the real app against the real sandbox: start it, let it settle, read the screen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from textual._xterm_parser import XTermParser
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from tui_app.api import OpenproviderClient
from tui_app.core.environment import Connection, Kind
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.browser.detail_pane import OrderDetail
from tui_app.ui.browser.order_table import OrderTable
from tui_app.ui.browser.screen import BrowserScreen

Size = tuple[int, int]


def demo_connection(sandbox: Sandbox) -> Connection:
    return Connection(sandbox.base_url, Kind.DEMO, token_source="demo")


class ClosingApp(OpsslApp):
    """Closes its client on exit: snapshot runs own their event loop, so nobody else can."""

    async def on_unmount(self) -> None:  # type: ignore[override]
        await self.client.aclose()


def make_client(sandbox: Sandbox, token: str | None = None) -> OpenproviderClient:
    return OpenproviderClient(
        sandbox.base_url, token or sandbox.issue_token(), backoff=0.01, timeout=10
    )


async def settle(pilot: Pilot[Any], rounds: int = 50) -> None:
    """Wait until no worker is pending or running and every message has been handled."""
    app = pilot.app
    for _ in range(rounds):
        with suppress(WorkerCancelled):  # a stale load that was cancelled on purpose
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not busy(app):
            await pilot.pause()
            if not busy(app):
                return
    raise AssertionError("the app did not settle")


def busy(app: OpsslApp, group: str | None = None) -> bool:
    """A worker (of this group, or any) is still pending or running; with no group, also
    a key of a burst still waiting for its turn (``ui/key_gate.py``) in a running app."""
    typing = group is None and app.is_running and (app.keys.busy or bool(app.keys.backlog))
    return typing or any(
        w.state in (WorkerState.PENDING, WorkerState.RUNNING) and group in (None, w.group)
        for w in app.workers
    )


@asynccontextmanager
async def running(
    sandbox: Sandbox,
    *,
    size: Size = (80, 24),
    connection: Connection | None = None,
    client: OpenproviderClient | None = None,
) -> AsyncIterator[tuple[OpsslApp, Pilot[None]]]:
    """The app on the sandbox, settled after its first load."""
    async with client or make_client(sandbox) as api:
        app = OpsslApp(api, connection or demo_connection(sandbox), detail_debounce=0)
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            yield app, pilot


def browser(app: OpsslApp) -> BrowserScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, BrowserScreen)
    return screen


def table(app: OpsslApp) -> OrderTable:
    return browser(app).table


def detail(app: OpsslApp) -> OrderDetail:
    return browser(app).detail


def screen_text(app: OpsslApp) -> str:
    """What the terminal shows right now, as plain text (toasts and dialogs included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def loaded_ids(app: OpsslApp) -> list[int]:
    pages = browser(app).pages
    ids = []
    for index in range(pages.total or 0):
        row = pages.row(index)
        if row is None:
            break
        ids.append(row.id)
    return ids


def list_requests(sandbox: Sandbox, since: int = 0) -> list[dict[str, list[str]]]:
    """Query strings of the ``GET /ssl/orders`` calls the sandbox received."""
    return [r.query for r in sandbox.received("GET", r"/ssl/orders")[since:]]


def notifications(app: OpsslApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def move_to_order(pilot: Pilot[None], app: OpsslApp, order_id: int) -> None:
    """Page and step until the cursor is on the order (keyboard only, as a user would)."""
    ids = loaded_ids(app)
    assert order_id in ids, f"order {order_id} is not on the loaded pages"
    target = ids.index(order_id)
    grid = table(app)
    page = grid._page_height()
    while abs(target - grid.cursor) > page:
        await pilot.press("pagedown" if target > grid.cursor else "pageup")
    step = "j" if target >= grid.cursor else "k"
    await pilot.press(*[step] * abs(target - grid.cursor))
    await settle(pilot)
    assert grid.current_row is not None
    assert grid.current_row.id == order_id


def terminal_write(app: OpsslApp, data: str) -> None:
    """``data`` as one terminal read: parsed into keys (and bracketed pastes) as the real
    driver parses stdin, and all of them queued before the app handles the first."""
    parser = XTermParser()
    events = [*parser.feed(data), *parser.feed("")]
    driver = app._driver
    assert driver is not None
    for event in events:
        driver.process_message(event)
