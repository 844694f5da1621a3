"""``opssl sandbox`` as a newcomer runs it: prints where it is, then serves until interrupted."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import httpx


def test_opssl_sandbox_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui_app",
            "sandbox",
            "--port",
            "0",
            "--orders",
            "12",
            "--seed",
            "5",
            "--username",
            "ops",
            "--password",
            "s3cret",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        match = re.search(r"base URL:\s+(http://127\.0\.0\.1:\d+/v1beta)", "".join(lines))
        assert match, lines
        base = match.group(1)
        assert "ops" in "".join(lines) and "s3cret" in "".join(lines)
        token = httpx.post(
            f"{base}/auth/login", json={"username": "ops", "password": "s3cret"}
        ).json()["data"]["token"]
        listed = httpx.get(
            f"{base}/ssl/orders", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert listed["data"]["total"] == 12
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Sandbox stopped." in out
    assert "Traceback" not in err


def test_a_busy_port_is_a_message_not_a_traceback() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tui_app", "sandbox", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
