"""Files replaced atomically: a reader sees the old file or the new one, never part of one.

Each file goes to a temporary file in its own directory (same filesystem), gets the mode
and owner it must end with, is flushed with fsync, and is renamed over the target; the
directory is fsynced after the renames so they survive a crash. An existing file keeps
its mode, owner and group; a new file gets ``new_mode`` (0644 certificates, 0600 keys).
A symbolic link is followed: the file it points at is replaced and the link stays.

Several files are staged first and renamed together, back to back, so a failure while
writing (a full disk, an owner that cannot be kept) leaves every old file untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CERT_MODE = 0o644
KEY_MODE = 0o600


class AtomicWriteError(Exception):
    """A file could not be written; ``message`` names it and says why. ``replaced`` lists
    the files that had already been renamed into place (empty unless a rename failed)."""

    def __init__(self, message: str, replaced: tuple[Path, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.replaced = replaced


@dataclass(frozen=True, slots=True)
class Staged:
    """A complete temporary file waiting to be renamed over ``target``."""

    target: Path
    temp: Path
    overwrite: bool


def resolve_target(path: Path) -> Path:
    """The file a write replaces: a symbolic link's target, else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _existing(target: Path) -> os.stat_result | None:
    try:
        st = target.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AtomicWriteError(f"cannot read {target}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise AtomicWriteError(f"{target} exists and is not a regular file")
    return st


def _keep_owner(fd: int, target: Path, st: os.stat_result) -> None:
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        raise AtomicWriteError(
            f"cannot keep the owner of {target} (uid {st.st_uid}, gid {st.st_gid}): run as "
            "that user or as root"
        ) from None


def stage(path: Path, data: bytes, *, new_mode: int, overwrite: bool = True) -> Staged:
    """Write ``data`` to a temporary file beside ``path``, with the final mode and owner."""
    target = resolve_target(path)
    st = _existing(target)
    if st is not None and not overwrite:
        raise AtomicWriteError(f"{target} already exists")
    try:
        # mkstemp creates the file 0600: nothing readable by others even for a moment.
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise AtomicWriteError(f"cannot write in {target.parent}: {exc.strerror}") from None
    temp = Path(name)
    try:
        try:
            os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else new_mode)
            if st is not None:
                _keep_owner(fd, target, st)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise AtomicWriteError(f"cannot write {target}: {exc.strerror}") from None
    except AtomicWriteError:
        temp.unlink(missing_ok=True)
        raise
    return Staged(target, temp, overwrite)


def discard(staged: Sequence[Staged]) -> None:
    for item in staged:
        item.temp.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    """Make the renames durable. Some filesystems cannot sync a directory (EINVAL); the
    renames have happened either way, so that is not reported as a failed write."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit(staged: Sequence[Staged]) -> None:
    """Rename every staged file over its target, back to back, then sync the directories.

    A file staged with ``overwrite=False`` is linked into place instead, which fails if
    the target appeared in the meantime: a key is never written over another.
    """
    done = 0
    try:
        for item in staged:
            if item.overwrite:
                os.replace(item.temp, item.target)
            else:
                os.link(item.temp, item.target)
                item.temp.unlink()
            done += 1
    except OSError as exc:
        discard(staged[done:])
        replaced = tuple(item.target for item in staged[:done])
        if isinstance(exc, FileExistsError):
            raise AtomicWriteError(f"{staged[done].target} already exists", replaced) from None
        raise AtomicWriteError(
            f"cannot replace {staged[done].target}: {exc.strerror}", replaced
        ) from None
    for directory in dict.fromkeys(item.target.parent for item in staged):
        _fsync_directory(directory)


def write_files(items: Sequence[tuple[Path, bytes, int]], *, overwrite: bool = True) -> None:
    """Stage every (path, data, mode for a new file), then commit them all, or none."""
    staged: list[Staged] = []
    try:
        for path, data, mode in items:
            staged.append(stage(path, data, new_mode=mode, overwrite=overwrite))
    except AtomicWriteError:
        discard(staged)
        raise
    commit(staged)


def write_file(path: Path, data: bytes, *, new_mode: int, overwrite: bool = True) -> None:
    write_files([(path, data, new_mode)], overwrite=overwrite)
