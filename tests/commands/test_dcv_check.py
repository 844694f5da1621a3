"""``opssl dcv check`` against the sandbox's own DNS and web servers, as a script runs it."""

from __future__ import annotations

import json

import pytest

from tui_app import cli
from tui_app.sandbox import Sandbox

MULTI = 1306010  # cyberdyne.com: email, http, https and dns hosts
HOST_KEYS = {"host", "method", "state", "expected", "detail", "servers"}
SERVER_KEYS = {"server", "address", "state", "seen"}
STATES = {"published", "partial", "missing", "different", "unreachable", "blocked", "skipped"}


@pytest.fixture
def pointed(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The token, the DNS view and the ports of the sandbox, as ``opssl sandbox`` prints."""
    ports = sandbox.start_dcv()
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())
    monkeypatch.setenv("OPSSL_DNS_SERVER", f"127.0.0.1:{ports.dns}")
    monkeypatch.setenv("OPSSL_DCV_PORTS", ports.env())
    return sandbox


def _run(sandbox: Sandbox, *args: str) -> int:
    return cli.main(["--base-url", sandbox.base_url, "dcv", "check", *args])


def test_json_is_one_document_of_the_documented_shape(
    pointed: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(pointed, str(MULTI), "--json")
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"order", "hosts"} and doc["order"] == MULTI
    order = pointed.store.orders[MULTI]
    assert [h["host"] for h in doc["hosts"]] == list(order.dcv)  # the order's own order
    for host in doc["hosts"]:
        assert set(host) == HOST_KEYS
        assert host["state"] in STATES
        assert host["method"] == order.dcv[host["host"]]
        for server in host["servers"]:
            assert set(server) == SERVER_KEYS
    by_method = {h["method"]: h for h in doc["hosts"]}
    assert by_method["email"]["state"] == "skipped" and by_method["email"]["servers"] == []
    dns = by_method["dns"]
    zone = ".".join(dns["host"].split(".")[-2:])
    assert {s["server"] for s in dns["servers"]} <= {f"ns1.{zone}", f"ns2.{zone}"}
    assert dns["expected"] == order.dcv_data(dns["host"])["dns_value"]
    # The seeded mix has hosts that are not published: exit 1.
    assert code == 1


def test_exit_0_once_every_checkable_host_is_published(
    pointed: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    for host in pointed.store.orders[MULTI].dcv:
        pointed.dcv.set_state(host, "published")
    assert _run(pointed, str(MULTI), "--json") == 0
    states = {h["method"]: h["state"] for h in json.loads(capsys.readouterr().out)["hosts"]}
    assert states == {
        "email": "skipped",
        "http": "published",
        "https": "published",
        "dns": "published",
    }


def test_the_table_names_each_host_state_and_server(
    pointed: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    order = pointed.store.orders[MULTI]
    dns_host = next(h for h, m in order.dcv.items() if m == "dns")
    pointed.dcv.set_state(dns_host, "wrong")
    assert _run(pointed, str(MULTI)) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"Order {MULTI}  cyberdyne.com  REQ\nDNS view 127.0.0.1:")
    assert f"\n{dns_host}  dns  different\n" in out
    zone = ".".join(dns_host.split(".")[-2:])
    assert f"    ns1.{zone} 127.0.0.1  different  " in out
    assert out.rstrip().endswith(".") and "\n4 hosts: " in out


def test_the_flag_names_the_dns_view_and_a_check_never_writes(
    pointed: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    ports = pointed.dcv_ports
    assert ports is not None
    code = _run(pointed, str(MULTI), "--dns-server", f"127.0.0.1:{ports.dns}")
    assert code == 1
    assert f"DNS view 127.0.0.1:{ports.dns} (--dns-server)" in capsys.readouterr().out
    assert [r.method for r in pointed.requests] == ["GET"]


def test_usage_and_api_errors_exit_2(
    pointed: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(pointed, "999") == 2
    assert "reading order 999: the API answered code" in capsys.readouterr().err
    assert _run(pointed, str(MULTI), "--dns-server", "ns1.example") == 2
    assert "--dns-server: 'ns1.example' is not an IP address" in capsys.readouterr().err
    monkeypatch.setenv("OPSSL_DCV_PORTS", "dns=0")
    assert _run(pointed, str(MULTI)) == 2
    with pytest.raises(SystemExit) as usage:
        cli.main(["dcv", "check", "not-a-number"])
    assert usage.value.code == 2
    assert pointed.received("PUT") == [] and pointed.received("POST") == []
