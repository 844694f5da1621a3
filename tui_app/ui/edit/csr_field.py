"""The CSR: a paste-friendly text area, decoded locally as it changes.

Under its title the field says what the CSR holds (common name, SANs, key) or why it
cannot be read. The DCV rows follow its hosts (the screen calls ``follow_hosts``).
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static, TextArea

from tui_app.core.csr import CsrError
from tui_app.core.csr_summary import CsrSummary
from tui_app.core.draft import OrderDraft
from tui_app.core.fields import CSR
from tui_app.core.host_set import read_csr
from tui_app.core.normalize import csr_identity
from tui_app.ui.edit.csr_editor import CLEAR_KEY, CsrEditor
from tui_app.ui.edit.field_base import FieldLabel, FormField, labelled
from tui_app.ui.formatting import safe

PASTE_NOTE = (
    f"Paste the whole PEM block: it replaces the box ({CLEAR_KEY} clears it). The DCV "
    "rows follow its common name and SANs."
)


class CsrField(FormField):
    field_name = CSR

    def compose_field(self) -> ComposeResult:
        with Horizontal(classes="field-head"):
            yield FieldLabel("CSR")
            yield Static(self.summary(self.initial.csr), id="csr-summary", markup=False)
        yield CsrEditor(self.initial.csr, id="csr-text")
        yield Static(PASTE_NOTE, classes="field-note", id="csr-note", markup=False)

    @property
    def editor(self) -> Widget:
        return self.query_one("#csr-text", TextArea)

    def summary(self, text: str) -> Text:
        try:
            info = read_csr(text)
        except CsrError as exc:
            return labelled("Error", str(exc))
        same = csr_identity(text) == csr_identity(self.context.order.csr)
        return Text.assemble(
            ("the order's CSR: " if same else "new CSR: ", "italic"), safe(CsrSummary(info).line())
        )

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return replace(draft, csr=self.query_one("#csr-text", TextArea).text)

    def load_value(self, draft: OrderDraft) -> None:
        box = self.query_one("#csr-text", TextArea)
        if box.text != draft.csr:
            with self.prevent(TextArea.Changed):
                box.load_text(draft.csr)
        self.query_one("#csr-summary", Static).update(self.summary(draft.csr))

    @on(CsrEditor.Refused)
    def _refused(self, event: CsrEditor.Refused) -> None:
        """What a paste left out stays in words under the box until the next paste."""
        event.stop()
        note = self.query_one("#csr-note", Static)
        note.update(labelled("Refused", event.message) if event.message else PASTE_NOTE)
        note.set_class(event.message is not None, "-refused")
        if event.message:
            self.app.bell()

    @on(TextArea.Changed, "#csr-text")
    def _csr_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.query_one("#csr-summary", Static).update(self.summary(event.text_area.text))
        self.show_messages([])
        self.changed()
