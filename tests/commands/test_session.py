"""The scripting commands' shared start: which API, which token, exit codes, confirmation."""

from __future__ import annotations

import argparse
import io

import pytest

from tui_app.auth.config import cte_profile, load_config, save_config
from tui_app.commands import session
from tui_app.commands.session import SIGN_IN, USAGE, CommandError, confirm, open_session
from tui_app.sandbox import Sandbox


def _args(**kw: object) -> argparse.Namespace:
    base = {"profile": None, "base_url": None, "read_only": False, "demo": False}
    return argparse.Namespace(**{**base, **kw})


def test_no_profile_and_no_url_is_a_usage_error() -> None:
    with pytest.raises(CommandError) as err:
        open_session(_args())
    assert err.value.code == USAGE
    assert "--profile NAME or --base-url URL" in err.value.message


def test_no_token_exits_3_and_says_how_to_sign_in(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Empty:
        def last_username(self, scope: str) -> None:
            return None

    monkeypatch.setattr(session, "make_store", lambda: Empty())
    with pytest.raises(CommandError) as err:
        open_session(_args(base_url=sandbox.base_url))
    assert err.value.code == SIGN_IN
    assert f"opssl --base-url {sandbox.base_url} login" in err.value.message


async def test_the_token_comes_from_opssl_token_and_the_keyring_is_not_asked(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_keyring() -> None:
        raise AssertionError("the keyring must not be asked when OPSSL_TOKEN is set")

    monkeypatch.setattr(session, "make_store", no_keyring)
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())
    cli = open_session(_args(base_url=sandbox.base_url))
    try:
        assert cli.connection.token_source == "OPSSL_TOKEN"
        page = await cli.client.list_orders(limit=1)
        assert page.data.total == 40
    finally:
        await cli.aclose()


async def test_read_only_from_the_flag_or_the_profile_refuses_writes(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())
    cli = open_session(_args(base_url=sandbox.base_url, read_only=True))
    with pytest.raises(CommandError, match="read-only"):
        cli.require_writable()
    await cli.aclose()
    config = load_config()
    config.add(cte_profile("ro", "alice", read_only=True), make_default=True)
    save_config(config)
    cli = open_session(_args())
    with pytest.raises(CommandError, match="profile ro is read-only"):
        cli.require_writable()
    await cli.aclose()


def test_confirm_without_a_terminal_refuses_unless_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    confirm("Send?", yes=True)
    with pytest.raises(CommandError) as err:
        confirm("Send?", yes=False)
    assert err.value.code == USAGE
    assert "--yes" in err.value.message
