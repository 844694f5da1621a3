"""Parsers of an answer's ``data``, one per kind of call; a surprise raises (``ValueError``,
``TypeError``...), which the client reports as the answer's unexpected shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from tui_app.api.models import Page, as_int, as_list, as_mapping, as_str

T = TypeVar("T")


def token(data: Any) -> str:
    token = as_str(as_mapping(data).get("token")).strip()
    if not token:
        raise ValueError("the login answer carries no token")
    return token


def written_id(data: Any) -> int:
    value = as_int(as_mapping(data).get("id"))
    return value if value is not None else 0


def emails(data: Any) -> tuple[str, ...]:
    """Approver addresses: ``data.results`` today, a bare list in older documentation."""
    items = as_list(as_mapping(data).get("results")) if isinstance(data, Mapping) else as_list(data)
    return tuple(e for e in (as_str(i).strip() for i in items) if e)


def page(item: Callable[[Any], T | None]) -> Callable[[Any], Page[T]]:
    def parse(data: Any) -> Page[T]:
        if not isinstance(data, Mapping):
            raise ValueError("the list has no 'results'")
        parsed = [item(x) for x in as_list(data.get("results"))]
        results = tuple(x for x in parsed if x is not None)
        unreadable = tuple(i for i, x in enumerate(parsed) if x is None)
        total = as_int(data.get("total"))
        return Page(
            results=results,
            total=max(total if total is not None else 0, len(parsed)),
            unreadable=unreadable,
        )

    return parse


def one(item: Callable[[Any], T | None]) -> Callable[[Any], T]:
    def parse(data: Any) -> T:
        parsed = item(data)
        if parsed is None:
            raise ValueError("the object has no id")
        return parsed

    return parse
