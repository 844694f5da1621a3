"""Running ``opssl`` commands in tests: in-process with captured output, or on a real pty."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from tui_app.cli import main
from tui_app.sandbox import RecordedRequest, Sandbox
from tui_app.sandbox.orders import StoredOrder


def opssl(capsys: pytest.CaptureFixture[str], sandbox: Sandbox, *argv: str) -> tuple[int, str, str]:
    """``opssl --base-url SANDBOX ARGV...``; (exit code, stdout, stderr). Never a traceback."""
    code = main(["--base-url", sandbox.base_url, *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def writes(sandbox: Sandbox) -> list[RecordedRequest]:
    return [r for r in sandbox.received() if r.method != "GET"]


def find(sandbox: Sandbox, **wanted: object) -> StoredOrder:
    """A seeded order: ``status=``, ``multi=``; no wildcard, no email without an approver."""
    for order in sandbox.store.orders.values():
        if (
            order.status == wanted.get("status", "ACT")
            and order.product.multi_domain == wanted.get("multi", False)
            and not any(h.startswith("*.") for h in order.hosts)
            and ("email" not in order.dcv.values() or order.email_approver)
        ):
            return order
    raise LookupError(wanted)


def expiring(sandbox: Sandbox, *, within_30_days: bool = True) -> StoredOrder:
    """An ACT order in the renewal window (or, with ``within_30_days=False``, before it)."""
    horizon = sandbox.store.today + timedelta(days=30)
    for order in sandbox.store.orders.values():
        expires = order.expiration_date
        if order.status == "ACT" and expires and (expires <= horizon) == within_30_days:
            return order
    raise LookupError("no such order")


def advance(sandbox: Sandbox, order_id: int) -> None:
    """The CA's next step, through the admin knob (REQ -> ACT, REJ -> FAI)."""
    admin = sandbox.base_url.rsplit("/", 1)[0]
    httpx.post(f"{admin}/_sandbox/orders/{order_id}/advance").raise_for_status()


def on_terminal(argv: list[str], env: dict[str, str], answer: str, prompt: str) -> tuple[int, str]:
    """Run ``python -m tui_app ARGV`` on a pseudo-terminal; type ``answer`` at ``prompt``."""
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui_app", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=Path(__file__).parent,
    )
    os.close(slave)
    output = b""
    answered = False
    deadline = time.monotonic() + 60  # a guard against a hang, not a timing assertion
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            if not answered and prompt.encode() in output:
                os.write(master, answer.encode() + b"\n")
                answered = True
            if process.poll() is not None and not ready:
                break
        code = process.wait(timeout=30)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return code, output.decode(errors="replace").replace("\r\n", "\n")
