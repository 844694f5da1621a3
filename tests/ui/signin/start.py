"""Run opssl the way the command does (``resolve_start`` then ``launch``), headless.

``start_opssl`` takes the steps to play once the app has settled; the app and its pilot
exist only inside ``launch``, which also closes the client and cancels what is left.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.ui.helpers import settle
from tui_app.auth.config import Config, Profile, custom_profile, load_config, save_config
from tui_app.auth.token_store import TokenStore
from tui_app.sandbox import Sandbox
from tui_app.startup import launch, resolve_start
from tui_app.ui.app import OpsslApp
from tui_app.ui.connection_bar import ConnectionBar, token_phrase

Steps = Callable[[OpsslApp, Pilot[None]], Awaitable[None]]

USERNAME = "alice"
PASSWORD = "correct-horse-7"


async def start_opssl(
    steps: Steps,
    *,
    profile: str | None = None,
    base_url: str | None = None,
    demo: bool = False,
    read_only: bool = False,
    environ: Mapping[str, str] | None = None,
    store: TokenStore | None = None,
    size: tuple[int, int] = (80, 24),
    settle_first: bool = True,
) -> int:
    plan = resolve_start(
        demo=demo,
        base_url=base_url,
        profile=profile,
        read_only=read_only,
        environ=environ or {},
        store=store,
    )

    async def run(app: OpsslApp) -> None:
        app.detail_debounce = 0
        async with app.run_test(size=size, notifications=True) as pilot:
            if settle_first:
                await settle(pilot)
            else:  # e.g. while a hanging keyring keeps a worker busy
                await pilot.pause()
            await steps(app, pilot)

    try:
        return await launch(plan, run)
    finally:
        if plan.sandbox is not None:
            plan.sandbox.stop()


def add_profile(
    sandbox: Sandbox, name: str = "sb", *, username: str = USERNAME, read_only: bool = False
) -> Profile:
    """A default profile for the sandbox, written to the test's config file."""
    config: Config = load_config()
    profile = custom_profile(name, sandbox.base_url, username, read_only=read_only)
    config.add(profile, make_default=True)
    save_config(config)
    return profile


def config_text() -> str:
    return load_config().path.read_text()


def header(app: OpsslApp) -> str:
    """The whole connection line of the current screen, even where 80 columns cut it."""
    bar = app.screen.query_one(ConnectionBar)
    return " ".join(str(label.render()) for label in bar.query(Label) if label.id != "app-name")


def shows_source(app: OpsslApp, source: str) -> bool:
    """The token's source is the connection's, and the header says it (long or short)."""
    said = header(app)
    return app.connection.token_source == source and (
        token_phrase(source) in said or token_phrase(source, short=True) in said
    )


def words(app: OpsslApp) -> str:
    """The text of every label and paragraph on the current screen, joined, unwrapped."""
    return " ".join(" ".join(str(w.render()).split()) for w in app.screen.query(Static))


def focused_id(app: OpsslApp) -> str | None:
    focused = app.focused
    return focused.id if focused is not None else None


def field(app: OpsslApp, name: str) -> Input:
    return app.screen.query_one(f"#{name}", Input)


async def type_in(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


def files_holding(root: Path, secret: str) -> list[Path]:
    """Every file under ``root`` whose bytes contain ``secret``."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and secret.encode() in path.read_bytes():
            found.append(path)
    return found
