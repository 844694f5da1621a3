"""The sandbox's DCV servers, asked as the CA would: raw DNS queries and raw HTTP requests."""

from __future__ import annotations

import socket
import socketserver
import ssl
from collections.abc import Iterator

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import httpx
import pytest

from tests.sandbox.conftest import find
from tui_app.sandbox import Sandbox
from tui_app.sandbox.dcv_dns import dns_servers
from tui_app.sandbox.dcv_servers import DcvPorts, DcvServers
from tui_app.sandbox.orders import StoredOrder


@pytest.fixture
def ports(sandbox: Sandbox) -> Iterator[DcvPorts]:
    yield sandbox.start_dcv()


def _ask(
    ports: DcvPorts, name: str, rdtype: str, address: str = "127.0.0.1", tcp: bool = False
) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype, flags=0)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, address, port=ports.dns, timeout=5)


def _knob(sandbox: Sandbox, host: str, state: str) -> httpx.Response:
    url = sandbox.base_url.rsplit("/", 1)[0] + "/_sandbox/dcv"
    return httpx.post(url, json={"host": host, "state": state}, timeout=10)


def _dns_host(sandbox: Sandbox) -> tuple[StoredOrder, str]:
    order = find(sandbox, lambda o: "dns" in o.dcv.values() and not o.common_name.startswith("*"))
    return order, next(h for h, m in order.dcv.items() if m == "dns")


def _file_host(sandbox: Sandbox) -> tuple[StoredOrder, str]:
    order = find(sandbox, lambda o: "http" in o.dcv.values())
    return order, next(h for h, m in order.dcv.items() if m == "http")


def test_the_zone_answers_as_an_authoritative_server(sandbox: Sandbox, ports: DcvPorts) -> None:
    _, host = _dns_host(sandbox)
    zone = ".".join(host.split(".")[-2:])
    soa = _ask(ports, zone, "SOA")
    assert soa.flags & dns.flags.AA and not soa.flags & dns.flags.RA
    assert soa.answer[0].rdtype == dns.rdatatype.SOA
    ns = _ask(ports, zone, "NS", tcp=True)
    names = sorted(r.target.to_text() for r in ns.answer[0])
    assert names == [f"ns{i + 1}.{zone}." for i in range(len(sandbox.dcv.addresses))]
    address = _ask(ports, f"ns1.{zone}", "A").answer[0][0].address
    assert address == "127.0.0.1"
    web = _ask(ports, host, "A").answer[0]
    assert sorted(r.address for r in web) == sorted(sandbox.dcv.addresses)
    missing = _ask(ports, f"nothing-here.{zone}", "A")
    assert missing.rcode() == dns.rcode.NXDOMAIN
    assert missing.authority[0].rdtype == dns.rdatatype.SOA
    assert _ask(ports, "example.org", "SOA").rcode() == dns.rcode.REFUSED


def test_the_record_follows_its_knob(sandbox: Sandbox, ports: DcvPorts) -> None:
    order, host = _dns_host(sandbox)
    data = order.dcv_data(host)
    name, value = data["dns_record"], data["dns_value"] + "."

    def served(address: str = "127.0.0.1") -> str | None:
        answer = _ask(ports, name, "CNAME", address)
        return answer.answer[0][0].target.to_text() if answer.answer else None

    assert _knob(sandbox, host, "published").status_code == 200
    assert served() == value
    _knob(sandbox, host, "wrong")
    assert served() not in (None, value)
    _knob(sandbox, host, "unpublished")
    assert served() is None
    _knob(sandbox, host, "partial")
    assert served("127.0.0.1") == value
    if len(sandbox.dcv.addresses) == 2:
        assert served("127.0.0.2") is None


def test_the_file_follows_its_knob(sandbox: Sandbox, ports: DcvPorts) -> None:
    order, host = _file_host(sandbox)
    data = order.dcv_data(host)
    path = "/.well-known/pki-validation/" + data["file_name"]

    def get(scheme: str = "http", address: str = "127.0.0.1") -> httpx.Response:
        port = ports.https if scheme == "https" else ports.http
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        return httpx.get(
            f"{scheme}://{address}:{port}{path}",
            headers={"Host": data["domain"], "User-Agent": "COMODO DCV"},
            verify=context,
            timeout=10,
        )

    _knob(sandbox, host, "published")
    assert get().text.strip() == data["file_contents"]
    assert get("https").text.strip() == data["file_contents"]
    _knob(sandbox, host, "wrong")
    wrong = get()
    assert wrong.status_code == 200 and wrong.text.strip() != data["file_contents"]
    _knob(sandbox, host, "unpublished")
    assert get().status_code == 404
    _knob(sandbox, host, "redirect")
    moved = get()
    assert moved.status_code == 302
    assert moved.headers["location"] == f"http://{data['domain']}:8080{path}"


def test_the_knob_endpoint_refuses_what_it_cannot_do(sandbox: Sandbox, ports: DcvPorts) -> None:
    assert _knob(sandbox, "nowhere.example", "published").status_code == 400
    _, host = _dns_host(sandbox)
    bad = _knob(sandbox, host, "half")
    assert bad.status_code == 400 and "state must be one of" in bad.json()["desc"]
    _knob(sandbox, host, "wrong")
    state = httpx.get(sandbox.base_url.rsplit("/", 1)[0] + "/_sandbox/dcv", timeout=10).json()
    assert state["data"]["hosts"] == {host: "wrong"}
    assert state["data"]["ports"] == {"dns": ports.dns, "http": ports.http, "https": ports.https}


def test_a_method_switch_publishes_the_new_value(sandbox: Sandbox, ports: DcvPorts) -> None:
    order, host = _dns_host(sandbox)
    _knob(sandbox, host, "published")
    before = order.dcv_data(host)["dns_value"]
    order.regenerate_dcv(host)  # what the API does on every method change
    after = order.dcv_data(host)["dns_value"]
    answer = _ask(ports, order.dcv_data(host)["dns_record"], "CNAME")
    assert answer.answer[0][0].target.to_text() == after + "."
    assert after != before


def test_a_dns_port_taken_over_tcp_is_a_new_try(sandbox: Sandbox) -> None:
    """DNS takes a UDP port, then TCP on the same number; when another process holds that
    TCP port (parallel test runs), the servers start on another port instead of failing."""
    taken: list[int] = []

    def build(address: str, port: int, machine: int) -> list[socketserver.BaseServer]:
        if taken:
            return dns_servers(sandbox.dcv, address, port, machine)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((address, 0))
            free = probe.getsockname()[1]
        holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        holder.bind((address, free))
        holder.listen()
        taken.append(free)
        try:
            return dns_servers(sandbox.dcv, address, free, machine)
        finally:
            holder.close()

    servers = DcvServers(sandbox.dcv)
    port, bound = servers._bind(build, ("127.0.0.1",))
    try:
        assert taken and port != taken[0]
        assert {type(s).__name__ for s in bound} == {"_UdpServer", "_TcpServer"}
    finally:
        for server in bound:
            server.server_close()
