"""No usable OS keyring: say why, and offer the two ways on. Never a plain-text file.

Shown at start when reading the keyring failed (missing, switched off, locked, hung), or
right after a sign-in whose token the keyring would not take. ``enter`` goes on with the
token in memory for this session; ``q`` quits and prints the ``OPSSL_TOKEN`` recipe on
the terminal; ``c`` copies the recipe (OSC 52, works over SSH).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.widgets import Footer, Static

from tui_app.auth.token_source import token_recipe
from tui_app.auth.token_store import KeyringUnavailable
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.formatting import safe
from tui_app.ui.screen_base import OpsslScreen
from tui_app.ui.signin.messages import KeepTokenInMemory, QuitForTokenEnv
from tui_app.ui.signin.state import SignInState


class KeyringProblemScreen(OpsslScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "continue", "Continue in memory", id="keyring.continue"),
        Binding("q", "quit_for_env", "Quit", id="keyring.quit"),
        Binding("c", "copy_recipe", "Copy command", id="keyring.copy"),
    ]

    def __init__(
        self,
        flow: SignInState,
        problem: KeyringUnavailable,
        *,
        username: str | None,
        signed_in: bool = False,
    ) -> None:
        super().__init__(classes="signin-screen")
        self.flow = flow
        self.problem = problem
        self.username = username
        self.signed_in = signed_in

    @property
    def recipe(self) -> str:
        target = self.flow.target
        assert target is not None
        return token_recipe(target, self.username)

    def _body(self) -> Text:
        text = Text()
        if self.signed_in:
            text.append("Signed in, but the OS keyring could not keep the token.\n", "bold")
        text.append(safe(self.problem.problem) + "\n\n")
        text.append("opssl never writes the token to a plain file. You can:\n\n")
        text.append("  enter  ", "bold")
        if self.signed_in:
            text.append("go on; the token stays in memory until opssl quits, or\n")
        else:
            text.append("sign in; the token stays in memory until opssl quits, or\n")
        text.append("  q      ", "bold")
        text.append("quit, and start opssl with a token in OPSSL_TOKEN:\n\n")
        for line in self.recipe.splitlines():
            text.append(f"    {safe(line)}\n", "bold")
        text.append("\n  c      ", "bold")
        text.append("copies these two lines.")
        return text

    def compose(self) -> ComposeResult:
        yield ConnectionBar(self.flow.pending_connection(), id="connection")
        with (
            Container(classes="signin-body"),
            Vertical(classes="dialog", id="keyring-box") as box,
        ):
            box.border_title = "No usable keyring"
            yield Static(self._body(), id="keyring-body")
        yield Footer(compact=True)

    def action_continue(self) -> None:
        self.post_message(KeepTokenInMemory())

    def action_quit_for_env(self) -> None:
        self.post_message(QuitForTokenEnv(self.username))

    def action_copy_recipe(self) -> None:
        self.opssl.copy_text(self.recipe, "How to start opssl with OPSSL_TOKEN")
