"""Characters that do not belong in a host name, an address or a PEM block."""

from __future__ import annotations

import re

# Also the symbols a paste shows them as (ESC as U+241B, see ui.formatting.visible_controls).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2400-\u2421\ufffd]")


def has_control_chars(text: str) -> bool:
    """Control characters other than tab and line breaks (pasted terminal garbage)."""
    return bool(_CONTROL_RE.search(text))
