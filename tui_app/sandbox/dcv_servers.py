"""Start and stop the sandbox's DCV servers (DNS, http, https) on one or two addresses.

Every kind listens on one port shared by its addresses, as real servers share 53, 80
and 443; the check is told these ports (``OPSSL_DCV_PORTS``, or ``--demo`` does it).
127.0.0.2 is used when the system lets a program bind it (Linux does); else the
sandbox is one machine.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass

from tui_app.sandbox.dcv_dns import dns_servers, serve
from tui_app.sandbox.dcv_files import file_server, tls_context
from tui_app.sandbox.dcv_publish import DcvPublisher

ADDRESSES = ("127.0.0.1", "127.0.0.2")
_TRIES = 50
# Binds the servers of one kind for (address, port, machine); port 0 lets the OS choose.
_Builder = Callable[[str, int, int], list[socketserver.BaseServer]]


@dataclass(frozen=True)
class DcvPorts:
    dns: int
    http: int
    https: int

    def env(self) -> str:
        """The ``OPSSL_DCV_PORTS`` value that points a check at these servers."""
        return f"dns={self.dns},http={self.http},https={self.https}"


class DcvServers:
    """The running servers; ``ports`` after ``start``."""

    def __init__(self, publisher: DcvPublisher) -> None:
        self.publisher = publisher
        self.ports: DcvPorts | None = None
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []

    def _bind(
        self, build: _Builder, addresses: tuple[str, ...]
    ) -> tuple[int, list[socketserver.BaseServer]]:
        """One port free on every address: the first address picks, the others follow.

        The first may fail too: DNS takes a UDP port, then TCP on the same number, which
        another process may hold (tests run in parallel). Each failure is a new try.
        """
        for _ in range(_TRIES):
            bound: list[socketserver.BaseServer] = []
            try:
                bound += build(addresses[0], 0, 0)
                port = int(bound[0].server_address[1])  # type: ignore[index]
                for machine, address in enumerate(addresses[1:], start=1):
                    bound += build(address, port, machine)
            except OSError:
                for server in bound:
                    server.server_close()
                continue
            return port, bound
        raise OSError("no port is free on every sandbox address")

    def start(self) -> DcvPorts:
        publisher = self.publisher
        addresses = _usable_addresses()
        publisher.addresses = addresses
        tls = tls_context()
        dns_port, dns = self._bind(lambda a, p, m: dns_servers(publisher, a, p, m), addresses)
        http_port, http = self._bind(lambda a, p, m: [file_server(publisher, a, p, m)], addresses)
        https_port, https = self._bind(
            lambda a, p, m: [file_server(publisher, a, p, m, tls)], addresses
        )
        self._servers = [*dns, *http, *https]
        self._threads = [serve(s, "opssl-sandbox-dcv") for s in self._servers]
        self.ports = DcvPorts(dns_port, http_port, https_port)
        return self.ports

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads, self.ports = [], [], None


def _usable_addresses() -> tuple[str, ...]:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as probe:
        try:
            probe.bind((ADDRESSES[1], 0))
        except OSError:
            return ADDRESSES[:1]
    return ADDRESSES
