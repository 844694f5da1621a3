"""ctrl+q while a send is in flight: wait for the API's answer, never cut the request.

A PUT cancelled half-way has an unknown outcome: the order may or may not have changed,
and nobody would read it back. So quitting asks, and ``y`` quits only once the API has
answered and the change is known to have landed. If the send fails, opssl stays, with
the edits, and says why it did not quit.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from tui_app.api.client import DEFAULT_BUDGET
from tui_app.ui.edit.confirm_dialog import ConfirmDialog
from tui_app.ui.edit.form_screen import FormScreen


class QuitWhileSendingDialog(ConfirmDialog, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Quit after the answer", id="edit.quit-sending.yes"),
        Binding("escape,n", "no", "Stay", id="edit.quit-sending.no"),
    ]


class QuitsAfterSend(FormScreen):
    """The edit screen's part; it calls ``send_answered`` when the send ends."""

    def ask_quit_while_sending(self) -> None:
        if self.session.quit_after_send or any(
            isinstance(s, QuitWhileSendingDialog) for s in self.app.screen_stack
        ):
            self.notify(
                "Still waiting for the API's answer to the send; opssl quits right after it.",
                title="Quitting after the answer",
                markup=False,
            )
            return
        body = Text(
            f"A send to order {self.order_id} is in flight. Cutting it now would leave its "
            "outcome unknown, so opssl waits for the API's answer (at most "
            f"{DEFAULT_BUDGET:g} s)."
        )
        dialog = QuitWhileSendingDialog(
            "Quit while sending?",
            body,
            "y quits as soon as the API answers · n or escape stays",
            id="quit-sending",
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.quit_after_send = True
                self.notices.set(
                    "quit",
                    "Quitting",
                    "opssl quits as soon as the API answers the send.",
                    "warning",
                )

        self.app.push_screen(dialog, answered)

    def send_answered(self, sent: bool) -> None:
        """The send ended: quit if asked to and it went through; else say why not."""
        if not self.session.quit_after_send:
            return
        self.session.quit_after_send = False
        if sent:
            self.app.exit()
            return
        self.notices.set(
            "quit",
            "Not quitting",
            "the API did not confirm the send (see above); your edits are kept. ctrl+q asks again.",
            "warning",
        )
