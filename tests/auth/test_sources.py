"""Where the token comes from (OPSSL_TOKEN, keyring, sign-in) and signing in to the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from tui_app.api import OpenproviderClient
from tui_app.api.errors import AccessDeniedError, ApiError, AuthenticationError, RateLimitError
from tui_app.auth.config import (
    Config,
    ConfigError,
    cte_profile,
    custom_profile,
    load_config,
    production_profile,
)
from tui_app.auth.sources import (
    Target,
    aresolve_token,
    describe_login_error,
    resolve_token,
    select_target,
    sign_in,
    sign_out,
)
from tui_app.auth.token_source import TokenSource
from tui_app.auth.token_store import TokenKey, TokenStore
from tui_app.core.environment import Kind
from tui_app.sandbox import Sandbox

from .keyring_doubles import HangingKeyring, LockedKeyring, MemoryKeyring, fail_backend

TOKEN = "68833a93474e9be96b80e07f26fbf0f8"
PROD = production_profile("prod", "alice", read_only=True)

Install = Callable[[KeyringBackend], KeyringBackend]


def sandbox_target(sandbox: Sandbox, profile: str | None = "sb") -> Target:
    if profile is None:
        return Target.for_url(sandbox.base_url)
    return Target.from_profile(custom_profile(profile, sandbox.base_url, "demo"))


# -- choosing the target ---------------------------------------------------------------


def test_select_target_order() -> None:
    config = load_config()
    assert select_target(config) is None  # first start: the UI offers to create a profile
    config.add(PROD)
    config.add(cte_profile("cte", "bob"))
    assert select_target(config) == Target.from_profile(PROD)  # the default profile
    assert select_target(config, profile="cte") == Target(
        "https://api.cte.openprovider.eu/v1beta", "cte", "bob"
    )
    url = select_target(config, base_url="https://api.openprovider.eu/v1beta/", username="carol")
    assert url == Target("https://api.openprovider.eu/v1beta", None, "carol", False)


def test_select_target_errors() -> None:
    config = load_config()
    config.add(PROD)
    with pytest.raises(ConfigError, match="no profile named 'nope'"):
        select_target(config, profile="nope")
    with pytest.raises(ConfigError, match="signs in as 'alice', not 'bob'"):
        select_target(config, profile="prod", username="bob")
    with pytest.raises(ConfigError, match="plain HTTP"):
        select_target(config, base_url="http://api.example.net")
    with pytest.raises(ValueError, match="not both"):
        select_target(config, profile="prod", base_url="https://x.example")


def test_target_labels_and_connection() -> None:
    prod = Target.from_profile(PROD)
    assert prod.label == "production (profile prod)"
    assert prod.kind is Kind.PRODUCTION
    assert Target.for_url("https://api.cte.openprovider.eu/v1beta").label == "test environment"
    assert Target.for_url("https://op.example.net/v1beta").label == "op.example.net"
    conn = prod.connection(TokenSource.KEYRING)
    assert (conn.profile, conn.username, conn.read_only, conn.token_source) == (
        "prod",
        "alice",
        True,
        "keyring",
    )
    assert conn.is_production


# -- the order of sources --------------------------------------------------------------


def test_opssl_token_comes_first_and_leaves_the_keyring_alone(
    use_backend: Install, hanging_keyring: HangingKeyring
) -> None:
    # A keyring that would hang proves it is not even asked.
    use_backend(hanging_keyring)
    found = resolve_token(Target.from_profile(PROD), environ={"OPSSL_TOKEN": f" {TOKEN}\n"})
    assert (found.token, found.source, found.username) == (TOKEN, TokenSource.ENV, "alice")
    assert found.issued_at is None and found.note is None
    assert not hanging_keyring.entered.is_set()


async def test_opssl_token_first_async(memory_keyring: MemoryKeyring) -> None:
    found = await aresolve_token(Target.from_profile(PROD), environ={"OPSSL_TOKEN": TOKEN})
    assert found.source == TokenSource.ENV
    assert memory_keyring.calls == []


def test_the_environment_variable_is_read_by_default(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("OPSSL_TOKEN", TOKEN)
    assert resolve_token(Target.from_profile(PROD)).source == TokenSource.ENV
    monkeypatch.setenv("OPSSL_TOKEN", "  ")  # empty counts as unset
    assert resolve_token(Target.from_profile(PROD)).source is None


def test_then_the_keyring(memory_keyring: MemoryKeyring) -> None:
    target = Target.from_profile(PROD)
    issued = datetime.now(UTC) - timedelta(hours=3)
    TokenStore().save(target.key("alice"), TOKEN, base_url=target.base_url, issued_at=issued)
    found = resolve_token(target, environ={})
    assert (found.token, found.source, found.username) == (TOKEN, TokenSource.KEYRING, "alice")
    assert found.issued_at == issued.replace(microsecond=0)
    assert found.expires_at == issued.replace(microsecond=0) + timedelta(days=2)
    assert not found.needs_sign_in and found.note is None


def test_then_a_sign_in(memory_keyring: MemoryKeyring) -> None:
    found = resolve_token(Target.from_profile(PROD), environ={})
    assert found.needs_sign_in
    assert (found.source, found.username, found.note) == (None, "alice", None)


def test_an_expired_saved_token_asks_for_a_sign_in(memory_keyring: MemoryKeyring) -> None:
    target = Target.from_profile(PROD)
    issued = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    TokenStore().save(target.key("alice"), TOKEN, base_url=target.base_url, issued_at=issued)
    found = resolve_token(target, environ={}, now=issued + timedelta(days=2, minutes=1))
    assert found.needs_sign_in
    assert found.username == "alice"  # the dialog only asks for the password
    assert found.note is not None
    assert "issued 2026-11-01 09:30 UTC and has expired" in found.note
    assert TOKEN not in found.note


@pytest.mark.parametrize("backend", [fail_backend(), LockedKeyring()])
def test_an_unusable_keyring_is_a_note_not_an_error(
    use_backend: Install, backend: KeyringBackend
) -> None:
    use_backend(backend)
    found = resolve_token(Target.from_profile(PROD), environ={})
    assert found.needs_sign_in
    assert found.keyring_error is not None
    assert found.note is not None and "OPSSL_TOKEN" in found.note


async def test_a_hanging_keyring_gives_up_in_time(
    use_backend: Install, hanging_keyring: HangingKeyring
) -> None:
    use_backend(hanging_keyring)
    found = await aresolve_token(
        Target.from_profile(PROD), store=TokenStore(timeout=0.2), environ={}
    )
    assert found.needs_sign_in
    assert found.keyring_error is not None and found.keyring_error.reason == "timeout"


def test_a_base_url_finds_who_signed_in_there_last(memory_keyring: MemoryKeyring) -> None:
    url = "https://op.example.net/v1beta"
    TokenStore().save(TokenKey.for_url(url, "carol"), TOKEN, base_url=url)
    found = resolve_token(Target.for_url(url), environ={})
    assert (found.token, found.username) == (TOKEN, "carol")
    # Another profile on the same URL is a different entry.
    other = resolve_token(Target.from_profile(custom_profile("x", url, "carol")), environ={})
    assert other.needs_sign_in


# -- signing in against the sandbox ----------------------------------------------------


async def test_sign_in_stores_and_a_restart_reuses_it(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    target = sandbox_target(sandbox)
    result = await sign_in(target, "demo", "demo")
    assert result.stored and result.note is None
    assert result.username == "demo"
    assert result.expires_at - result.issued_at == timedelta(days=2)
    assert len(sandbox.received("POST", "/auth/login")) == 1

    # "Restart": a new store, a new resolution, no new sign-in, and the token works.
    found = await aresolve_token(target, store=TokenStore(), environ={})
    assert (found.token, found.source) == (result.token, TokenSource.KEYRING)
    async with OpenproviderClient(target.base_url, found.token) as client:
        page = await client.list_orders(limit=5)
    assert page.data.total > 0
    assert len(sandbox.received("POST", "/auth/login")) == 1

    # Logout removes it; the next start needs a sign-in again.
    assert (await sign_out(target)).removed
    assert (await aresolve_token(target, environ={})).needs_sign_in
    assert memory_keyring.entries == {}


async def test_sign_in_with_an_existing_client_leaves_it_ready(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    target = sandbox_target(sandbox, profile=None)
    async with OpenproviderClient(target.base_url) as client:
        result = await sign_in(target, "demo", "demo", client=client, ip="0.0.0.0")
        assert client.has_token
        await client.list_orders(limit=1)
    assert result.stored
    assert sandbox.received("POST", "/auth/login")[0].body == {
        "username": "demo",
        "password": "demo",
        "ip": "0.0.0.0",
    }
    # The next start with --base-url only finds the user and the token.
    found = await aresolve_token(Target.for_url(target.base_url), environ={})
    assert (found.token, found.username) == (result.token, "demo")


async def test_wrong_password_stores_nothing(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    target = sandbox_target(sandbox)
    with pytest.raises(AuthenticationError) as info:
        await sign_in(target, "demo", "wrong")
    assert describe_login_error(info.value, target) == (
        f"Wrong username or password for {target.label} (the API answered code 196)."
    )
    assert memory_keyring.entries == {}


async def test_without_a_keyring_the_token_stays_in_memory(
    sandbox: Sandbox, use_backend: Install
) -> None:
    use_backend(fail_backend())
    target = sandbox_target(sandbox)
    result = await sign_in(target, "demo", "demo")
    assert not result.stored
    assert result.keyring_error is not None
    assert result.note is not None and "in memory for this session only" in result.note
    async with OpenproviderClient(target.base_url, result.token) as client:
        await client.list_orders(limit=1)  # the in-memory token is good


async def test_remember_false_never_touches_the_keyring(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    result = await sign_in(sandbox_target(sandbox), "demo", "demo", remember=False)
    assert not result.stored and result.note is None
    assert memory_keyring.calls == []


async def test_an_expired_token_then_a_new_sign_in(
    sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    target = sandbox_target(sandbox)
    first = await sign_in(target, "demo", "demo")
    sandbox.expire_tokens()
    async with OpenproviderClient(target.base_url, first.token) as client:
        with pytest.raises(AuthenticationError):
            await client.list_orders(limit=1)
        second = await sign_in(target, "demo", "demo", client=client)
        await client.list_orders(limit=1)
    assert second.token != first.token
    found = await aresolve_token(target, environ={})
    assert found.token == second.token


async def test_sign_out_without_anything_saved(memory_keyring: MemoryKeyring) -> None:
    result = await sign_out(Target.for_url("https://op.example.net/v1beta"))
    assert (result.username, result.removed) == (None, False)
    result = await sign_out(Target.from_profile(PROD))
    assert (result.username, result.removed) == ("alice", False)


def test_login_errors_in_words() -> None:
    target = Target.from_profile(PROD)
    two_factor = ApiError(10006, "2FA is enabled")
    assert "two-factor" in describe_login_error(two_factor, target)
    denied = AccessDeniedError(10005, "Access denied.")
    assert "IP" in describe_login_error(denied, target)
    limited = RateLimitError(50, "Calls limit has been reached")
    assert "wait a minute" in describe_login_error(limited, target)
    assert describe_login_error(ApiError(1, "Odd"), target) == "Odd (code 1)"


def test_config_and_targets_work_together(config_file: Path) -> None:
    config = Config(path=config_file)
    config.add(PROD)
    assert select_target(config, profile="prod") is not None
