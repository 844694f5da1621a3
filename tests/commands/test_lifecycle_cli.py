"""``opssl orders reissue|renew|cancel`` against the simulator over loopback HTTP."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.support.csrs import make_test_csr
from tui_app.cli import main
from tui_app.core.csr import decode_csr
from tui_app.sandbox import Sandbox

from .cli_helpers import advance, expiring, find, on_terminal, opssl, writes

SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.fixture(autouse=True)
def token(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> str:
    value = sandbox.issue_token()
    monkeypatch.setenv("OPSSL_TOKEN", value)
    return value


def test_reissue_with_a_csr_file_sends_the_csr_and_nothing_else(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    order = find(sandbox)
    csr = make_test_csr(order.common_name, list(order.hosts))
    (tmp_path / "new.csr").write_text(csr)
    code, out, err = opssl(
        capsys, sandbox, "orders", "reissue", str(order.id), "--csr", str(tmp_path / "new.csr"),
        "--yes",
    )  # fmt: skip
    assert code == 0, err
    [sent] = writes(sandbox)
    assert (sent.method, sent.api_path) == ("POST", f"/ssl/orders/{order.id}/reissue")
    assert sent.body == {"id": order.id, "csr": csr}
    assert f"Reissue order {order.id} ({order.common_name}" in err
    assert "API warning 1102" in err
    assert out.startswith(f"Order {order.id} reissued: now REQ")


def test_reissue_with_a_new_key_then_download_with_that_key(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    order = find(sandbox, multi=True)
    key_file = tmp_path / "keys" / "example.key"
    key_file.parent.mkdir()
    code, out, err = opssl(
        capsys, sandbox, "orders", "reissue", str(order.id), "--new-key", str(key_file),
        "--key-type", "ec384", "--yes",
    )  # fmt: skip
    assert code == 0, err
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "PRIVATE KEY" not in out + err
    key = serialization.load_pem_private_key(key_file.read_bytes(), None)
    [sent] = writes(sandbox)
    csr = x509.load_pem_x509_csr(sent.body["csr"].encode())
    assert csr.public_key().public_bytes(*SPKI) == key.public_key().public_bytes(*SPKI)
    assert decode_csr(sent.body["csr"]).key_description == "EC secp384r1 384"
    assert decode_csr(sent.body["csr"]).hosts == (order.common_name, *order.csr_sans)
    assert f"--key {key_file}" in out
    advance(sandbox, order.id)
    tls = tmp_path / "tls"
    tls.mkdir()
    code, out, err = opssl(
        capsys, sandbox, "cert", "download", str(order.id), "--dir", str(tls), "--key",
        str(key_file), "--reload-cmd", f'printf %s "$KEY_PATH" > {tmp_path}/key_path',
    )  # fmt: skip
    assert code == 0, err
    assert (tls / "privkey.pem").read_bytes() == key_file.read_bytes()
    assert stat.S_IMODE((tls / "privkey.pem").stat().st_mode) == 0o600
    assert (tmp_path / "key_path").read_text() == str(tls / "privkey.pem")


def test_reissue_rows_follow_the_new_csr_and_dcv_picks_a_method(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    order = find(sandbox, multi=True)
    new_host = f"new.{order.common_name}"
    (tmp_path / "new.csr").write_text(make_test_csr(order.common_name, [*order.hosts, new_host]))
    code, _, err = opssl(
        capsys, sandbox, "orders", "reissue", str(order.id), "--csr", str(tmp_path / "new.csr"),
        "--dcv", f"{new_host}=https", "--yes",
    )  # fmt: skip
    assert code == 0, err
    assert re.search(rf"\n    {re.escape(new_host)} +https  \(new host\)\n", err), err
    [sent] = writes(sandbox)
    rows = {r["host_name"]: r["method"] for r in sent.body["domain_validation_methods"]}
    assert rows == {**order.dcv, new_host: "https"}
    assert sandbox.store.orders[order.id].status == "REQ"


def test_what_a_check_refuses_is_never_sent(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    act = find(sandbox)
    req = find(sandbox, status="REQ")
    (tmp_path / "bad.csr").write_text("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n")
    (tmp_path / "ok.csr").write_text(make_test_csr(req.common_name, list(req.hosts)))
    cases = [
        (["orders", "reissue", str(act.id), "--csr", str(tmp_path / "bad.csr")], "the new CSR"),
        (["orders", "reissue", str(req.id), "--csr", str(tmp_path / "ok.csr")], "only an ACT"),
        (["orders", "renew", str(req.id)], f"order {req.id} is REQ"),
        (["orders", "cancel", str(find(sandbox, status="FAI").id)], "only PAI, REQ and ACT"),
    ]
    for argv, message in cases:
        code, _, err = opssl(capsys, sandbox, *argv, "--yes")
        assert code == 1 and message in err and "nothing was sent" in err, (argv, err)
    assert writes(sandbox) == []


def test_an_existing_key_file_is_never_replaced_without_force(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    order = find(sandbox)
    key_file = tmp_path / "live.key"
    key_file.write_text("the key the server uses now")
    argv = ["orders", "reissue", str(order.id), "--new-key", str(key_file), "--yes"]
    code, _, err = opssl(capsys, sandbox, *argv)
    assert code == 1 and f"{key_file} already exists" in err and "--force" in err
    assert key_file.read_text() == "the key the server uses now"
    assert sandbox.received() == []
    code, _, err = opssl(capsys, sandbox, *argv, "--force")
    assert code == 0, err
    assert "BEGIN PRIVATE KEY" in key_file.read_text()


def test_renew_too_early_shows_the_apis_code_and_desc(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    order = expiring(sandbox, within_30_days=False)
    code, _, err = opssl(capsys, sandbox, "orders", "renew", str(order.id), "--yes")
    assert code == 1
    assert "code 25001: SSL order cannot be renewed yet (Renewal opens on" in err
    assert len(writes(sandbox)) == 1


def test_renew_in_the_window_says_the_expiry_now_and_after(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    order = expiring(sandbox)
    expires = order.expiration_date
    assert expires is not None
    after = expires.replace(year=expires.year + order.period)
    code, out, err = opssl(capsys, sandbox, "orders", "renew", str(order.id), "--yes")
    assert code == 0, err
    assert f"product: {order.product.name}, period {order.period} year" in err
    assert f"expires: {expires:%Y-%m-%d %H:%M} now, {after:%Y-%m-%d %H:%M} after" in err
    assert out == f"Order {order.id} renewed: now ACT, expires {after:%Y-%m-%d %H:%M}.\n"
    assert [r.body for r in writes(sandbox)] == [{"id": order.id}]


def test_cancel_with_yes(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    order = find(sandbox)
    code, out, err = opssl(capsys, sandbox, "orders", "cancel", str(order.id), "--yes")
    assert code == 0, err
    said = " ".join(err.split())
    assert "The CA revokes the certificate: servers using it will fail. This cannot be" in said
    assert "then FAI (closed) once the CA confirms" in said
    assert "API warning 1105" in err
    assert out.startswith(f"Order {order.id} cancelled: now REJ")


@pytest.mark.parametrize("action", ["reissue", "renew", "cancel"])
def test_without_yes_and_without_a_terminal_nothing_is_sent(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path, action: str
) -> None:
    order = find(sandbox)
    extra = ["--new-key", str(tmp_path / "k.pem")] if action == "reissue" else []
    code, _, err = opssl(capsys, sandbox, "orders", action, str(order.id), *extra)
    assert code == 2 and "no terminal to confirm on; nothing was sent" in err
    assert writes(sandbox) == []
    assert not (tmp_path / "k.pem").exists()  # the key is written only once confirmed


@pytest.mark.parametrize("action", ["reissue", "renew", "cancel"])
def test_a_read_only_session_refuses_every_lifecycle_write(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path, action: str
) -> None:
    order = find(sandbox)
    extra = ["--new-key", str(tmp_path / "k.pem")] if action == "reissue" else []
    code = main(
        ["--base-url", sandbox.base_url, "--read-only", "orders", action, str(order.id), *extra]
    )
    err = capsys.readouterr().err
    assert code == 1 and "--read-only: read-only; nothing was sent." in err
    assert sandbox.received() == []


def test_a_write_is_sent_once_even_when_the_answer_is_lost(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    order = find(sandbox)
    sandbox.faults.update(fail_next=1, methods=["POST"])
    code, _, err = opssl(capsys, sandbox, "orders", "cancel", str(order.id), "--yes")
    assert code == 1 and "cancel order" in err and "503" in err
    assert len(writes(sandbox)) == 1


def test_cancel_on_a_terminal_asks_for_the_common_name(sandbox: Sandbox, token: str) -> None:
    order = find(sandbox)
    env = {**os.environ, "OPSSL_TOKEN": token}
    argv = ["--base-url", sandbox.base_url, "orders", "cancel", str(order.id)]
    code, screen = on_terminal(argv, env, answer="yes", prompt="to go on:")
    assert code == 1 and "not confirmed; nothing was sent" in screen
    assert f"Type {order.common_name} to go on:" in screen
    assert "The CA revokes the certificate: servers using it will fail." in " ".join(screen.split())
    assert writes(sandbox) == []
    code, screen = on_terminal(argv, env, answer=order.common_name, prompt="to go on:")
    assert code == 0, screen
    assert f"Order {order.id} cancelled: now REJ" in screen
    assert [r.api_path for r in writes(sandbox)] == [f"/ssl/orders/{order.id}/cancel"]


def test_renew_on_a_terminal_asks_yes_or_no(sandbox: Sandbox, token: str) -> None:
    order = expiring(sandbox)
    env = {**os.environ, "OPSSL_TOKEN": token}
    argv = ["--base-url", sandbox.base_url, "orders", "renew", str(order.id)]
    code, screen = on_terminal(argv, env, answer="n", prompt="[y/N]")
    assert code == 1 and "after the renewal" in screen and writes(sandbox) == []
    code, screen = on_terminal(argv, env, answer="y", prompt="[y/N]")
    assert code == 0 and f"Order {order.id} renewed" in screen, screen
