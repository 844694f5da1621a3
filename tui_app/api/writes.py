"""What the client tells an observer about each write it sent: the journal's one source.

Every non-GET call except ``/auth/login`` is reported once, after it ended, with the
request body as sent and either the API's answer or the error. Observers must not
raise; the client guards against one that does, because the write already happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tui_app.api.models import ApiResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriteEvent:
    """One write: ``path`` is the API path without the leading ``/`` (``ssl/orders/12``).

    Exactly one of ``result`` and ``error`` is set. ``error`` may be any exception,
    including a cancellation: the request may or may not have reached the API then.
    """

    method: str
    path: str
    base_url: str
    body: Mapping[str, Any] | None
    result: ApiResult[Any] | None = None
    error: BaseException | None = None


WriteObserver = Callable[[WriteEvent], None]


def is_journaled(method: str, path: str) -> bool:
    """Writes only: reads change nothing, and a login body carries the password."""
    return method.upper() != "GET" and path.strip("/") != "auth/login"


def tell(observer: WriteObserver, event: WriteEvent) -> None:
    """Report a write. It has happened: a failing observer must not make it look failed."""
    try:
        observer(event)
    except Exception:
        log.exception("the write observer failed on %s /%s", event.method, event.path)
