"""``opssl cert download`` against the simulator: the files, their modes, the checks, reload."""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.support.pki import make_ca
from tui_app.sandbox import Sandbox
from tui_app.sandbox.ca import authority
from tui_app.sandbox.keys import private_key
from tui_app.sandbox.orders import StoredOrder

from .cli_helpers import find, opssl

NAMES = ("cert.pem", "chain.pem", "fullchain.pem")


@pytest.fixture(autouse=True)
def token(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSSL_TOKEN", sandbox.issue_token())


@pytest.fixture
def tls(tmp_path: Path) -> Path:
    path = tmp_path / "tls"
    path.mkdir()
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def key_file(order: StoredOrder, path: Path) -> Path:
    """The seeded order's own private key (the sandbox derives it), as an admin would have it."""
    path.write_bytes(
        private_key(order.key_kind, order.key_index).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def api_answers(monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], None]) -> None:
    """Make the simulator's order object differ the way another API might answer."""
    original = StoredOrder.to_api

    def to_api(self: StoredOrder) -> dict[str, Any]:
        data = original(self)
        change(data)
        return data

    monkeypatch.setattr(StoredOrder, "to_api", to_api)


def test_download_writes_the_leaf_the_intermediates_and_both_together(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path
) -> None:
    order = find(sandbox)
    argv = ["cert", "download", str(order.id), "--dir", str(tls)]
    old = os.umask(0o077)  # new files are 0644 whatever the umask
    try:
        code, out, err = opssl(capsys, sandbox, *argv)
    finally:
        os.umask(old)
    assert code == 0, err
    assert out.split() == [str(tls / n) for n in NAMES]
    assert sorted(p.name for p in tls.iterdir()) == sorted(NAMES)
    assert all(mode(tls / n) == 0o644 for n in NAMES)
    ca = authority()
    assert (tls / "cert.pem").read_text() == order.certificate
    assert (tls / "chain.pem").read_text() == ca.issuing_pem + ca.trust_pem
    assert (tls / "fullchain.pem").read_text() == order.certificate + ca.issuing_pem + ca.trust_pem
    assert ca.root_pem not in (tls / "fullchain.pem").read_text()
    assert f"certificate for {order.common_name}" in err and "2 intermediate(s)" in err


def test_an_order_without_a_certificate_writes_nothing(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path
) -> None:
    order = find(sandbox, status="REQ")
    code, _, err = opssl(capsys, sandbox, "cert", "download", str(order.id), "--dir", str(tls))
    assert code == 1
    assert f"order {order.id} has no certificate yet (status REQ: at the CA" in err
    assert "nothing was written" in err
    assert list(tls.iterdir()) == []


def test_existing_files_keep_their_mode_and_owner(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path
) -> None:
    order = find(sandbox)
    for name in NAMES:
        (tls / name).write_text("an older certificate\n")
        (tls / name).chmod(0o640)
        if os.geteuid() == 0:
            os.chown(tls / name, 4321, 8765)
    code, _, err = opssl(capsys, sandbox, "cert", "download", str(order.id), "--dir", str(tls))
    assert code == 0, err
    for name in NAMES:
        st = (tls / name).stat()
        assert mode(tls / name) == 0o640
        assert (tls / name).read_text().startswith("-----BEGIN CERTIFICATE-----")
        if os.geteuid() == 0:
            assert (st.st_uid, st.st_gid) == (4321, 8765)


def test_the_reload_command_runs_after_the_files_are_in_place(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path, tmp_path: Path
) -> None:
    order = find(sandbox)
    seen = tmp_path / "seen"
    reload = (
        f'printf "%s\\n" "$CERT_PATH" "$CHAIN_PATH" "$FULLCHAIN_PATH" "key=$KEY_PATH" > {seen}; '
        f'cat "$FULLCHAIN_PATH" > {tmp_path}/fullchain-at-reload'
    )
    argv = ["cert", "download", str(order.id), "--dir", str(tls), "--reload-cmd", reload]
    code, _, err = opssl(capsys, sandbox, *argv)
    assert code == 0, err
    assert seen.read_text().splitlines() == [*(str(tls / n) for n in NAMES), "key="]
    assert (tmp_path / "fullchain-at-reload").read_bytes() == (tls / "fullchain.pem").read_bytes()
    seen.unlink()
    code, _, err = opssl(capsys, sandbox, *argv)
    assert code == 0
    assert "already holds this certificate; nothing was written" in err
    assert "reload command was not run" in err and not seen.exists()


