"""Shape checks for what a user types: host names, handles, email addresses.

Each check returns an error message in words, or None when the value is fine. Host-name
syntax and control characters are the format's facts (``tui_app.formats``, shared with
the simulator); the handle and email shapes the client asks for are written here.
"""

from __future__ import annotations

import re

from tui_app.formats.hostnames import check_hostname, is_wildcard
from tui_app.formats.text import has_control_chars

__all__ = [
    "HANDLE_RE",
    "check_email",
    "check_handle",
    "check_hostname",
    "has_control_chars",
    "is_wildcard",
]

HANDLE_RE = re.compile(r"^[A-Z]{2}\d{6}-[A-Z]{2}$")
_EMAIL_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")


def check_handle(value: str) -> str | None:
    text = value.strip()
    if not text:
        return "A handle is required"
    if not HANDLE_RE.match(text):
        return (
            f"{text!r} is not a handle: expected two letters, six digits, '-', "
            "two letters (XY123456-CC)"
        )
    return None


def check_email(value: str) -> str | None:
    text = value.strip()
    if not text:
        return "An email address is required"
    if has_control_chars(text) or " " in text:
        return f"{text!r} contains spaces or control characters"
    local, sep, domain = text.rpartition("@")
    if not sep or not local or not domain:
        return f"{text!r} is not an email address (name@example.com)"
    if not _EMAIL_LOCAL_RE.match(local) or local.startswith(".") or ".." in local:
        return f"{text!r}: the part before @ is not valid"
    if check_hostname(domain) is not None or is_wildcard(domain):
        return f"{text!r}: {domain!r} is not a valid domain"
    return None
