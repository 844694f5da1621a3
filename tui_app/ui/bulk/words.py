"""What the bulk dialog and the history say: every API string through ``safe`` first.
The decisions (which order is invalid, unchanged, sent) are core's (``core.bulk``); this
only words them. Lines wrap under their own indent, so a long warning stays readable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from tui_app.api import ApiError, ApiWarning
from tui_app.core.bulk import BulkPlan, BulkSummary
from tui_app.core.dcv_switch import DcvSwitch
from tui_app.journal.view import detail, entry_time
from tui_app.ui.formatting import safe
from tui_app.ui.problems import describe


class Lines:
    """Lines of text, each wrapped under its own indent (a hanging indent)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, Text]] = []

    def add(self, text: str | Text = "", indent: int = 0, style: str = "") -> None:
        line = text if isinstance(text, Text) else Text(text, style=style)
        self.items.append((indent, line))

    @property
    def plain(self) -> str:
        return "\n".join(" " * indent + line.plain for indent, line in self.items)

    def __rich__(self) -> Group:
        return Group(*(Padding(line, (0, 0, 0, indent)) for indent, line in self.items))


def order_title(switch: DcvSwitch) -> str:
    order = switch.order
    return f"{order.id} {safe(order.common_name)} ({order.status})"


def _changes(lines: Lines, switch: DcvSwitch) -> None:
    for line in switch.lines:
        lines.add(f"{safe(line.label)}: {line.old} -> {line.new}", 4)
    if switch.note:
        lines.add(safe(switch.note), 4, "dim")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def review_lines(plan: BulkPlan) -> Lines:
    """Each order's change (host: old -> new), then the unchanged and the invalid, named."""
    lines = Lines()
    sending, invalid, same = plan.to_send, plan.invalid, plan.unchanged
    if invalid:
        lines.add(
            f"{_plural(len(invalid), 'order')} cannot switch to {plan.method}; nothing is "
            "sent unless you choose to send the others.",
            style="bold",
        )
        for switch in invalid:
            lines.add(order_title(switch), 2, "bold")
            for problem in switch.problems:
                lines.add(safe(problem), 4)
        lines.add()
    if sending:
        lines.add(f"To switch to {plan.method} ({_plural(len(sending), 'request')}):")
        for switch in sending:
            lines.add(order_title(switch), 2, "bold")
            _changes(lines, switch)
    if same:
        if sending:
            lines.add()
        lines.add(f"Already {plan.method}, no request:")
        for switch in same:
            lines.add(order_title(switch), 2)
    if not sending:
        lines.add(f"Nothing to send: no order would change to {plan.method}.", style="bold")
    return lines


def review_keys(plan: BulkPlan) -> str:
    count = len(plan.to_send)
    if not count:
        return "escape closes; nothing was sent."
    if plan.invalid:
        return (
            f"s sends the other {_plural(count, 'order')} (one PUT each, in turn); "
            "escape sends nothing."
        )
    return f"enter sends {_plural(count, 'PUT')}, one per order, in turn; escape sends nothing."


def _warnings(lines: Lines, warnings: Sequence[ApiWarning]) -> None:
    for warning in warnings:
        data = f" ({safe(str(warning.data))})" if warning.data else ""
        lines.add(f"warning {warning.code}: {safe(warning.desc)}{data}", 12, "italic")


def result_lines(summary: BulkSummary) -> Lines:
    """Each order's result with the API's warnings; what a failure left undone."""
    lines = Lines()
    plan = summary.plan
    total = len(plan.to_send)
    head = "Done" if summary.complete else "Stopped"
    lines.add(
        Text.assemble(
            (f"{head}: {len(summary.done)} of {total} sent", "bold"), f" (run {plan.run_id})"
        )
    )
    lines.add()

    def row(word: str, switch: DcvSwitch, style: str = "") -> None:
        lines.add(Text.assemble((f"{word:<10}", style or "bold"), order_title(switch)), 2)

    for result in summary.done:
        row("sent", result.switch)
        _warnings(lines, result.warnings)
    failed = summary.failed
    if failed is not None and failed.error is not None:
        problem = describe(failed.error, where="sending", retry_key=None)
        row("FAILED", failed.switch, "bold reverse")
        lines.add(problem.detail, 12)
        if not isinstance(failed.error, ApiError):
            order_id = failed.switch.order.id
            lines.add(
                f"It may have arrived anyway: check order {order_id} before sending again.", 12
            )
    for switch in summary.not_sent:
        row("not sent", switch)
    for switch in plan.unchanged:
        row("unchanged", switch, "dim")
    for switch in summary.skipped:
        row("invalid", switch)
        lines.add(safe("; ".join(switch.problems)), 12)
    if not summary.complete:
        lines.add()
        lines.add(
            "Nothing was retried. The orders not changed stay marked: m runs them again "
            "(orders that already switched get no request)."
        )
    return lines


def history_lines(entries: Sequence[dict[str, Any]]) -> Lines:
    """Newest first: time, operation, what was sent, the API's code, its warnings."""
    lines = Lines()
    for entry in entries:
        moment = entry_time(entry)
        when = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "?"
        outcome = str(entry.get("result", ""))
        code = entry.get("code")
        answer = {
            "ok": f"ok (code {code})",
            "refused": f"refused: code {code}",
            "unknown": "no answer (it may have arrived)",
        }.get(outcome, safe(outcome))
        operation = safe(str(entry.get("operation", "")))
        lines.add(Text.assemble((f"{when}  {operation}  ", "bold"), answer))
        sent = detail(entry)
        if sent:
            lines.add(safe(sent), 4)
        for warning in entry.get("warnings") or []:
            if isinstance(warning, dict):
                desc = safe(str(warning.get("desc", "")))
                lines.add(f"warning {warning.get('code')}: {desc}", 4, "italic")
        lines.add()
    return lines
