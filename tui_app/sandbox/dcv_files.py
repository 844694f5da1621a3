"""The sandbox's web servers: each order's validation file over http and https, on loopback.

What a request gets comes from ``DcvPublisher`` (by Host header and path, per machine).
The https server has a self-signed certificate made at start, so a check in the demo
shows how a certificate problem is reported beside the file's state.
"""

from __future__ import annotations

import ssl
import tempfile
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tui_app.sandbox.dcv_publish import DcvPublisher

CERT_NAME = "opssl-sandbox.invalid"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _FileServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        server = self.server
        host = self.headers.get("Host", "")
        answer = server.publisher.file(host, self.path.split("?")[0], server.machine, server.scheme)
        reply(self, answer.status, answer.body, answer.location)


def reply(handler: BaseHTTPRequestHandler, status: int, body: str, location: str = "") -> None:
    """A plain-text answer (and a ``Location`` for a redirect); a client gone is no error."""
    payload = body.encode()
    try:
        handler.send_response(status)
        if location:
            handler.send_header("Location", location)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)
    except (BrokenPipeError, ConnectionResetError):
        handler.close_connection = True


class _FileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    publisher: DcvPublisher
    machine: int
    scheme: str

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up, or refuses the self-signed certificate, is normal here."""


def tls_context() -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for ``CERT_NAME``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CERT_NAME)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(CERT_NAME)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory(prefix="opssl-sandbox-") as directory:
        cert_path, key_path = Path(directory) / "cert.pem", Path(directory) / "key.pem"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context.load_cert_chain(cert_path, key_path)
    return context


def file_server(
    publisher: DcvPublisher,
    address: str,
    port: int,
    machine: int,
    tls: ssl.SSLContext | None = None,
) -> _FileServer:
    """A bound web server for one machine address; ``tls`` makes it the https one."""
    server = _FileServer((address, port), _Handler)
    server.publisher = publisher
    server.machine = machine
    server.scheme = "https" if tls else "http"
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    return server
