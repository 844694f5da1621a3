"""Starting the TUI: decide which API and which token, then run the app.

``resolve_start`` is the single place that picks the API and the token source, without
touching the keyring or the network:

- ``--demo``: a sandbox on loopback, in a process of its own (``demo_process``), and
  its token, in memory (no keyring, ever);
- otherwise the target is ``--base-url URL``, ``--profile NAME`` or the default profile;
  with none of them on a first start, the app offers to create a profile;
- ``OPSSL_TOKEN`` wins for the session and leaves the keyring untouched;
- else the keyring is asked (in ``launch``, bounded by the store's timeout), and the app
  shows the sign-in screen if it has nothing usable.

``launch`` sends the first page request before Textual is imported whenever the token is
known by then: at once for the demo and ``OPSSL_TOKEN``, and as soon as the keyring
answers, which is usually while Textual is still importing. A keyring that hangs never
holds the app back: it starts anyway and waits on a screen that can be left.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    # tui_app.auth loads keyring: imported where needed, never before the demo's or
    # OPSSL_TOKEN's first request is on its way.
    from tui_app.auth.config import Config
    from tui_app.auth.keyring_lookup import KeyringLookup
    from tui_app.auth.sources import Target
    from tui_app.auth.token_store import TokenStore
    from tui_app.core.dcv_check.settings import CheckSettings
    from tui_app.core.environment import Connection
    from tui_app.core.order_pages import FirstPage
    from tui_app.demo_process import DemoSandbox
    from tui_app.journal import Journal
    from tui_app.ui.app import OpsslApp
    from tui_app.ui.demo_dcv import DemoDcv

__all__ = ["StartPlan", "StartupError", "launch", "resolve_start"]

# Enough orders to page and filter through; the first page still arrives well within 2 s.
DEMO_ORDERS = 120
DEMO_USERNAME = "demo"


class StartupError(Exception):
    """Why the app cannot start, in words for the terminal; never a traceback."""


class _DcvPorts(Protocol):
    @property
    def dns(self) -> int: ...
    @property
    def http(self) -> int: ...
    @property
    def https(self) -> int: ...


class DcvHost(Protocol):
    """A sandbox that serves DCV records: the demo's process, or one in this process."""

    def start_dcv(self) -> _DcvPorts: ...


@dataclass
class StartPlan:
    """What ``launch`` needs.

    ``token`` is set when it is known before start (demo, ``OPSSL_TOKEN``); ``store`` when
    the keyring is to be asked; ``target`` is None on a first start, when ``config`` is
    where the new profile goes.
    """

    base_url: str | None
    token: str | None = field(repr=False)
    connection: Connection | None
    sandbox: DemoSandbox | None = None
    target: Target | None = None
    store: TokenStore | None = None
    config: Config | None = None
    read_only: bool = False


def _first_start(config: Config, store: TokenStore | None, read_only: bool) -> StartPlan:
    from tui_app.auth.token_store import TokenStore

    if len(config):
        names = ", ".join(sorted(p.name for p in config))
        raise StartupError(
            f"{config.path} has no default profile. Start with --profile NAME "
            f"(profiles: {names}), or choose a default: opssl profiles default NAME"
        )
    return StartPlan(
        None, None, None, config=config, store=store or TokenStore(), read_only=read_only
    )


