"""The journal file: one JSON line per write, appended whole, readable by the user only.

Appends are one ``write()`` of the whole line on a file opened with ``O_APPEND``, under an
exclusive ``flock`` where the platform has one, so two opssl processes writing at once
never interleave their lines. A journal that cannot be written never blocks or undoes a
write: the problem is reported through ``warn`` (stderr for the commands, a notification
in the app), once per distinct problem.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from tui_app.api.writes import WriteEvent, WriteObserver

try:
    import fcntl
except ImportError:  # Windows: O_APPEND alone keeps each single write whole
    fcntl = None  # type: ignore[assignment]

JOURNAL_ENV = "OPSSL_JOURNAL"
FILE_MODE = 0o600
DIR_MODE = 0o700


def journal_path() -> Path:
    """``$OPSSL_JOURNAL``, else ``journal.jsonl`` in the platform's user data folder."""
    override = os.environ.get(JOURNAL_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path("opssl") / "journal.jsonl"


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def append_line(path: Path, entry: dict[str, Any]) -> None:
    """Append one entry as one line, in one write; raises ``OSError``."""
    data = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.chmod(fd if os.chmod in os.supports_fd else path, FILE_MODE)  # bodies name people
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)  # also releases the lock


class Journal:
    """Where the session's writes are recorded; ``observer(profile)`` goes to the client."""

    def __init__(self, path: Path | None = None, warn: Callable[[str], None] | None = None):
        self.path = path if path is not None else journal_path()
        self.warn: Callable[[str], None] = warn or _stderr
        self._told: set[str] = set()

    def observer(self, profile: str | None) -> WriteObserver:
        """The callback a client reports its writes to, for the profile it works for."""

        def observe(event: WriteEvent) -> None:
            self.record(event, profile)

        return observe

    def record(self, event: WriteEvent, profile: str | None) -> None:
        from tui_app.journal.entry import build_entry  # at the first write, not at start-up

        try:
            append_line(self.path, build_entry(event, profile=profile))
        except (OSError, TypeError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._tell(
                f"the journal {self.path} could not be written ({reason}); writes still go "
                "to the API, but are not recorded there."
            )

    def _tell(self, text: str) -> None:
        if text in self._told:
            return
        self._told.add(text)
        self.warn(text)


@dataclass(frozen=True)
class JournalRead:
    """The entries in file order, and how many lines could not be read (a torn last line)."""

    entries: tuple[dict[str, Any], ...]
    unreadable: int


def read_journal(path: Path) -> JournalRead:
    """Every entry; a missing file is an empty journal. Raises ``OSError`` if unreadable."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return JournalRead((), 0)
    return _parse(text.splitlines())


def _parse(lines: Iterable[str]) -> JournalRead:
    entries: list[dict[str, Any]] = []
    bad = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(item, dict):
            entries.append(item)
        else:
            bad += 1
    return JournalRead(tuple(entries), bad)
