"""The reliability suite runs the real app on the real sandbox, as the UI tests do.

The UI tests' guards apply here too: an in-memory keyring, no blinking cursors (in the
inputs and in the CSR box), and no test may reach a real terminal.
"""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from tests.ui.conftest import _no_cursor_blink, _no_terminal_app, memory_keyring

__all__ = ["_no_cursor_blink", "_no_terminal_app", "memory_keyring"]


@pytest.fixture(autouse=True)
def _no_text_area_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TextArea, "cursor_blink", False)
