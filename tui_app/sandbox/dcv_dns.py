"""The sandbox's authoritative DNS server: the orders' zones, over UDP and TCP, on loopback.

Answers the way an authoritative server does (AA set; SOA, NS, A, MX, CNAME; NXDOMAIN
and empty answers with the SOA; REFUSED outside its zones; truncation over UDP), from
``DcvPublisher`` on every query, so a knob or an API change shows at once. One server
per machine address, all on one port, as real servers share port 53.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from tui_app.sandbox.dcv_publish import DcvPublisher, NameData

TTL = 300
UDP_LIMIT = 512


def _rrset(name: str, rdtype: str, *values: str) -> dns.rrset.RRset:
    return dns.rrset.from_text(name + ".", TTL, "IN", rdtype, *values)


def _soa(zone: str) -> dns.rrset.RRset:
    return _rrset(zone, "SOA", f"ns1.{zone}. hostmaster.{zone}. 1 3600 600 86400 {TTL}")


def answer(
    publisher: DcvPublisher, query: dns.message.Message, machine: int
) -> dns.message.Message:
    """The response to one query, as machine ``machine`` sees its zones."""
    response = dns.message.make_response(query)
    response.flags &= ~dns.flags.RA
    if len(query.question) != 1:
        response.set_rcode(dns.rcode.FORMERR)
        return response
    question = query.question[0]
    name = question.name.to_text(omit_final_dot=True).lower()
    data = publisher.lookup(name, machine)
    if data.zone is None:
        response.set_rcode(dns.rcode.REFUSED)
        return response
    response.flags |= dns.flags.AA
    records = _records(publisher, name, data, question.rdtype)
    if records:
        response.answer.extend(records)
        return response
    if not data.exists:
        response.set_rcode(dns.rcode.NXDOMAIN)
    response.authority.append(_soa(data.zone))
    return response


def _records(
    publisher: DcvPublisher, name: str, data: NameData, rdtype: dns.rdatatype.RdataType
) -> list[dns.rrset.RRset]:
    assert data.zone is not None
    if data.cname:
        # A CNAME answers every type; its target is outside these zones.
        return [_rrset(name, "CNAME", data.cname.rstrip(".") + ".")]
    wanted = dns.rdatatype.to_text(rdtype)
    if name == data.zone:
        if wanted == "SOA":
            return [_soa(data.zone)]
        if wanted == "NS":
            names = [f"ns{i + 1}.{data.zone}." for i in range(len(publisher.addresses))]
            return [_rrset(name, "NS", *names)]
        if wanted == "MX" and data.mail:
            return [_rrset(name, "MX", f"10 {data.mail}.")]
    if wanted == "A" and data.addresses:
        return [_rrset(name, "A", *data.addresses)]
    return []


def _wire(response: dns.message.Message, limit: int | None) -> bytes:
    try:
        return response.to_wire(max_size=limit or 65535)
    except dns.exception.TooBig:
        response.answer.clear()
        response.authority.clear()
        response.additional.clear()
        response.flags |= dns.flags.TC
        return response.to_wire()


class _Udp(socketserver.BaseRequestHandler):
    server: _UdpServer

    def handle(self) -> None:
        data, sock = self.request
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return
        response = answer(self.server.publisher, query, self.server.machine)
        limit = max(UDP_LIMIT, query.payload) if query.edns >= 0 else UDP_LIMIT
        sock.sendto(_wire(response, limit), self.client_address)


class _Tcp(socketserver.BaseRequestHandler):
    server: _TcpServer

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(5)
        with contextlib.suppress(OSError):
            while True:
                size = _read(conn, 2)
                if size is None:
                    return
                wire = _read(conn, int.from_bytes(size, "big"))
                if wire is None:
                    return
                try:
                    query = dns.message.from_wire(wire)
                except dns.exception.DNSException:
                    return
                reply = _wire(answer(self.server.publisher, query, self.server.machine), None)
                conn.sendall(len(reply).to_bytes(2, "big") + reply)


def _read(conn: socket.socket, count: int) -> bytes | None:
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class _UdpServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    allow_reuse_address = True
    publisher: DcvPublisher
    machine: int


class _TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    publisher: DcvPublisher
    machine: int

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-query is not worth a traceback."""


def dns_servers(
    publisher: DcvPublisher, address: str, port: int, machine: int
) -> list[socketserver.BaseServer]:
    """A bound UDP and TCP server for one machine address (raises OSError when taken)."""
    udp = _UdpServer((address, port), _Udp)
    try:
        tcp = _TcpServer((address, int(udp.server_address[1])), _Tcp)
    except OSError:
        udp.server_close()
        raise
    for server in (udp, tcp):
        server.publisher = publisher
        server.machine = machine
    return [udp, tcp]


def serve(server: socketserver.BaseServer, name: str) -> threading.Thread:
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True, name=name
    )
    thread.start()
    return thread
