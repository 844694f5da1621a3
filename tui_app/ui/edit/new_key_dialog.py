"""The reissue form's one key for a key made here: which type, and where the key goes.

The dialog only asks; the screen makes the key (``core.new_key``) and writes it 0600.
It checks the path before closing (a directory that exists, no file there yet), so a
key is never made that cannot be saved, and nothing is written over an existing key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from tui_app.core.new_key import DEFAULT_KEY_TYPE, KEY_TYPES
from tui_app.ui.formatting import safe


@dataclass(frozen=True, slots=True)
class KeyRequest:
    """What the user chose: the key type (``ec256``…) and the file for the private key."""

    key_type: str
    path: Path


def default_key_path(common_name: str, directory: Path | None = None) -> Path:
    """``./example.com.key`` (a wildcard's ``*`` as ``wildcard``), in ``directory`` or cwd."""
    name = (common_name.strip().lower() or "new").replace("*", "wildcard")
    return (directory or Path.cwd()) / f"{name}.key"


def path_problem(text: str) -> str | None:
    """Why the key cannot be saved at ``text``; None when it can."""
    if not text.strip():
        return "Give a file for the private key."
    path = Path(text.strip()).expanduser()
    if path.exists():
        return f"{path} exists; opssl never writes a key over a file. Choose another name."
    if not path.parent.is_dir():
        return f"{path.parent} is not a directory; create it first."
    return None


class NewKeyDialog(ModalScreen[KeyRequest | None]):
    """Dismissed with the choice, or None (escape: nothing is made)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="edit.new-key.cancel"),
    ]

    def __init__(self, order_id: int, hosts: tuple[str, ...], default_path: Path) -> None:
        super().__init__(classes="dialog-screen", id="new-key-dialog")
        self.order_id = order_id
        self.hosts = hosts
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="new-key-box") as dialog:
            dialog.border_title = f"A new key and CSR for order {self.order_id}"
            yield Static(
                Text.assemble(
                    ("For  ", "bold"),
                    safe(", ".join(self.hosts)),
                    "\nThe key is made here and saved only to the file below (mode 0600); "
                    "it is never sent or shown.",
                ),
                classes="confirm-body",
            )
            with RadioSet(id="new-key-type", compact=True):
                for key_type, words in KEY_TYPES.items():
                    yield RadioButton(
                        words, value=key_type == DEFAULT_KEY_TYPE, id=f"key-type-{key_type}"
                    )
            yield Static("Save the private key as:", markup=False)
            yield Input(str(self.default_path), compact=True, id="new-key-path")
            yield Static("", id="new-key-problem", markup=False)
            yield Static(
                "shift+tab: key type (EC P-256 unless chosen) · enter makes the key and "
                "fills the CSR · escape cancels",
                classes="dialog-help",
                markup=False,
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#new-key-path", Input).focus()

    @property
    def key_type(self) -> str:
        pressed = self.query_one("#new-key-type", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return DEFAULT_KEY_TYPE
        return pressed.id.removeprefix("key-type-")

    @on(Input.Submitted, "#new-key-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = path_problem(event.value)
        shown = self.query_one("#new-key-problem", Static)
        if problem is not None:
            shown.update(Text(problem, style="bold"))
            self.app.bell()
            return
        self.dismiss(KeyRequest(self.key_type, Path(event.value.strip()).expanduser()))

    def action_cancel(self) -> None:
        self.dismiss(None)
