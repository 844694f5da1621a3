"""Choices whose state is written in the text: ``(•) linux ( ) windows``, ``[x] yes``.

Textual's radio buttons and checkboxes show their state by colour only; these say it
with a glyph, so it reads the same on a monochrome terminal or a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui_app.ui.formatting import safe


class Choices(Widget, can_focus=True):
    """One of a few options on one line; left/right (or h/l) pick the neighbour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Previous choice", show=False, id="edit.choice.previous"),
        Binding("right,l,space", "move(1)", "Next choice", show=False, id="edit.choice.next"),
    ]

    selected: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, choices: Choices, value: str) -> None:
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> Choices:
            return self.choices

    def __init__(
        self, options: Sequence[tuple[str, str]], value: str, *, id: str | None = None
    ) -> None:
        """``options``: (value, title) pairs; ``value`` the one chosen (none if unknown)."""
        super().__init__(id=id)
        self.options = list(options)
        values = [v for v, _ in self.options]
        self.set_reactive(Choices.selected, values.index(value) if value in values else -1)

    @property
    def value(self) -> str:
        if 0 <= self.selected < len(self.options):
            return self.options[self.selected][0]
        return ""

    def select(self, value: str) -> None:
        """Show ``value`` chosen (the order read again); no message: the user did nothing."""
        values = [v for v, _ in self.options]
        self.selected = values.index(value) if value in values else -1

    def render(self) -> Text:
        text = Text()
        for index, (_, title) in enumerate(self.options):
            chosen = index == self.selected
            mark = "(•) " if chosen else "( ) "
            style = "bold reverse" if chosen and self.has_focus else ("bold" if chosen else "")
            text.append(mark + safe(title), style=style)
            text.append("   ")
        return text

    def action_move(self, step: int) -> None:
        if not self.options:
            return
        start = self.selected if self.selected >= 0 else (-1 if step > 0 else 0)
        self.selected = (start + step) % len(self.options)
        self.post_message(self.Changed(self, self.value))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class TickBox(Widget, can_focus=True):
    """``[x] label`` or ``[ ] label``; space or enter ticks and unticks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "tick", "Tick/untick", show=False, id="edit.tick"),
    ]

    value: reactive[bool] = reactive(False)

    class Changed(Message):
        def __init__(self, box: TickBox, value: bool) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> TickBox:
            return self.box

    def __init__(self, label: str, value: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.set_reactive(TickBox.value, value)

    def render(self) -> Text:
        style = "bold reverse" if self.has_focus else ""
        return Text.assemble(("[x] " if self.value else "[ ] ", "bold"), (self.label, style))

    def action_tick(self) -> None:
        self.value = not self.value
        self.post_message(self.Changed(self, self.value))

    def on_click(self) -> None:
        self.action_tick()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
