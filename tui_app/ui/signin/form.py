"""The credentials form shared by the sign-in screen and the sign-in-again dialog.

It checks its fields, then signs in through the flow in a worker and reports with a
message; a refusal is said at the form (wrong credentials: the password is selected, ready
to be typed again), never as a toast. The password lives only in the masked input and is
cleared as soon as the sign-in succeeds.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from tui_app.api import AuthenticationError, OpsslApiError
from tui_app.auth.config import ConfigError
from tui_app.auth.sources import SignInResult, describe_login_error
from tui_app.ui.formatting import safe
from tui_app.ui.signin.state import SignInState

if TYPE_CHECKING:
    from tui_app.ui.app import OpsslApp

log = logging.getLogger(__name__)

SIGNING_IN = "signing in"


class SignInInput(Input):
    """A field of the form: enter signs in (the footer says so), after the keys before it.

    Enter is the field's own key, not a priority key of the screen, so that in a burst
    (a password manager's auto-type) it comes after the characters typed before it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Sign in", id="signin.enter"),
    ]


class SignInForm(Vertical):
    """Username (an input, or a known name), password, optional IP, and a status line."""

    class SignedIn(Message):
        def __init__(self, result: SignInResult) -> None:
            super().__init__()
            self.result = result

    class Refused(Message):
        def __init__(self, text: str, field: str | None) -> None:
            super().__init__()
            self.text = text
            self.field = field

    def __init__(
        self,
        flow: SignInState,
        *,
        username: str | None,
        ask_username: bool,
        ask_ip: bool,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="signin-form")
        self.flow = flow
        self.username = username or ""
        self.ask_username = ask_username or not username
        self.ask_ip = ask_ip
        self.busy = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="signin-field"):
            yield Label("Username", classes="signin-label")
            if self.ask_username:
                yield SignInInput(
                    self.username, placeholder="API username", id="signin-username", compact=True
                )
            else:
                yield Label(Text(safe(self.username)), id="signin-known-username")
        with Horizontal(classes="signin-field"):
            yield Label("Password", classes="signin-label")
            yield SignInInput(
                password=True,
                placeholder="never stored",
                id="signin-password",
                compact=True,
                select_on_focus=True,
            )
        if self.ask_ip:
            with Horizontal(classes="signin-field"):
                yield Label("IP address", classes="signin-label")
                yield SignInInput(
                    placeholder="optional: the only address that may use the token",
                    id="signin-ip",
                    compact=True,
                )
        yield Static(id="signin-status")

    # -- fields ---------------------------------------------------------------------------

    def _input(self, name: str) -> Input | None:
        found = self.query(f"#signin-{name}")
        widget = found.first() if found else None
        return widget if isinstance(widget, Input) else None

    @property
    def password_input(self) -> Input:
        password = self._input("password")
        assert password is not None
        return password

    def focus_first(self) -> None:
        """The username when it is empty; once it is known (a profile's, or the one just
        typed in the first-start form) the next keys are the password."""
        username = self._input("username")
        if username is not None and not username.value.strip():
            username.focus()
        else:
            self.password_input.focus()

    def say(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#signin-status", Static)
        status.update(Text(safe(text)))
        status.set_class(problem, "-problem")

    # -- submitting -------------------------------------------------------------------------

    def submit(self) -> None:
        """Check the fields; the first missing one gets the focus, else sign in."""
        if self.busy:
            return
        username_input = self._input("username")
        username = username_input.value.strip() if username_input else self.username
        if not username:
            assert username_input is not None
            username_input.focus()
            self.say("Enter the API username.", problem=True)
            return
        password = self.password_input.value
        if not password:
            leaving = self.screen.focused is username_input
            self.password_input.focus()
            if not leaving:  # enter from the username field just moves on
                self.say("Enter the password.", problem=True)
            return
        ip_input = self._input("ip")
        ip = ip_input.value.strip() if ip_input else ""
        if ip:
            try:
                ip = str(ipaddress.ip_address(ip))
            except ValueError:
                assert ip_input is not None
                ip_input.focus()
                self.say(f"{ip} is not an IP address (or leave the field empty).", problem=True)
                return
        self._set_busy(True)
        target = self.flow.target
        self.say(f"Signing in to {target.label if target else 'the API'}…")
        self.run_worker(
            self._sign_in(username, password, ip or None),
            group="sign-in",
            exclusive=True,
            exit_on_error=False,
            description=SIGNING_IN,
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field: the field has every key typed before it by now."""
        event.stop()
        self.submit()

    async def _sign_in(self, username: str, password: str, ip: str | None) -> None:
        try:
            result = await self.flow.sign_in(username, password, ip)
        except OpsslApiError as exc:
            target = self.flow.target
            assert target is not None
            field = "password" if isinstance(exc, AuthenticationError) else None
            self.post_message(self.Refused(describe_login_error(exc, target), field))
            return
        except ConfigError as exc:
            self.post_message(self.Refused(exc.detail, "username"))
            return
        self.post_message(self.SignedIn(result))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for field in self.query(Input):
            field.disabled = busy

    def on_sign_in_form_signed_in(self, message: SignInForm.SignedIn) -> None:
        # The password is not kept a moment longer than needed.
        self.password_input.value = ""
        self._set_busy(False)
        self.say("Signed in.")

    def on_sign_in_form_refused(self, message: SignInForm.Refused) -> None:
        message.stop()
        self._set_busy(False)
        self.say(message.text, problem=True)
        target = self._input(message.field) if message.field else None
        target = target or self.password_input
        target.focus()
        target.select_all()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug, not an API answer: say so here and through the app's one error handler."""
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        self._set_busy(False)
        app = cast("OpsslApp", self.app)
        problem = app.handle_api_error(event.worker.error, where=SIGNING_IN)
        self.say(f"{problem.title}: {problem.detail}", problem=True)
