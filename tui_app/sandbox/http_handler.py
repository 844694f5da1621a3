"""One HTTP exchange: read the request, route it, answer in the API's envelope, record it.

The framing is checked first (a bad ``Content-Length`` is a 400 and the connection
closes); then the fault knobs, then the token, then the handler. A surprise in a handler
is an API-style 500, never a dropped connection. The Authorization header is never
recorded.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import tui_app.sandbox.codes as codes
from tui_app.sandbox.admin import admin_answer
from tui_app.sandbox.answers import SandboxError
from tui_app.sandbox.envelope import Answer, broken, json_answer, refusal, success
from tui_app.sandbox.routes import PREFIX, find_route

if TYPE_CHECKING:
    from tui_app.sandbox.server import Sandbox

# Larger bodies are refused unread (a CSR request is a few kilobytes).
MAX_BODY = 10 * 1024 * 1024


class BadRequest(Exception):
    """The request itself is broken (its framing): answered 400, the connection closed."""


@dataclass(frozen=True)
class RecordedRequest:
    """What the sandbox received: enough to assert on, never the token."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    authorized: bool
    user_agent: str
    status: int
    code: int | None

    @property
    def api_path(self) -> str:
        return self.path[len(PREFIX) :] if self.path.startswith(PREFIX) else self.path


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK of the headers (some 40 ms on Linux) on every small answer.
    disable_nagle_algorithm = True
    server: HttpServer

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.sandbox.verbose:
            sys.stderr.write(f"sandbox: {self.command} {self.path.split('?')[0]} {args[1:2]}\n")

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _send(self, answer: Answer) -> None:
        payload = answer.body.encode("utf-8")
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            if answer.encoding:
                self.send_header("Content-Encoding", answer.encoding)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _read_body(self) -> tuple[Any, bool]:
        declared = self.headers.get("Content-Length")
        if declared is None:
            return None, True
        if not declared.strip().isdigit():
            raise BadRequest(f"Content-Length {declared!r} is not a number of bytes")
        length = int(declared)
        if length > MAX_BODY:
            raise BadRequest(f"The body is {length:,} bytes; at most {MAX_BODY:,} are read")
        if not length:
            return None, True
        raw = self.rfile.read(length)
        if len(raw) < length:
            raise BadRequest(f"The body ended after {len(raw)} of its {length} bytes")
        try:
            return json.loads(raw), True
        except ValueError:
            return raw.decode("utf-8", "replace"), False

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        body: Any = None
        try:
            body, body_ok = self._read_body()
            answer = self._dispatch(sandbox, url.path, query, body, body_ok)
        except BadRequest as exc:
            # The rest of the stream cannot be trusted to start a next request.
            self.close_connection = True
            answer = json_answer(400, {"desc": str(exc), "code": codes.INVALID_PARAMETER})
        except Exception as exc:  # a bug in the simulator: an API-style answer anyway
            if sandbox.verbose:
                sys.stderr.write(f"sandbox: {self.command} {url.path} failed: {exc!r}\n")
            answer = json_answer(
                500,
                {"desc": f"Internal error ({type(exc).__name__})", "code": codes.INTERNAL_ERROR},
            )
        # Recorded before answering, so a test that got its answer sees the record.
        sandbox.record(
            RecordedRequest(
                method=self.command,
                path=url.path,
                query=query,
                body=body,
                authorized=bool(self.headers.get("Authorization")),
                user_agent=self.headers.get("User-Agent", ""),
                status=answer.status,
                code=answer.code,
            )
        )
        self._send(answer)

    def _dispatch(
        self, sandbox: Sandbox, path: str, query: dict[str, list[str]], body: Any, body_ok: bool
    ) -> Answer:
        if path.startswith("/_sandbox/"):
            return admin_answer(sandbox, self.command, path, body)
        faults = sandbox.faults
        if faults.latency > 0:
            time.sleep(faults.latency)
        faults.wait_while_held()
        if not path.startswith(PREFIX + "/"):
            return json_answer(404, {"desc": "Not Found", "code": 5})
        api_path = path[len(PREFIX) :].rstrip("/")
        fault = faults.take(self.command, api_path)
        if fault is not None and (answer := broken(fault)) is not None:
            return answer
        try:
            if fault == "error":
                raise SandboxError(faults.error_code, faults.error_desc)
            found = find_route(sandbox.routes, self.command, api_path)
            if found == 405:
                return json_answer(405, {"desc": "Method Not Allowed", "code": 12})
            if isinstance(found, int):
                return json_answer(404, {"desc": "Not Found", "code": 5})
            (_, _, handler, needs_auth), match = found
            if needs_auth:
                sandbox.store.check_token(bearer(self.headers.get("Authorization")))
            if not body_ok:
                raise SandboxError(codes.INVALID_PARAMETER, "The request body is not valid JSON")
            outcome = handler(match, query, body)
        except SandboxError as exc:
            status = sandbox.auth_error_status
            return refusal(exc, maintenance=faults.maintenance, auth_status=status)
        return success(outcome, maintenance=faults.maintenance)


class HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    sandbox: Sandbox

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a timeout, Ctrl+C) is normal for a server, not a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)
