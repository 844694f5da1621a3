"""The API's warnings from the last send, listed in the form until the next send.

Each line carries the word "Warning", the code, the description and the data exactly
as the API sent them (control characters made visible), never colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tui_app.api import ApiWarning
from tui_app.ui.formatting import safe


def warning_lines(entries: Sequence[tuple[str, ApiWarning]]) -> Text:
    """``Warning 1101: desc`` and, indented under it, ``data: ...`` for each warning."""
    lines: list[Text] = []
    for source, warning in entries:
        line = Text.assemble(
            ("Warning", "bold"),
            f" (code {warning.code}): ",
            safe(warning.desc) or "(no description)",
            (f"  [{source}]", "dim"),
        )
        lines.append(line)
        if warning.data:
            lines.append(Text.assemble("    ", ("data: ", "bold"), safe(warning.data)))
    return Text("\n").join(lines)


class WarningsPanel(Static):
    """Hidden until a send (or resend) answers with warnings."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.entries: list[tuple[str, ApiWarning]] = []
        self.display = False

    @property
    def warnings(self) -> list[ApiWarning]:
        return [w for _, w in self.entries]

    def add(self, warnings: Sequence[ApiWarning], source: str) -> None:
        self.entries.extend((source, w) for w in warnings)
        self._show()

    def clear(self) -> None:
        self.entries.clear()
        self._show()

    def _show(self) -> None:
        self.display = bool(self.entries)
        if self.entries:
            count = len(self.entries)
            self.border_title = f"API warnings ({count}), kept until the next send"
            self.update(warning_lines(self.entries))
