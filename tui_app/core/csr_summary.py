"""What a CSR holds, in words: the one summary the detail pane, the form and the review use.

A CSR is decoded once into a ``CsrSummary``; each place then words the same facts for
its room: the detail pane and the locked fields name every SAN, the form's line under
the CSR box says what the paste is, and the review counts the SANs and adds a short
fingerprint, which tells apart two CSRs for the same hosts and key type (a new key).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_app.core.csr import CsrInfo

# What the summaries say for a CSR field that holds nothing.
NO_CSR = "(none)"


@dataclass(frozen=True, slots=True)
class CsrSummary:
    """A decoded CSR (``info``), or why it cannot be read (``problem``); neither when empty."""

    info: CsrInfo | None = None
    problem: str | None = None

    @property
    def other_sans(self) -> tuple[str, ...]:
        """The SANs beyond the common name (decoding lower-cases both)."""
        info = self.info
        return tuple(s for s in info.sans if s != info.common_name) if info else ()

    def listing(self, unset: str) -> str:
        """Every name, key first: ``EC secp256r1 256, CN example.com, SANs www.example.com``
        (the detail pane, locked fields); ``unset`` for an empty CSR."""
        if self.problem is not None:
            return f"cannot be read: {self.problem}"
        info = self.info
        if info is None:
            return unset
        text = f"{info.key_description}, CN {info.common_name or unset}"
        if self.other_sans:
            text += f", SANs {', '.join(self.other_sans)}"
        return text

    def line(self) -> str:
        """The form's line: ``CN example.com · SANs www.example.com · EC secp256r1 256``."""
        info = self.info
        if info is None:
            return self.problem or NO_CSR
        parts = [f"CN {info.common_name or '(none)'}"]
        sans = self.other_sans
        parts.append("SANs " + ", ".join(sans) if sans else "no other SANs")
        parts.append(info.key_description)
        return " · ".join(parts)

    def counted(self) -> str:
        """The review's words: ``CN example.com, 2 SANs, EC 256, sha256 1a2b3c4d``."""
        if self.problem is not None:
            return f"unreadable CSR ({self.problem})"
        info = self.info
        if info is None:
            return NO_CSR
        count = len(self.other_sans)
        sans = f"{count} SAN" + ("" if count == 1 else "s")
        family = info.key_type.split(" ", 1)[0]
        key = f"{family} {info.key_size}" if info.key_size else family
        fingerprint = hashlib.sha256(info.der).hexdigest()[:8]
        return f"CN {info.common_name or '(no common name)'}, {sans}, {key}, sha256 {fingerprint}"


@functools.lru_cache(maxsize=128)
def summarize_csr(text: str) -> CsrSummary:
    """Decode CSR text for its summary; never raises.

    Cached: the detail worker summarises in a thread first (the first decode imports
    cryptography, which a start does not load), so the pane, on the event loop, finds it
    done.
    """
    if not text.strip():
        return CsrSummary()
    from tui_app.core.csr import CsrError, decode_csr, normalize_pem  # cryptography: on use

    try:
        return CsrSummary(decode_csr(normalize_pem(text)))
    except (CsrError, ValueError) as exc:
        return CsrSummary(problem=str(exc))
