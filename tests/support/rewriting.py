"""An httpx transport in front of the real sandbox that rewrites chosen answers.

Requests go over loopback HTTP to the sandbox as usual; while ``rewrite`` is set, the
answer of every matching request is handed to it (method, API path, body bytes) and what
it returns is what the client reads. This is how tests feed the real client (and the
real screens behind it) answers the sandbox would never give: deep JSON, fields removed,
wrong types, control characters, Rich markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

Rewrite = Callable[[str, str, bytes], bytes]


class RewritingTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.rewrite: Rewrite | None = None
        self.paths: str = r".*"
        self.rewritten = 0

    def arm(self, rewrite: Rewrite, paths: str = r".*") -> None:
        """Rewrite answers to requests whose API path (after /v1beta) matches ``paths``."""
        self.rewrite, self.paths = rewrite, paths

    def disarm(self) -> None:
        self.rewrite = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        rewrite = self.rewrite
        path = request.url.path.split("/v1beta", 1)[-1]
        if rewrite is None or not re.fullmatch(self.paths, path):
            return response
        body = await response.aread()
        await response.aclose()
        self.rewritten += 1
        new = rewrite(request.method, path, body)
        headers = {"content-type": response.headers.get("content-type", "application/json")}
        return httpx.Response(response.status_code, headers=headers, content=new)

    async def aclose(self) -> None:
        await self._inner.aclose()


def json_rewrite(change: Callable[[Any], Any]) -> Rewrite:
    """A rewrite of the decoded JSON envelope; ``change`` returns the new envelope."""

    def run(method: str, path: str, body: bytes) -> bytes:
        return json.dumps(change(json.loads(body))).encode()

    return run
