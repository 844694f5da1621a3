"""SVG snapshots at 80x24: the sign-in screen, the expiry dialog, the keyring problem,
and the first start. Deterministic: production and test-environment labels (no port), a
fixed config path, no cursor blink. Each checks that no token is in its SVG.

The requests go to the sandbox through the app's client; the labels come from the
profile, as they would for the real API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from tests.auth.keyring_doubles import HangingKeyring, MemoryKeyring
from tests.ui.helpers import ClosingApp, make_client, settle
from tui_app.auth.config import cte_profile, production_profile
from tui_app.auth.sources import Target
from tui_app.auth.token_store import KeyringUnavailable, TokenKey, TokenStore
from tui_app.sandbox import Sandbox
from tui_app.ui.app import OpsslApp
from tui_app.ui.signin import SignInFlow
from tui_app.ui.signin.keyring_screen import KeyringProblemScreen

from .start import USERNAME

SnapCompare = Callable[..., bool]
PROD = Target.from_profile(production_profile("prod", USERNAME))


def app_for(sandbox: Sandbox, target: Target, *, token: str | None) -> ClosingApp:
    """The app on the sandbox, labelled as ``target`` (as if it were that API)."""
    client = make_client(sandbox, token) if token else make_client(sandbox, "unused")
    if token is None:
        client.set_token(None)
    store = TokenStore(MemoryKeyring(), timeout=1)
    flow = SignInFlow(target=target, store=store)
    source = "keyring" if token else ""
    return ClosingApp(client, target.connection(source), detail_debounce=0, flow=flow)


def before(token: str | None, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if token:
            assert token not in pilot.app.export_screenshot()

    return run


def test_sign_in_wrong_password_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app = app_for(sandbox, PROD, token=None)
    keys = ["enter", *"not-the-password", "enter"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(None, *keys))
    (login,) = sandbox.received("POST", "/auth/login")
    assert login.code == 196


def test_expiry_dialog_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    token = sandbox.issue_token()
    app = app_for(sandbox, PROD, token=token)

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        sandbox.expire_tokens()
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"secret")
        assert token not in pilot.app.export_screenshot()
        assert "secret" not in pilot.app.export_screenshot()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


class KeyringTimeoutApp(ClosingApp):
    """Opens on the keyring problem a real hung keyring call produced."""

    problem: KeyringUnavailable

    def get_default_screen(self) -> Screen[None]:
        return KeyringProblemScreen(self.signin, self.problem, username=USERNAME)


def test_keyring_problem_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    hanging = HangingKeyring()
    store = TokenStore(hanging, timeout=0.2)
    try:
        with pytest.raises(KeyringUnavailable) as caught:
            store.load(TokenKey.for_profile("test", USERNAME), base_url=sandbox.base_url)
    finally:
        hanging.release.set()
    target = Target.from_profile(cte_profile("test", USERNAME))
    client = make_client(sandbox, "unused")
    client.set_token(None)
    app = KeyringTimeoutApp(
        client, target.connection(""), flow=SignInFlow(target=target, store=store)
    )
    app.problem = caught.value
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(None))


def test_first_start_80x24(
    snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    # A fixed, realistic path (never written: the form is not saved here).
    monkeypatch.setenv("OPSSL_CONFIG", "/home/ops/.config/opssl/config.toml")
    app = OpsslApp(None, None, flow=SignInFlow(target=None, store=None))
    keys = ["down", "space", "tab", "tab", *USERNAME]
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(None, *keys))
