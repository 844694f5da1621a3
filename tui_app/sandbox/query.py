"""The query string as the API reads it: numbers, booleans, repeated keys, ``order_by.*``.

GET filters go in the query string (API notes §2.4); a bad value is 1002, named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import SandboxError

Query = Mapping[str, Sequence[str]]


def first_value(query: Query, key: str) -> str | None:
    """The key's value (the last one, when it is repeated)."""
    values = query.get(key)
    return values[-1] if values else None


def int_param(query: Query, key: str, default: int, low: int, high: int) -> int:
    raw = first_value(query, key)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SandboxError(
            codes.INVALID_PARAMETER, f"Parameter {key} must be a number, got {raw!r}"
        ) from None
    if not low <= value <= high:
        raise SandboxError(
            codes.INVALID_PARAMETER, f"Parameter {key} must be between {low} and {high}"
        )
    return value


def bool_param(query: Query, key: str) -> bool:
    raw = (first_value(query, key) or "").lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise SandboxError(codes.INVALID_PARAMETER, f"Parameter {key} must be true or false")


def sort_specs(query: Query, allowed: Sequence[str]) -> list[tuple[str, bool]]:
    """``order_by.<field>=asc|desc`` keys, in the order given: (field, descending)."""
    specs: list[tuple[str, bool]] = []
    for key, values in query.items():
        if not key.startswith("order_by."):
            continue
        name = key[len("order_by.") :]
        if name not in allowed:
            raise SandboxError(
                codes.INVALID_PARAMETER,
                f"Cannot sort by {name!r}; use one of: {', '.join(allowed)}",
            )
        direction = (values[-1] if values else "").lower()
        if direction not in ("asc", "desc"):
            raise SandboxError(codes.INVALID_PARAMETER, f"order_by.{name} must be asc or desc")
        specs.append((name, direction == "desc"))
    return specs
