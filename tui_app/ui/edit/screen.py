"""The edit form: read the order fresh, edit, check, review, send, read it again.

``e`` on the browser pushes this screen. It is assembled from parts, each in its own
module: ``loading`` (read the order, build and rebuild the form), ``submitting`` (ctrl+s:
checks, the review, the send and its answer), ``resend`` (ctrl+r), ``leaving`` (escape
and ctrl+q), ``approvers`` (the approver list follows the CSR) and ``quit_after_send``.
Their shared state is ``form_screen.FormScreen``; what each key may do in each phase is
``core.edit_session``'s. This module lays the screen out and follows edits as they are
made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static
from textual.worker import Worker, WorkerState

from tui_app.core.dcv_rules import METHOD_HELP, METHODS
from tui_app.core.edit_session import Event
from tui_app.core.fields import APPROVER_EMAIL, CSR, DCV_METHODS, HOST_NAMES
from tui_app.core.host_set import follow_hosts
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.edit.approvers import FollowsApprovers
from tui_app.ui.edit.csr_editor import CsrEditor
from tui_app.ui.edit.dcv_rows import METHOD_KEYS, DcvField, DcvList
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.key_maker import MakesKey
from tui_app.ui.edit.leaving import LeavesForm
from tui_app.ui.edit.notices import Notices
from tui_app.ui.edit.read_only import WHY_READ_ONLY, read_only_reason
from tui_app.ui.edit.resend import ResendsEmail
from tui_app.ui.edit.submitting import SendsChanges
from tui_app.ui.edit.warnings_panel import WarningsPanel

# Columns wide enough for the two form columns side by side (as the browser's panes).
WIDE_LAYOUT = 120
METHOD_KEY = {method: key for key, method in METHOD_KEYS.items()}


class EditScreen(SendsChanges, ResendsEmail, LeavesForm, FollowsApprovers, MakesKey):
    CSS_PATH = Path(__file__).with_name("edit.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "submit",
            "Send",
            tooltip="Check the form, show every change old -> new; enter or y there sends",
            id="edit.submit",
        ),
        Binding(
            "ctrl+r",
            "resend",
            "Resend email",
            tooltip="REQ: ask the CA to mail the approval email to the saved approver again",
            id="edit.resend",
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            tooltip="Back to the order list (asks first when changes are unsent)",
            id="edit.leave",
        ),
        Binding(
            "ctrl+n",
            "new_key",
            "New key",
            tooltip="Reissue: make a key here (saved 0600, never sent) and fill the CSR with it",
            id="edit.new-key",
        ),
        Binding("r", "retry_load", "Retry loading", id="edit.retry"),
        Binding(
            "v",
            "check_dcv",
            "DCV",
            tooltip="Check each host's record or file as saved on the order (reads only)",
            id="edit.check-dcv",
        ),
        Binding(
            "f5",
            "reload",
            "Reload the order",
            show=False,
            tooltip="Read the order again from the API, keeping your edits",
            id="edit.reload",
        ),
        WHY_READ_ONLY,
    ]

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= WIDE_LAYOUT, "-wide")
        yield ConnectionBar(self.connection, id="connection")
        with Horizontal(id="edit-title"):
            title = "Reissue order" if self.reissue else "Order"
            yield Label(Text(f"{title} {self.order_id}"), id="edit-heading")
            yield Label("", id="edit-dirty")
        yield Static(Text("Loading the order…", style="dim"), id="edit-rule")
        yield Notices(id="edit-notices")
        yield WarningsPanel(id="edit-warnings")
        # The form, or (when the order is slow to come) a loading pane: ``on_mount``.
        yield VerticalScroll(id="edit-body")
        yield self.footer()

    async def on_mount(self) -> None:
        reason = self.connection.read_only_reason
        if reason:
            self.notices.set("profile", "Note", reason, "warning")
        if await self.open_if_near():
            return
        body = self.query_one("#edit-body", VerticalScroll)
        await body.mount(Static(self.loading_text(), id="edit-loading"))
        self._load("open")
        # The footer's keys before the first refresh: one layout, not one more for them.
        await self.keys_now()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_LAYOUT, "-wide")
        self.fit_footer(event.size.width)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A send that crashed (a bug, reported by the base) must not lock the form."""
        super().on_worker_state_changed(event)
        if event.state not in (WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if event.worker.group == "edit-send":
            self.session.handle(Event.CRASHED)
            self.notices.clear("sending")
        elif event.worker.group == "edit-resend":
            self.session.resending = False
        else:
            return
        self._update_dirty()
        self._bindings_changed()

    # -- changes as they are made --------------------------------------------------------

    @on(FormField.Changed)
    def _field_changed(self, event: FormField.Changed) -> None:
        if event.field.field_name in (CSR, HOST_NAMES):
            self._follow_hosts()
            self.follow_approvers()
        if event.field.field_name == APPROVER_EMAIL:
            form, draft = self.form, self.current_draft()
            dcv = form.field(DCV_METHODS) if form is not None else None
            if isinstance(dcv, DcvField) and draft is not None and draft.approver_email.strip():
                dcv.forget_approver_reminder()  # the approver it asked for is chosen
        self._update_dirty()

    def _follow_hosts(self) -> None:
        form, order = self.form, self.order
        dcv = form.field(DCV_METHODS) if form is not None else None
        if form is None or order is None or not isinstance(dcv, DcvField):
            return
        follow = follow_hosts(order, form.to_draft())
        if follow.changed:
            dcv.follow(follow.draft.dcv, follow.message)
            self._update_dirty()

    @on(DcvList.MethodsChanged)
    def _methods_changed(self, event: DcvList.MethodsChanged) -> None:
        """Email needs an approver: say so on the row at once, not only at ctrl+s."""
        draft = self.current_draft()
        if event.method != "email" or draft is None or draft.approver_email.strip():
            return
        dcv = self.form.field(DCV_METHODS) if self.form else None
        if isinstance(dcv, DcvField):
            dcv.remind_approver(event.hosts)

    def set_every_row(self, method: str) -> None:
        form = self.form
        dcv = form.field(DCV_METHODS) if form is not None else None
        if isinstance(dcv, DcvField):
            dcv.set_every_row(method)
            dcv.focus_editor()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_key":  # only on a reissue form that can send
            return self.reissue and super().check_action("submit", parameters) is True
        return super().check_action(action, parameters)

    def action_why_read_only(self) -> None:
        reason = read_only_reason(self.order, self.connection, self.form_spec)
        if reason:
            self.notify(reason, title="Nothing is sent", severity="warning", markup=False)

    def action_check_dcv(self) -> None:
        from tui_app.ui.dcv_check.screen import DcvCheckScreen

        self.app.push_screen(DcvCheckScreen(self.order_id))

    # -- command palette --------------------------------------------------------------

    def palette_commands(self) -> Iterator[SystemCommand]:
        async def run(action: str) -> None:
            await self.run_action(action)

        def runner(action: str) -> Callable[[], object]:
            return lambda: run(action)

        yield SystemCommand(
            "Send changes", "Check, show the diff, then send (ctrl+s)", runner("submit")
        )
        form = self.form
        if form is not None and form.field(DCV_METHODS) is not None:
            for method in METHODS:
                yield SystemCommand(
                    f"Set every DCV row to {method}",
                    f"{METHOD_HELP[method].capitalize()} (a then {METHOD_KEY[method]})",
                    lambda m=method: self.set_every_row(m),
                )
        if self.check_action("new_key", ()) is True:
            yield SystemCommand(
                "Make a new key and CSR",
                "Saved 0600 where you say, never sent; its CSR fills the box (ctrl+n)",
                runner("new_key"),
            )
        editor = next(self.query(CsrEditor).results(CsrEditor), None)
        if editor is not None:
            yield SystemCommand(
                "Clear the CSR box", "Empty it for a new paste (ctrl+l)", editor.action_clear_csr
            )
        if self.order is not None and self.order.status == "REQ":
            yield SystemCommand(
                "Resend approval email",
                "Ask the CA to mail the approver again (ctrl+r)",
                runner("resend"),
            )
        yield SystemCommand(
            "Reload the order", "Read it again, keeping your edits (f5)", runner("reload")
        )
        yield SystemCommand(
            "Check DCV",
            "Is each host's record or file where the CA looks? (v)",
            runner("check_dcv"),
        )
        yield SystemCommand(
            "Back to the order list", "Asks first if changes are unsent (escape)", runner("leave")
        )
