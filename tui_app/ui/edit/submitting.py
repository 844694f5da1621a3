"""ctrl+s: check the draft, show the review, send the plan, and take the API's answer.

``core.review.review_draft`` checks the form: errors go to their fields and nothing is
sent; otherwise the review dialog asks, and a worker sends the plan (``sending``). The
answer (sent, refused, or none: an unknown outcome) moves the session and the order is
read back. Every failure goes through ``OpsslApp.handle_api_error``; the retry kept for
a failed send offers the same changes again in the review and never sends by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import work

from tui_app.api import ApiError, AuthenticationError
from tui_app.api.errors import CODE_INVALID_CSR, data_text, outcome_unknown
from tui_app.core.draft_checks import FieldError
from tui_app.core.edit_session import Event, Phase
from tui_app.core.fields import CSR, FIELD_LABELS
from tui_app.core.request_plan import RequestPlan
from tui_app.core.review import review_draft
from tui_app.ui.boundary import caught, guarded
from tui_app.ui.edit.diff_dialog import DiffDialog
from tui_app.ui.edit.loading import LoadsOrder
from tui_app.ui.edit.messages import SubmitDone, SubmitFailed
from tui_app.ui.edit.quit_after_send import QuitsAfterSend
from tui_app.ui.edit.sending import SendFailed, send_plan
from tui_app.ui.formatting import count_phrase, safe
from tui_app.ui.problems import Problem

# How many local errors the summary at the top names before "and N more".
SUMMARY_ERRORS = 3


def errors_summary(errors: Sequence[FieldError]) -> str:
    named = [f"{FIELD_LABELS.get(e.field, e.field)}: {e.message}" for e in errors]
    shown = "; ".join(named[:SUMMARY_ERRORS])
    more = len(named) - SUMMARY_ERRORS
    if more > 0:
        shown += f"; and {more} more"
    problems = count_phrase(len(errors), "problem")
    return f"{problems}, shown at the fields. {shown}"


class SendsChanges(LoadsOrder, QuitsAfterSend):
    """The edit screen's part that reviews and sends (it reads the order back after)."""

    def action_submit(self) -> None:
        self._offer_submit()

    def _offer_submit(self) -> None:
        """Check the draft; errors go to the fields, a clean draft opens the review."""
        form, context = self.form, self.context
        if form is None or context is None or self.check_action("submit", ()) is not True:
            return
        review = review_draft(
            context.order,
            form.to_draft(),
            form=self.form_spec,
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
        title = (
            f"Reissue order {self.order_id}? It goes back to REQ for validation"
            if self.reissue
            else None
        )
        dialog = DiffDialog(
            self.order_id, review.lines, plan, production=self.connection.is_production, title=title
        )

        def confirmed(send: bool | None) -> None:
            if send:
                self._start_send(plan)
            else:
                self.session.handle(Event.BACK)

        self.session.handle(Event.REVIEW)
        self.app.push_screen(dialog, confirmed)

    def _start_send(self, plan: RequestPlan) -> None:
        if not self.session.start_send(self.current_draft(), read_only=self.read_only):
            self.session.handle(Event.BACK)
            return
        self.warnings_panel.clear()
        self.notices.clear("api", "status", "resend", "checks")
        self.notices.set(
            "sending",
            "Sending",
            f"{count_phrase(len(plan.requests), 'request')} to order {self.order_id}…",
        )
        self._bindings_changed()
        self._update_dirty()
        self._send(plan)

    @work(group="edit-send", exit_on_error=False, description="sending the changes")
    async def _send(self, plan: RequestPlan) -> None:
        try:
            result = await send_plan(self.client, plan)
        except SendFailed as failed:
            error = caught(failed.error, "sending")
            self.post_message(SubmitFailed(plan, error, failed.warnings, failed.approver_sent))
            return
        self.post_message(SubmitDone(plan, result.warnings))

    def _done_broke(self, message: SubmitDone, error: Exception) -> None:
        """Sent, but showing the answer failed: say so and read the order back anyway."""
        self.session.send_ended(Event.SENT)
        self.notices.set("api", "Sent", safe(f"The API took them; showing it failed: {error}"))
        self._load("saved")
        self.send_answered(True)

    @guarded("_done_broke")
    def on_submit_done(self, message: SubmitDone) -> None:
        self.session.send_ended(Event.SENT)
        self.opssl.forget_retry(self._send_key)
        self._field_errors = ()
        self.notices.clear("sending")
        self.warnings_panel.add(message.warnings, "send")
        sent = ", ".join(FIELD_LABELS[f] for f in message.plan.fields)
        text = f"Order {self.order_id}: sent {sent}."
        if self.reissue:
            text = f"Order {self.order_id} reissued ({sent}): the CA validates it again (REQ)."
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
        # No answer from the API (a timeout, a bug): the write may have landed. ctrl+s
        # stays off until the order is read back, so nothing can be sent twice.
        unknown = outcome_unknown(message.error)
        ended = Event.NO_ANSWER if unknown else Event.REFUSED
        self.session.send_ended(ended, approver_sent=message.approver_sent)
        self.notices.clear("sending")
        if message.warnings:
            self.warnings_panel.add(message.warnings, "send")
        error = message.error
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
        if self.session.approver_sent:
            outcome = "The approver email change went through; the order update did not."
        elif isinstance(problem.code, int):
            outcome = "The API refused it: nothing was changed."
        elif self.session.phase is not Phase.STALE:
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
