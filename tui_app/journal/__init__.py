"""The local journal of every write opssl sends (app and commands alike). No UI imports.

The API client reports each write to an observer (``api.writes``); ``Journal.observer``
turns it into one JSON line (``entry``) appended to a user-only file (``store``).
"""

from tui_app.journal.entry import VERSION, new_run_id, run_scope
from tui_app.journal.store import JOURNAL_ENV, Journal, journal_path, read_journal

__all__ = [
    "JOURNAL_ENV",
    "VERSION",
    "Journal",
    "journal_path",
    "new_run_id",
    "read_journal",
    "run_scope",
]
