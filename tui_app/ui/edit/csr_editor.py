"""The CSR box itself: a paste of PEM replaces its content, and a private key never lands.

``core.pem_blocks`` decides what a paste becomes: its one ``CERTIFICATE REQUEST`` block
replaces the text (not inserted at the cursor, where the old CSR would stay and be sent
too); a private key, a certificate or any other block is left out and named in
``Refused``. A key typed in (a terminal without bracketed paste sends a paste as keys)
is cut out as soon as its BEGIN line is complete, and the rest of it, up to its END line,
is swallowed before it is drawn. Neither kind of key reaches the undo history.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

from tui_app.core.pem_blocks import block_words, csr_paste, without_private_keys
from tui_app.ui.formatting import safe_text

CLEAR_KEY = "ctrl+l"


class CsrEditor(TextArea):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            CLEAR_KEY,
            "clear_csr",
            "Clear CSR",
            tooltip="Empty the CSR box (ctrl+z brings the text back); a paste also replaces it",
            id="edit.csr.clear",
        ),
    ]

    class Refused(Message):
        """What a paste or typing left out, in words (None: nothing; clear the note)."""

        def __init__(self, editor: CsrEditor, message: str | None) -> None:
            super().__init__()
            self.editor = editor
            self.message = message

        @property
        def control(self) -> CsrEditor:
            return self.editor

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(text, soft_wrap=False, tab_behavior="focus", compact=True, id=id)
        # Set while the lines of a typed private key are arriving: they are swallowed.
        self._swallowing: str | None = None
        self._swallowed_line = ""

    def get_line(self, line_index: int) -> Text:
        """A CSR from the API may hold control characters: drawn as a visible mark, one
        cell for one, never sent raw to the terminal (the field says why it is wrong)."""
        return safe_text(super().get_line(line_index))

    # -- paste -----------------------------------------------------------------------------

    async def _on_paste(self, event: events.Paste) -> None:
        if self.read_only:
            return
        if self.take_paste(event.text):
            event.stop()
            event.prevent_default()
            return
        await super()._on_paste(event)

    def action_paste(self) -> None:
        """ctrl+v: the app's own clipboard, taken as a terminal paste is."""
        if not self.read_only and not self.take_paste(self.app.clipboard):
            super().action_paste()

    def take_paste(self, pasted: str) -> bool:
        """A paste that holds PEM: handled here (True); other text is typed in as usual."""
        landing = csr_paste(pasted)
        if landing is None:
            return False
        self._swallowing = None
        if landing.text is not None:
            self.replace(landing.text, (0, 0), self.document.end)
            self.move_cursor(self.document.end)
        self.post_message(self.Refused(self, landing.message()))
        return True

    def action_clear_csr(self) -> None:
        self._swallowing = None
        self.clear()
        self.post_message(self.Refused(self, None))

    # -- a key typed in ---------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        if self._swallowing is None or self.read_only:
            await super()._on_key(event)
            return
        if not (event.is_printable or event.key == "enter"):
            self._swallowing = None  # not part of a typed paste: the user is doing something
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        if event.key != "enter":
            self._swallowed_line += event.character or ""
            return
        line, self._swallowed_line = self._swallowed_line.strip(), ""
        if line == f"-----END {self._swallowing}-----":
            self._swallowing = None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """A private key's BEGIN line typed in: cut the key out, swallow what follows."""
        cleaned, keys = without_private_keys(self.text)
        if not keys:
            return
        unfinished = next((key for key in keys if not key.complete), None)
        if unfinished is not None:
            self._swallowing = unfinished.label
            self._swallowed_line = ""
        self.load_text(cleaned)  # and the undo history with it
        self.move_cursor(self.document.end)
        names = "; ".join(block_words(key.label) for key in keys)
        self.post_message(
            self.Refused(
                self,
                f"Typed in: {names}. The CSR field takes one CERTIFICATE REQUEST block; "
                "the private key was cut out, is not kept and is never sent.",
            )
        )
