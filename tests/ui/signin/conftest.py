"""Sign-in tests use an account whose password differs from every other word on screen,
so "the password is not shown" is a check that can fail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import TODAY
from tui_app.sandbox import Sandbox

from .start import PASSWORD, USERNAME


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(orders=40, seed=1, today=TODAY, username=USERNAME, password=PASSWORD) as sb:
        yield sb
