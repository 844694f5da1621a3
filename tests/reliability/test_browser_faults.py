"""The order browser under faults: loading, error and maintenance states, driven by the
sandbox's fault knobs (moved here from tests/ui/test_states.py, plus timeouts and keys
while the API is slow).

Every failure must show the API's code and description (or the transport problem in
words) and the key that retries it; never a traceback.
"""

from __future__ import annotations

import socket

from tests.conftest import TODAY
from tests.reliability.helpers import short_client
from tests.ui.helpers import (
    browser,
    busy,
    demo_connection,
    detail,
    list_requests,
    loaded_ids,
    make_client,
    notifications,
    running,
    screen_text,
    settle,
    table,
)
from tui_app.api import OpenproviderClient
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.help_screen import HelpScreen


def list_state(app: object) -> str:
    from textual.widgets import Static

    from tui_app.ui import OpsslApp

    assert isinstance(app, OpsslApp)
    widget = browser(app).query_one("#list-state", Static)
    return str(widget.render()) if widget.display else ""


async def test_api_error_on_the_first_page_shows_code_desc_and_retry_key(
    sandbox: Sandbox,
) -> None:
    sandbox.faults.update(error_next=1, error_code=50, error_desc="Calls limit has been reached")
    async with running(sandbox) as (app, pilot):
        text = screen_text(app)
        assert "Rate limit reached" in text
        assert "code 50: Calls limit has been reached" in text
        assert "Press r to retry." in text
        assert "Traceback" not in text
        assert browser(app).pages.total is None
        await pilot.press("r")
        await settle(pilot)
        assert browser(app).pages.total == 40
        assert "Calls limit" not in screen_text(app)
        assert len(list_requests(sandbox)) == 2


async def test_a_business_error_code_is_shown_as_the_api_sent_it(sandbox: Sandbox) -> None:
    sandbox.faults.update(error_next=1, error_code=399, error_desc="Something [odd] happened")
    async with running(sandbox) as (app, _pilot):
        text = screen_text(app)
        assert "API error" in text
        assert "The API answered code 399: Something [odd] happened." in text
        assert "while loading orders" in text


async def test_repeated_503s_are_described_in_words(sandbox: Sandbox) -> None:
    sandbox.faults.update(fail_next=3)  # more than the client's two read retries
    async with running(sandbox) as (app, _pilot):
        text = " ".join(screen_text(app).split())
        assert "Unexpected answer" in text
        assert "HTTP 503" in text
        assert "Press r to retry." in text
        # The client retried the read twice before giving up: three requests in all.
        assert len(list_requests(sandbox)) == 3


async def test_an_html_error_page_and_a_malformed_body(sandbox: Sandbox) -> None:
    sandbox.faults.update(html_next=3)
    async with running(sandbox) as (app, pilot):
        text = " ".join(screen_text(app).split())
        assert "HTML page" in text and "500 Internal Server Error" in text
        sandbox.faults.update(malformed_next=1)
        await pilot.press("r")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "not valid JSON" in text
        await pilot.press("r")
        await settle(pilot)
        assert browser(app).pages.total == 40


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_is_a_transport_problem_in_words(sandbox: Sandbox) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1beta"
    client = OpenproviderClient(url, "t0ken-never-shown", backoff=0.01, read_retries=0)
    async with running(sandbox, client=client) as (app, _pilot):
        text = " ".join(screen_text(app).split())
        assert "Cannot reach the API" in text
        assert "connection refused" in text
        assert "Press r to retry." in text
        assert "t0ken-never-shown" not in text