def resolve_start(
    *,
    demo: bool,
    base_url: str | None,
    profile: str | None = None,
    read_only: bool = False,
    environ: Mapping[str, str] = os.environ,
    store: TokenStore | None = None,
) -> StartPlan:
    """Which API and where its token comes from. Starts the demo sandbox when asked for it.

    ``store`` is the session's one keyring store (tests pass one with a short timeout);
    nothing here calls the keyring.
    """
    if demo:
        if base_url or profile:
            raise StartupError("--demo cannot be used together with --base-url or --profile.")
        from tui_app.demo_process import DemoSandbox, DemoSandboxError

        # First thing: the sandbox's process works on the other core from here on.
        try:
            sandbox = DemoSandbox.start(orders=DEMO_ORDERS)
        except DemoSandboxError as exc:
            raise StartupError(str(exc)) from None
        from tui_app.auth.token_source import TokenSource
        from tui_app.core.environment import Connection, Kind

        connection = Connection(
            sandbox.base_url,
            Kind.DEMO,
            token_source=TokenSource.DEMO,
            username=DEMO_USERNAME,
            read_only=read_only,
            read_only_flag=read_only,
        )
        return StartPlan(sandbox.base_url, sandbox.token, connection, sandbox)
    if base_url and profile:
        raise StartupError("--profile and --base-url cannot be used together: choose one.")
    from tui_app.api import InsecureURLError, normalize_base_url, without_credentials
    from tui_app.auth.config import ConfigError, load_config
    from tui_app.auth.sources import Target, env_token, select_target
    from tui_app.auth.token_source import TokenSource
    from tui_app.auth.token_store import TokenStore

    try:
        if base_url:
            try:
                url = normalize_base_url(base_url)
            except InsecureURLError as exc:
                shown = without_credentials(base_url)
                raise StartupError(f"Cannot use {shown}: {exc}") from None
            target: Target | None = Target.for_url(url)
        else:
            config = load_config()
            target = select_target(config, profile=profile)
            if target is None:
                return _first_start(config, store, read_only)
    except ConfigError as exc:
        raise StartupError(exc.message) from None
    assert target is not None
    if read_only:
        target = replace(target, read_only_flag=True)
    token = env_token(environ)
    if token:
        # The session's token; the keyring is neither read nor written.
        return StartPlan(target.base_url, token, target.connection(TokenSource.ENV), target=target)
    return StartPlan(
        target.base_url,
        None,
        target.connection(TokenSource.KEYRING),
        target=target,
        store=store or TokenStore(),
    )


def _load_every_screen() -> None:
    from tui_app.ui.key_scopes import key_scopes

    key_scopes()


def _finished(lookup: asyncio.Future[KeyringLookup] | None) -> KeyringLookup | None:
    if lookup is None or not lookup.done() or lookup.cancelled() or lookup.exception():
        return None
    return lookup.result()


def _cancel(future: asyncio.Future[Any] | None) -> None:
    if future is not None and not future.done():
        future.cancel()


async def launch(plan: StartPlan, run: Callable[[OpsslApp], Awaitable[object]]) -> int:
    """Start the first request (or the keyring lookup), import the UI meanwhile, run the app.

    Importing Textual takes longer than most API round trips, so the first page is
    usually there by the time the screen is. ``run`` runs the app (``run_async`` in a
    terminal; tests and the benchmark run it headless through this same path).
    """
    from tui_app.api import OpenproviderClient
    from tui_app.auth.key_settings import load_key_settings
    from tui_app.auth.token_source import TokenSource
    from tui_app.core.order_pages import first_page_request

    # Start-up builds a few hundred thousand objects that live as long as the process:
    # cyclic collections while importing would walk them again and again for nothing.
    gc.disable()
    journal = session_journal(plan)
    profile = plan.target.profile if plan.target is not None else None
    observer = journal.observer(profile) if journal is not None else None
    client = (
        OpenproviderClient(plan.base_url, plan.token, on_write=observer) if plan.base_url else None
    )
    first_page: FirstPage | None = None
    lookup: asyncio.Future[KeyringLookup] | None = None
    if client is not None and plan.token:
        first_page = asyncio.ensure_future(first_page_request(client))
    elif client is not None and plan.target is not None and plan.store is not None:
        from tui_app.auth.keyring_lookup import look_up_token

        lookup = asyncio.ensure_future(look_up_token(plan.target, plan.store, client))
    # The demo's DCV servers start once the first rows are drawn (``ui/demo_dcv.py``).
    sandbox = plan.sandbox
    demo_dcv: DemoDcv | None = None
    flow = None
    # [keys] applies to every session, the demo's too.
    keys = load_key_settings()
    try:
        ui = await asyncio.to_thread(importlib.import_module, "tui_app.ui.app")
        if keys.keys:
            # Checking them loads every screen's module (cryptography too): not on the loop.
            await asyncio.to_thread(_load_every_screen)
        signin = importlib.import_module("tui_app.ui.signin")
        if sandbox is not None:
            demo_dcv = importlib.import_module("tui_app.ui.demo_dcv").DemoDcv(
                lambda: demo_check_settings(sandbox)
            )
        if sandbox is not None and sandbox.failure is not None:
            raise StartupError(sandbox.failure)
        # What the imports made lives as long as the process: keep it out of collections.
        gc.freeze()
        gc.enable()  # before the app runs: its garbage is collected as usual
        connection = plan.connection
        found = _finished(lookup)
        if found is not None and found.first_page is not None:
            first_page, lookup = found.first_page, None  # the keyring answered in time
            assert plan.target is not None  # a lookup is made only for a target
            # The plan could not know whose token the keyring had: the lookup does.
            connection = plan.target.connection(TokenSource.KEYRING, found.resolved.username)
        flow = signin.SignInFlow(
            target=plan.target,
            store=plan.store,
            lookup=lookup,
            config=plan.config,
            read_only=plan.read_only,
            journal=journal,
        )
        app: OpsslApp = ui.OpsslApp(
            client,
            connection,
            first_page=first_page,
            flow=flow,
            demo_dcv=demo_dcv,
            keys=keys,
        )
        if journal is not None:
            journal.warn = _notifier(app)
        if sandbox is not None:
            # A sandbox that never got ready ends the session (``run_tui`` says why).
            loop = asyncio.get_running_loop()
            sandbox.when_failed(lambda: _call_soon(loop, app.exit, None, 2))
        await run(app)
    finally:
        gc.enable()
        if demo_dcv is not None:
            await demo_dcv.aclose()
        _cancel(first_page)
        found = _finished(lookup)
        _cancel(lookup)
        if found is not None:
            _cancel(found.first_page)
        if flow is not None:
            await flow.aclose()
        if client is not None:
            await client.aclose()
    return app.return_code or 0


