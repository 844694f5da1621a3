"""The token store: round trips, expiry, and every way a keyring can fail or hang."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import InitError, KeyringError, NoKeyringError

from tui_app.auth.token_store import (
    ADVICE,
    SERVICE,
    TOKEN_LIFETIME,
    KeyringUnavailable,
    StoredToken,
    TokenKey,
    TokenStore,
)

from .keyring_doubles import (
    EchoingKeyring,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
    PlaintextKeyring,
    RaisingKeyring,
    fail_backend,
    null_backend,
    secret_service_backend,
)

TOKEN = "68833a93474e9be96b80e07f26fbf0f8"
URL = "https://api.openprovider.eu/v1beta"
KEY = TokenKey.for_profile("prod", "alice")
ISSUED = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)

Install = Callable[[KeyringBackend], KeyringBackend]


def test_round_trip_in_the_default_backend(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    saved = store.save(KEY, TOKEN, base_url=URL, issued_at=ISSUED)
    loaded = store.load(KEY, base_url=URL)
    assert loaded == saved
    assert loaded is not None
    assert (loaded.token, loaded.issued_at, loaded.username) == (TOKEN, ISSUED, "alice")
    # Service "opssl", keyed by profile and API username, the issue time stored beside it.
    secret = memory_keyring.entries[(SERVICE, "alice on profile prod")]
    assert json.loads(secret) == {
        "v": 1,
        "token": TOKEN,
        "issued_at": "2026-11-29T10:00:00+00:00",
        "base_url": URL,
        "username": "alice",
    }
    assert store.check() == MemoryKeyring.name


def test_keys_separate_profiles_urls_and_usernames(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    keys = [
        TokenKey.for_profile("prod", "alice"),
        TokenKey.for_profile("prod", "bob"),
        TokenKey.for_profile("cte", "alice"),
        TokenKey.for_url(URL, "alice"),
    ]
    for n, key in enumerate(keys):
        store.save(key, f"token{n}", base_url=URL)
    assert [store.load(k, base_url=URL).token for k in keys] == [  # type: ignore[union-attr]
        "token0",
        "token1",
        "token2",
        "token3",
    ]
    assert store.last_username(URL) == "alice"  # pointer for --base-url without --username
    assert store.last_username("profile prod") is None  # profiles carry their username


def test_missing_entry_and_delete(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    assert store.load(KEY, base_url=URL) is None
    assert store.delete(KEY) is False
    store.save(KEY, TOKEN, base_url=URL)
    assert store.delete(KEY) is True
    assert store.load(KEY, base_url=URL) is None
    assert memory_keyring.entries == {}


def test_delete_of_a_url_entry_removes_its_pointer(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    key = TokenKey.for_url(URL, "alice")
    store.save(key, TOKEN, base_url=URL)
    assert store.delete(key) is True
    assert memory_keyring.entries == {}


def test_a_token_is_only_given_back_for_the_url_it_was_issued_for(
    memory_keyring: MemoryKeyring,
) -> None:
    store = TokenStore()
    store.save(KEY, TOKEN, base_url=URL)
    # The profile was edited to point elsewhere: the old token must not be sent there.
    assert store.load(KEY, base_url="https://op.example.net/v1beta") is None


@pytest.mark.parametrize(
    "secret", [TOKEN, "{}", "[1]", '{"token": "x"}', '{"token": "x", "issued_at": "soon"}']
)
def test_unreadable_entries_are_ignored(memory_keyring: MemoryKeyring, secret: str) -> None:
    memory_keyring.entries[(SERVICE, KEY.account)] = secret
    assert TokenStore().load(KEY, base_url=URL) is None


def test_expiry_is_two_days_from_issue() -> None:
    stored = StoredToken(TOKEN, ISSUED, URL, "alice")
    assert timedelta(days=2) == TOKEN_LIFETIME
    assert stored.expires_at == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert not stored.likely_expired(ISSUED + timedelta(days=1))
    assert stored.likely_expired(ISSUED + timedelta(days=2))
    assert stored.likely_expired(ISSUED + timedelta(days=2) - timedelta(minutes=1))  # margin


def test_a_naive_issue_time_is_read_as_utc() -> None:
    secret = json.dumps(
        {"token": TOKEN, "issued_at": "2026-11-29T10:00:00", "base_url": URL, "username": "a"}
    )
    assert StoredToken.from_secret(secret).issued_at == ISSUED


def test_reprs_never_show_the_token(memory_keyring: MemoryKeyring) -> None:
    stored = TokenStore().save(KEY, TOKEN, base_url=URL)
    assert TOKEN not in repr(stored)
    assert TOKEN not in str(stored)
    assert TOKEN not in repr(TokenStore())


def test_timeout_is_capped_at_ten_seconds() -> None:
    with pytest.raises(ValueError, match="keyring timeout"):
        TokenStore(timeout=30)
    with pytest.raises(ValueError, match="keyring timeout"):
        TokenStore(timeout=0)
    assert TokenStore().timeout == 10


# -- no usable keyring -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        (fail_backend(), "No usable OS keyring was found"),
        (null_backend(), "switched off"),
        (PlaintextKeyring(), "plain-text file"),
    ],
)
def test_fail_null_and_plaintext_backends_are_not_used(
    use_backend: Install, backend: KeyringBackend, words: str
) -> None:
    use_backend(backend)
    store = TokenStore()
    with pytest.raises(KeyringUnavailable) as info:
        store.save(KEY, TOKEN, base_url=URL)
    error = info.value
    assert error.reason == "no-keyring"
    assert words in error.message
    assert error.message.endswith(ADVICE)
    assert "OPSSL_TOKEN" in error.message and "memory for this session" in error.message
    assert TOKEN not in error.message
    if isinstance(backend, PlaintextKeyring):
        assert backend.entries == {}  # not a single write reached the plain-text backend
    # Known to be unusable: later calls fail at once, without asking the backend again.
    for call in (lambda: store.load(KEY, base_url=URL), store.check, lambda: store.delete(KEY)):
        with pytest.raises(KeyringUnavailable, match=words):
            call()


@pytest.mark.parametrize(
    ("error", "reason", "words"),
    [
        (NoKeyringError("No recommended backend was available."), "no-keyring", "No usable"),
        (InitError("Failed to create the collection: x."), "error", "refused the request"),
        (KeyringError("boom"), "error", "refused the request (boom)"),
        (RuntimeError("The Secret Service daemon is neither running"), "error", "neither running"),
        (OSError(111, "Connection refused"), "error", "could not be reached"),
        (ValueError("odd D-Bus reply"), "error", "failed (ValueError: odd D-Bus reply)"),
    ],
)
def test_every_backend_error_becomes_keyring_unavailable(
    use_backend: Install, error: Exception, reason: str, words: str
) -> None:
    use_backend(RaisingKeyring(error))
    with pytest.raises(KeyringUnavailable) as info:
        TokenStore().load(KEY, base_url=URL)
    assert info.value.reason == reason
    assert words in info.value.message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_locked_keyring_says_so(use_backend: Install) -> None:
    use_backend(LockedKeyring())
    store = TokenStore()
    with pytest.raises(KeyringUnavailable) as info:
        store.save(KEY, TOKEN, base_url=URL)
    assert info.value.reason == "locked"
    assert "locked and could not be unlocked" in info.value.message
    assert "OPSSL_TOKEN" in info.value.message
    # Not sticky: the user may unlock the keyring and try again.
    assert store.known_unusable is None


def test_a_backend_echoing_the_secret_does_not_leak_it(use_backend: Install) -> None:
    use_backend(EchoingKeyring())
    with pytest.raises(KeyringUnavailable) as info:
        TokenStore().save(KEY, TOKEN, base_url=URL)
    assert TOKEN not in info.value.message
    assert TOKEN not in repr(info.value)
    assert "[token]" in info.value.message


def test_a_hanging_keyring_times_out(use_backend: Install, hanging_keyring: HangingKeyring) -> None:
    use_backend(hanging_keyring)
    store = TokenStore(timeout=0.2)
    started = time.monotonic()
    with pytest.raises(KeyringUnavailable) as info:
        store.save(KEY, TOKEN, base_url=URL)
    assert 0.2 <= time.monotonic() - started < 2
    assert hanging_keyring.entered.is_set()
    assert info.value.reason == "timeout"
    assert "did not answer within 0.2 seconds" in info.value.message
    assert "OPSSL_TOKEN" in info.value.message
    # The hung call sits in a daemon thread, so it cannot keep the interpreter alive...
    hung = [t for t in threading.enumerate() if t.name == "opssl-keyring"]
    assert hung and all(t.daemon for t in hung)
    # ...and the store does not pile up more hung threads: the next call fails at once.
    started = time.monotonic()
    with pytest.raises(KeyringUnavailable, match="did not answer"):
        store.load(KEY, base_url=URL)
    assert time.monotonic() - started < 0.1
    assert len([t for t in threading.enumerate() if t.name == "opssl-keyring"]) == len(hung)
    store.reset()
    assert store.known_unusable is None


async def test_a_hanging_keyring_never_blocks_the_event_loop(
    use_backend: Install, hanging_keyring: HangingKeyring
) -> None:
    use_backend(hanging_keyring)
    store = TokenStore(timeout=0.3)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    with pytest.raises(KeyringUnavailable, match=r"did not answer within 0\.3 seconds"):
        await store.aload(KEY, base_url=URL)
    elapsed = time.monotonic() - started
    task.cancel()
    assert 0.3 <= elapsed < 2
    assert ticks >= 10  # the loop kept running the whole time


async def test_async_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    assert await store.acheck() == MemoryKeyring.name
    await store.asave(KEY, TOKEN, base_url=URL, issued_at=ISSUED)
    loaded = await store.aload(KEY, base_url=URL)
    assert loaded is not None and loaded.token == TOKEN
    assert await store.adelete(KEY) is True
    assert await store.adelete(KEY) is False


async def test_async_errors_are_typed_too(use_backend: Install) -> None:
    use_backend(fail_backend())
    with pytest.raises(KeyringUnavailable, match="No usable OS keyring"):
        await TokenStore().asave(KEY, TOKEN, base_url=URL)


def test_an_unreachable_d_bus_is_a_keyring_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real SecretService backend, pointed at a session bus that is not there."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/opssl-test-bus")
    store = TokenStore(secret_service_backend(), timeout=5)
    with pytest.raises(KeyringUnavailable) as info:
        store.save(KEY, TOKEN, base_url=URL)
    assert info.value.reason == "error"
    assert "OPSSL_TOKEN" in info.value.message
    assert TOKEN not in info.value.message


def test_nothing_touches_the_keyring_on_import_and_a_bare_machine_has_none(
    tmp_path: os.PathLike[str],
) -> None:
    """A fresh interpreter with no D-Bus session: keyring picks its fail backend, and we say so."""
    code = (
        "import sys, keyring.core\n"
        "import tui_app.auth.commands, tui_app.auth.token_store\n"
        "assert keyring.core._keyring_backend is None, 'keyring touched on import'\n"
        "assert 'textual' not in sys.modules, 'auth imported textual'\n"
        "from tui_app.auth.token_store import TokenStore, KeyringUnavailable\n"
        "try:\n"
        "    TokenStore(timeout=5).check()\n"
        "except KeyringUnavailable as exc:\n"
        "    print(exc.reason)\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
    }
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/opssl-test-bus"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no-keyring"
