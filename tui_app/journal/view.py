"""A journal line in words, for ``opssl history`` and the app's history of one order.

No UI: the command prints these, the app puts them in its own widgets.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

DETAIL_VALUE_CHARS = 40


def entry_time(entry: dict[str, Any]) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(entry.get("time", "")).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def result(entry: dict[str, Any]) -> str:
    """``ok``, ``ok, 2 warnings``, ``refused 1011`` or ``unknown`` (no answer)."""
    outcome = str(entry.get("result", ""))
    if outcome == "refused":
        return f"refused {entry.get('code')}"
    warnings = entry.get("warnings") or []
    if outcome == "ok" and warnings:
        return f"ok, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    return outcome


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    if text.startswith("sha256:"):
        return text[:15]
    return text if len(text) <= DETAIL_VALUE_CHARS else text[: DETAIL_VALUE_CHARS - 1] + "…"


def detail(entry: dict[str, Any]) -> str:
    """The request in a few words: ``dcv a.com=dns www.a.com=http``, ``autorenew=on``."""
    body = entry.get("request")
    parts: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            if key == "id":
                continue
            if key == "domain_validation_methods" and isinstance(value, list):
                rows = [
                    f"{r.get('host_name')}={r.get('method')}" for r in value if isinstance(r, dict)
                ]
                parts.append("dcv " + " ".join(rows))
            else:
                parts.append(f"{key}={_short(value)}")
    if entry.get("result") == "refused" and entry.get("desc"):
        parts.append(f"({entry['desc']})")
    error = entry.get("error")
    if isinstance(error, dict) and error.get("message"):
        parts.append(f"({error['message']})")
    if entry.get("run_id"):
        parts.append(f"[run {entry['run_id']}]")
    return " ".join(parts)


def order_history(
    entries: tuple[dict[str, Any], ...], order_id: int, api: str | None = None
) -> list[dict[str, Any]]:
    """One order's writes, newest first; ``api`` (a host[:port]) keeps that API's only:
    the same order number on another API is another order."""
    mine = [
        e for e in entries if e.get("order_id") == order_id and (api is None or e.get("api") == api)
    ]
    mine.reverse()  # appended in time order: the file's last line is the newest
    return mine
