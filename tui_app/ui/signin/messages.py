"""What the sign-in screens report. Each bubbles to the app, which hands it to the flow
(``SignInFlow.take``): the flow decides what comes next, the screens only say what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_app.auth.config import Config, Profile
    from tui_app.auth.sources import SignInResult


class SignInStep(Message):
    """Something a sign-in screen saw happen; the flow takes it from here."""


class SignedIn(SignInStep):
    """The sign-in screen got a token (the dialog's sign-in is its result instead)."""

    def __init__(self, result: SignInResult) -> None:
        super().__init__()
        self.result = result


class KeyringWorks(SignInStep):
    """A first look at the keyring succeeded: a sign-in may promise to keep the token."""


class KeyringLookupDone(SignInStep):
    """The keyring lookup the wait screen showed has finished."""


class KeyringSkipped(SignInStep):
    """The user would rather not wait for the keyring."""


class KeepTokenInMemory(SignInStep):
    """After a keyring problem: go on with the token in memory."""


class QuitForTokenEnv(SignInStep):
    """After a keyring problem: quit, printing how to use ``OPSSL_TOKEN`` instead."""

    def __init__(self, username: str | None) -> None:
        super().__init__()
        self.username = username


class ProfileSaved(SignInStep):
    """The first-start form saved its profile (now the default)."""

    def __init__(self, profile: Profile, config: Config) -> None:
        super().__init__()
        self.profile = profile
        self.config = config
