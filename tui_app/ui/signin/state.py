"""What the sign-in screens may read of the flow, and ask of it.

The screens never import ``SignInFlow``: they are handed the flow as this ``SignInState``
(what to show, and the one request a form makes: sign in) and report what happened with
the messages in ``messages.py``, which the app hands to ``SignInFlow.take``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tui_app.auth.keyring_lookup import KeyringLookup
    from tui_app.auth.sources import SignInResult, Target
    from tui_app.auth.token_store import TokenStore
    from tui_app.core.environment import Connection


class SignInState(Protocol):
    @property
    def target(self) -> Target | None:
        """The API being signed in to (None before a first start's profile exists)."""
        ...

    @property
    def store(self) -> TokenStore | None:
        """The session's keyring store; None when the keyring is never touched."""
        ...

    @property
    def lookup(self) -> asyncio.Future[KeyringLookup] | None:
        """The keyring lookup started with the app, until it is done or skipped."""
        ...

    @property
    def remember(self) -> bool:
        """Whether a new token goes to the keyring."""
        ...

    @property
    def keyring_works(self) -> bool:
        """The keyring answered: the screen may promise that it keeps the token."""
        ...

    @property
    def read_only(self) -> bool:
        """Started with --read-only: a new profile is offered read-only."""
        ...

    def pending_connection(self) -> Connection:
        """The header before there is a token."""
        ...

    async def sign_in(self, username: str, password: str, ip: str | None) -> SignInResult:
        """``POST /auth/login``; the token goes where the flow keeps tokens."""
        ...
