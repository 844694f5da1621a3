"""The journal: one line per write with what was sent and answered, user-only, no secrets,
whole lines under concurrent appends, and a write never blocked by a journal that fails."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.csrs import make_test_csr
from tui_app.api import ApiError, OpenproviderClient, ProtocolError
from tui_app.api.writes import WriteEvent
from tui_app.core.csr import decode_csr
from tui_app.core.csr_summary import CsrSummary
from tui_app.journal import Journal, journal_path, read_journal
from tui_app.journal.entry import PRIVATE_KEY_REDACTED, REDACTED, build_entry
from tui_app.journal.store import append_line
from tui_app.sandbox import Sandbox

REQ_SINGLE = 1306001  # acme.com: dns, approver set
PAI_SINGLE = 1306019  # massive.com


def entries() -> list[dict[str, Any]]:
    return list(read_journal(journal_path()).entries)


def journaled(
    sandbox: Sandbox, token: str | None = None, profile: str = "sb"
) -> OpenproviderClient:
    return OpenproviderClient(
        sandbox.base_url,
        token or sandbox.issue_token(),
        on_write=Journal().observer(profile),
        backoff=0.01,
    )


async def test_a_write_is_one_line_of_what_was_sent_and_what_came_back(sandbox: Sandbox) -> None:
    async with journaled(sandbox) as client:
        await client.list_orders(limit=5)
        await client.get_order(REQ_SINGLE)
        methods = [{"host_name": "acme.com", "method": "email"}]
        await client.update_order(REQ_SINGLE, {"domain_validation_methods": methods})
    (entry,) = entries()
    moment = datetime.fromisoformat(entry.pop("time").replace("Z", "+00:00"))
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 60
    (warning,) = entry.pop("warnings")
    assert warning["code"] == 1101 and "acme.com: dns -> email" in warning["data"]
    assert entry == {
        "version": 1,
        "profile": "sb",
        "api": f"127.0.0.1:{sandbox.port}",
        "operation": "update_order",
        "method": "PUT",
        "path": f"/ssl/orders/{REQ_SINGLE}",
        "order_id": REQ_SINGLE,
        "request": {"id": REQ_SINGLE, "domain_validation_methods": methods},
        "result": "ok",
        "code": 0,
        "desc": "",
        "error": None,
        "run_id": None,
    }
    path = journal_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_approver_calls_are_journaled_by_name(sandbox: Sandbox) -> None:
    order, approver = 1306010, "admin@cyberdyne.com"  # REQ, its first host on email
    async with journaled(sandbox) as client:
        await client.update_approver_email(order, approver)
        await client.resend_approver_email(order)
    assert [(e["operation"], e["order_id"], e["request"], e["result"]) for e in entries()] == [
        ("update_approver_email", order, {"id": order, "approver_email": approver}, "ok"),
        ("resend_approver_email", order, {"id": order}, "ok"),
    ]


async def test_no_token_password_or_csr_text_reaches_the_file(sandbox: Sandbox) -> None:
    csr = make_test_csr("massive.com", ["massive.com"])
    async with OpenproviderClient(sandbox.base_url, on_write=Journal().observer(None)) as client:
        await client.login("demo", "demo")  # a login is never journaled: it carries the password
        token = client._token
        assert token
        await client.update_order(PAI_SINGLE, {"csr": csr})
    (entry,) = entries()
    raw = journal_path().read_bytes()
    assert token.encode() not in raw
    assert b"CERTIFICATE REQUEST" not in raw and b'"password"' not in raw
    der = base64.b64decode("".join(csr.strip().splitlines()[1:-1]))
    assert entry["request"]["csr"] == "sha256:" + hashlib.sha256(der).hexdigest()
    # The diff dialog's short fingerprint is its prefix: the two can be matched by eye.
    short = CsrSummary(decode_csr(csr)).counted().rsplit("sha256 ", 1)[1]
    assert entry["request"]["csr"].startswith(f"sha256:{short}")


def test_secrets_in_any_body_are_redacted() -> None:
    key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI...\n-----END EC PRIVATE KEY-----\n"
    event = WriteEvent(
        "POST",
        "ssl/csr",
        "https://api.example.net/v1beta",
        {"key": key, "password": "hunter2", "nested": {"api_token": "t0k", "x": [key]}},
    )
    request = build_entry(event, profile=None)["request"]
    assert request == {
        "key": PRIVATE_KEY_REDACTED,
        "password": REDACTED,
        "nested": {"api_token": REDACTED, "x": [PRIVATE_KEY_REDACTED]},
    }
    assert "hunter2" not in json.dumps(request) and "PRIVATE KEY" not in json.dumps(request)


async def test_a_refusal_and_no_answer_are_recorded_as_such(sandbox: Sandbox) -> None:
    body = {"autorenew": "on"}
    async with journaled(sandbox) as client:
        sandbox.faults.update(error_next=1, methods=["PUT"], error_code=1021, error_desc="No")
        with pytest.raises(ApiError):
            await client.update_order(REQ_SINGLE, body)
        sandbox.faults.update(html_next=1, methods=["PUT"])
        with pytest.raises(ProtocolError):
            await client.update_order(REQ_SINGLE, body)
    refused, unknown = entries()
    assert (refused["result"], refused["code"], refused["desc"]) == ("refused", 1021, "No")
    assert unknown["result"] == "unknown" and unknown["code"] is None
    assert unknown["error"]["kind"] == "ProtocolError" and "HTML" in unknown["error"]["message"]
    assert len(sandbox.received("PUT")) == 2  # each sent once, never retried


async def test_an_unwritable_journal_never_blocks_the_write_and_says_so_once(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    told: list[str] = []
    journal = Journal(blocker / "journal.jsonl", warn=told.append)
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), on_write=journal.observer(None)
    ) as client:
        for method in ("email", "dns"):
            rows = [{"host_name": "acme.com", "method": method}]
            await client.update_order(REQ_SINGLE, {"domain_validation_methods": rows})
    assert len(sandbox.received("PUT")) == 2
    assert sandbox.store.orders[REQ_SINGLE].dcv["acme.com"] == "dns"
    (message,) = told
    assert str(blocker / "journal.jsonl") in message and "could not be written" in message


async def test_an_observer_that_fails_does_not_make_the_write_look_failed(
    sandbox: Sandbox,
) -> None:
    def broken(event: WriteEvent) -> None:
        raise RuntimeError("observer bug")

    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), on_write=broken
    ) as client:
        result = await client.update_order(REQ_SINGLE, {"autorenew": "on"})
    assert result.data == REQ_SINGLE


def test_an_existing_journal_is_made_user_only(tmp_path: Path) -> None:
    path = tmp_path / "j" / "journal.jsonl"
    path.parent.mkdir()
    path.write_text("")
    path.chmod(0o644)
    append_line(path, {"version": 1})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


_WRITER = """
import sys
from pathlib import Path
from tui_app.journal.store import append_line
path, name = Path(sys.argv[1]), sys.argv[2]
for n in range(300):
    append_line(path, {"writer": name, "n": n, "pad": name * 20_000})
