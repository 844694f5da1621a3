"""``opssl dcv check`` end to end: an order from the API, real nsd servers, a real web server.

An order of the sandbox is renamed into ``cli.test`` before its CSR exists, so the API's
``additional_data`` (record names and values are hashes of the CSR) is what two nsd
servers publish, one of them a stale value, and what the web server serves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dcv.nsd import Nsd, free_port, zone
from tests.dcv.web import Answer, Web
from tui_app import cli
from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder

ORDER = 1306010
ONE, TWO = "127.0.0.31", "127.0.0.32"
HOSTS = {"cli.test": "http", "www.cli.test": "dns", "api.cli.test": "dns", "mail.cli.test": "email"}


def _renamed(sandbox: Sandbox) -> StoredOrder:
    order = sandbox.store.orders[ORDER]
    assert order._csr is None, "the CSR must be made for the new names"
    order.common_name, order.csr_sans, order.host_names = "cli.test", tuple(HOSTS)[1:], []
    order.dcv = dict(HOSTS)
    order.email_approver = "admin@cli.test"
    return order


def _zone(order: StoredOrder, *, stale: bool) -> str:
    www, api = order.dcv_data("www.cli.test"), order.dcv_data("api.cli.test")
    www_value = "0" * 32 + ".stale.sectigo.com" if stale else www["dns_value"]
    body = f"""
        {www["dns_record"]}. IN CNAME {www_value}.
        {api["dns_record"]}. IN CNAME {api["dns_value"]}.
        @ IN A 127.0.0.1
        @ IN MX 10 mx.cli.test.
        mx IN A 127.0.0.1
    """
    return zone("cli.test", body, ns=[("ns1.cli.test", ONE), ("ns2.cli.test", TWO)])


@pytest.fixture
def servers(sandbox: Sandbox, tmp_path: Path) -> Iterator[tuple[StoredOrder, int]]:
    order = _renamed(sandbox)
    port = free_port([ONE, TWO])
    running = [
        Nsd(ONE, port, {"cli.test": _zone(order, stale=False)}, tmp_path / "one").start(),
        Nsd(TWO, port, {"cli.test": _zone(order, stale=True)}, tmp_path / "two").start(),
    ]
    try:
        yield order, port
    finally:
        for server in running:
            server.stop()


def test_the_command_against_real_servers(
    sandbox: Sandbox,
    servers: tuple[StoredOrder, int],
    web: Web,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order, port = servers
    data = order.dcv_data("cli.test")
    web.route("cli.test", data["file_name"], Answer(body=data["file_contents"] + "\n"))
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())
    monkeypatch.setenv("OPSSL_DCV_PORTS", f"dns={port},http={web.http_port},https={web.https_port}")
    args = ["--base-url", sandbox.base_url, "dcv", "check", str(ORDER), "--dns-server"]

    assert cli.main([*args, f"{ONE}:{port}"]) == 1
    table = capsys.readouterr().out
    assert cli.main([*args, f"{ONE}:{port}", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)

    hosts = {h["host"]: h for h in doc["hosts"]}
    assert {h: hosts[h]["state"] for h in HOSTS} == {
        "cli.test": "published",
        "www.cli.test": "partial",
        "api.cli.test": "published",
        "mail.cli.test": "skipped",
    }
    www = {s["server"]: s for s in hosts["www.cli.test"]["servers"]}
    assert www["ns1.cli.test"]["address"] == ONE
    assert www["ns1.cli.test"]["state"] == "published"
    assert www["ns2.cli.test"] == {
        "server": "ns2.cli.test",
        "address": TWO,
        "state": "different",
        "seen": "0" * 32 + ".stale.sectigo.com",
    }
    assert "cli.test has an MX record (mx.cli.test)" in hosts["mail.cli.test"]["detail"]
    assert "\nwww.cli.test  dns  partial\n" in table
    assert f"    ns2.cli.test {TWO}  different  {'0' * 32}.stale.sectigo.com" in table
