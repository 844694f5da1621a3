"""escape and ctrl+q on the form: unsent changes are shown and asked about, never lost quietly.

Leaving during a send waits for the answer; quitting during one asks to quit once the
API has answered (``quit_after_send``). What was sent and is being read back is not
"unsent". The session (``core.edit_session``) decides; this part asks and closes.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.text import Text

from tui_app.core.changes import Changes, compute_changes
from tui_app.core.diff_lines import diff_lines
from tui_app.core.edit_session import Quit
from tui_app.ui.edit.confirm_dialog import LeaveDialog
from tui_app.ui.edit.diff_dialog import diff_table
from tui_app.ui.edit.quit_after_send import QuitsAfterSend


class LeavesForm(QuitsAfterSend):
    """The edit screen's part for escape (back to the list) and ctrl+q (quit)."""

    def _unsent_changes(self) -> Changes | None:
        """What leaving now would lose; None when everything has been sent."""
        order, draft = self.order, self.current_draft()
        changes = compute_changes(order, draft) if order and draft else None
        if not changes or self.session.is_sent(draft):
            return None
        return changes

    def _ask_to_discard(self, title: str, keys: str, then: Callable[[], object]) -> None:
        """Show the unsent changes and run ``then`` on yes."""
        changes = self._unsent_changes()
        assert changes is not None
        body = Text(f"These changes to order {self.order_id} have not been sent:\n")
        dialog = LeaveDialog(title, Group(body, diff_table(diff_lines(changes))), keys, id="leave")

        def answered(leave: bool | None) -> None:
            if leave:
                then()

        self.app.push_screen(dialog, answered)

    def action_leave(self) -> None:
        if not self.check_action("leave", ()):
            self.notify(
                "A send is in flight: the form stays until the API answers.",
                title="Sending",
                severity="warning",
                markup=False,
            )
            return
        if self._unsent_changes() is None:
            self._close()
            return
        self._ask_to_discard(
            "Leave without sending?",
            "y discards them and goes back to the list · n or escape stays",
            self._close,
        )

    def confirm_quit(self) -> bool:
        """Quitting is leaving too: True when it asked first (the app then waits)."""
        asked = any(isinstance(s, LeaveDialog) for s in self.app.screen_stack)
        route = self.session.quitting(
            asked_to_leave=asked, unsent=self._unsent_changes() is not None
        )
        if route is Quit.WAIT:
            self.ask_quit_while_sending()
        elif route is Quit.ASK:
            self._ask_to_discard(
                "Quit without sending?",
                "y discards them and quits opssl · n or escape stays",
                self.app.exit,
            )
        return route is not Quit.NOW

    def _close(self) -> None:
        for key in (self._send_key, self._load_key, self._resend_key):
            self.opssl.forget_retry(key)
        self.dismiss(None)
