"""Atomic writes: modes for new files, existing modes and owners kept, all or nothing."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_app.core.atomic_files import (
    CERT_MODE,
    KEY_MODE,
    AtomicWriteError,
    write_file,
    write_files,
)

AS_ROOT = os.geteuid() == 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(params=[0o000, 0o077, 0o022])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The modes must not depend on the user's umask (0 would make a key world-readable)."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_new_files_get_0644_and_keys_0600_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    write_files(
        [
            (tmp_path / "cert.pem", b"cert", CERT_MODE),
            (tmp_path / "privkey.pem", b"key", KEY_MODE),
        ]
    )
    assert mode(tmp_path / "cert.pem") == 0o644
    assert mode(tmp_path / "privkey.pem") == 0o600
    assert (tmp_path / "privkey.pem").read_bytes() == b"key"
    assert leftovers(tmp_path) == []


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "privkey.pem"
    target.write_bytes(b"old")
    target.chmod(0o640)  # group-readable for the web server's group, as admins set it
    write_file(target, b"new", new_mode=KEY_MODE)
    assert (target.read_bytes(), mode(target)) == (b"new", 0o640)


@pytest.mark.skipif(not AS_ROOT, reason="changing a file's owner needs root")
def test_an_existing_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    target = tmp_path / "fullchain.pem"
    target.write_bytes(b"old")
    os.chown(target, 4321, 8765)
    write_file(target, b"new", new_mode=CERT_MODE)
    st = target.stat()
    assert (st.st_uid, st.st_gid, target.read_bytes()) == (4321, 8765, b"new")


def test_a_symbolic_link_stays_and_its_target_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    real = tmp_path / "archive" / "cert1.pem"
    real.write_bytes(b"old")
    link = tmp_path / "cert.pem"
    link.symlink_to(real)
    write_file(link, b"new", new_mode=CERT_MODE)
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert leftovers(tmp_path / "archive") == []


def test_a_key_is_never_written_over_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "key.pem"
    target.write_bytes(b"the only copy of an old key")
    with pytest.raises(AtomicWriteError, match="already exists"):
        write_file(target, b"new", new_mode=KEY_MODE, overwrite=False)
    assert target.read_bytes() == b"the only copy of an old key"
    assert leftovers(tmp_path) == []
    write_file(tmp_path / "other.pem", b"new", new_mode=KEY_MODE, overwrite=False)
    assert (tmp_path / "other.pem").read_bytes() == b"new"


def test_a_failure_while_staging_replaces_nothing(tmp_path: Path) -> None:
    first = tmp_path / "cert.pem"
    first.write_bytes(b"old cert")
    (tmp_path / "chain.pem").mkdir()  # not a file: the second write must fail
    with pytest.raises(AtomicWriteError, match=r"chain\.pem exists and is not a regular file"):
        write_files([(first, b"new cert", CERT_MODE), (tmp_path / "chain.pem", b"x", CERT_MODE)])
    assert first.read_bytes() == b"old cert"
    assert leftovers(tmp_path) == []


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(AtomicWriteError, match=f"cannot write in {missing}: No such file"):
        write_file(missing / "cert.pem", b"x", new_mode=CERT_MODE)
