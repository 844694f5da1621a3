"""Requests no client should send still get an API-style answer from the simulator,
never a dropped connection and a traceback on its terminal; a bad --today is a message."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import httpx
import pytest

from tests.sandbox.conftest import find
from tui_app.sandbox import Sandbox, codes


def raw_request(sandbox: Sandbox, head: str, body: bytes = b"") -> tuple[int, dict[str, object]]:
    """Send bytes as they are (httpx would fix the header) and read the answer."""
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=10) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 "), data[:200]
    payload = rest.partition(b"\r\n\r\n")[2]
    return int(status_line.split()[1]), json.loads(payload)


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", ""])
def test_a_bad_content_length_is_an_api_error(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], length: str
) -> None:
    token = sandbox.issue_token()
    head = (
        f"PUT /v1beta/ssl/orders/1306001 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}"
    )
    status, body = raw_request(sandbox, head, b'{"autorenew": "on"}')
    assert status == 400
    assert body["code"] == codes.INVALID_PARAMETER and "Content-Length" in str(body["desc"])
    assert "Traceback" not in capsys.readouterr().err


def test_a_body_shorter_than_its_content_length_is_an_api_error(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    head = (
        "PUT /v1beta/ssl/orders/1306001 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nContent-Length: 500"
    )
    status, body = raw_request(sandbox, head, b'{"autorenew": "on"}')
    assert status == 400 and body["code"] == codes.INVALID_PARAMETER
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("value", [["linux"], {"id": "linux"}, 7, None, True])
def test_software_id_of_the_wrong_type_is_an_api_error(
    sandbox: Sandbox, http: httpx.Client, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    order = find(sandbox, lambda o: o.status == "PAI")
    response = http.put(f"ssl/orders/{order.id}", json={"id": order.id, "software_id": value})
    assert response.status_code == 500
    assert response.json()["code"] == codes.INVALID_SOFTWARE
    assert "Traceback" not in capsys.readouterr().err


def test_any_other_surprise_in_a_handler_is_an_api_error(
    sandbox: Sandbox, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> object:
        raise ZeroDivisionError("a bug in the simulator")

    monkeypatch.setattr(sandbox.store, "list_products", broken)
    response = http.get("ssl/products")
    assert response.status_code == 500
    assert response.json()["code"] == codes.INTERNAL_ERROR


@pytest.mark.parametrize("today", ["yesterday", "2026-13-01", "2026-02-30", "29-11-2026"])
def test_a_bad_today_is_a_message_not_a_traceback(today: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui_app", "sandbox", "--port", "0", "--today", today],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--today" in result.stderr and "YYYY-MM-DD" in result.stderr
