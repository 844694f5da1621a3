"""``v``: the DCV check from the browser and the edit form, against the sandbox's servers."""

from __future__ import annotations

import threading
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui.edit.helpers import REQ_MULTI, open_form
from tests.ui.helpers import (
    browser,
    demo_connection,
    make_client,
    move_to_order,
    running,
    screen_text,
    settle,
)
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.sandbox import Sandbox
from tui_app.startup import demo_check_settings
from tui_app.ui import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.dcv_check.host_block import HostBlock
from tui_app.ui.dcv_check.screen import DcvCheckScreen
from tui_app.ui.demo_dcv import DemoDcv
from tui_app.ui.edit.screen import EditScreen
from tui_app.ui.help_screen import HelpScreen

HOSTS = ("cyberdyne.com", "shop.cyberdyne.com", "www.cyberdyne.com", "status.acme.io")


async def _check(pilot: Pilot[Any], app: OpsslApp) -> DcvCheckScreen:
    await pilot.press("v")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DcvCheckScreen)
    return screen


def _text(screen: DcvCheckScreen) -> str:
    """Every line of every host block, scrolled into view or not."""
    return "\n".join(str(s.render()) for b in screen.query(HostBlock) for s in b.query(Static))


def _states(screen: DcvCheckScreen) -> dict[str, str]:
    return {b.target.host: b.result.state for b in screen.query(HostBlock) if b.result}


