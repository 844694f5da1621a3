"""ctrl+r on a REQ order: ask the CA to mail the approval email to the saved approver again.

It asks first (``ResendDialog``), names the hosts that validate by email, and says when
an unsent approver change is not what gets mailed. One call, never retried by itself.
"""

from __future__ import annotations

from rich.text import Text
from textual import work

from tui_app.ui.boundary import caught
from tui_app.ui.edit.confirm_dialog import ResendDialog
from tui_app.ui.edit.form_screen import FormScreen
from tui_app.ui.edit.messages import ResendDone, ResendFailed
from tui_app.ui.formatting import safe


class ResendsEmail(FormScreen):
    """The edit screen's part that resends the approval email."""

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
        self.session.resending = True
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
        self.session.resending = False
        self.opssl.forget_retry(self._resend_key)
        self.warnings_panel.add(message.warnings, "resend")
        self.notify(
            safe(f"The CA mails {message.email} again."), title="Email resent", markup=False
        )
        self._bindings_changed()

    def on_resend_failed(self, message: ResendFailed) -> None:
        self.session.resending = False
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
