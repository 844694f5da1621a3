"""UI tests run the real app headless against the real sandbox over loopback HTTP."""

from __future__ import annotations

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes snapshots depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)
