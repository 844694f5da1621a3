"""A small DNS world made of real nsd servers, for the DCV checker's tests.

    test.        served by VIEW (127.0.0.20): the parent, delegating with glue
    agree.test   A and B serve the same records
    split.test   A and B disagree (another CNAME value; a record only on A)
    dead.test    A, and a server that never answers (127.0.0.23)
    refused.test A, and B, which does not serve the zone (answers REFUSED)
    lame.test    A, and VIEW, which only refers back to the zone (a lame delegation)
    other.test   B: where a CNAME in agree.test points (a delegated TXT record)

The DNS view is VIEW (answers with referrals, which the checker follows) or A itself
(authoritative answers). Every authoritative server listens on the same port.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tests.dcv.nsd import Nsd, free_port, zone
from tui_app.core.dcv_check.settings import CheckSettings, DnsServer

VIEW, A, B, SILENT = "127.0.0.20", "127.0.0.21", "127.0.0.22", "127.0.0.23"
WEB = "127.0.0.1"

# _big's TXT records are larger than a UDP answer may be (1232 bytes): only TCP has them.
GOOD = "3f1c9a0d2b7e4c5a8f6d1e0b9c8a7f6e.5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a.sectigo.test"
STALE = "stale-value.sectigo.test"
TOKEN = "dcv-token-7f3e2a"

_NS = {
    "agree.test": [("ns1.agree.test", A), ("ns2.agree.test", B)],
    "split.test": [("ns1.split.test", A), ("ns2.split.test", B)],
    "dead.test": [("ns1.dead.test", A), ("ns2.dead.test", SILENT)],
    "refused.test": [("ns1.refused.test", A), ("ns2.refused.test", B)],
    "lame.test": [("ns1.lame.test", A), ("ns2.lame.test", VIEW)],
    "other.test": [("ns1.other.test", B)],
}

_AGREE = f"""
_good IN CNAME {GOOD}.
_wrong IN CNAME {STALE}.
_deleg IN CNAME _deleg.other.test.
_txt IN TXT "{TOKEN}"
_big IN TXT "{TOKEN}"
_big IN TXT {" ".join(f'"{c * 250}"' for c in "uvwxyz")}
www IN A {WEB}
@ IN A {WEB}
old IN A {WEB}
bad IN A {WEB}
cdn IN A {WEB}
@ IN MX 10 mail.agree.test.
mail IN A {WEB}
"""


def _split(on_a: bool) -> str:
    value = GOOD if on_a else STALE
    half = f"_half IN CNAME {GOOD}." if on_a else ""
    return f"_rec IN CNAME {value}.\n{half}\n"


def _parent() -> str:
    body = ["ns IN A " + VIEW]
    for origin, servers in _NS.items():
        label = origin.removesuffix(".test")
        body += [f"{label} IN NS {name}." for name, _ in servers]
        body += [f"{name}. IN A {address}" for name, address in servers]
    return zone("test", "\n".join(body), ns=[("ns.test", VIEW)])


@dataclass
class World:
    port: int
    servers: list[Nsd]

    def settings(self, view: str = VIEW, **changes: object) -> CheckSettings:
        """Settings whose DNS view is ``view`` and whose authoritative port is the world's."""
        base = CheckSettings(
            dns_server=DnsServer(view, self.port),
            auth_port=self.port,
            query_timeout=1.0,
            view_label=f"{view}:{self.port}",
        )
        return replace(base, **changes)  # type: ignore[arg-type]


def build(directory: Path) -> Iterator[World]:
    """Start the world's servers; stops them when the generator is closed."""
    port = free_port([VIEW, A, B, SILENT])
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind((SILENT, port))  # takes queries and never answers them
    zones_a = {
        "agree.test": zone("agree.test", _AGREE, ns=_NS["agree.test"]),
        "split.test": zone("split.test", _split(True), ns=_NS["split.test"]),
        "dead.test": zone("dead.test", _split(True), ns=_NS["dead.test"]),
        "refused.test": zone("refused.test", _split(True), ns=_NS["refused.test"]),
        "lame.test": zone("lame.test", _split(True), ns=_NS["lame.test"]),
    }
    zones_b = {
        "agree.test": zones_a["agree.test"],
        "split.test": zone("split.test", _split(False), ns=_NS["split.test"]),
        "other.test": zone("other.test", f'_deleg IN TXT "{TOKEN}"', ns=_NS["other.test"]),
    }
    servers = [
        Nsd(VIEW, port, {"test": _parent()}, directory / "view"),
        Nsd(A, port, zones_a, directory / "a"),
        Nsd(B, port, zones_b, directory / "b"),
    ]
    try:
        for server in servers:
            server.start()
        yield World(port, servers)
    finally:
        for server in servers:
            server.stop()
        silent.close()
