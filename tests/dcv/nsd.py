"""Real authoritative DNS servers for the tests: NSD (Debian's ``nsd``) on loopback.

Each instance runs in the foreground as the test's child, with its own config and zone
files in a temporary directory, on a 127.0.0.x address and a high port, and is stopped
after. Every authoritative server of a test world listens on the same port (the
checker's ``auth_port``), each on its own address, as real servers share port 53.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import dns.exception
import dns.message
import dns.query
import pytest

NSD = shutil.which("nsd") or ("/usr/sbin/nsd" if Path("/usr/sbin/nsd").exists() else None)
START_TIMEOUT = 10.0


def need_nsd() -> str:
    """The nsd binary; CI (``OPSSL_REQUIRE_NSD=1``) fails without it, elsewhere it skips."""
    if NSD is None:
        if os.environ.get("OPSSL_REQUIRE_NSD") == "1":
            pytest.fail("nsd is not installed (Debian: apt-get install nsd)")
        pytest.skip("nsd is not installed (Debian: apt-get install nsd)")
    return NSD


def free_port(addresses: Iterable[str]) -> int:
    """A port free for UDP and TCP on every address (probed; the servers bind it next)."""
    addresses = list(addresses)
    for _ in range(100):
        port = random.randrange(20000, 60000)
        sockets: list[socket.socket] = []
        try:
            for address in addresses:
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    sock = socket.socket(socket.AF_INET, kind)
                    sockets.append(sock)
                    sock.bind((address, port))
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
        return port
    raise RuntimeError("no free port on " + ", ".join(addresses))


@dataclass
class Nsd:
    """One running nsd: ``address``:``port`` serving ``zones`` (name -> zone file text)."""

    address: str
    port: int
    zones: dict[str, str]
    directory: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def _config(self) -> str:
        d = self.directory
        lines = [
            "server:",
            f"  ip-address: {self.address}@{self.port}",
            "  do-ip6: no",
            '  username: ""',
            '  chroot: ""',
            f'  zonesdir: "{d}"',
            f'  pidfile: "{d}/nsd.pid"',
            '  database: ""',
            f'  zonelistfile: "{d}/zone.list"',
            f'  xfrdfile: "{d}/xfrd.state"',
            f'  xfrdir: "{d}"',
            f'  logfile: "{d}/nsd.log"',
            "  server-count: 1",
            "  verbosity: 1",
            "  hide-version: yes",
            "remote-control:",
            "  control-enable: no",
        ]
        for name in self.zones:
            lines += ["zone:", f"  name: {name}", f"  zonefile: {name}.zone"]
        return "\n".join(lines) + "\n"

    def start(self) -> Nsd:
        binary = need_nsd()
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in self.zones.items():
            (self.directory / f"{name}.zone").write_text(text)
        config = self.directory / "nsd.conf"
        config.write_text(self._config())
        self.process = subprocess.Popen(
            [binary, "-d", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_answering()
        return self

    def _wait_until_answering(self) -> None:
        first = next(iter(self.zones))
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                break
            try:
                query = dns.message.make_query(first, "SOA", flags=0)
                dns.query.udp(query, self.address, port=self.port, timeout=0.2)
                return
            except (dns.exception.Timeout, OSError):
                time.sleep(0.05)
        log = self.directory / "nsd.log"
        text = log.read_text() if log.exists() else "(no log)"
        self.stop()
        raise RuntimeError(f"nsd on {self.address}:{self.port} did not start:\n{text}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


def zone(origin: str, body: str, *, ns: Iterable[tuple[str, str]]) -> str:
    """A zone file: SOA, the NS set with their addresses, then ``body``."""
    lines = [
        f"$ORIGIN {origin}.",
        "$TTL 300",
        f"@ IN SOA {next(iter(ns))[0]}. hostmaster.{origin}. 1 3600 600 86400 300",
    ]
    for name, _ in ns:
        lines.append(f"@ IN NS {name}.")
    for name, address in ns:
        if name.endswith("." + origin):
            lines.append(f"{name}. IN A {address}")
    lines += [line.strip() for line in body.strip().splitlines()]
    return "\n".join(lines) + "\n"
