"""Real web servers for the file checks: stdlib HTTP and HTTPS on loopback, in threads.

Routes are keyed by (Host header, path). The TLS server picks its certificate by SNI:
``agree.test`` gets a self-signed one, ``www.agree.test`` one from a test CA (valid
when the check trusts that CA), ``old.agree.test`` an expired one, ``bad.agree.test``
one for another name. Every request is recorded (user agent, Host header).
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tui_app.sandbox.dcv_files import reply

WELL_KNOWN = "/.well-known/pki-validation/"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: str = ""
    location: str = ""
    delay: float = 0.0


@dataclass(frozen=True)
class Seen:
    host: str
    path: str
    user_agent: str
    tls: bool


@dataclass
class Web:
    http_port: int
    https_port: int
    cafile: str
    routes: dict[tuple[str, str], Answer] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def route(self, host: str, name: str, answer: Answer) -> str:
        """Serve ``answer`` at ``WELL_KNOWN + name`` on ``host``; returns the path."""
        self.routes[(host, WELL_KNOWN + name)] = answer
        return WELL_KNOWN + name


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(
    subject: str,
    names: list[str],
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[str, ec.EllipticCurvePrivateKey] | None = None,
    *,
    expired: bool = False,
    ca: bool = False,
) -> x509.Certificate:
    now = datetime.now(UTC)
    start, end = (
        (now - timedelta(days=400), now - timedelta(days=35))
        if expired
        else (
            now - timedelta(days=1),
            now + timedelta(days=90),
        )
    )
    issuer_name, signer = (issuer[0], issuer[1]) if issuer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False
        )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
    return builder.sign(signer, hashes.SHA256())


def _context(directory: Path, name: str, cert: x509.Certificate, key: Any) -> ssl.SSLContext:
    cert_path, key_path = directory / f"{name}.crt", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


def tls_contexts(directory: Path) -> tuple[ssl.SSLContext, dict[str, ssl.SSLContext], str]:
    """(default context, contexts by SNI name, the test CA's file)."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("opssl test CA", [], ca_key, ca=True)
    cafile = directory / "ca.pem"
    cafile.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    signer = ("opssl test CA", ca_key)
    key = ec.generate_private_key(ec.SECP256R1())
    by_name = {
        "agree.test": _context(directory, "self", _cert("agree.test", ["agree.test"], key), key),
        "www.agree.test": _context(
            directory, "www", _cert("www.agree.test", ["www.agree.test"], key, signer), key
        ),
        "old.agree.test": _context(
            directory,
            "old",
            _cert("old.agree.test", ["old.agree.test"], key, signer, expired=True),
            key,
        ),
        "bad.agree.test": _context(
            directory, "bad", _cert("elsewhere.test", ["elsewhere.test"], key, signer), key
        ),
    }
    return by_name["agree.test"], by_name, str(cafile)


def _handler(web: Web, tls: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            web.seen.append(Seen(host, self.path, self.headers.get("User-Agent", ""), tls))
            answer = web.routes.get((host, self.path), Answer(404, "not found\n"))
            if answer.delay:
                time.sleep(answer.delay)
            reply(self, answer.status, answer.body, answer.location)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (the slow answer's timeout) is expected here."""


def _serve(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return thread


@contextmanager
def web_servers(directory: Path) -> Iterator[Web]:
    """An HTTP and an HTTPS server on 127.0.0.1 (ports picked by the OS)."""
    default, by_name, cafile = tls_contexts(directory)

    def pick(sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: ssl.SSLContext) -> None:
        if name in by_name:
            sock.context = by_name[name]

    default.sni_callback = pick  # type: ignore[assignment]
    web = Web(0, 0, cafile)
    plain = _Server(("127.0.0.1", 0), _handler(web, tls=False))
    secure = _Server(("127.0.0.1", 0), _handler(web, tls=True))
    secure.socket = default.wrap_socket(secure.socket, server_side=True)
    web.http_port = int(plain.server_address[1])
    web.https_port = int(secure.server_address[1])
    servers = [plain, secure]
    threads = [_serve(s) for s in servers]
    try:
        yield web
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
