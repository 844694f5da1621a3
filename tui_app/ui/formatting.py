"""How API values read on screen: statuses as code and word, dates, yes/no, handles."""

from __future__ import annotations

import re
from datetime import datetime

from rich.text import Text

from tui_app.core.statuses import STATUS_MEANINGS, STATUS_WORDS

NOT_SET = "—"

# C0 and C1 control characters and DEL. Rich strips only a few of them, and an ESC from
# the API would otherwise reach the terminal as an escape sequence.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_AND_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def safe(text: str, *, multiline: bool = False) -> str:
    """API text made safe for the terminal: control characters become a visible mark.

    ``multiline`` keeps line breaks (file contents); otherwise they become spaces.
    """
    if multiline:
        return _CONTROL.sub(REPLACEMENT, text.replace("\r\n", "\n").replace("\t", "    "))
    flat = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return _CONTROL_AND_BREAKS.sub(REPLACEMENT, flat)


# A paste keeps tab and line breaks; other C0 controls become their Unicode symbol
# (ESC as U+241B), DEL U+2421, C1 controls the replacement mark: one for one.
_PASTED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else REPLACEMENT


def visible_controls(text: str) -> str:
    """Pasted text with its control characters shown as symbols (``\\x1b`` as ``␛``).

    Textual draws a field's text as it is, so a raw ESC would reach the terminal as an
    escape sequence; the checks still see a control character (``has_control_chars``).
    """
    return _PASTED_CONTROL.sub(_control_symbol, text)


# The colour a status gets, beside its code and word (never instead of them).
STATUS_TONE: dict[str, str] = {
    "PAI": "waiting",
    "REQ": "waiting",
    "ACT": "good",
    "REJ": "bad",
    "FAI": "bad",
    "EXP": "bad",
}


def safe_text(text: Text) -> Text:
    """The same ``Text`` with every control character but the line break made visible.

    One character for one, so the styles' spans still line up.
    """
    plain = text.plain
    cleaned = _CONTROL.sub(REPLACEMENT, plain.replace("\t", " "))
    if cleaned == plain:
        return text
    return Text(cleaned, style=text.style, spans=text.spans, end=text.end)


def status_label(status: str) -> str:
    """``"ACT active"``; an unknown code is shown as sent (made ``safe``), marked unknown."""
    word = STATUS_WORDS.get(status)
    if word:
        return f"{status} {word}"
    return f"{safe(status) or '?'} unknown"


def status_meaning(status: str) -> str:
    return STATUS_MEANINGS.get(status, "A status this version of opssl does not know")


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else NOT_SET


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else NOT_SET


def on_off(value: bool) -> str:
    return "on" if value else "off"


def or_unset(value: str) -> str:
    return value if value.strip() else NOT_SET


def count_phrase(count: int, noun: str = "order") -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