def session_journal(plan: StartPlan) -> Journal | None:
    """The journal the session's writes go to; none for the demo.

    The demo writes to a simulator that disappears with the app: its invented orders in
    the journal would only be mistaken for real ones. (``opssl sandbox`` reached with
    ``--base-url`` is journaled like any API, under its loopback host.)
    """
    from tui_app.journal import Journal

    return None if plan.sandbox is not None else Journal()


def _notifier(app: OpsslApp) -> Callable[[str], None]:
    """A journal problem as a notification: the write itself went through."""

    def tell(text: str) -> None:
        app.notify(
            text[:1].upper() + text[1:],
            title="Journal not written",
            severity="warning",
            timeout=15,
            markup=False,
        )

    return tell


def _call_soon(loop: asyncio.AbstractEventLoop, call: Callable[..., object], *args: Any) -> None:
    """``call`` on the loop, from another thread; nothing if the loop has closed."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(call, *args)


def demo_check_settings(sandbox: DcvHost) -> CheckSettings:
    """DCV checks in the demo ask the sandbox's own DNS and web servers, on their ports."""
    from tui_app.core.dcv_check.settings import CheckSettings, DnsServer

    ports = sandbox.start_dcv()
    server = DnsServer("127.0.0.1", ports.dns)
    settings = CheckSettings(
        dns_server=server,
        view_label="the demo's own DNS server (loopback)",
        show_ports=False,
    )
    return settings.with_ports({"dns": ports.dns, "http": ports.http, "https": ports.https})


async def _run_in_terminal(app: OpsslApp) -> None:
    await app.run_async()


def run_tui(
    *, demo: bool, base_url: str | None, profile: str | None = None, read_only: bool = False
) -> int:
    try:
        plan = resolve_start(demo=demo, base_url=base_url, profile=profile, read_only=read_only)
    except StartupError as exc:
        print(f"opssl: {exc}", file=sys.stderr)
        return 2
    try:
        code = asyncio.run(launch(plan, _run_in_terminal))
    except StartupError as exc:
        print(f"opssl: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if plan.sandbox is not None:
            plan.sandbox.stop()
    if plan.sandbox is not None and plan.sandbox.failure is not None:
        print(f"opssl: {plan.sandbox.failure}", file=sys.stderr)
        return 2
    return code
