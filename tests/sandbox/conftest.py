"""Raw HTTP access to the sandbox, as curl would do it: the sandbox is tested on its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder

Call = Callable[..., httpx.Response]


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    token = sandbox.issue_token()
    with httpx.Client(
        base_url=sandbox.base_url + "/", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        yield client


def find(sandbox: Sandbox, predicate: Callable[[StoredOrder], bool]) -> StoredOrder:
    return next(o for o in sandbox.store.orders.values() if predicate(o))


def error_of(response: httpx.Response) -> tuple[int, str]:
    body: dict[str, Any] = response.json()
    assert response.status_code == 500, response.text
    assert body["code"] != 0
    return body["code"], body["desc"] + " " + body.get("data", "")
