"""The lines at the top of the form: why nothing was sent, what the API refused, what moved.

Each notice has a key (a newer notice of the same kind replaces the older) and a label
in words ("Not sent", "Error", "Note"), so its meaning never rests on colour.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_app.ui.formatting import safe

TONES = ("error", "warning", "info")


class Notices(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.items: dict[str, tuple[str, str, str]] = {}
        self._shown = Text()
        self.display = False

    def set(self, key: str, label: str, message: str, tone: str = "info") -> None:
        assert tone in TONES
        self.items[key] = (label, message, tone)
        self._show()

    def clear(self, *keys: str) -> None:
        for key in keys:
            self.items.pop(key, None)
        self._show()

    def text(self, key: str) -> str | None:
        item = self.items.get(key)
        return f"{item[0]}: {item[1]}" if item else None

    def _show(self) -> None:
        lines: list[Text] = []
        for label, message, _tone in self.items.values():
            lines.append(Text.assemble((f"{label}: ", "bold"), safe(message)))
        shown = Text("\n").join(lines)
        if shown != self._shown:  # an update lays the whole screen out again
            self._shown = shown
            self.update(shown)
        self.display = bool(lines)
        worst = next((t for t in TONES if any(i[2] == t for i in self.items.values())), "info")
        for tone in TONES:
            self.set_class(tone == worst and bool(lines), f"-{tone}")
