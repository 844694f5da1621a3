"""What ``opssl dcv set`` tells: the change per order on stderr, a progress bar on a
terminal, the summary, and the ``--json`` document (one shape for one order or many).

Each order ends as one ``result``: ``sent`` (the API accepted it), ``unchanged`` (already
so, no request), ``invalid`` (refused by the checks, no request), ``failed`` (the request
failed and stopped the run) or ``not_sent`` (valid, but not sent: the run stopped or
was refused before it began).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from tui_app.api.errors import OpsslApiError
from tui_app.api.models import ApiWarning
from tui_app.commands.session import is_terminal, say
from tui_app.commands.shapes import VERSION, error, warning
from tui_app.commands.table import printable
from tui_app.core.bulk import BulkProgress
from tui_app.core.dcv_switch import DcvSwitch

SENT, UNCHANGED, INVALID, FAILED, NOT_SENT = "sent", "unchanged", "invalid", "failed", "not_sent"


@dataclass
class Outcome:
    """One order's line in the report."""

    switch: DcvSwitch
    result: str
    warnings: tuple[ApiWarning, ...] = ()
    error: OpsslApiError | None = None


@dataclass
class Report:
    """Every order's outcome, in the order they were read."""

    method: str | None
    run_id: str | None
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    def document(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "method": self.method,
            "run_id": self.run_id,
            "orders": [_order_json(o) for o in self.outcomes],
            "sent": self.count(SENT),
            "complete": not any(o.result in (FAILED, NOT_SENT, INVALID) for o in self.outcomes),
        }


def _order_json(outcome: Outcome) -> dict[str, Any]:
    switch = outcome.switch
    return {
        "id": switch.order.id,
        "common_name": switch.order.common_name,
        "status": switch.order.status,
        "result": outcome.result,
        "changes": [{"host_name": d.label, "old": d.old, "new": d.new} for d in switch.lines],
        "kept": list(switch.kept),
        "problems": list(switch.problems),
        "warnings": [warning(w) for w in outcome.warnings],
        "error": error(outcome.error) if outcome.error is not None else None,
    }


def title(switch: DcvSwitch) -> str:
    order = switch.order
    return f"{order.id} {printable(order.common_name)} ({order.status})"


def change_lines(switch: DcvSwitch, indent: str = "  ") -> list[str]:
    lines = [f"{indent}{printable(d.label)}: {d.old} -> {d.new}" for d in switch.lines]
    if switch.note:
        lines.append(f"{indent}{switch.note}")
    return lines


def warning_lines(warnings: Sequence[ApiWarning], indent: str = "  ") -> list[str]:
    lines = []
    for w in warnings:
        data = f" ({printable(w.data)})" if w.data else ""
        lines.append(f"{indent}warning {w.code}: {printable(w.desc)}{data}")
    return lines


def ids(switches: Sequence[DcvSwitch]) -> str:
    return ", ".join(f"{s.order.id} {printable(s.order.common_name)}" for s in switches)


class ProgressBar:
    """``[#####-----] 3/9 1306004 acme.com`` redrawn in place on a terminal; silent when
    stderr is not one (the summary says everything then)."""

    WIDTH = 20

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.active = is_terminal(self.stream)
        self._drawn = False

    def __call__(self, step: BulkProgress) -> None:
        if not self.active:
            return
        done = step.index + (1 if step.result is not None else 0)
        filled = self.WIDTH * done // max(step.total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        order = step.switch.order
        text = f"[{bar}] {done}/{step.total}  {order.id} {printable(order.common_name)}"
        self.stream.write("\r\x1b[2K" + text[:79])
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def tell_sent(outcome: Outcome) -> None:
    say(f"  {title(outcome.switch)}: sent")
    for line in warning_lines(outcome.warnings, "    "):
        say(line)