async def test_an_expired_token_says_so_with_code_196(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        sandbox.expire_tokens()
        await pilot.press("slash", *"acme", "enter")
        await settle(pilot)
        # The sign-in dialog opens over the list (tests/ui/signin); behind it, the list
        # says what happened and how to get the dialog back.
        assert "code 196" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Sign-in needed" in text
        assert "code 196" in text
        assert "r retries" in text


async def test_a_failed_page_further_down_is_marked_and_retried_alone() -> None:
    with Sandbox(orders=250, seed=5, today=TODAY) as sandbox:
        async with running(sandbox) as (app, pilot):
            sandbox.faults.update(
                error_next=1, error_code=50, error_desc="Calls limit has been reached"
            )
            await pilot.press("G")
            await settle(pilot)
            assert table(app).cursor == 249
            assert table(app).current_row is None
            assert "not loaded: press r to retry" in screen_text(app)
            assert any("Calls limit has been reached" in n for n in notifications(app))
            before = len(list_requests(sandbox))
            await pilot.press("r")
            await settle(pilot)
            assert [q["offset"] for q in list_requests(sandbox, before)] == [["200"]]
            assert table(app).current_row is not None
            assert "not loaded" not in screen_text(app)


async def test_a_failed_detail_load_shows_in_the_pane_and_r_retries_it(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        sandbox.faults.update(error_next=1, error_code=10005, error_desc="Access denied.")
        await pilot.press("j")
        await settle(pilot)
        pane = detail(app)
        assert pane.state == "problem"
        assert "Access denied" in pane.text
        assert "code 10005" in pane.text
        assert "Press r to retry." in pane.text
        lists = len(list_requests(sandbox))
        await pilot.press("r")
        await settle(pilot)
        assert pane.state == "loaded"
        assert pane.order is not None and pane.order.id == loaded_ids(app)[1]
        assert len(list_requests(sandbox)) == lists  # only the failed read was repeated


async def test_maintenance_banner_comes_and_goes(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        assert "MAINTENANCE" not in screen_text(app)
        sandbox.faults.update(maintenance=True)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "MAINTENANCE" in text
        assert "The API reports maintenance" in text
        assert browser(app).pages.total == 40  # data still shown
        sandbox.faults.update(maintenance=False)
        await pilot.press("r")
        await settle(pilot)
        assert "MAINTENANCE" not in screen_text(app)


async def test_loading_state_while_the_api_is_slow(sandbox: Sandbox) -> None:
    sandbox.faults.update(hold=True)  # the first page stays in flight until released
    async with make_client(sandbox) as client:
        app = OpsslApp(client, demo_connection(sandbox), detail_debounce=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.1)
            assert "Loading orders…" in screen_text(app)
            assert "loading…" in screen_text(app)
            sandbox.faults.update(hold=False)
            await settle(pilot)
            assert "Loading orders…" not in screen_text(app)
            assert browser(app).pages.total == 40


async def test_a_crash_in_opssl_is_reported_without_a_traceback(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        real = app.client.get_order

        async def broken(order_id: int) -> object:
            app.client.get_order = real  # type: ignore[method-assign]
            raise RuntimeError("a bug, not an API answer")

        app.client.get_order = broken  # type: ignore[method-assign,assignment]
        await pilot.press("j")
        await settle(pilot)
        # Shown where the order was loading, as an API failure would be, with its retry key.
        pane = detail(app)
        assert pane.state == "problem"
        assert "Something went wrong in opssl" in pane.text
        assert "RuntimeError: a bug, not an API answer" in pane.text
        assert "Press r to retry." in pane.text
        assert "Something went wrong in opssl" in screen_text(app)
        assert "Traceback" not in screen_text(app)
        assert app.is_running
        await pilot.press("r")  # and the pane can retry: it is not stuck
        await settle(pilot)
        assert pane.state == "loaded"


async def test_a_read_timeout_is_said_in_words_and_r_reads_again(sandbox: Sandbox) -> None:
    """The client waits 0.3 s; the API holds every answer. Reads are retried twice, then
    the list says so; once the API answers again, r loads it."""
    token = sandbox.issue_token()
    async with running(sandbox, client=short_client(sandbox.base_url, token, 0.3)) as (
        app,
        pilot,
    ):
        # The first page may itself have needed a retry on a busy machine (0.3 s is short):
        # count from here.
        start = len(list_requests(sandbox))
        sandbox.faults.update(hold=True)
        await pilot.press("slash", *"acme", "enter")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Cannot reach the API" in text
        assert f"No answer from {sandbox.base_url}/ssl/orders in time (timed out)" in text
        assert "Press r to retry." in text
        assert token not in text and "Traceback" not in text
        assert browser(app).pages.total is None
        sandbox.faults.update(hold=False)
        await pilot.pause(0.3)  # the timed-out reads are answered now: let them land
        searches = [q["common_name_pattern"] for q in list_requests(sandbox, start)]
        assert searches == [["*acme*"]] * 3  # one try and two retries
        before = len(list_requests(sandbox))
        await pilot.press("r")
        await settle(pilot)
        assert [q["common_name_pattern"] for q in list_requests(sandbox, before)] == [["*acme*"]]
        assert (browser(app).pages.total or 0) > 0
        assert "acme" in screen_text(app) and "No answer" not in screen_text(app)


async def test_keys_work_while_a_slow_read_is_in_flight(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        pane, grid = detail(app), table(app)
        sandbox.faults.update(hold=True)  # the read stays in flight until released
        await pilot.press("j")
        await pilot.pause(0.05)
        assert pane.state == "loading"
        assert "loading" in pane.text.lower()
        # The detail read is in flight: the cursor moves, help opens and closes.
        await pilot.press("j")
        assert grid.cursor == 2
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("k")
        assert grid.cursor == 1
        assert busy(app, "detail"), "the keys were answered only after the read"
        sandbox.faults.update(hold=False)
        await settle(pilot)
        assert pane.state == "loaded"
        assert pane.order is not None and pane.order.id == loaded_ids(app)[1]
