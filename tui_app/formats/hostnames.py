"""DNS host-name syntax (RFC 1035 labels, a wildcard only as the leftmost label).

Each check returns an error message in words, or None when the name is fine.
"""

from __future__ import annotations

import re

from tui_app.formats.text import has_control_chars

_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


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
