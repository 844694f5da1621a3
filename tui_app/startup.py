"""Starting the TUI: decide which API and which token, then run the app.

``resolve_start`` is the single place that picks the API and the token. Today the token
comes from ``OPSSL_TOKEN`` (or the demo sandbox); the sign-in work replaces that one
function with profiles, the keyring and the sign-in screen, and keeps ``OPSSL_TOKEN``
first. Textual is imported only once the start-up checks have passed.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_app.api import InsecureURLError, OpenproviderClient, normalize_base_url
from tui_app.core.environment import Connection, Kind, classify

if TYPE_CHECKING:
    from tui_app.sandbox import Sandbox
    from tui_app.ui.app import OpsslApp

TOKEN_ENV = "OPSSL_TOKEN"
# Enough orders to page and filter through; the first page still arrives well within 2 s.
DEMO_ORDERS = 120


class StartupError(Exception):
    """Why the app cannot start, in words for the terminal; never a traceback."""


@dataclass
class StartPlan:
    base_url: str
    token: str
    connection: Connection
    sandbox: Sandbox | None = None


def resolve_start(
    *, demo: bool, base_url: str | None, environ: Mapping[str, str] = os.environ
) -> StartPlan:
    """Which API and which token. Starts the demo sandbox when asked for it."""
    if demo:
        if base_url:
            raise StartupError("--demo and --base-url cannot be used together.")
        from tui_app.sandbox import Sandbox

        sandbox = Sandbox(orders=DEMO_ORDERS).start()
        connection = Connection(sandbox.base_url, Kind.DEMO, token_source="demo")
        return StartPlan(sandbox.base_url, sandbox.issue_token(), connection, sandbox)
    if not base_url:
        raise StartupError(
            "Choose an API: `opssl --demo` tries opssl on built-in sample data, "
            f"`opssl --base-url URL` uses any Openprovider-compatible API with {TOKEN_ENV} set."
        )
    try:
        url = normalize_base_url(base_url)
    except InsecureURLError as exc:
        raise StartupError(f"Cannot use {base_url}: {exc}") from None
    token = environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise StartupError(
            f"No token: set {TOKEN_ENV} to a bearer token for {url} "
            f"(for example: export {TOKEN_ENV}=... in your shell) and start opssl again."
        )
    connection = Connection(url, classify(url), token_source=TOKEN_ENV)
    return StartPlan(url, token, connection)


async def launch(plan: StartPlan, run: Callable[[OpsslApp], Awaitable[object]]) -> int:
    """Start the first request, import the UI meanwhile, then hand both to the app.

    Importing Textual takes longer than most API round trips, so the first page is
    usually there by the time the screen is. ``run`` runs the app (``run_async`` in a
    terminal; the benchmark runs it headless through this same path).
    """
    from tui_app.ui.browser.paging import first_page_request

    async with OpenproviderClient(plan.base_url, plan.token) as client:
        first_page = asyncio.ensure_future(first_page_request(client))
        try:
            ui = await asyncio.to_thread(importlib.import_module, "tui_app.ui.app")
            # What the imports made lives as long as the process: keep it out of collections.
            gc.freeze()
            app: OpsslApp = ui.OpsslApp(client, plan.connection, first_page=first_page)
            await run(app)
        finally:
            first_page.cancel()
        return app.return_code or 0


async def _run_in_terminal(app: OpsslApp) -> None:
    await app.run_async()


def run_tui(*, demo: bool, base_url: str | None) -> int:
    try:
        plan = resolve_start(demo=demo, base_url=base_url)
    except StartupError as exc:
        print(f"opssl: {exc}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(launch(plan, _run_in_terminal))
    except KeyboardInterrupt:
        return 130
    finally:
        if plan.sandbox is not None:
            plan.sandbox.stop()
