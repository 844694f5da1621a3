"""Shared fixtures: a real sandbox on loopback, and a client signed in to it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest

from tui_app.api import OpenproviderClient
from tui_app.sandbox import Sandbox

# Seeded data is relative to the sandbox's "today"; fixing it keeps tests and snapshots stable.
TODAY = datetime(2026, 11, 29, 12, 0, 0)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the developer's own config, journal and token out of every test."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("OPSSL_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("OPSSL_JOURNAL", str(home / "journal.jsonl"))
    monkeypatch.delenv("OPSSL_TOKEN", raising=False)
    # The demo keeps its CSRs under the user's cache directory (``sandbox/csr_cache.py``).
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(orders=40, seed=1, today=TODAY) as sb:
        yield sb


@pytest.fixture(scope="session")
def big_sandbox() -> Iterator[Sandbox]:
    """A 10,000-order account, shared: tests must not change it."""
    with Sandbox(orders=10_000, seed=7, today=TODAY) as sb:
        yield sb


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[OpenproviderClient]:
    async with OpenproviderClient(sandbox.base_url, sandbox.issue_token(), backoff=0.01) as c:
        yield c


def requires_secret_service() -> bool:
    """CI sets this: a skipped Secret Service test is then a failure, not a skip."""
    return os.environ.get("OPSSL_REQUIRE_SECRET_SERVICE") == "1"
