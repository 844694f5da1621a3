"""One journal line from one write: what was asked, of which API, and what it answered.

Secrets never reach the line: keys that name a password, token or secret are dropped to
``[redacted]``, a private key anywhere is replaced, and a CSR becomes its SHA-256
fingerprint (of the DER, so the diff's short ``sha256 1a2b3c4d`` is its prefix). Only the
request and the answer's code and warnings are kept, never the answer's data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tui_app.api.errors import ApiError, OpsslApiError
from tui_app.api.writes import WriteEvent

VERSION = 1

REDACTED = "[redacted]"
PRIVATE_KEY_REDACTED = "[redacted: a private key is never recorded]"
_SECRET_KEY_PARTS = ("password", "token", "secret", "private")
_CSR_RE = re.compile(
    r"-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----(.*?)-----END (?:NEW )?CERTIFICATE REQUEST-----",
    re.DOTALL,
)
_PRIVATE_KEY_RE = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")

# The API's operations by (method, path with ``{id}``); anything else keeps "METHOD /path".
OPERATIONS: dict[tuple[str, str], str] = {
    ("PUT", "ssl/orders/{id}"): "update_order",
    ("PUT", "ssl/orders/{id}/approver-email"): "update_approver_email",
    ("POST", "ssl/orders/{id}/approver-email/resend"): "resend_approver_email",
    ("POST", "ssl/orders/{id}/reissue"): "reissue_order",
    ("POST", "ssl/orders/{id}/renew"): "renew_order",
    ("POST", "ssl/orders/{id}/cancel"): "cancel_order",
    ("POST", "ssl/orders"): "create_order",
}
_ORDER_PATH = re.compile(r"ssl/orders/(\d+)(/.*)?")

_RUN: ContextVar[str | None] = ContextVar("opssl_journal_run", default=None)


def new_run_id() -> str:
    """A short id that ties together the writes of one bulk run."""
    return uuid.uuid4().hex[:12]


@contextmanager
def run_scope(run_id: str) -> Iterator[str]:
    """Every write made inside (in this task) is journaled with ``run_id``."""
    token = _RUN.set(run_id)
    try:
        yield run_id
    finally:
        _RUN.reset(token)


def current_run() -> str | None:
    return _RUN.get()


def csr_fingerprint(pem: str) -> str:
    """``sha256:<hex>`` of the CSR's DER; of the text itself if it is no readable PEM."""
    match = _CSR_RE.search(pem)
    data = pem.encode("utf-8", "replace")
    if match:
        with suppress(binascii.Error, ValueError):
            data = base64.b64decode("".join(match.group(1).split()), validate=True)
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _is_secret_key(key: str) -> bool:
    name = key.lower()
    return any(part in name for part in _SECRET_KEY_PARTS)


def redact(value: Any, key: str = "") -> Any:
    """The body as it may be kept: no secrets, no private key, CSRs as fingerprints."""
    if key and _is_secret_key(key):
        return REDACTED
    if isinstance(value, Mapping):
        return {str(k): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    if isinstance(value, str):
        if _PRIVATE_KEY_RE.search(value):
            return PRIVATE_KEY_REDACTED
        if key == "csr" or _CSR_RE.search(value):
            return csr_fingerprint(value) if value.strip() else value
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def operation(method: str, path: str) -> tuple[str, int | None]:
    """The operation's name and the order id in its path, if any."""
    path = path.strip("/")
    match = _ORDER_PATH.fullmatch(path)
    order_id = int(match.group(1)) if match else None
    template = f"ssl/orders/{{id}}{match.group(2) or ''}" if match else path
    method = method.upper()
    return OPERATIONS.get((method, template), f"{method} /{template}"), order_id


def _warnings(event: WriteEvent) -> list[dict[str, Any]]:
    if event.result is None:
        return []
    return [{"code": w.code, "desc": w.desc, "data": w.data} for w in event.result.warnings]


def _outcome(error: BaseException | None) -> dict[str, Any]:
    """``ok``; ``refused`` (the API said no: its code); ``unknown`` (it may have landed)."""
    if error is None:
        return {"result": "ok", "code": 0, "desc": "", "error": None}
    if isinstance(error, ApiError):
        return {"result": "refused", "code": error.code, "desc": error.desc, "error": None}
    if isinstance(error, OpsslApiError):
        problem = {"kind": type(error).__name__, "message": error.message}
    else:
        problem = {"kind": "cancelled", "message": "the request was interrupted"}
    return {"result": "unknown", "code": None, "desc": "", "error": problem}


def build_entry(
    event: WriteEvent,
    *,
    profile: str | None,
    run_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The journal line for a write, as a JSON-ready mapping (documented in docs/json.md)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    name, order_id = operation(event.method, event.path)
    body_id = event.body.get("id") if event.body is not None else None
    if order_id is None and isinstance(body_id, int) and not isinstance(body_id, bool):
        order_id = body_id
    return {
        "version": VERSION,
        "time": moment.isoformat().replace("+00:00", "Z"),
        "profile": profile,
        "api": urlsplit(event.base_url).netloc,
        "operation": name,
        "method": event.method.upper(),
        "path": "/" + event.path.strip("/"),
        "order_id": order_id,
        "request": redact(event.body) if event.body is not None else None,
        **_outcome(event.error),
        "warnings": _warnings(event),
        "run_id": run_id if run_id is not None else current_run(),
    }
