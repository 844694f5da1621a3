"""The edit form: read the order fresh, edit, check, confirm the diff, send, read it again.

``e`` on the browser pushes this screen; a worker reads the order, its product and the
approver list (``context.fetch_context``) and the form shows what the status allows.
``ctrl+s`` runs ``core.review.review_submit``: errors go to their fields and nothing is
sent, otherwise the diff dialog asks, and a worker sends the plan. Every failure goes
through ``OpsslApp.handle_api_error``; the retry kept for a failed send offers the same
changes again in the diff dialog and never sends by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Label, Static
from textual.worker import Worker, WorkerState

from tui_app.api import (
    ApiError,
    AuthenticationError,
    OpenproviderClient,
    Order,
)
from tui_app.api.errors import CODE_INVALID_CSR, data_text, outcome_unknown
from tui_app.core.changes import Changes, compute_changes
from tui_app.core.dcv_rules import METHOD_HELP, METHODS
from tui_app.core.diff import describe_changes
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.environment import Connection
from tui_app.core.form_checks import FieldError
from tui_app.core.host_set import follow_hosts
from tui_app.core.rebase import changed_on_server, rebase_draft
from tui_app.core.review import review_submit
from tui_app.core.status_rules import (
    APPROVER_EMAIL,
    CSR,
    DCV_METHODS,
    FIELD_LABELS,
    HOST_NAMES,
    STATUS_MEANINGS,
    is_read_only,
    locked_reason,
)
from tui_app.core.submit_plan import SubmitPlan
from tui_app.ui.boundary import caught, guarded
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.edit.approvers import FollowsApprovers
from tui_app.ui.edit.confirm_dialog import LeaveDialog, ResendDialog
from tui_app.ui.edit.context import FormContext, fetch_context
from tui_app.ui.edit.csr_editor import CsrEditor
from tui_app.ui.edit.dcv_rows import METHOD_KEYS, DcvField, DcvList
from tui_app.ui.edit.diff_dialog import DiffDialog, diff_table
from tui_app.ui.edit.field_base import FormField, sentence
from tui_app.ui.edit.kept_edits import KeptEdits
from tui_app.ui.edit.messages import (
    ContextFailed,
    ContextLoaded,
    ResendDone,
    ResendFailed,
    SubmitDone,
    SubmitFailed,
)
from tui_app.ui.edit.notices import Notices
from tui_app.ui.edit.order_form import OrderForm
from tui_app.ui.edit.quit_after_send import QuitsAfterSend
from tui_app.ui.edit.read_only import WHY_READ_ONLY, read_only_reason
from tui_app.ui.edit.sending import SendFailed, send_plan
from tui_app.ui.edit.warnings_panel import WarningsPanel
from tui_app.ui.formatting import count_phrase, safe, status_label
from tui_app.ui.problems import Problem
from tui_app.ui.typeahead import TypeAheadScreen

# Columns wide enough for the two form columns side by side (as the browser's panes).
WIDE_LAYOUT = 120
METHOD_KEY = {method: key for key, method in METHOD_KEYS.items()}
# Longer lists of unsent fields are counted instead, so the heading keeps its room.
DIRTY_WIDTH = 32
# How many local errors the summary at the top names before "and N more".
SUMMARY_ERRORS = 3


def rule_text(order: Order) -> Text:
    """What the status allows, in the core's words, e.g. "REQ: only DCV methods ..."."""
    status = order.status
    if status == "PAI":
        return Text(f"PAI: {STATUS_MEANINGS['PAI']}")
    reason = locked_reason(status, CSR) or ""
    if is_read_only(status):
        return Text.assemble(("Read-only  ", "bold"), safe(reason))
    return Text(safe(reason))


