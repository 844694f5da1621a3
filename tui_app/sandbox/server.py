"""The sandbox's HTTP server: the real API's paths, envelope and quirks on 127.0.0.1.

Runs in-process (``with Sandbox() as sb:``) for tests, in a process of its own for
``--demo`` (``demo_child``, on a socket the app made), or on its own as ``opssl
sandbox``. Every request it receives is recorded, so tests can assert on what the API
actually got; the Authorization header is never recorded. One exchange is
``http_handler``'s, the routes are ``routes``', the ``/_sandbox/`` knobs ``admin``'s.
"""

from __future__ import annotations

import re
import socket
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui_app.sandbox.csr_cache import CsrCache
from tui_app.sandbox.dcv_publish import DcvPublisher
from tui_app.sandbox.faults import Faults
from tui_app.sandbox.http_handler import Handler, HttpServer, RecordedRequest
from tui_app.sandbox.keys import make_csr
from tui_app.sandbox.routes import PREFIX, api_routes
from tui_app.sandbox.store import SandboxStore
from tui_app.sandbox.tokens import TWO_DAYS

if TYPE_CHECKING:
    from tui_app.sandbox.dcv_servers import DcvPorts, DcvServers

__all__ = ["PREFIX", "RecordedRequest", "Sandbox"]


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
        csr_cache: Path | None = None,
    ) -> None:
        # The demo keeps its CSRs in a file (``csr_cache``); tests sign them afresh.
        self._csr_cache = CsrCache(csr_cache) if csr_cache is not None else None
        self.store = SandboxStore(
            orders=orders,
            seed=seed,
            today=today,
            username=username,
            password=password,
            token_ttl=token_ttl,
            csr_maker=self._csr_cache.make_csr if self._csr_cache else make_csr,
        )
        self.faults = faults or Faults()
        self.dcv = DcvPublisher(self.store)
        self._dcv_servers: DcvServers | None = None
        self.auth_error_status = auth_error_status
        self.verbose = verbose
        self.routes = api_routes(self.store)
        self.requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._port = port
        self._server: HttpServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------

    def bind(self, listening: socket.socket | None = None) -> Sandbox:
        """Open the listening socket (the port is known after this) without serving yet.

        ``listening``: a socket already bound and listening (``opssl --demo`` makes it in
        the app's process and hands it to the sandbox's own process), served as it is.
        """
        if self._server is None:
            if listening is None:
                self._server = HttpServer(("127.0.0.1", self._port), Handler)
            else:
                self._server = HttpServer(listening.getsockname(), Handler, bind_and_activate=False)
                self._server.socket.close()
                self._server.socket = listening
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
        if self._csr_cache is not None:
            with self.store.lock:
                self._csr_cache.save()

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

    def accept_token(self, token: str) -> None:
        """Take ``token`` as one this sandbox issued: ``opssl --demo`` makes the session's
        token in the app's process, which knows it before the sandbox's process runs."""
        self.store.accept_token(token)

    def expire_tokens(self) -> None:
        self.store.expire_tokens()
