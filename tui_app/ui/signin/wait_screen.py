"""Waiting for the keyring at start, without blocking anything.

Usually never seen: the keyring answers while Textual is still importing. A locked
keyring that waits for an unlock prompt nobody can see (SSH) is given at most the store's
timeout; meanwhile ``s`` signs in without it and ``ctrl+q`` quits.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.widgets import Footer, LoadingIndicator, Static

from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.formatting import safe
from tui_app.ui.screen_base import OpsslScreen
from tui_app.ui.signin.messages import KeyringLookupDone, KeyringSkipped
from tui_app.ui.signin.state import SignInState


class KeyringWaitScreen(OpsslScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "skip", "Sign in without the keyring", id="wait.skip"),
    ]

    def __init__(self, flow: SignInState) -> None:
        super().__init__(classes="signin-screen")
        self.flow = flow

    def compose(self) -> ComposeResult:
        target = self.flow.target
        assert target is not None
        who = f" for {target.username}" if target.username else ""
        timeout = self.flow.store.timeout if self.flow.store else 0
        yield ConnectionBar(self.flow.pending_connection(), id="connection")
        with (
            Container(classes="signin-body"),
            Vertical(classes="dialog", id="wait-box") as box,
        ):
            box.border_title = "Starting"
            yield Static(
                Text(safe(f"Looking for a saved sign-in{who} in the OS keyring…")),
                id="wait-text",
            )
            yield LoadingIndicator()
            yield Static(
                Text(
                    f"opssl waits at most {timeout:g} s for the keyring "
                    "(a locked one may be waiting for an unlock prompt). "
                    "s signs in now instead, keeping the token in memory."
                ),
                classes="dialog-help",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._wait()

    @work(exclusive=True, exit_on_error=False, description="reading the OS keyring")
    async def _wait(self) -> None:
        lookup = self.flow.lookup
        if lookup is not None:
            # The store's own timeout bounds this; errors are read from the future below.
            await asyncio.wait([lookup])
        self.post_message(KeyringLookupDone())

    def action_skip(self) -> None:
        self.workers.cancel_group(self, "default")
        self.post_message(KeyringSkipped())
