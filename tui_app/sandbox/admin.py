"""The simulator's own endpoints under ``/_sandbox/``: knobs for tests and demos.

``curl -X POST .../_sandbox/faults -d '{...}'`` sets fault knobs, ``/_sandbox/dcv`` what
the DCV servers publish, ``/_sandbox/expire-tokens`` ends every token, and
``/_sandbox/orders/{id}/advance`` is the CA's next step. Not part of the API: no token.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import tui_app.sandbox.codes as codes
import tui_app.sandbox.lifecycle as lifecycle
from tui_app.sandbox.answers import SandboxError
from tui_app.sandbox.envelope import Answer, json_answer

if TYPE_CHECKING:
    from tui_app.sandbox.server import Sandbox

_ADVANCE = re.compile(r"/_sandbox/orders/(\d+)/advance")


def _ok(data: Any) -> Answer:
    return json_answer(200, {"code": 0, "desc": "", "data": data})


def _bad(desc: str, code: int = codes.INVALID_PARAMETER) -> Answer:
    return json_answer(400, {"desc": desc, "code": code})


def admin_answer(sandbox: Sandbox, method: str, path: str, body: Any) -> Answer:
    if path == "/_sandbox/faults":
        if method == "POST":
            try:
                sandbox.faults.update(**(body if isinstance(body, dict) else {}))
            except (ValueError, TypeError) as exc:
                return _bad(str(exc))
        return _ok(sandbox.faults.as_dict())
    if path == "/_sandbox/dcv":
        return _dcv_knob(sandbox, method, body)
    if path == "/_sandbox/expire-tokens" and method == "POST":
        sandbox.store.expire_tokens()
        return _ok({"expired": True})
    advance = _ADVANCE.fullmatch(path)
    if advance and method == "POST":
        try:
            step = lifecycle.advance(sandbox.store, int(advance.group(1)))
        except SandboxError as exc:
            return _bad(exc.desc, exc.code)
        return _ok(step)
    return json_answer(404, {"desc": "Not Found", "code": 5})


def _dcv_knob(sandbox: Sandbox, method: str, body: Any) -> Answer:
    """``{"host": H, "state": S}`` sets what the DCV servers publish for host H."""
    if method == "POST":
        item = body if isinstance(body, dict) else {}
        try:
            sandbox.dcv.set_state(str(item.get("host", "")), str(item.get("state", "")))
        except ValueError as exc:
            return _bad(str(exc))
    ports = sandbox.dcv_ports
    return _ok(
        {
            "ports": None if ports is None else vars(ports),
            "addresses": list(sandbox.dcv.addresses),
            "hosts": sandbox.dcv.knobs(),
        }
    )
