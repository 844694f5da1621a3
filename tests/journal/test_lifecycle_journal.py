"""Reissue, renew and cancel reach the journal through the client's one write path, by name."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from tests.commands.cli_helpers import expiring, find, opssl
from tests.support.csrs import make_test_csr
from tui_app.journal import journal_path, read_journal
from tui_app.sandbox import Sandbox


def test_reissue_renew_and_cancel_are_each_one_journal_line(
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())
    reissued, renewed = find(sandbox), expiring(sandbox)
    assert reissued.id != renewed.id
    csr = make_test_csr(reissued.common_name, list(reissued.hosts))
    (tmp_path / "new.csr").write_text(csr)
    argv = ("orders", "reissue", str(reissued.id), "--csr", str(tmp_path / "new.csr"), "--yes")
    assert opssl(capsys, sandbox, *argv)[0] == 0
    assert opssl(capsys, sandbox, "orders", "renew", str(renewed.id), "--yes")[0] == 0
    assert opssl(capsys, sandbox, "orders", "cancel", str(renewed.id), "--yes")[0] == 0

    lines = list(read_journal(journal_path()).entries)
    assert [(e["operation"], e["order_id"], e["result"]) for e in lines] == [
        ("reissue_order", reissued.id, "ok"),
        ("renew_order", renewed.id, "ok"),
        ("cancel_order", renewed.id, "ok"),
    ]
    der = base64.b64decode("".join(csr.strip().splitlines()[1:-1]))
    assert lines[0]["request"] == {
        "id": reissued.id,
        "csr": "sha256:" + hashlib.sha256(der).hexdigest(),
    }
    assert b"CERTIFICATE REQUEST" not in journal_path().read_bytes()
    assert [e["request"] for e in lines[1:]] == [{"id": renewed.id}, {"id": renewed.id}]
