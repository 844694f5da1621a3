"""What goes back on the wire: the API's envelope, its error body, and broken answers.

API notes §2.1 (``{code, desc, data}`` plus ``warnings`` and ``maintenance``), §2.2 and
§8.1 (errors are HTTP 500 with ``{desc, code}``, ``data`` when there is more to say).
The fault knobs ask for what a proxy in the way would send instead (``faults.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import Outcome, SandboxError

HTML_ERROR = (
    "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
    "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
MALFORMED = '{"code":0,"desc":"","data":{"results":[{"id":1306001,"common_name":"acme.'


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str
    code: int | None = None
    encoding: str | None = None


def json_answer(status: int, body: dict[str, Any]) -> Answer:
    code = body.get("code")
    return Answer(
        status, json.dumps(body), "application/json", code if isinstance(code, int) else None
    )


def success(outcome: Outcome, *, maintenance: bool) -> Answer:
    envelope: dict[str, Any] = {"code": 0, "desc": "", "data": outcome.data}
    if outcome.warnings:
        envelope["warnings"] = [w.to_api() for w in outcome.warnings]
    if maintenance:
        envelope["maintenance"] = True
    return json_answer(200, envelope)


def refusal(exc: SandboxError, *, maintenance: bool, auth_status: int) -> Answer:
    """HTTP 500 with the code, or ``auth_status`` for code 196 (§1.2: configurable)."""
    body: dict[str, Any] = {"desc": exc.desc, "code": exc.code}
    if exc.data:
        body["data"] = exc.data
    if maintenance:
        body["maintenance"] = True
    status = auth_status if exc.code == codes.AUTHENTICATION else 500
    return json_answer(status, body)


def broken(fault: str) -> Answer | None:
    """The answer for a transport fault ("fail", "html", "malformed", "bad_encoding")."""
    if fault == "fail":
        return Answer(503, "Service Temporarily Unavailable\n", "text/plain")
    if fault == "html":
        return Answer(500, HTML_ERROR, "text/html")
    if fault == "malformed":
        return Answer(200, MALFORMED, "application/json")
    if fault == "bad_encoding":
        # A proxy that labels a plain body as gzip: the client cannot decode it.
        return Answer(200, '{"code":0,"data":{}}', "application/json", encoding="gzip")
    return None
