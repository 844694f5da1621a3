"""Shape checks for what a user types: host names, handles, email addresses.

Each check returns an error message in words, or None when the value is fine.
"""

from __future__ import annotations

import re

HANDLE_RE = re.compile(r"^[A-Z]{2}\d{6}-[A-Z]{2}$")
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_EMAIL_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
# Also the symbols a paste shows them as (ESC as U+241B, see ui.formatting.visible_controls).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2400-\u2421\ufffd]")


def has_control_chars(text: str) -> bool:
    """Control characters other than tab and line breaks (pasted terminal garbage)."""
    return bool(_CONTROL_RE.search(text))


def is_wildcard(host: str) -> bool:
    return host.startswith("*.")


def check_hostname(host: str) -> str | None:
    name = host.strip().lower()
    if not name:
        return "The host name is empty"
    if has_control_chars(name) or any(c.isspace() for c in name):
        return f"{host!r} contains spaces or control characters"
    if not name.isascii():
        return f"{host} is not ASCII: use its punycode form (xn--…)"
    if len(name) > 253:
        return f"{name[:40]}… is longer than 253 characters"
    labels = name.split(".")
    if labels[0] == "*":
        labels = labels[1:]
    if len(labels) < 2:
        return f"{host} is not a fully qualified host name (e.g. www.example.com)"
    for label in labels:
        if label == "*":
            return f"{host}: a wildcard may only be the leftmost label (*.example.com)"
        if not _LABEL_RE.match(label):
            return f"{host}: {label!r} is not a valid label (letters, digits and inner hyphens)"
    if labels[-1].isdigit():
        return f"{host} looks like an IP address, not a host name"
    return None


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
