"""The token is in the keyring and nowhere else: no file, no log line, no message, no repr."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

import pytest

from tui_app.api import OpenproviderClient
from tui_app.api.errors import AuthenticationError
from tui_app.auth.config import custom_profile, load_config, save_config
from tui_app.auth.sources import SignInResult, Target, resolve_token, sign_in
from tui_app.auth.token_store import KeyringUnavailable, TokenStore
from tui_app.cli import main
from tui_app.sandbox import Sandbox

from .keyring_doubles import EchoingKeyring, MemoryKeyring

REPO = Path(__file__).resolve().parents[2]


def files_containing(needle: str, roots: list[Path], since: float) -> list[Path]:
    """Every file under ``roots`` written since ``since`` whose bytes contain ``needle``."""
    found = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules")]
            for name in filenames:
                path = Path(dirpath, name)
                try:
                    if path.stat().st_mtime < since - 1 or not path.is_file():
                        continue
                    if needle.encode() in path.read_bytes():
                        found.append(path)
                except OSError:
                    continue
    return found


def test_the_token_leaks_nowhere(
    sandbox: Sandbox,
    memory_keyring: MemoryKeyring,
    home: Path,
    tmp_path: Path,
    config_file: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = time.time()
    caplog.set_level(logging.DEBUG)  # everything: ours, httpx, httpcore, keyring
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: "demo")
    config = load_config()
    config.add(custom_profile("sb", sandbox.base_url, "demo"))
    save_config(config)
    target = Target.from_profile(load_config().get("sb"))

    # Sign in from the command line, reuse the token, use it, let it expire, sign in again.
    assert main(["login", "--profile", "sb"]) == 0
    found = resolve_token(target, environ={})
    token = found.token
    assert token is not None and len(token) == 32

    async def session() -> tuple[SignInResult, AuthenticationError, str]:
        async with OpenproviderClient(target.base_url, token) as client:
            await client.list_orders(limit=3)
            sandbox.expire_tokens()
            with pytest.raises(AuthenticationError) as expired:
                await client.list_orders(limit=3)
            again = await sign_in(target, "demo", "demo", client=client)
            await client.list_orders(limit=3)
            return again, expired.value, repr(client)

    again, expired, client_repr = asyncio.run(session())
    tokens = [token, again.token]
    assert main(["profiles"]) == 0
    assert main(["logout", "--profile", "sb"]) == 0

    # A keyring that echoes what it is given, and the errors and results around it.
    echo_store = TokenStore(EchoingKeyring())
    with pytest.raises(KeyringUnavailable) as refused:
        echo_store.save(target.key("demo"), again.token, base_url=target.base_url)
    late = resolve_token(target, environ={})

    out, err = capsys.readouterr()
    texts = [
        out,
        err,
        caplog.text,
        client_repr,
        str(expired),
        repr(expired),
        expired.message,
        str(refused.value),
        repr(refused.value),
        repr(found),
        str(found),
        repr(again),
        repr(late),
        repr(echo_store),
    ]
    texts += [r.getMessage() for r in caplog.records]
    assert any("POST" in r.getMessage() for r in caplog.records)  # the logs did capture traffic
    for secret in tokens:
        assert not [t for t in texts if secret in t]
        assert files_containing(secret, [home, tmp_path, config_file.parent, REPO], started) == []


def test_the_password_is_never_stored(
    memory_keyring: MemoryKeyring,
    home: Path,
    config_file: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.time()
    caplog.set_level(logging.DEBUG)
    password = "S3cret-pass-phrase"
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: password)
    with Sandbox(username="alice", password=password) as sandbox:
        assert main(["login", "--base-url", sandbox.base_url, "--username", "alice"]) == 0
    out, err = capsys.readouterr()
    assert password not in out + err + caplog.text
    assert memory_keyring.entries and all(
        password not in v for v in memory_keyring.entries.values()
    )
    assert files_containing(password, [home, config_file.parent], started) == []
