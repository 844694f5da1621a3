"""Plain-text tables for a terminal: columns fitted to its width, API text made harmless.

API strings are printed raw nowhere: a control character (an escape sequence in a common
name) is shown as ``?``, so the terminal can't be reconfigured by data.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Sequence
from typing import TextIO

from tui_app.commands.session import is_terminal

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
GAP = "  "
ELLIPSIS = "…"


def printable(text: str) -> str:
    return _CONTROL.sub("?", text)


def terminal_width(stream: TextIO | None = None) -> int | None:
    """The width to fit on a terminal; None (no limit) when the output is piped."""
    stream = stream if stream is not None else sys.stdout
    if not is_terminal(stream):
        return None
    return shutil.get_terminal_size((80, 24)).columns


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + ELLIPSIS if width > 0 else ""


def render(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None,
    shrink: Sequence[int] = (),
) -> list[str]:
    """Lines of the table. Over ``width``, the ``shrink`` columns are cut, in that order,
    each to no less than its header (and 8 characters)."""
    cells = [[printable(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if width is not None:
        for index in shrink:
            excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
            if excess <= 0:
                break
            floor = max(len(headers[index]), 8)
            widths[index] = max(floor, widths[index] - excess)
    lines = []
    for row in [list(headers), *cells]:
        parts = [_cut(c, w).ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append(GAP.join(parts).rstrip())
    return lines
