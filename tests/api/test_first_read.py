"""A client's first read goes without httpx (``api/first_read.py``): the same answer, the
same errors, and httpx takes over for everything after it or whenever it cannot."""

from __future__ import annotations

import asyncio
import json
import os
import ssl
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tui_app.api import ApiError, ConnectionFailed, OpenproviderClient
from tui_app.sandbox import Sandbox

ENVELOPE = {
    "code": 0,
    "desc": "",
    "data": {"results": [{"id": 7, "common_name": "a.example"}], "total": 1},
}
BODY = json.dumps(ENVELOPE).encode()


@dataclass
class Server:
    """A loopback HTTP/1.1 server that answers each connection with the next of
    ``answers`` (raw bytes, or None to close without answering) and keeps each request."""

    answers: list[bytes | None]
    requests: list[str] = field(default_factory=list)
    port: int = 0
    host: str = "127.0.0.1"
    scheme: str = "http"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head.decode("latin-1"))
        answer = self.answers.pop(0) if self.answers else _plain(BODY)
        if answer is not None:
            writer.write(answer)
            await writer.drain()
        writer.close()

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}/v1beta"


def _plain(body: bytes, status: str = "200 OK", extra: str = "") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def _chunked(body: bytes) -> bytes:
    half = len(body) // 2
    chunks = b"".join(
        f"{len(part):x};ext=1\r\n".encode() + part + b"\r\n" for part in (body[:half], body[half:])
    )
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    return head + chunks + b"0\r\n\r\n"


def _to_close(body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body


class Start(Protocol):
    def __call__(
        self, answers: list[bytes | None], tls: ssl.SSLContext | None = None
    ) -> Awaitable[Server]: ...


@pytest.fixture
async def server_for() -> AsyncIterator[Start]:
    servers: list[asyncio.Server] = []

    async def start(answers: list[bytes | None], tls: ssl.SSLContext | None = None) -> Server:
        server = Server(answers)
        if tls is not None:
            server.host, server.scheme = "localhost", "https"
        listening = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=tls)
        server.port = listening.sockets[0].getsockname()[1]
        servers.append(listening)
        return server

    yield start
    for listening in servers:
        listening.close()
        await listening.wait_closed()


def _first_read_sent(request: str) -> bool:
    """The first read's own request (httpx asks for compression and keeps connections)."""
    lines = request.lower().split("\r\n")
    return "connection: close" in lines and "accept-encoding: identity" in lines


@pytest.mark.parametrize("framing", [_plain, _chunked, _to_close])
async def test_every_framing_of_the_answer_reads_the_same(
    server_for: Start,
    framing: Callable[[bytes], bytes],
) -> None:
    server = await server_for([framing(BODY)])
    async with OpenproviderClient(server.base_url, "tok-1") as client:
        page = (await client.list_orders(limit=5, offset=10, statuses=("REQ", "ACT"))).data
    assert [o.id for o in page.results] == [7] and page.total == 1
    (request,) = server.requests
    assert _first_read_sent(request)
    first = request.split("\r\n")[0]
    assert first == "GET /v1beta/ssl/orders?limit=5&offset=10&status=REQ&status=ACT HTTP/1.1"
    assert "Authorization: Bearer tok-1" in request and "Host: 127.0.0.1:" in request


async def test_only_the_first_request_and_then_httpx(
    server_for: Start,
) -> None:
    server = await server_for([])
    async with OpenproviderClient(server.base_url, "tok-1") as client:
        await client.list_orders()
        await client.list_orders()
    assert [_first_read_sent(r) for r in server.requests] == [True, False]
    assert "gzip" in server.requests[1].lower()  # httpx's own request


async def test_an_answer_not_read_here_is_asked_again_through_httpx(
    server_for: Start,
) -> None:
    """Closed without an answer, garbage, compressed, cut short: each read again by httpx."""
    for broken in (
        None,
        b"SSH-2.0-OpenSSH\r\n\r\n",
        _plain(BODY, extra="Content-Encoding: br\r\n"),
        _plain(BODY)[:-5],
    ):
        server = await server_for([broken, _plain(BODY)])
        async with OpenproviderClient(server.base_url, "tok-1", backoff=0) as client:
            page = (await client.list_orders()).data
        assert [o.id for o in page.results] == [7]
        assert [_first_read_sent(r) for r in server.requests] == [True, False]


