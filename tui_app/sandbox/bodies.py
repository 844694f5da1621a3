"""The JSON bodies of the write calls, as the API takes them.

An object; an ``id`` that repeats the path's, as a number or a string (the documentation's
examples send ``"id":"1"``, API notes §3 and §8.9); only the fields the call knows.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import SandboxError


def order_body(body: Any, order_id: int, *, allow_empty: bool = False) -> dict[str, Any]:
    """The body as an object whose ``id``, if given, is the path's (``{}`` when it may be
    left out and was)."""
    if body is None and allow_empty:
        return {}
    if not isinstance(body, dict):
        raise SandboxError(codes.INVALID_PARAMETER, "The request body must be a JSON object")
    if "id" in body:
        raw = body["id"]
        given = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if isinstance(raw, str) and raw.strip().isdigit():
            given = int(raw)
        if given != order_id:
            raise SandboxError(
                codes.INVALID_PARAMETER,
                f"Body id {raw!r} does not match order {order_id} in the path",
            )
    return body


def request_body(
    body: Any, order_id: int, allowed: Set[str], *, allow_empty: bool = True
) -> dict[str, Any]:
    """``order_body`` with only ``allowed`` fields (and ``id``); others are 1004."""
    item = order_body(body, order_id, allow_empty=allow_empty)
    unknown = sorted(set(item) - allowed - {"id"})
    if unknown:
        raise SandboxError(codes.UNKNOWN_FIELD, f"Unknown field(s): {', '.join(unknown)}")
    return item