"""


def test_two_processes_appending_at_once_never_interleave_lines(tmp_path: Path) -> None:
    """Lines far beyond PIPE_BUF (20 kB), from two processes at the same time."""
    path = tmp_path / "journal.jsonl"
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name]) for name in "ab"]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    found = read_journal(path)
    assert found.unreadable == 0
    for name in "ab":
        mine = [e["n"] for e in found.entries if e["writer"] == name]
        assert mine == list(range(300))
        assert all(e["pad"] == name * 20_000 for e in found.entries if e["writer"] == name)


def test_a_torn_line_is_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    append_line(path, {"version": 1, "n": 1})
    with path.open("a") as f:
        f.write('{"version": 1, "n": 2, "trunc')
    found = read_journal(path)
    assert [e["n"] for e in found.entries] == [1] and found.unreadable == 1
    assert read_journal(tmp_path / "missing.jsonl").entries == ()


def test_the_journal_lives_in_the_user_data_folder_unless_overridden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    monkeypatch.delenv("OPSSL_JOURNAL")
    assert journal_path() == platformdirs.user_data_path("opssl") / "journal.jsonl"
    monkeypatch.setenv("OPSSL_JOURNAL", "~/elsewhere.jsonl")
    assert journal_path() == Path(os.path.expanduser("~/elsewhere.jsonl"))
