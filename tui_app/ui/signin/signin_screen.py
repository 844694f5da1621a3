"""The sign-in screen: shown at start when there is no usable token.

The header already says which API this is (production in red), so nobody signs in to
the wrong one. ``enter`` signs in from any field; a missing field gets the focus instead.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.widgets import Footer, Static

from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.formatting import safe
from tui_app.ui.screen_base import OpsslScreen
from tui_app.ui.signin.form import SignInForm
from tui_app.ui.signin.messages import KeyringWorks, SignedIn
from tui_app.ui.signin.state import SignInState


def storage_sentence(remember: bool, keyring_works: bool, problem: str | None = None) -> str:
    """Where the token will go, promised only once the keyring has been seen to work."""
    if not remember:
        return (
            "The token stays in memory and is forgotten when opssl quits. "
            "The password is never stored."
        )
    if problem is not None:
        return (
            f"{problem} After you sign in, opssl offers to keep the token in memory for this "
            "session (or to use OPSSL_TOKEN). The password is never stored."
        )
    if not keyring_works:
        return (
            "The token (valid two days) goes to the OS keyring if one can be used here "
            "(checking…). The password is never stored."
        )
    return (
        "The token (valid two days) goes to the OS keyring, so the next start needs no "
        "sign-in. The password is never stored."
    )


class SignInScreen(OpsslScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # For the footer when no field has the focus; a field's own enter signs in after
        # the keys typed before it (form.SignInInput).
        Binding("enter", "sign_in", "Sign in", id="signin.submit"),
        # Priority: the focus moves before the next key of a burst (a password manager's
        # auto-type, a paste of keys) is routed to a field.
        Binding("tab", "app.focus_next", "Next field", priority=True, id="signin.next"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            priority=True,
            show=False,
            id="signin.previous",
        ),
    ]

    def __init__(self, flow: SignInState, *, username: str | None, note: str | None) -> None:
        super().__init__(classes="signin-screen")
        self.flow = flow
        self.username = username
        self.note = note

    def compose(self) -> ComposeResult:
        yield ConnectionBar(self.flow.pending_connection(), id="connection")
        with (
            Container(classes="signin-body"),
            Vertical(classes="dialog", id="signin-box") as box,
        ):
            target = self.flow.target
            assert target is not None
            box.border_title = f"Sign in to {target.label}"
            if self.note:
                yield Static(Text(safe(self.note)), id="signin-note")
            yield SignInForm(self.flow, username=self.username, ask_username=True, ask_ip=True)
            yield Static(
                Text(storage_sentence(self.flow.remember, self.flow.keyring_works)),
                classes="dialog-help signin-help",
                id="signin-storage",
            )
        yield Footer(compact=True)

    @property
    def form(self) -> SignInForm:
        return self.query_one(SignInForm)

    def on_mount(self) -> None:
        self.form.focus_first()
        if self.flow.remember and not self.flow.keyring_works:
            self.run_worker(self._check_keyring(), group="keyring-check", exit_on_error=False)

    async def _check_keyring(self) -> None:
        """First start: nothing has used the keyring yet; see whether it works before
        promising that the next start needs no sign-in."""
        from tui_app.auth.token_store import KeyringUnavailable

        store = self.flow.store
        assert store is not None
        problem: str | None = None
        try:
            await store.acheck()
        except KeyringUnavailable as exc:
            problem = exc.problem
        else:
            self.post_message(KeyringWorks())
        sentence = storage_sentence(True, problem is None, problem)
        self.query_one("#signin-storage", Static).update(Text(sentence))

    def action_sign_in(self) -> None:
        self.form.submit()

    def on_sign_in_form_signed_in(self, message: SignInForm.SignedIn) -> None:
        self.post_message(SignedIn(message.result))
