"""Code 196 mid-session: one dialog over the current screen, then what failed is retried."""

from __future__ import annotations

import json

from textual.pilot import Pilot
from textual.widgets import Input

from tests.auth.keyring_doubles import MemoryKeyring
from tests.ui.helpers import browser, notifications, screen_text, settle
from tui_app.api import AuthenticationError
from tui_app.sandbox import Sandbox
from tui_app.ui.app import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.signin.reauth_dialog import ReauthDialog

from .start import (
    PASSWORD,
    USERNAME,
    add_profile,
    focused_id,
    shows_source,
    start_opssl,
    type_in,
    words,
)

ACCOUNT = f"{USERNAME} on profile sb"


async def signed_in_session(sandbox: Sandbox, keyring: MemoryKeyring) -> str:
    """A token in the keyring, as a sign-in would leave it; returns it."""
    token = sandbox.issue_token()
    keyring.entries[("opssl", ACCOUNT)] = json.dumps(
        {
            "v": 1,
            "token": token,
            "issued_at": "2099-01-01T00:00:00+00:00",  # the API, not the clock, says it expired
            "base_url": sandbox.base_url,
            "username": USERNAME,
        }
    )
    return token


async def refused_then_escaped(app: OpsslApp, pilot: Pilot[None], sandbox: Sandbox) -> None:
    """The token expires, r asks for the password, escape closes the dialog unanswered."""
    sandbox.expire_tokens()
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(app.screen, ReauthDialog)
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, BrowserScreen)


def dialogs(app: OpsslApp) -> list[ReauthDialog]:
    return [s for s in app.screen_stack if isinstance(s, ReauthDialog)]


async def test_expiry_asks_only_for_the_password_then_retries_the_read(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    old = await signed_in_session(sandbox, memory_keyring)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, BrowserScreen)
        sandbox.expire_tokens()
        await pilot.press("slash", *"acme", "enter")  # a new search: its read fails with 196
        await settle(pilot)
        assert isinstance(app.screen, ReauthDialog)
        assert f"Sign in as {USERNAME}" in words(app) and "code 196" in words(app)
        # The username is known: only the password is asked, and it has the focus.
        assert not app.screen.query("#signin-username")
        assert focused_id(app) == "signin-password"
        failed = len(sandbox.received("GET", "/ssl/orders"))
        await type_in(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        # The failed read went out again, with the same search, and shows data.
        again = sandbox.received("GET", "/ssl/orders")[failed:]
        assert again and again[0].query["common_name_pattern"] == ["*acme*"]
        assert (browser(app).pages.total or 0) > 0
        assert "acme" in screen_text(app)
        assert app.connection.token_source == "sign-in"
        assert shows_source(app, "sign-in")
        assert any("Signed in" in n for n in notifications(app))

    await start_opssl(steps)
    new = json.loads(memory_keyring.entries[("opssl", ACCOUNT)])["token"]
    assert new != old
    (login,) = sandbox.received("POST", "/auth/login")
    assert login.body == {"username": USERNAME, "password": PASSWORD}


async def test_several_refusals_at_once_open_one_dialog(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    await signed_in_session(sandbox, memory_keyring)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        sandbox.expire_tokens()
        # A detail load for another order and a refresh, both in flight, both refused.
        sandbox.faults.update(hold=True)
        await pilot.press("j", "r")
        await pilot.pause(0.1)
        sandbox.faults.update(hold=False)
        await settle(pilot)
        refused = [r for r in sandbox.received() if r.code == 196]
        assert len(refused) >= 2
        assert len(dialogs(app)) == 1
        dialog = dialogs(app)[0]
        dialog.form.password_input.value = PASSWORD
        before = len(sandbox.received())
        await pilot.press("enter")
        await settle(pilot)
        assert dialogs(app) == []
        # Both the list and the highlighted order's details were read again, and arrived.
        after = [r for r in sandbox.received()[before:] if r.method == "GET"]
        row = browser(app).table.current_row
        assert row is not None
        assert {(r.api_path, r.code) for r in after} >= {
            ("/ssl/orders", 0),
            (f"/ssl/orders/{row.id}", 0),
        }
        assert row.common_name in browser(app).detail.text

    await start_opssl(steps)


async def test_cancelling_changes_nothing_and_r_brings_the_dialog_back(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    token = await signed_in_session(sandbox, memory_keyring)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        shown = browser(app).pages.total
        await refused_then_escaped(app, pilot, sandbox)
        assert browser(app).pages.total == shown  # what was shown stays
        assert any("Not signed in" in n and "Press r" in n for n in notifications(app))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReauthDialog)

    await start_opssl(steps)
    # Nothing was written: the old entry is still there, untouched.
    assert json.loads(memory_keyring.entries[("opssl", ACCOUNT)])["token"] == token
    assert sandbox.received("POST", "/auth/login") == []


async def test_an_expired_opssl_token_is_replaced_in_memory_only(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    env = {"OPSSL_TOKEN": sandbox.issue_token()}

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert app.connection.token_source == "OPSSL_TOKEN"
        sandbox.expire_tokens()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReauthDialog)
        assert "OPSSL_TOKEN is unchanged" in words(app)
        app.screen.query_one("#signin-password", Input).value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.connection.token_source == "memory"
        assert shows_source(app, "memory")
        assert browser(app).pages.total == 40

    await start_opssl(steps, environ=env)
    assert memory_keyring.calls == []  # the keyring was never touched


async def test_sign_in_again_from_the_palette(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    add_profile(sandbox)
    await signed_in_session(sandbox, memory_keyring)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_in(pilot, "sign in ag")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReauthDialog)
        assert "for a new token" in words(app) and "code 196" not in words(app)

    await start_opssl(steps)


async def test_a_refused_submit_is_offered_again_only_after_signing_in(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    """The contract for screens that write: register a retry that re-opens the review
    (never sends by itself); it runs once after the sign-in, and not at all on cancel."""
    add_profile(sandbox)
    await signed_in_session(sandbox, memory_keyring)
    offered: list[str] = []
    refused = AuthenticationError(196, "Authentication/Authorization Failed")

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        app.handle_api_error(
            refused, where="saving order 1", retry=lambda: offered.append("review"), key="save"
        )
        await settle(pilot)
        assert isinstance(app.screen, ReauthDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert offered == []  # cancelled: nothing re-opened, the retry is still waiting
        app.handle_api_error(
            refused, where="saving order 1", retry=lambda: offered.append("review"), key="save"
        )
        await settle(pilot)
        app.screen.query_one("#signin-password", Input).value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert offered == ["review"]
        assert app.take_retries() == []

    await start_opssl(steps)


async def test_after_escaping_the_header_says_the_token_is_refused_and_signing_in_clears_it(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    """No stale state (issue 16 item 14): once the dialog is escaped the header no longer
    says where a (refused) token is kept, and after signing in the "Not signed in" toast
    does not go on covering the screen."""
    add_profile(sandbox)
    await signed_in_session(sandbox, memory_keyring)

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert shows_source(app, "keyring")
        await refused_then_escaped(app, pilot, sandbox)
        assert shows_source(app, "refused")
        assert "token from the keyring" not in screen_text(app)
        assert any("Not signed in" in n for n in notifications(app))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReauthDialog)
        await type_in(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert shows_source(app, "sign-in")
        said = notifications(app)
        assert not any("Not signed in" in n for n in said), said
        assert any("Signed in" in n for n in said)
        assert "Not signed in" not in screen_text(app)

    await start_opssl(steps)
