"""The sandbox's HTTP server: the real API's paths, envelope and quirks on 127.0.0.1.

Runs in-process (``with Sandbox() as sb:``) for ``--demo`` and tests, or on its own as
``opssl sandbox``. Every request it receives is recorded, so tests can assert on what
the API actually got; the Authorization header is never recorded.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from tui_app.sandbox import codes, lifecycle
from tui_app.sandbox.dcv_publish import DcvPublisher
from tui_app.sandbox.faults import Faults
from tui_app.sandbox.reissue import reissue
from tui_app.sandbox.store import TWO_DAYS, Outcome, SandboxError, SandboxStore

if TYPE_CHECKING:
    from tui_app.sandbox.dcv_servers import DcvPorts, DcvServers

PREFIX = "/v1beta"

_HTML_ERROR = (
    "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
    "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
# Larger bodies are refused unread (a CSR request is a few kilobytes).
MAX_BODY = 10 * 1024 * 1024


class _BadRequest(Exception):
    """The request itself is broken (its framing): answered 400, the connection closed."""


_MALFORMED = '{"code":0,"desc":"","data":{"results":[{"id":1306001,"common_name":"acme.'


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


Route = tuple[str, re.Pattern[str], Callable[..., Outcome], bool]


@dataclass(frozen=True)
class _Answer:
    status: int
    body: str
    content_type: str
    code: int | None = None
    encoding: str | None = None


def _json(status: int, body: dict[str, Any]) -> _Answer:
    code = body.get("code")
    return _Answer(
        status, json.dumps(body), "application/json", code if isinstance(code, int) else None
    )


def _routes(store: SandboxStore) -> list[Route]:
    """(method, path pattern, handler, needs auth). Handlers take (match, query, body)."""

    def oid(m: re.Match[str]) -> int:
        return int(m.group(1))

    return [
        ("POST", re.compile(r"/auth/login"), lambda m, q, b: store.login(b), False),
        ("GET", re.compile(r"/ssl/orders"), lambda m, q, b: store.list_orders(q), True),
        ("GET", re.compile(r"/ssl/orders/(\d+)"), lambda m, q, b: store.get_order(oid(m)), True),
        (
            "PUT",
            re.compile(r"/ssl/orders/(\d+)"),
            lambda m, q, b: store.update_order(oid(m), b),
            True,
        ),
        (
            "PUT",
            re.compile(r"/ssl/orders/(\d+)/approver-email"),
            lambda m, q, b: store.update_approver_email(oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/approver-email/resend"),
            lambda m, q, b: store.resend_approver_email(oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/reissue"),
            lambda m, q, b: reissue(store, oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/renew"),
            lambda m, q, b: lifecycle.renew(store, oid(m), b),
            True,
        ),
        (
            "POST",
            re.compile(r"/ssl/orders/(\d+)/cancel"),
            lambda m, q, b: lifecycle.cancel(store, oid(m), b),
            True,
        ),
        (
            "GET",
            re.compile(r"/ssl/approver-emails"),
            lambda m, q, b: store.approver_emails(q),
            True,
        ),
        ("GET", re.compile(r"/ssl/products"), lambda m, q, b: store.list_products(q), True),
        (
            "GET",
            re.compile(r"/ssl/products/(\d+)"),
            lambda m, q, b: store.get_product(oid(m)),
            True,
        ),
    ]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

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

    # -- plumbing -----------------------------------------------------------------

    def _send(self, answer: _Answer) -> None:
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
            raise _BadRequest(f"Content-Length {declared!r} is not a number of bytes")
        length = int(declared)
        if length > MAX_BODY:
            raise _BadRequest(f"The body is {length:,} bytes; at most {MAX_BODY:,} are read")
        if not length:
            return None, True
        raw = self.rfile.read(length)
        if len(raw) < length:
            raise _BadRequest(f"The body ended after {len(raw)} of its {length} bytes")
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
        except _BadRequest as exc:
            # The rest of the stream cannot be trusted to start a next request.
            self.close_connection = True
            answer = _json(400, {"desc": str(exc), "code": codes.INVALID_PARAMETER})
        except Exception as exc:  # a bug in the simulator: an API-style answer anyway
            if sandbox.verbose:
                sys.stderr.write(f"sandbox: {self.command} {url.path} failed: {exc!r}\n")
            answer = _json(
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
    ) -> _Answer:
        if path.startswith("/_sandbox/"):
            return self._admin(sandbox, path, body)
        faults = sandbox.faults
        if faults.latency > 0:
            time.sleep(faults.latency)
        faults.wait_while_held()
        if not path.startswith(PREFIX + "/"):
            return _json(404, {"desc": "Not Found", "code": 5})
        api_path = path[len(PREFIX) :].rstrip("/")
        fault = faults.take(self.command, api_path)
        if fault == "fail":
            return _Answer(503, "Service Temporarily Unavailable\n", "text/plain")
        if fault == "html":
            return _Answer(500, _HTML_ERROR, "text/html")
        if fault == "malformed":
            return _Answer(200, _MALFORMED, "application/json")
        if fault == "bad_encoding":
            # A proxy that labels a plain body as gzip: the client cannot decode it.
            return _Answer(200, '{"code":0,"data":{}}', "application/json", encoding="gzip")
        if fault == "error":
            return self._error(sandbox, SandboxError(faults.error_code, faults.error_desc))
        matched = [(r, r[1].fullmatch(api_path)) for r in sandbox.routes]
        candidates = [(r, m) for r, m in matched if m]
        route = next(((r, m) for r, m in candidates if r[0] == self.command), None)
        if route is None:
            if candidates:
                return _json(405, {"desc": "Method Not Allowed", "code": 12})
            return _json(404, {"desc": "Not Found", "code": 5})
        (_, _, handler, needs_auth), match = route
        try:
            if needs_auth:
                sandbox.store.check_token(_bearer(self.headers.get("Authorization")))
            if not body_ok:
                raise SandboxError(codes.INVALID_PARAMETER, "The request body is not valid JSON")
            outcome = handler(match, query, body)
        except SandboxError as exc:
            return self._error(sandbox, exc)
        envelope: dict[str, Any] = {"code": 0, "desc": "", "data": outcome.data}
        if outcome.warnings:
            envelope["warnings"] = [w.to_api() for w in outcome.warnings]
        if faults.maintenance:
            envelope["maintenance"] = True
        return _json(200, envelope)

    def _error(self, sandbox: Sandbox, exc: SandboxError) -> _Answer:
        body: dict[str, Any] = {"desc": exc.desc, "code": exc.code}
        if exc.data:
            body["data"] = exc.data
        if sandbox.faults.maintenance:
            body["maintenance"] = True
        status = sandbox.auth_error_status if exc.code == codes.AUTHENTICATION else 500
        return _json(status, body)

    def _admin(self, sandbox: Sandbox, path: str, body: Any) -> _Answer:
        """Knobs for ``opssl sandbox`` users: ``curl -X POST .../_sandbox/faults -d '{...}'``."""
        if path == "/_sandbox/faults":
            if self.command == "POST":
                try:
                    sandbox.faults.update(**(body if isinstance(body, dict) else {}))
                except (ValueError, TypeError) as exc:
                    return _json(400, {"desc": str(exc), "code": codes.INVALID_PARAMETER})
            return _json(200, {"code": 0, "desc": "", "data": sandbox.faults.as_dict()})
        if path == "/_sandbox/dcv":
            return self._dcv_knob(sandbox, body)
        if path == "/_sandbox/expire-tokens" and self.command == "POST":
            sandbox.store.expire_tokens()
            return _json(200, {"code": 0, "desc": "", "data": {"expired": True}})
        advance = re.fullmatch(r"/_sandbox/orders/(\d+)/advance", path)
        if advance and self.command == "POST":
            try:
                step = lifecycle.advance(sandbox.store, int(advance.group(1)))
            except SandboxError as exc:
                return _json(400, {"desc": exc.desc, "code": exc.code})
            return _json(200, {"code": 0, "desc": "", "data": step})
        return _json(404, {"desc": "Not Found", "code": 5})

    def _dcv_knob(self, sandbox: Sandbox, body: Any) -> _Answer:
        """``{"host": H, "state": S}`` sets what the DCV servers publish for host H."""
        if self.command == "POST":
            item = body if isinstance(body, dict) else {}
            try:
                sandbox.dcv.set_state(str(item.get("host", "")), str(item.get("state", "")))
            except ValueError as exc:
                return _json(400, {"desc": str(exc), "code": codes.INVALID_PARAMETER})
        ports = sandbox.dcv_ports
        data = {
            "ports": None if ports is None else vars(ports),
            "addresses": list(sandbox.dcv.addresses),
            "hosts": sandbox.dcv.knobs(),
        }
        return _json(200, {"code": 0, "desc": "", "data": data})


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    sandbox: Sandbox

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a timeout, Ctrl+C) is normal for a server, not a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Sandbox:
    """The simulator: a store, fault knobs, a request log and a threaded HTTP server."""

    def __init__(
        self,
        *,
        port: int = 0,
        orders: int = 40,
        seed: int = 1,
        today: datetime | None = None,
        username: str = "demo",
        password: str = "demo",
        token_ttl: float = TWO_DAYS,
        faults: Faults | None = None,
        auth_error_status: int = 500,
        verbose: bool = False,
    ) -> None:
        self.store = SandboxStore(
            orders=orders,
            seed=seed,
            today=today,
            username=username,
            password=password,
            token_ttl=token_ttl,
        )
        self.faults = faults or Faults()
        self.dcv = DcvPublisher(self.store)
        self._dcv_servers: DcvServers | None = None
        self.auth_error_status = auth_error_status
        self.verbose = verbose
        self.routes = _routes(self.store)
        self.requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------

    def bind(self) -> Sandbox:
        """Open the listening socket (the port is known after this) without serving yet."""
        if self._server is None:
            self._server = _Server(("127.0.0.1", self._port), _Handler)
            self._server.sandbox = self
        return self

    def start(self) -> Sandbox:
        """Serve from a background thread; returns at once."""
        server = self.bind()._server
        assert server is not None
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name="opssl-sandbox",
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        server = self.bind()._server
        assert server is not None
        server.serve_forever(poll_interval=0.2)

    def start_dcv(self) -> DcvPorts:
        """Serve the orders' DCV records and files too (DNS, http, https on loopback)."""
        from tui_app.sandbox.dcv_servers import DcvServers

        if self._dcv_servers is None:
            servers = DcvServers(self.dcv)
            servers.start()
            self._dcv_servers = servers
        assert self._dcv_servers.ports is not None
        return self._dcv_servers.ports

    @property
    def dcv_ports(self) -> DcvPorts | None:
        return self._dcv_servers.ports if self._dcv_servers is not None else None

    def stop(self) -> None:
        self.faults.update(hold=False)  # release held requests: nothing waits on a stopped server
        if self._dcv_servers is not None:
            self._dcv_servers.stop()
            self._dcv_servers = None
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
                self._thread.join(timeout=5)
            self._server.server_close()
            self._server = None
            self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not bound yet")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    # -- helpers for tests and --demo ---------------------------------------------

    def record(self, request: RecordedRequest) -> None:
        with self._requests_lock:
            self.requests.append(request)

    def clear_requests(self) -> None:
        with self._requests_lock:
            self.requests.clear()

    def received(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        """Recorded API requests, filtered by method and by a regex on the path after /v1beta."""
        with self._requests_lock:
            found = list(self.requests)
        if method:
            found = [r for r in found if r.method == method.upper()]
        if path:
            pattern = re.compile(path)
            found = [r for r in found if pattern.fullmatch(r.api_path)]
        return found

    def issue_token(self) -> str:
        return self.store.issue_token()

    def expire_tokens(self) -> None:
        self.store.expire_tokens()