def errors_summary(errors: Sequence[FieldError]) -> str:
    named = [f"{FIELD_LABELS.get(e.field, e.field)}: {e.message}" for e in errors]
    shown = "; ".join(named[:SUMMARY_ERRORS])
    more = len(named) - SUMMARY_ERRORS
    if more > 0:
        shown += f"; and {more} more"
    problems = count_phrase(len(errors), "problem")
    return f"{problems}, shown at the fields. {shown}"


class EditScreen(TypeAheadScreen[None], FollowsApprovers, QuitsAfterSend):
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

    def __init__(self, order_id: int, *, on_saved: Callable[[int], object] | None = None) -> None:
        """``on_saved`` is told when the order changed on the server (the browser reloads)."""
        super().__init__()
        self.order_id = order_id
        self.on_saved = on_saved
        self.context: FormContext | None = None
        self.state = "loading"
        self.sending = False
        self.resending = False
        # Sent but not read back yet: a second ctrl+s could send the same change twice.
        # ``_answered``: the API said yes (else no answer came: the outcome is unknown).
        self.stale = False
        self._answered = True
        self._field_errors: tuple[FieldError, ...] = ()
        self._approver_sent = False
        self._binding_states: tuple[bool | None, ...] = ()
        self._dirty_text = Text()
        self._form: OrderForm | None = None
        # What the last send sent: until the order is read back, it is not "unsent".
        self._sent_draft: OrderDraft | None = None
        self._unbuilt = KeptEdits()
        self._send_key = f"edit {order_id}: send"
        self._load_key = f"edit {order_id}: load"
        self._resend_key = f"edit {order_id}: resend"

    @property
    def client(self) -> OpenproviderClient:
        """The app's client, read each time: a sign-in may have given it a new token."""
        return self.opssl.client

    @property
    def connection(self) -> Connection:
        """The app's connection, read each time (read-only flag, production)."""
        return self.opssl.connection

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= WIDE_LAYOUT, "-wide")
        yield ConnectionBar(self.connection, id="connection")
        with Horizontal(id="edit-title"):
            yield Label(Text(f"Order {self.order_id}"), id="edit-heading")
            yield Label("", id="edit-dirty")
        yield Static(Text("Loading the order…", style="dim"), id="edit-rule")
        yield Notices(id="edit-notices")
        yield WarningsPanel(id="edit-warnings")
        with VerticalScroll(id="edit-body"):
            yield Static(Text(f"Loading order {self.order_id}…"), id="edit-loading")
        yield self.footer()

    def on_mount(self) -> None:
        reason = self.connection.read_only_reason
        if reason:
            self.notices.set("profile", "Note", reason, "warning")
        self._load("open")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_LAYOUT, "-wide")
        self.fit_footer(event.size.width)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A send that crashed (a bug, reported by the base) must not lock the form."""
        super().on_worker_state_changed(event)
        if event.state not in (WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if event.worker.group == "edit-send":
            self.sending = False
            self.notices.clear("sending")
        elif event.worker.group == "edit-resend":
            self.resending = False
        else:
            return
        self._update_dirty()
        self._bindings_changed()

    @property
    def notices(self) -> Notices:
        return self.query_one("#edit-notices", Notices)

    @property
    def warnings_panel(self) -> WarningsPanel:
        return self.query_one("#edit-warnings", WarningsPanel)

    @property
    def form(self) -> OrderForm | None:
        form = self._form
        return form if form is not None and form.is_attached else None

    @property
    def order(self) -> Order | None:
        return self.context.order if self.context else None

    def _update_header(self) -> None:
        order = self.order
        if order is None:
            return
        heading = Text(f"Order {order.id}  ", style="bold")
        heading.append(safe(order.common_name or "(no common name)"))
        heading.append(f"  {status_label(order.status)}")
        if order.product_name:
            heading.append(f"  {safe(order.product_name)}", style="dim")
        self.query_one("#edit-heading", Label).update(heading)
        self.query_one("#edit-rule", Static).update(rule_text(order))
        self.set_class(is_read_only(order.status), "-read-only")

    def current_draft(self) -> OrderDraft | None:
        form = self.form
        return form.to_draft() if form is not None else None

    def _update_dirty(self) -> None:
        """The heading's "unsent: ..." (re-drawn only when it changes: that re-lays out)."""
        order, draft = self.order, self.current_draft()
        text: Text
        if self.sending:
            text = Text("sending…", style="bold")
        elif self.stale and draft == self._sent_draft:
            done = "sent" if self._answered else "outcome unknown"
            text = Text(f"{done}; reading the order back…", style="dim")
        elif order is None or draft is None:
            text = Text()
        else:
            fields = compute_changes(order, draft).fields
            names = ", ".join(FIELD_LABELS[f] for f in fields)
            if len(names) > DIRTY_WIDTH:
                names = f"{len(fields)} fields"
            if fields:
                text = Text.assemble(("unsent: ", "bold"), names)
            else:
                text = Text("no unsent changes", style="dim")
        if text == self._dirty_text:
            return
        self._dirty_text = text
        label = self.query_one("#edit-dirty", Label)
        label.update(text)
        label.set_class(text.plain.startswith("unsent"), "-dirty")

    # -- loading ------------------------------------------------------------------------

    def _load(self, reason: str) -> None:
        self._fetch(reason)

    @work(group="edit-load", exclusive=True, exit_on_error=False, description="loading the order")
    async def _fetch(self, reason: str) -> None:
        try:
            context = await fetch_context(self.client, self.order_id)
        except Exception as error:
            self.post_message(ContextFailed(self.order_id, caught(error, "loading"), reason))
            return
        self.post_message(ContextLoaded(context, reason))

    async def _context_broke(self, message: ContextLoaded, error: Exception) -> None:
        """Showing the order failed: if no form is left, back to the loading pane (r)."""
        if self.form is None:
            self.context, self._form = None, None
            body = self.query_one("#edit-body", VerticalScroll)
            await body.remove_children()
            await body.mount(Static(id="edit-loading"))
        self.on_context_failed(ContextFailed(self.order_id, error, message.reason))

    @guarded("_context_broke")
    async def on_context_loaded(self, message: ContextLoaded) -> None:
        context = message.context
        self.opssl.forget_retry(self._load_key)
        self.notices.clear("reread")
        self.hold_keys()
        if self.context is None or self.form is None:
            await self._build(
                context, self._unbuilt.onto(context) or draft_from_order(context.order)
            )
            self._focus_field(None)
        else:
            await self._rebase(context, message.reason)
        self.stale = False  # read back: whatever was sent is now in the order
        self.follow_approvers()  # the form's CSR may name another domain than the order
        self.take_keys()
        self._context_notes(context)
        self._update_dirty()
        self._bindings_changed()

    async def _build(self, context: FormContext, draft: OrderDraft) -> None:
        # Kept until the new form is up: a failure in between must not lose the edits.
        self._unbuilt.keep(self.context, self.current_draft())
        self.context = context
        body = self.query_one("#edit-body", VerticalScroll)
        await body.remove_children()
        reason = self.connection.read_only_reason
        self._form = OrderForm(context, draft, read_only=reason, id="order-form")
        await body.mount(self._form)
        self._unbuilt.clear()
        self.state = "ready"
        self._update_header()
        self._update_dirty()
        if self._field_errors:
            errors = self._field_errors
            self.call_after_refresh(self._show_field_errors, errors)

    def _show_field_errors(self, errors: Sequence[FieldError]) -> list[FormField]:
        form = self.form
        return form.show_errors(errors) if form is not None else []

    async def _rebase(self, context: FormContext, reason: str) -> None:
        """Put the edits on the order as the server has it now (after a send or refusal)."""
        assert self.context is not None
        old, new = self.context.order, context.order
        draft = self.current_draft() or draft_from_order(old)
        sent = self._sent_draft if reason == "saved" else None
        done = compute_changes(old, sent).fields if sent is not None else ()
        rebased = rebase_draft(old, new, draft, product=context.product, sent=done)
        result = rebased.draft
        if reason == "saved":
            result = replace(result, start_provision=False)
        if rebased.message:
            self.notices.set("status", "Status changed", rebased.message, "warning")
        elif new != old and reason != "saved":
            self.notices.set(
                "status",
                "Changed on the server",
                f"{sentence(changed_on_server(old, new))} changed since the form loaded; "
                "the form now shows the current values, with your edits on top.",
                "warning",
            )
        if reason == "saved" or new != old or context != self.context:
            focused = self._focused_field()
            cursor = self._dcv_cursor()
            await self._build(context, result)
            self._focus_field(focused, cursor)
        else:
            self.context = context
        if new != old and reason != "saved" and self.on_saved is not None:
            self.on_saved(self.order_id)

    def _context_notes(self, context: FormContext) -> None:
        self.opssl.maintenance = context.maintenance
        if context.product_problem:
            self.notices.set("product", "Note", context.product_problem, "warning")
        else:
            self.notices.clear("product")
        if context.maintenance:
            self.notices.set(
                "maintenance",
                "Maintenance",
                "the API reports maintenance: changes may be refused, try again later.",
                "warning",
            )
        else:
            self.notices.clear("maintenance")

    def on_context_failed(self, message: ContextFailed) -> None:
        reason = message.reason
        if self.context is None:
            self.state = "failed"
            self.drop_keys()
            self.opssl.handle_api_error(
                message.error,
                where=f"loading order {self.order_id}",
                retry=self.action_retry_load,
                show=self._show_load_problem,
                key=self._load_key,
            )
        else:
            self.opssl.handle_api_error(
                message.error,
                where=f"reading order {self.order_id} again",
                retry=lambda: self._load(reason),
                show=self._show_reread_problem,
                key=self._load_key,
            )
        self._bindings_changed()

    def _show_load_problem(self, problem: Problem) -> None:
        text = Text()
        text.append(problem.title + "\n", style="bold")
        text.append(f"{problem.detail}\n(while {problem.where})\n\n")
        text.append("r retries · escape goes back to the list", style="bold")
        loading = self.query("#edit-loading").results(Static)
        widget = next(loading, None)
        if widget is not None:
            widget.update(text)
            widget.add_class("-problem")

    def _show_reread_problem(self, problem: Problem) -> None:
        message = f"{problem.detail} (while {problem.where}). f5 reads it again."
        if self.stale:
            message += " ctrl+s stays off until then, so nothing is sent twice."
        self.notices.set("reread", "Not re-read", message, "warning")

    def action_retry_load(self) -> None:
        loading = next(self.query("#edit-loading").results(Static), None)
        if loading is not None:
            loading.update(Text(f"Loading order {self.order_id}…"))
            loading.remove_class("-problem")
        self.state = "loading"
        self._bindings_changed()
        self._load("open")

    def action_reload(self) -> None:
        if not self.sending:
            self._load("reload")

    # -- focus --------------------------------------------------------------------------

    def _focused_field(self) -> str | None:
        node: DOMNode | None = self.focused
        while node is not None and node is not self:
            if isinstance(node, FormField):
                return node.field_name
            node = node.parent
        return None

    def _dcv_cursor(self) -> int:
        rows = next(self.query(DcvList).results(DcvList), None)
        return rows.cursor if rows is not None else 0

    def _focus_field(self, name: str | None, dcv_cursor: int = 0) -> None:
        """Focus a field's editor (or the first the status allows); read-only: the body."""
        form = self.form
        if form is None:
            return
        field = (form.field(name) if name else None) or form.first_field()
        if field is None:
            self.query_one("#edit-body", VerticalScroll).focus()
            return
        field.focus_editor()
        rows = next(self.query(DcvList).results(DcvList), None)
        if rows is not None and dcv_cursor:
            # The row the user was on, scrolled to only if the rows have the focus.
            scroll = isinstance(field, DcvField)
            self.call_after_refresh(rows.move_to, dcv_cursor, scroll=scroll)

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

    # -- submit -------------------------------------------------------------------------

    def _bindings_changed(self) -> None:
        """Redraw the footer only when an action's state moved (a redraw rebuilds it)."""
        states = tuple(
            self.check_action(action, ()) for action in ("submit", "resend", "retry_load")
        )
        if states != self._binding_states:
            self._binding_states = states
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        order = self.order
        if action == "retry_load":
            return self.state == "failed"
        if action == "reload":
            return self.state == "ready"
        read_only = read_only_reason(order, self.connection) is not None
        if action == "why_read_only":
            return self.state == "ready" and read_only
        if action == "submit":
            if self.state != "ready" or order is None or read_only:
                return False
            return None if self.sending or self.stale or self.approvers_pending else True
        if action == "resend":
            if self.state != "ready" or order is None or order.status != "REQ" or read_only:
                return False
            if self.sending or self.resending:
                return None
            return True
        return True

    def action_why_read_only(self) -> None:
        reason = read_only_reason(self.order, self.connection)
        if reason:
            self.notify(reason, title="Nothing is sent", severity="warning", markup=False)

    def action_submit(self) -> None:
        self._offer_submit()

    def _offer_submit(self) -> None:
        """Check the draft; errors go to the fields, a clean draft opens the diff dialog."""
        form, context = self.form, self.context
        if form is None or context is None or self.check_action("submit", ()) is not True:
            return
        review = review_submit(
            context.order,
            form.to_draft(),
            product=context.product,
            approver_options=context.approver_options,
        )
        self._field_errors = review.errors
        flagged = form.show_errors(review.errors)
        if review.errors:
            self.notices.set("checks", "Not sent", errors_summary(review.errors), "error")
            if flagged:
                flagged[0].focus_editor()
                flagged[0].scroll_visible(animate=False)
            return
        self.notices.clear("checks")
        plan = review.plan
        if plan is None or review.nothing_to_send:
            self.notify(
                f"The form matches order {self.order_id}: there is nothing to send.",
                title="Nothing to send",
                markup=False,
            )
            return
        dialog = DiffDialog(
            self.order_id, review.diff, plan, production=self.connection.is_production
        )

        def confirmed(send: bool | None) -> None:
            if send:
                self._start_send(plan)

        self.app.push_screen(dialog, confirmed)

    def _start_send(self, plan: SubmitPlan) -> None:
        if self.check_action("submit", ()) is not True:
            return
        self.sending = True
        self._sent_draft = self.current_draft()
        self.warnings_panel.clear()
        self.notices.clear("api", "status", "resend", "checks")
        calls = (1 if plan.approver_email is not None else 0) + (1 if plan.body else 0)
        self.notices.set(
            "sending", "Sending", f"{count_phrase(calls, 'request')} to order {self.order_id}…"
        )
        self._bindings_changed()
        self._update_dirty()
        self._send(plan)

    @work(group="edit-send", exit_on_error=False, description="sending the changes")
    async def _send(self, plan: SubmitPlan) -> None:
        try:
            result = await send_plan(self.client, plan)
        except SendFailed as failed:
            error = caught(failed.error, "sending")
            self.post_message(SubmitFailed(plan, error, failed.warnings, failed.approver_sent))
            return
        self.post_message(SubmitDone(plan, result.warnings))

    def _done_broke(self, message: SubmitDone, error: Exception) -> None:
        """Sent, but showing the answer failed: say so and read the order back anyway."""
        self.sending, self.stale = False, True
        self.notices.set("api", "Sent", safe(f"The API took them; showing it failed: {error}"))
        self._load("saved")
        self.send_answered(True)

    @guarded("_done_broke")
    def on_submit_done(self, message: SubmitDone) -> None:
        self.sending = False
        self.stale, self._answered = True, True
        self.opssl.forget_retry(self._send_key)
        self._field_errors = ()
        self.notices.clear("sending")
        self.warnings_panel.add(message.warnings, "send")
        sent = ", ".join(FIELD_LABELS[f] for f in message.plan.fields)
        text = f"Order {self.order_id}: sent {sent}."
        if message.warnings:
            text += f" The API answered with {count_phrase(len(message.warnings), 'warning')}."
        self.notify(text, title="Changes sent", markup=False)
        self._update_dirty()
        self._bindings_changed()
        if self.on_saved is not None:
            self.on_saved(self.order_id)
        self._load("saved")
        self.send_answered(True)

    def on_submit_failed(self, message: SubmitFailed) -> None:
        self.sending = False
        # No answer from the API (a timeout, a bug): the write may have landed. ctrl+s
        # stays off until the order is read back, so nothing can be sent twice.
        self.stale = outcome_unknown(message.error)
        self._answered = not self.stale
        self.notices.clear("sending")
        if message.warnings:
            self.warnings_panel.add(message.warnings, "send")
        error = message.error
        self._approver_sent = message.approver_sent
        approver = message.plan.approver_email
        if message.approver_sent and approver is not None and self.context is not None:
            # The first call landed: the order has the new approver now, even while it
            # cannot be read back, and the next send must not make that call again.
            order = replace(self.context.order, email_approver=approver)
            self.context = replace(self.context, order=order)
        self.opssl.handle_api_error(
            error,
            where=f"sending the changes to order {self.order_id}",
            retry=self._reoffer,
            show=self._show_send_problem,
            key=self._send_key,
        )
        if isinstance(error, ApiError) and error.code == CODE_INVALID_CSR:
            detail = f"The API refused the CSR: code {error.code}, {error.desc or 'no description'}"
            if error.data not in (None, "", [], {}):
                detail += f" ({data_text(error.data)})"
            self._field_errors = (FieldError(CSR, safe(detail)),)
            self._show_field_errors(self._field_errors)
        self._update_dirty()
        self._bindings_changed()
        if message.approver_sent and self.on_saved is not None:
            self.on_saved(self.order_id)
        if not isinstance(error, AuthenticationError):
            self._load("refused")
        self.send_answered(False)

    def _show_send_problem(self, problem: Problem) -> None:
        if self._approver_sent:
            outcome = "The approver email change went through; the order update did not."
        elif isinstance(problem.code, int):
            outcome = "The API refused it: nothing was changed."
        elif not self.stale:
            outcome = "Nothing was sent."
        else:
            outcome = "The outcome is unknown; the order is read again to find out."
        message = (
            f"{problem.detail} (while {problem.where}). {outcome} "
            "Your edits are kept: ctrl+s offers the send again."
        )
        self.notices.set("api", problem.title, message, "error")

    def _reoffer(self) -> None:
        """The retry kept for a failed send (run after signing in again): say the changes
        are still unsent. Never the review itself: there one enter sends, and an enter
        meant for the password (a double press) must not be that one."""
        if self in self.app.screen_stack:
            self.notices.set(
                "api",
                "Not sent",
                "Your changes were not sent: ctrl+s shows them again; enter or y in that "
                "review sends them.",
                "warning",
            )

    # -- resend ---------------------------------------------------------------------------

    def action_resend(self) -> None:
        order, draft = self.order, self.current_draft()
        if order is None or self.check_action("resend", ()) is not True:
            return
        email_hosts = [
            m.host_name for m in order.domain_validation_methods if m.method.lower() == "email"
        ]
        if not email_hosts:
            self.notify(
                f"No host of order {order.id} validates by email, so there is no approval "
                "email to resend. Switch a host to email (e on its row) and send that first.",
                title="Nothing to resend",
                severity="warning",
                markup=False,
            )
            return
        if not order.email_approver:
            self.notify(
                f"Order {order.id} has no approver address: choose one and send it first.",
                title="Nothing to resend",
                severity="warning",
                markup=False,
            )
            return
        body = Text(
            safe(f"The CA mails {order.email_approver} again, for {', '.join(email_hosts)}.")
        )
        if draft is not None and draft.approver_email.strip().lower() != order.email_approver:
            body.append(
                "\nYour unsent approver change is not used: send it with ctrl+s, which "
                "itself mails the new address."
            )
        dialog = ResendDialog(
            "Resend the approval email?", body, "y resends · n or escape cancels", id="resend"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._start_resend(order.email_approver)

        self.app.push_screen(dialog, answered)

    def _start_resend(self, email: str) -> None:
        self.resending = True
        self.notices.clear("resend")
        self._bindings_changed()
        self._resend(email)

    @work(group="edit-resend", exit_on_error=False, description="resending the approval email")
    async def _resend(self, email: str) -> None:
        try:
            result = await self.client.resend_approver_email(self.order_id)
        except Exception as error:
            self.post_message(ResendFailed(caught(error, "resending")))
            return
        self.post_message(ResendDone(email, result.warnings))

    def on_resend_done(self, message: ResendDone) -> None:
        self.resending = False
        self.opssl.forget_retry(self._resend_key)
        self.warnings_panel.add(message.warnings, "resend")
        self.notify(
            safe(f"The CA mails {message.email} again."), title="Email resent", markup=False
        )
        self._bindings_changed()

    def on_resend_failed(self, message: ResendFailed) -> None:
        self.resending = False
        self.opssl.handle_api_error(
            message.error,
            where="resending the approval email",
            retry=self.action_resend,
            show=lambda p: self.notices.set(
                "resend", p.title, f"{p.detail} (while {p.where}). ctrl+r asks again.", "error"
            ),
            key=self._resend_key,
        )
        self._bindings_changed()

    def action_check_dcv(self) -> None:
        from tui_app.ui.dcv_check.screen import DcvCheckScreen

        self.app.push_screen(DcvCheckScreen(self.order_id))

    # -- leaving ------------------------------------------------------------------------

    def _unsent_changes(self) -> Changes | None:
        """What leaving now would lose; None when everything has been sent."""
        order, draft = self.order, self.current_draft()
        changes = compute_changes(order, draft) if order and draft else None
        if not changes or (self.stale and draft == self._sent_draft):
            return None
        return changes

    def _ask_to_discard(self, title: str, keys: str, then: Callable[[], object]) -> bool:
        """Show the unsent changes and run ``then`` on yes; False when nothing is unsent."""
        changes = self._unsent_changes()
        if changes is None:
            return False
        body = Text(f"These changes to order {self.order_id} have not been sent:\n")
        dialog = LeaveDialog(
            title, Group(body, diff_table(describe_changes(changes))), keys, id="leave"
        )

        def answered(leave: bool | None) -> None:
            if leave:
                then()

        self.app.push_screen(dialog, answered)
        return True

    def action_leave(self) -> None:
        if self.sending:
            self.notify(
                "A send is in flight: the form stays until the API answers.",
                title="Sending",
                severity="warning",
                markup=False,
            )
            return
        if not self._ask_to_discard(
            "Leave without sending?",
            "y discards them and goes back to the list · n or escape stays",
            self._close,
        ):
            self._close()

    def confirm_quit(self) -> bool:
        """Quitting is leaving too: True when it asked first (the app then waits)."""
        if self.sending:
            self.ask_quit_while_sending()
            return True
        if any(isinstance(s, LeaveDialog) for s in self.app.screen_stack):
            return False  # ctrl+q again while asked: the user means it
        return self._ask_to_discard(
            "Quit without sending?",
            "y discards them and quits opssl · n or escape stays",
            self.app.exit,
        )

    def _close(self) -> None:
        for key in (self._send_key, self._load_key, self._resend_key):
            self.opssl.forget_retry(key)
        self.dismiss(None)

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
