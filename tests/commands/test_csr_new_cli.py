"""``opssl csr new``: the key to a 0600 file, the CSR to stdout or a file, no API call."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tui_app.cli import main
from tui_app.core.csr import decode_csr


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_csr_goes_to_stdout_and_the_key_to_a_0600_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    key = tmp_path / "example.key"
    old = os.umask(0)
    try:
        code, out, err = run(
            capsys, "csr", "new", "--cn", "example.com", "--san", "www.example.com",
            "--key-out", str(key),
        )  # fmt: skip
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    info = decode_csr(out)
    assert (info.common_name, info.hosts) == ("example.com", ("example.com", "www.example.com"))
    assert info.key_description == "EC secp256r1 256"
    assert "PRIVATE KEY" not in out + err
    assert f"Private key (EC P-256) written to {key}" in err


def test_csr_out_and_an_rsa_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    key, csr = tmp_path / "k.pem", tmp_path / "req.csr"
    code, out, err = run(
        capsys, "csr", "new", "--cn", "shop.example.com", "--key-type", "rsa3072",
        "--key-out", str(key), "--csr-out", str(csr),
    )  # fmt: skip
    assert code == 0, err
    assert out == ""
    assert stat.S_IMODE(csr.stat().st_mode) == 0o644
    assert decode_csr(csr.read_text()).key_description == "RSA 3072"
    private = serialization.load_pem_private_key(key.read_bytes(), None)
    assert isinstance(private, rsa.RSAPrivateKey) and private.key_size == 3072
    assert "CSR for shop.example.com written to" in err


def test_an_existing_key_file_is_kept_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    key = tmp_path / "live.key"
    key.write_text("the key in use")
    argv = ["csr", "new", "--cn", "example.com", "--key-out", str(key)]
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert f"{key} already exists; it was left as it is" in err and "--force" in err
    assert key.read_text() == "the key in use"
    code, out, _ = run(capsys, *argv, "--force")
    assert code == 0 and "BEGIN CERTIFICATE REQUEST" in out
    assert "BEGIN PRIVATE KEY" in key.read_text()


def test_a_bad_name_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    key = tmp_path / "k.pem"
    code, _, err = run(capsys, "csr", "new", "--cn", "not a host", "--key-out", str(key))
    assert code == 1 and "spaces or control characters; nothing was written" in err
    assert not key.exists()
    with pytest.raises(SystemExit) as usage:
        main(["csr", "new", "--cn", "example.com"])  # --key-out is required
    assert usage.value.code == 2
