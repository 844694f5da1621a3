"""Failures outside the API's typed errors never leave a screen stuck.

Each case breaks one step with something the client does not raise on its own (a bug, a
decoding failure, a token no header can carry) and checks the screen shows what failed
and which key retries, and that the key then works once the fault is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.reliability.helpers import draft, quiet_period
from tests.reliability.test_browser_faults import list_state
from tests.ui.edit.helpers import REQ_MULTI, open_form, puts, text
from tests.ui.helpers import (
    browser,
    demo_connection,
    make_client,
    move_to_order,
    running,
    screen_text,
    settle,
)
from tui_app.api import OpenproviderClient
from tui_app.core.order_pages import OrderPages
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.screen import EditScreen


def failing_once(real: Callable[..., Any], error: Exception) -> Callable[..., Any]:
    """``real`` with its first call raising ``error``."""
    calls = {"n": 0}

    async def call(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise error
        return await real(*args, **kwargs)

    return call


def words(app: OpsslApp) -> str:
    return " ".join(screen_text(app).split())


async def first_list_fails_then_r(
    sandbox: Sandbox,
    client: OpenproviderClient,
    said: tuple[str, ...],
    before_r: Callable[[OpsslApp], object] = lambda app: None,
) -> None:
    """The first page fails: the list says what (``said``) and r, and r (after
    ``before_r`` removed the fault) shows the orders."""
    app = OpsslApp(client, demo_connection(sandbox), detail_debounce=0)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert app.is_running
        state = list_state(app)
        assert "Loading orders" not in state and "Press r to retry." in state
        for part in said:
            assert part in state
        before_r(app)
        await pilot.press("r")
        await settle(pilot)
        assert browser(app).pages.total == 40 and list_state(app) == ""


async def test_a_bug_in_the_first_page_load_shows_the_error_and_r_reloads(
    sandbox: Sandbox,
) -> None:
    async with make_client(sandbox) as client:
        client.list_orders = failing_once(  # type: ignore[method-assign]
            client.list_orders, RuntimeError("not an API error")
        )
        said = ("Something went wrong in opssl", "RuntimeError: not an API error")
        await first_list_fails_then_r(sandbox, client, said)


async def test_an_answer_that_cannot_be_decoded_is_an_error_state(sandbox: Sandbox) -> None:
    # Twice: a client's first read, when its answer cannot be read without httpx, is
    # sent again through httpx (api/first_read.py), which then reports the broken answer.
    sandbox.faults.update(bad_encoding_next=2)
    async with make_client(sandbox) as client:
        await first_list_fails_then_r(sandbox, client, ("could not be decoded",))


async def test_a_token_no_header_can_carry_is_an_error_state(sandbox: Sandbox) -> None:
    token = "t\u00f6ken-" + "0" * 26

    def sign_in_again(app: OpsslApp) -> None:
        assert token not in screen_text(app)
        assert sandbox.received() == []
        client.set_token(sandbox.issue_token())

    async with OpenproviderClient(sandbox.base_url, token) as client:
        said = ("Request not sent", "token")
        await first_list_fails_then_r(sandbox, client, said, sign_in_again)


async def test_a_bug_while_showing_a_page_is_an_error_state(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the request but handling its answer fails: the same error state, and r."""
    real = OrderPages.store
    calls = {"n": 0}

    def store(self: OrderPages, *args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ValueError("a bug while storing the page")
        real(self, *args)

    monkeypatch.setattr(OrderPages, "store", store)
    async with make_client(sandbox) as client:
        said = ("ValueError: a bug while storing the page",)
        await first_list_fails_then_r(sandbox, client, said)


async def test_a_bug_in_the_form_load_shows_the_problem_and_r_loads_it(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, REQ_MULTI)
        app.client.get_order = failing_once(  # type: ignore[method-assign]
            app.client.get_order, RuntimeError("not an API error")
        )
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        shown = words(app)
        assert f"Loading order {REQ_MULTI}" not in shown
        assert "RuntimeError: not an API error" in shown and "r retries" in shown
        assert screen.check_action("retry_load", ()) is True
        await pilot.press("r")
        await settle(pilot)
        assert screen.form is not None and screen.state == "ready"


async def test_a_bug_while_building_the_form_shows_the_problem_and_r_loads_it(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_app.ui.edit import loading as edit_screen

    real = edit_screen.draft_from_order
    calls = {"n": 0}

    def broken(order: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("a bug while building the form")
        return real(order)

    monkeypatch.setattr(edit_screen, "draft_from_order", broken)
    async with running(sandbox) as (app, pilot):
        await open_form(pilot, app, REQ_MULTI)
        screen = app.screen
        assert isinstance(screen, EditScreen) and app.is_running
        assert "KeyError" in words(app) and "r retries" in words(app)
        await pilot.press("r")
        await settle(pilot)
        assert screen.form is not None and screen.state == "ready"


async def test_a_bug_in_a_send_is_an_unknown_outcome_the_order_is_read_again(
    sandbox: Sandbox,
) -> None:
    """The PUT may have gone out before the bug: ctrl+s stays off until the order is read
    again, then the edits that are still unsent are offered, never sent by themselves."""
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        real = app.client.update_order

        async def sent_then_broken(*args: Any, **kwargs: Any) -> Any:
            await real(*args, **kwargs)
            sandbox.faults.update(hold=True)  # the re-read waits: ctrl+s must be off meanwhile
            raise RuntimeError("a bug after the PUT")

        app.client.update_order = sent_then_broken  # type: ignore[method-assign]
        await pilot.press("d")
        sandbox.clear_requests()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen.check_action("submit", ()) is None
        assert "RuntimeError: a bug after the PUT" in words(app)
        assert "outcome is unknown" in words(app)
        assert "outcome unknown; reading the order back" in words(app)
        sandbox.faults.update(hold=False)
        await settle(pilot)
        await quiet_period(pilot)
        assert len(puts(sandbox)) == 1
        # The re-read shows the PUT landed: nothing is unsent, ctrl+s is back.
        assert sandbox.received("GET", rf"/ssl/orders/{REQ_MULTI}")
        assert "no unsent changes" in text(app)
        assert screen.check_action("submit", ()) is True
        assert draft(app).dcv[0][1] == "dns"


async def test_a_bug_in_a_send_before_anything_left_keeps_the_edits(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(sandbox) as (app, pilot):
        screen = await open_form(pilot, app, REQ_MULTI)
        app.client.update_order = failing_once(  # type: ignore[method-assign]
            app.client.update_order, RuntimeError("a bug before the PUT")
        )
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert puts(sandbox) == []
        assert "unsent: DCV methods" in text(app)
        assert screen.check_action("submit", ()) is True
        assert draft(app).dcv[0][1] == "dns"