async def test_v_in_the_browser_checks_every_host_and_shows_each_server(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        app.dcv_settings = demo_check_settings(sandbox)
        await move_to_order(pilot, app, REQ_MULTI)
        sandbox.clear_requests()
        screen = await _check(pilot, app)
        assert [b.target.host for b in screen.query(HostBlock)] == list(HOSTS)
        # The seeded mix for this order, each state in words.
        assert _states(screen) == {
            "cyberdyne.com": "skipped",
            "shop.cyberdyne.com": "blocked",
            "www.cyberdyne.com": "partial",
            "status.acme.io": "missing",
        }
        text = screen_text(app)
        assert "DCV check · order 1306010  cyberdyne.com  REQ requested" in text
        assert "4 of 4 hosts checked: 1 partial, 1 missing, 1 blocked, 1 skipped" in text
        blocks = _text(screen)
        assert "www.cyberdyne.com  https  PARTIAL" in blocks
        assert "• 127.0.0.1  published\n• 127.0.0.2  missing  HTTP 404 (no such file)" in blocks
        assert "Certificate: self-signed, name mismatch" in blocks
        # A check reads the order and never writes.
        assert [(r.method, r.api_path) for r in sandbox.requests] == [
            ("GET", f"/ssl/orders/{REQ_MULTI}")
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_v_again_checks_again(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        app.dcv_settings = demo_check_settings(sandbox)
        await move_to_order(pilot, app, REQ_MULTI)
        screen = await _check(pilot, app)
        assert _states(screen)["status.acme.io"] == "missing"
        sandbox.dcv.set_state("status.acme.io", "published")
        await pilot.press("v")
        await settle(pilot)
        assert _states(screen)["status.acme.io"] == "published"
        await pilot.press("j", "j", "pagedown")
        text = screen_text(app)
        assert "status.acme.io  dns  PUBLISHED" in text
        assert "• ns1.acme.io 127.0.0.1  published" in text


async def test_v_in_the_form_checks_the_order_and_escape_goes_back_to_it(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        app.dcv_settings = demo_check_settings(sandbox)
        form = await open_form(pilot, app, REQ_MULTI)
        await pilot.press("d")  # an unsent change on the first DCV row
        await settle(pilot)
        screen = await _check(pilot, app)
        assert len(_states(screen)) == 4
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert isinstance(form, EditScreen) and "unsent: DCV methods" in screen_text(app)
        assert sandbox.received("PUT") == []


async def test_a_failed_read_says_so_and_v_tries_again(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        app.dcv_settings = demo_check_settings(sandbox)
        await move_to_order(pilot, app, REQ_MULTI)
        sandbox.faults.update(error_next=1, error_code=50, error_desc="Calls limit reached")
        await _check(pilot, app)
        text = screen_text(app)
        assert "code 50" in text and "Calls limit reached" in text
        await pilot.press("v")
        await settle(pilot)
        assert "4 of 4 hosts checked" in screen_text(app)


async def test_a_bug_in_the_check_is_an_error_state_and_v_tries_again(
    sandbox: Sandbox, monkeypatch: Any
) -> None:
    """Not an API error: the checker itself breaks. The screen says so and stays usable."""
    from tui_app.core.dcv_check import checker

    real = checker.check_targets
    calls = 0

    def broken_once(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("checker bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(checker, "check_targets", broken_once)
    async with running(sandbox) as (app, pilot):
        app.dcv_settings = demo_check_settings(sandbox)
        await move_to_order(pilot, app, REQ_MULTI)
        screen = await _check(pilot, app)
        text = screen_text(app)
        assert "RuntimeError: checker bug" in text and "Checking" not in text
        assert not screen.running and app.is_running
        await pilot.press("v")
        await settle(pilot)
        assert "4 of 4 hosts checked" in screen_text(app)
        assert calls == 2


async def test_a_bad_dns_server_variable_is_shown_and_nothing_is_asked(
    sandbox: Sandbox, monkeypatch: Any
) -> None:
    monkeypatch.setenv("OPSSL_DNS_SERVER", "resolver.example")
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, REQ_MULTI)
        sandbox.clear_requests()
        await _check(pilot, app)
        assert "Cannot check: OPSSL_DNS_SERVER: 'resolver.example' is not an IP" in (
            screen_text(app)
        )
        assert sandbox.requests == []


async def test_v_is_in_the_footer_the_palette_and_the_help(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        app.dcv_settings = demo_check_settings(sandbox)
        assert screen_text(app).splitlines()[-1].rstrip().endswith("v DCV ? Help")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Check DCV" in titles
        form = await open_form(pilot, app, REQ_MULTI)
        assert "Check DCV" in [c.title for c in app.get_system_commands(form)]
        assert "esc Back v DCV" in screen_text(app).splitlines()[-1]
        screen = await _check(pilot, app)
        assert {"Check DCV again", "Back"} <= {c.title for c in app.get_system_commands(screen)}
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "DCV check (v in the browser or the form)" in text
        assert "Read the order again and check every host" in text


# -- the demo's servers start after the first rows (ui/demo_dcv.py) -------------------


async def test_the_demo_dcv_servers_start_once_the_first_rows_are_drawn(sandbox: Sandbox) -> None:
    rows_when_started: list[int] = []

    def start() -> CheckSettings:
        rows_when_started.append(browser(app).pages.loaded_count)
        return demo_check_settings(sandbox)

    async with make_client(sandbox) as api:
        app = OpsslApp(api, demo_connection(sandbox), demo_dcv=DemoDcv(start))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.demo_dcv is not None
            settings = await app.demo_dcv.settings()
            assert rows_when_started and rows_when_started[0] > 0
            assert sandbox.dcv_ports is not None and settings.dns_server is not None
            assert settings.dns_server.port == sandbox.dcv_ports.dns
            assert await app.check_settings() is settings
            await app.demo_dcv.aclose()


async def test_v_before_the_demo_servers_listen_waits_for_them(sandbox: Sandbox) -> None:
    listening = threading.Event()

    def start() -> CheckSettings:
        listening.wait(10)
        return demo_check_settings(sandbox)

    async with make_client(sandbox) as api:
        app = OpsslApp(api, demo_connection(sandbox), demo_dcv=DemoDcv(start))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await move_to_order(pilot, app, REQ_MULTI)
            await pilot.press("v")
            await pilot.pause(0.2)
            screen = app.screen
            assert isinstance(screen, DcvCheckScreen)
            assert "Reading the order…" in screen_text(app)
            assert not screen.query(HostBlock)
            listening.set()
            await settle(pilot)
            assert _states(screen) == {
                "cyberdyne.com": "skipped",
                "shop.cyberdyne.com": "blocked",
                "www.cyberdyne.com": "partial",
                "status.acme.io": "missing",
            }
            assert "4 of 4 hosts checked" in screen_text(app)
