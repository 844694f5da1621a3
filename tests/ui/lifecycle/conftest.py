"""The edit form's tests: the CSR box's cursor must not blink either (snapshots)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea


@pytest.fixture(autouse=True)
def _no_text_area_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TextArea, "cursor_blink", False)
