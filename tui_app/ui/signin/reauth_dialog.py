"""Sign in again, over whatever screen the refused request came from.

The username is known, so the focus is on the password. Signing in dismisses it with the
sign-in's result and the flow retries what failed; ``escape`` dismisses it with None and
changes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_app.auth.sources import SignInResult
from tui_app.ui.formatting import safe
from tui_app.ui.signin.form import SignInForm
from tui_app.ui.signin.state import SignInState


class ReauthDialog(ModalScreen[SignInResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # For the footer when no field has the focus; a field's own enter signs in after
        # the keys typed before it (form.SignInInput).
        Binding("enter", "sign_in", "Sign in", id="reauth.submit"),
        Binding("escape", "cancel", "Not now", id="reauth.cancel"),
    ]

    def __init__(
        self, flow: SignInState, *, username: str | None, from_env: bool, asked: bool
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.flow = flow
        self.username = username
        self.from_env = from_env
        self.asked = asked

    def _explanation(self) -> str:
        target = self.flow.target
        assert target is not None
        who = f" as {self.username}" if self.username else ""
        if self.asked:
            text = f"Sign in{who} to {target.label} for a new token."
        else:
            text = (
                "The API no longer accepts opssl's token (code 196): tokens last two days, "
                f"and this one has expired or was revoked. Sign in{who} to {target.label} "
                "and opssl carries on with what it was doing."
            )
        if self.from_env:
            text += " The new token stays in memory for this session; OPSSL_TOKEN is unchanged."
        return text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reauth-dialog") as dialog:
            dialog.border_title = "Sign in again"
            yield Static(Text(safe(self._explanation())), classes="dialog-help")
            yield SignInForm(self.flow, username=self.username, ask_username=False, ask_ip=False)
            yield Static(
                Text("escape: not now. Nothing you typed is lost; r retries and asks again."),
                classes="dialog-help signin-help",
            )
        yield Footer(compact=True)

    @property
    def form(self) -> SignInForm:
        return self.query_one(SignInForm)

    def on_mount(self) -> None:
        self.form.focus_first()

    def action_sign_in(self) -> None:
        self.form.submit()

    def action_cancel(self) -> None:
        if self.form.busy:
            return  # the answer is on its way; it decides, not a half-finished cancel
        self.dismiss(None)

    def on_sign_in_form_signed_in(self, message: SignInForm.SignedIn) -> None:
        self.dismiss(message.result)