async def test_an_error_answer_is_the_same_error_as_through_httpx(
    server_for: Start,
) -> None:
    refused = json.dumps({"code": 10005, "desc": "Your role does not allow this"}).encode()
    errors = []
    for first_read in (True, False):
        server = await server_for([_plain(refused, "500 Internal Server Error")] * 2)
        async with OpenproviderClient(server.base_url, "tok-1", read_retries=0) as client:
            if not first_read:
                client._first_read_open = False
            with pytest.raises(ApiError) as caught:
                await client.get_order(7)
        errors.append((type(caught.value), caught.value.code, str(caught.value)))
        assert [_first_read_sent(r) for r in server.requests] == [first_read]
    assert errors[0] == errors[1]


async def test_a_write_is_never_sent_this_way(
    server_for: Start,
) -> None:
    server = await server_for([_plain(json.dumps({"code": 0, "data": {"id": 7}}).encode())])
    async with OpenproviderClient(server.base_url, "tok-1") as client:
        await client.update_order(7, {"autorenew": "on"})
    (request,) = server.requests
    assert request.startswith("PUT ") and not _first_read_sent(request)


async def test_not_with_a_proxy_configured(
    server_for: Start,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """httpx honours *_PROXY (here: a proxy that loopback skips, as NO_PROXY says)."""
    monkeypatch.setenv("https_proxy", "http://proxy.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = await server_for([])
    async with OpenproviderClient(server.base_url, "tok-1") as client:
        await client.list_orders()
    assert [_first_read_sent(r) for r in server.requests] == [False]


def test_the_first_page_is_read_before_httpx_is_imported(sandbox: Sandbox) -> None:
    """In a fresh interpreter: the first page arrives with httpx not imported, and it is
    the page httpx reads; the next request imports it."""
    code = (
        "import asyncio, sys\n"
        "from tui_app.api import OpenproviderClient\n"
        "async def main():\n"
        "    async with OpenproviderClient(sys.argv[1], sys.argv[2]) as client:\n"
        "        first = (await client.list_orders(limit=20)).data\n"
        "        before = 'httpx' in sys.modules\n"
        "        again = (await client.list_orders(limit=20)).data\n"
        "        print(before, 'httpx' in sys.modules, first == again, len(first.results))\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, sandbox.base_url, sandbox.issue_token()],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True", "20"]


def _tls_server(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context for ``localhost`` signed by a CA of its own; the CA's file."""
    now = datetime.now(UTC)

    def cert(
        name: str,
        key: ec.EllipticCurvePrivateKey,
        signer: ec.EllipticCurvePrivateKey,
        issuer: str,
        ca: bool,
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            san = x509.SubjectAlternativeName([x509.DNSName("localhost")])
            builder = builder.add_extension(san, critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    cafile, certfile, keyfile = (directory / n for n in ("ca.pem", "leaf.pem", "leaf.key"))
    pem = serialization.Encoding.PEM
    cafile.write_bytes(
        cert("first-read test CA", ca_key, ca_key, "first-read test CA", True).public_bytes(pem)
    )
    certfile.write_bytes(
        cert("localhost", key, ca_key, "first-read test CA", False).public_bytes(pem)
    )
    keyfile.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    return context, cafile


async def test_over_https_it_trusts_what_httpx_trusts(
    server_for: Start, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SSL_CERT_FILE names the server's CA: read here, over TLS. Without it (certifi's list,
    as httpx): not trusted here, and not by httpx either, which says so."""
    context, cafile = _tls_server(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cafile))
    server = await server_for([], context)
    async with OpenproviderClient(server.base_url, "tok-1") as client:
        assert [o.id for o in (await client.list_orders()).data.results] == [7]
    assert [_first_read_sent(r) for r in server.requests] == [True]

    monkeypatch.delenv("SSL_CERT_FILE")
    server = await server_for([], context)
    async with OpenproviderClient(server.base_url, "tok-1", read_retries=0) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.list_orders()
    assert "TLS handshake failed" in caught.value.message
    assert server.requests == []


async def test_reads_sent_together_at_the_start_all_arrive(server_for: Start) -> None:
    """The first goes without httpx; the others wait for httpx to be built (in a thread,
    once) and go through it."""
    server = await server_for([])
    async with OpenproviderClient(server.base_url, "tok-1") as client:
        pages = await asyncio.gather(*(client.list_orders(offset=i) for i in range(4)))
        assert client._building is not None and client._building.result() is client._httpx
    assert all([o.id for o in page.data.results] == [7] for page in pages)
    assert sorted(_first_read_sent(r) for r in server.requests) == [False, False, False, True]
