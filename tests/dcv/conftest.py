"""Fixtures for the DCV checker: a world of real nsd servers (see ``world.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dcv.web import Web, web_servers
from tests.dcv.world import World, build


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build(tmp_path_factory.mktemp("nsd"))


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    with web_servers(tmp_path_factory.mktemp("web")) as servers:
        yield servers
