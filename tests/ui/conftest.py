"""UI tests run the real app headless against the real sandbox over loopback HTTP."""

from __future__ import annotations

import keyring
import keyring.core
import pytest
from textual.widgets import Input

from tests.auth.keyring_doubles import MemoryKeyring
from tui_app import startup


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes snapshots depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """UI tests never reach the developer's keyring: an empty in-memory one, restored after."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def _no_terminal_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that reaches ``opssl``'s real terminal run would hang the suite: fail instead."""

    async def refuse(app: object) -> None:
        raise AssertionError("a test started the app in the terminal; use run_test")

    monkeypatch.setattr(startup, "_run_in_terminal", refuse)
