"""Where a session's token comes from: one name per source (``Connection.token_source``).

The header turns each into words (``ui/connection_bar.py``); the values are what the
code has always compared, so the words on screen do not change.
"""

from __future__ import annotations

import shlex
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_app.auth.sources import Target

# The environment variable a token is read from, before the keyring.
TOKEN_ENV = "OPSSL_TOKEN"


class TokenSource(StrEnum):
    DEMO = "demo"  # issued by the demo's simulator, kept in memory
    ENV = TOKEN_ENV  # read from OPSSL_TOKEN; the keyring is not touched
    KEYRING = "keyring"  # saved by an earlier sign-in
    SIGN_IN = "sign-in"  # signed in this session, token in the keyring
    MEMORY = "memory"  # signed in, but the keyring did not (or was not to) keep it
    REFUSED = "refused"  # the API refused the token and the sign-in dialog was closed
    NONE = ""  # no token yet


def login_flags(target: Target, username: str | None) -> str:
    """``opssl login``'s options for this API, quoted for a shell."""
    if target.profile:
        return f"--profile {shlex.quote(target.profile)}"
    flags = f"--base-url {shlex.quote(target.base_url)}"
    return f"{flags} --username {shlex.quote(username)}" if username else flags


def token_recipe(target: Target, username: str | None) -> str:
    """The two shell lines that run opssl on ``OPSSL_TOKEN`` instead of the keyring."""
    where = login_flags(target, None)
    return (
        f'export {TOKEN_ENV}="$(opssl login {login_flags(target, username)} --print-token)"\n'
        f"opssl {where}"
    )