def test_a_failing_reload_command_is_reported_with_its_exit_code(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path
) -> None:
    order = find(sandbox)
    argv = ["cert", "download", str(order.id), "--dir", str(tls), "--reload-cmd", "exit 3"]
    code, _, err = opssl(capsys, sandbox, *argv)
    assert code == 1
    assert "the reload command failed (exit code 3); the new files are in place." in err
    assert (tls / "cert.pem").read_text() == order.certificate


def test_a_key_that_matches_is_installed_and_one_that_does_not_stops_everything(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path, tmp_path: Path
) -> None:
    order = find(sandbox)
    other = next(o for o in sandbox.store.orders.values() if o.key_index != order.key_index)
    wrong = key_file(other, tmp_path / "wrong.key")
    argv = ["cert", "download", str(order.id), "--dir", str(tls)]
    code, _, err = opssl(capsys, sandbox, *argv, "--key", str(wrong))
    assert code == 1 and f"the key {wrong} does not match the certificate" in err
    assert list(tls.iterdir()) == []
    right = key_file(order, tmp_path / "right.key")
    code, out, err = opssl(capsys, sandbox, *argv, "--key", str(right))
    assert code == 0, err
    assert (tls / "privkey.pem").read_bytes() == right.read_bytes()
    assert mode(tls / "privkey.pem") == 0o600
    assert "PRIVATE KEY" not in out + err
    # The installed key is checked on the next download too, without --key.
    (tls / "privkey.pem").write_bytes(wrong.read_bytes())
    (tls / "cert.pem").unlink()
    code, _, err = opssl(capsys, sandbox, *argv)
    assert code == 1 and "privkey.pem does not match the certificate; pass --key FILE" in err
    assert not (tls / "cert.pem").exists()


def test_the_chain_is_put_in_order_whatever_order_the_api_sends(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = authority()

    def shuffled(data: dict[str, Any]) -> None:
        if data["certificate"]:
            data["intermediate_certificate"] = ca.root_pem + ca.trust_pem + ca.issuing_pem
            data["intermediate_certificate"] += ca.trust_pem

    api_answers(monkeypatch, shuffled)
    order = find(sandbox)
    code, _, err = opssl(capsys, sandbox, "cert", "download", str(order.id), "--dir", str(tls))
    assert code == 0, err
    assert (tls / "chain.pem").read_text() == ca.issuing_pem + ca.trust_pem
    assert "Left out of the chain: a second copy of 'opssl sandbox Trust CA" in err
    chain = x509.load_pem_x509_certificates((tls / "fullchain.pem").read_bytes())
    assert len(chain) == 3
    for child, parent in itertools.pairwise(chain):
        child.verify_directly_issued_by(parent)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(intermediate_certificate=make_ca("Other CA").pem),
            "the API returned no certificate that issued",
        ),
        (lambda d: d["host_names"].append("extra.example.net"), "missing: extra.example.net"),
    ],
    ids=["wrong-intermediate", "names-not-the-orders"],
)
def test_a_chain_that_does_not_verify_writes_nothing(
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    tls: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    api_answers(monkeypatch, change)
    order = find(sandbox)
    code, _, err = opssl(capsys, sandbox, "cert", "download", str(order.id), "--dir", str(tls))
    assert code == 1 and message in err and "nothing was written" in err
    assert list(tls.iterdir()) == []


def test_a_read_only_session_may_download(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], tls: Path
) -> None:
    order = find(sandbox)
    argv = ["--read-only", "cert", "download", str(order.id), "--dir", str(tls)]
    code, _, err = opssl(capsys, sandbox, *argv)
    assert code == 0, err
    assert (tls / "cert.pem").exists()
