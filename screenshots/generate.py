"""Regenerate ``screenshots/*.svg`` from the real app on the sandbox.

    python screenshots/generate.py            # every picture
    python screenshots/generate.py browser    # only the ones whose name starts so

The app runs through ``startup.launch``, the path ``opssl`` itself takes, against a sandbox
with a fixed date and seed, so the pictures change only when the app does. A profile file
and an in-memory keyring are used for the sign-in picture: the developer's own config and
keyring are never read. Every picture is checked for the token and the password.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

from tests.ui.helpers import move_to_order, settle  # noqa: E402
from tui_app.auth.config import cte_profile, load_config, save_config  # noqa: E402
from tui_app.core.environment import Connection, Kind  # noqa: E402
from tui_app.sandbox import Sandbox  # noqa: E402
from tui_app.startup import (  # noqa: E402
    StartPlan,
    demo_check_settings,
    launch,
    resolve_start,
)
from tui_app.ui.app import OpsslApp  # noqa: E402

OUT = Path(__file__).resolve().parent
TODAY = datetime(2026, 11, 29, 12, 0, 0)
PASSWORD = "correct-horse-7"
WIDE = (160, 48)
SMALL = (80, 24)

# Seeded orders (seed 1, TODAY above) that show each part of the app well.
REQ_MULTI = 1306010  # cyberdyne.com: four hosts, mixed methods
PAI_MULTI = 1306007  # wayne.com: multi-domain, still editable
WILDCARD_DNS = 1306028  # *.lucerne.com: a wildcard validated by DNS
ACT_MULTI = 1306002  # globex.com: issued, multi-domain (the reissue form)
ACT_SINGLE = 1306014  # nakatomi.com: issued (the cancel dialog)

Steps = Callable[[OpsslApp, Pilot[None], Sandbox], Awaitable[None]]


class _MemoryKeyring(KeyringBackend):
    """Holds nothing beyond this process, so no picture depends on the machine's keyring."""

    priority = -10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._items.pop((service, username), None)


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    steps: Steps
    signed_in: bool = True
    faults: tuple[tuple[str, object], ...] = ()


async def _browser(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await move_to_order(pilot, app, WILDCARD_DNS)


async def _detail(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await move_to_order(pilot, app, REQ_MULTI)
    await pilot.press("tab", "j")  # into the detail pane, on to the second host
    await settle(pilot)


async def _open(app: OpsslApp, pilot: Pilot[None], order_id: int) -> None:
    await move_to_order(pilot, app, order_id)
    await pilot.press("e")
    await settle(pilot)


async def _edit_pai(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await _open(app, pilot, PAI_MULTI)


async def _mid_switch(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await _open(app, pilot, REQ_MULTI)
    await pilot.press("d")  # the first host, email -> dns: not sent yet
    await settle(pilot)


async def _diff(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await _mid_switch(app, pilot, sandbox)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def _warnings(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await _diff(app, pilot, sandbox)
    await pilot.press("enter")
    await settle(pilot)


async def _dcv_check(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    """``v`` on an order whose hosts are in several states, checked against the sandbox."""
    app.dcv_settings = demo_check_settings(sandbox)
    await move_to_order(pilot, app, REQ_MULTI)
    await pilot.press("v")
    await settle(pilot)
    await pilot.press("j", "j", "j", "j", "j", "j")


async def _reissue(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await move_to_order(pilot, app, ACT_MULTI)
    await pilot.press("R")
    await settle(pilot)


async def _cancel(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    await move_to_order(pilot, app, ACT_SINGLE)
    await pilot.press("X")
    await settle(pilot)
    await pilot.press(*"nakatomi")  # the common name, half typed: enter does nothing yet
    await settle(pilot)


async def _nothing(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    """The picture is of the app as it started."""


async def _sign_in(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    app.screen.query_one("#signin-password", Input).value = PASSWORD


SHOTS = [
    Shot("browser", SMALL, _browser),
    Shot("browser-wide", WIDE, _detail),
    Shot("detail-dcv", SMALL, _detail),
    Shot("edit-pai", SMALL, _edit_pai),
    Shot("edit-pai-wide", WIDE, _edit_pai),
    Shot("edit-req-dcv-switch", SMALL, _mid_switch),
    Shot("diff-dialog", SMALL, _diff),
    Shot("dcv-check", SMALL, _dcv_check),
    Shot("warnings", SMALL, _warnings),
    Shot("reissue-form", SMALL, _reissue),
    Shot("cancel-dialog", SMALL, _cancel),
    Shot("warnings-wide", WIDE, _warnings),
    Shot(
        "error",
        SMALL,
        _nothing,
        faults=(
            ("error_next", 1),
            ("error_code", 50),
            ("error_desc", "Calls limit has been reached"),
        ),
    ),
    Shot("sign-in", SMALL, _sign_in, signed_in=False),
]


async def _take(shot: Shot) -> str:
    """Run the app for one picture and return its SVG."""
    with Sandbox(orders=40, seed=1, today=TODAY) as sandbox:
        sandbox.faults.update(**dict(shot.faults))
        if shot.signed_in:
            connection = Connection(sandbox.base_url, Kind.DEMO, token_source="demo")
            plan = StartPlan(sandbox.base_url, sandbox.issue_token(), connection)
        else:
            config = load_config()
            config.add(cte_profile("test", "alice"), make_default=True)
            save_config(config)
            plan = resolve_start(demo=False, base_url=None, environ={})
        svg: list[str] = []

        async def run(app: OpsslApp) -> None:
            app.detail_debounce = 0
            async with app.run_test(size=shot.size) as pilot:
                await settle(pilot)
                await shot.steps(app, pilot, sandbox)
                await settle(pilot)
                svg.append(app.export_screenshot(title="opssl"))

        await launch(plan, run)
        tokens = sandbox.store.issued_tokens()
    for secret in (*tokens, PASSWORD):
        if secret in svg[0]:
            raise SystemExit(f"{shot.name}: a secret is visible in the picture; nothing written")
    return svg[0]


def main(argv: list[str]) -> int:
    wanted = [s for s in SHOTS if not argv or any(s.name.startswith(a) for a in argv)]
    if not wanted:
        print(f"no picture matches {argv}; known: {', '.join(s.name for s in SHOTS)}")
        return 2
    keyring.set_keyring(_MemoryKeyring())
    logging.disable(logging.WARNING)  # the app logs failures it shows; the error shot has one
    with tempfile.TemporaryDirectory() as home:
        os.environ["OPSSL_CONFIG"] = str(Path(home) / "config.toml")
        os.environ.pop("OPSSL_TOKEN", None)
        for shot in wanted:
            path = OUT / f"{shot.name}.svg"
            path.write_text(asyncio.run(_take(shot)), encoding="utf-8")
            print(f"{path.relative_to(ROOT)}  {shot.size[0]}x{shot.size[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
