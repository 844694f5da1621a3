"""The local journal of every write opssl sends (app and commands alike). No UI imports.

The API client reports each write to an observer (``api.writes``); ``Journal.observer``
turns it into one JSON line (``entry``) appended to a user-only file (``store``). The
entry module (hashing, redaction) is imported at the first write, not at start-up.
"""

from tui_app.journal.store import JOURNAL_ENV, Journal, journal_path, read_journal

__all__ = [
    "JOURNAL_ENV",
    "Journal",
    "journal_path",
    "read_journal",
]
