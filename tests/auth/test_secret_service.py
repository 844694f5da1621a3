"""Against a real Secret Service (gnome-keyring in tests/run.sh and CI), over real D-Bus.

These skip when no Secret Service is reachable, and fail instead under
OPSSL_REQUIRE_SECRET_SERVICE=1 (see conftest.py).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend

from tui_app.auth.config import custom_profile, load_config, save_config
from tui_app.auth.sources import Target, resolve_token
from tui_app.auth.token_source import TokenSource
from tui_app.auth.token_store import SERVICE, KeyringUnavailable, TokenKey, TokenStore
from tui_app.cli import main
from tui_app.sandbox import Sandbox

from .conftest import ScratchCollection
from .keyring_doubles import secret_service_backend

pytestmark = pytest.mark.secret_service

TOKEN = "68833a93474e9be96b80e07f26fbf0f8"
URL = "https://api.openprovider.eu/v1beta"
ISSUED = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)

Install = Callable[[KeyringBackend], KeyringBackend]


def test_store_read_delete(secret_service: ScratchCollection) -> None:
    store = TokenStore(secret_service.backend())
    key = TokenKey.for_profile("prod", "alice")
    assert store.check() == "SecretService Keyring"
    assert store.load(key, base_url=URL) is None

    store.save(key, TOKEN, base_url=URL, issued_at=ISSUED)

    # Read back through keyring, and independently through secretstorage.
    loaded = store.load(key, base_url=URL)
    assert loaded is not None
    assert (loaded.token, loaded.issued_at) == (TOKEN, ISSUED)
    held = secret_service.secrets(SERVICE)
    assert set(held) == {"alice on profile prod"}
    assert json.loads(held["alice on profile prod"])["issued_at"] == "2026-11-29T10:00:00+00:00"

    assert store.delete(key) is True
    assert store.delete(key) is False
    assert store.load(key, base_url=URL) is None
    assert secret_service.secrets(SERVICE) == {}


async def test_async_calls(secret_service: ScratchCollection) -> None:
    store = TokenStore(secret_service.backend())
    key = TokenKey.for_url(URL, "bob")
    await store.asave(key, TOKEN, base_url=URL)
    assert await store.alast_username(URL) == "bob"
    loaded = await store.aload(key, base_url=URL)
    assert loaded is not None and loaded.token == TOKEN
    assert await store.adelete(key) is True
    assert secret_service.secrets(SERVICE) == {}


def test_a_locked_collection_is_reported_not_hung(secret_service: ScratchCollection) -> None:
    store = TokenStore(secret_service.backend(), timeout=5)
    key = TokenKey.for_profile("prod", "alice")
    store.save(key, TOKEN, base_url=URL)
    secret_service.lock()
    assert secret_service.is_locked()
    started = time.monotonic()
    with pytest.raises(KeyringUnavailable) as info:
        store.load(key, base_url=URL)
    assert time.monotonic() - started < 6
    # Headless, gnome-keyring cannot show its unlock prompt and says "locked"; on a desktop
    # the prompt waits for a person, and the timeout gives up instead.
    assert info.value.reason in ("locked", "timeout")
    assert "OPSSL_TOKEN" in info.value.message
    assert TOKEN not in info.value.message


def test_login_resolve_logout_through_the_cli(
    secret_service: ScratchCollection,
    use_backend: Install,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    home: Path,
    config_file: Path,
) -> None:
    use_backend(secret_service.backend())
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: "demo")
    config = load_config()
    config.add(custom_profile("sb", sandbox.base_url, "demo"))
    save_config(config)

    assert main(["login", "--profile", "sb"]) == 0
    assert "The token is in the OS keyring (SecretService Keyring)" in capsys.readouterr().out
    held = secret_service.secrets(SERVICE)
    token = json.loads(held["demo on profile sb"])["token"]

    # A restart: a new store finds it, and no second sign-in is sent.
    found = resolve_token(Target.from_profile(load_config().get("sb")), environ={})
    assert (found.token, found.source) == (token, TokenSource.KEYRING)
    assert len(sandbox.received("POST", "/auth/login")) == 1

    assert main(["logout", "--profile", "sb"]) == 0
    assert secret_service.secrets(SERVICE) == {}
    leaked = [p for p in (*home.rglob("*"), *config_file.parent.rglob("*")) if p.is_file()]
    assert [p for p in leaked if token.encode() in p.read_bytes()] == []


def test_the_default_collection_and_backend_detection(
    secret_service_bus: None, use_backend: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test doubles: keyring detects the Secret Service itself, as the app does."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    service = f"opssl-test-{uuid.uuid4().hex[:8]}"  # never collides with real opssl entries
    store = TokenStore(service=service)
    assert store.check() == "SecretService Keyring"
    key = TokenKey.for_profile("prod", "alice")
    try:
        store.save(key, TOKEN, base_url=URL)
        loaded = TokenStore(secret_service_backend(), service=service).load(key, base_url=URL)
        assert loaded is not None and loaded.token == TOKEN
    finally:
        assert store.delete(key) is True
