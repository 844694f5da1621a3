"""What a handler of the simulator answers: data and warnings, or an API-style refusal.

Every refusal is a ``SandboxError`` with an API-style code and a ``desc`` that names
what was wrong, the way a user of the real API would want it named (API notes §2.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class SandboxError(Exception):
    def __init__(self, code: int, desc: str, data: str = "") -> None:
        super().__init__(desc)
        self.code = code
        self.desc = desc
        self.data = data


@dataclass(frozen=True)
class Warning_:
    code: int
    desc: str
    data: str = ""

    def to_api(self) -> dict[str, Any]:
        return {"code": self.code, "desc": self.desc, "data": self.data}


@dataclass
class Outcome:
    """What a handler returns: ``data`` for the envelope plus any warnings."""

    data: Any
    warnings: list[Warning_] = field(default_factory=list)
