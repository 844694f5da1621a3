"""App-wide: the connection line, help, the command palette, and the token never shown."""

from __future__ import annotations

import logging

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from tests.ui.helpers import browser, list_requests, running, screen_text, settle
from tui_app.api import PRODUCTION_URL, TEST_URL
from tui_app.core.environment import Connection, Kind
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.help_screen import HelpScreen


@pytest.mark.parametrize(
    ("connection", "badge", "words"),
    [
        (Connection("http://127.0.0.1:1/v1beta", Kind.DEMO, "demo"), "DEMO", "token in memory"),
        (
            Connection(TEST_URL, Kind.TEST, "OPSSL_TOKEN"),
            "TEST ENVIRONMENT",
            "api.cte.openprovider.eu",
        ),
        (
            Connection(PRODUCTION_URL, Kind.PRODUCTION, "keyring", profile="live", username="ops"),
            "PRODUCTION",
            "profile live (ops)",
        ),
        (
            Connection("https://op.example.net:8443/v1beta", Kind.CUSTOM, "OPSSL_TOKEN"),
            "CUSTOM API",
            "op.example.net:8443 · token from OPSSL_TOKEN",
        ),
    ],
)
async def test_the_header_says_which_api_and_where_the_token_came_from(
    sandbox: Sandbox, connection: Connection, badge: str, words: str
) -> None:
    async with running(sandbox, connection=connection) as (app, _pilot):
        first_line = screen_text(app).splitlines()[0]
        assert badge in first_line
        assert words in first_line
        bar = app.screen.query_one(ConnectionBar)
        assert bar.has_class(f"-{connection.kind.name.lower()}")


async def test_production_is_unmistakable(sandbox: Sandbox) -> None:
    live = Connection(PRODUCTION_URL, Kind.PRODUCTION, "keyring")
    async with running(sandbox, connection=live) as (app, _pilot):
        bar = app.screen.query_one(ConnectionBar)
        badge = bar.query_one("#api-badge")
        # Red badge on a red-tinted bar, and the words "PRODUCTION" and "live orders".
        assert badge.styles.background.r > 150 and badge.styles.background.g < 120
        assert bar.styles.background != app.screen.query_one("#query-line").styles.background
        assert "live orders" in screen_text(app).splitlines()[0]


async def test_help_lists_every_key(sandbox: Sandbox) -> None:
    async with running(sandbox, size=(100, 60)) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in (
            "Search",
            "Status",
            "Expiry",
            "Sort",
            "Reverse sort",
            "Refresh",
            "Copy",
            "Copy name",
            "Detail",
            "First order",
            "Last order",
            "Next host",
        ):
            assert words in text, words
        for keys in ("j", "G", "home g", "end G"):
            assert keys in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_every_action_is_in_the_command_palette(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        titles = [c.title for c in app.get_system_commands(browser(app))]
        for title in (
            "Search orders",
            "Filter by status",
            "Toggle expiring soon",
            "Sort menu",
            "Reverse sort",
            "Refresh",
            "Copy DCV value",
            "Copy DCV name",
            "Toggle detail pane",
            "First order",
            "Last order",
            "Help",
            "Sort by expiry, soonest first",
            "Sort by common name, Z to A",
        ):
            assert title in titles, title
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"sort by expiry soonest")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert list_requests(sandbox)[-1]["order_by.expiration_date"] == ["asc"]


async def test_the_token_never_reaches_the_screen_a_screenshot_or_the_log(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = sandbox.issue_token()
    from tests.ui.helpers import make_client

    async with running(sandbox, client=make_client(sandbox, token)) as (app, pilot):
        shots = [app.export_screenshot()]
        await pilot.press("G", "tab", "c", "C")
        await settle(pilot)
        shots.append(app.export_screenshot())
        sandbox.faults.update(
            error_next=1, error_code=196, error_desc="Authentication/Authorization Failed"
        )
        await pilot.press("r")
        await settle(pilot)
        shots.append(app.export_screenshot())
        await pilot.press("question_mark")
        await settle(pilot)
        shots.append(app.export_screenshot())
        for svg in shots:
            assert token not in svg
        assert token not in screen_text(app)
        assert token not in app.clipboard
        assert token not in repr(app.client)
    assert token not in caplog.text


async def opened_form(app: OpsslApp, pilot: Pilot[None]) -> Screen[None]:
    await pilot.press("e")
    await settle(pilot)
    return app.screen


async def test_the_palette_offers_no_textual_command_that_fails_or_does_not_belong(
    sandbox: Sandbox,
) -> None:
    """Screenshot failed ("Failed to save screenshot"); Keys and Maximize are Textual's,
    beside our own help (issue 16 item 16)."""
    async with running(sandbox) as (app, pilot):
        for screen in (browser(app), await opened_form(app, pilot)):
            titles = [c.title for c in app.get_system_commands(screen)]
            for gone in ("Screenshot", "Keys", "Maximize", "Minimize"):
                assert gone not in titles, (type(screen).__name__, gone)
            assert {"Help", "Quit", "Theme"} <= set(titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"screenshot")
        await settle(pilot)
        assert "Screenshot" not in screen_text(app)
