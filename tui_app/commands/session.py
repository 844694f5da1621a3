"""What every scripting command shares: the API and token it uses, exit codes, asking.

The scripting commands (``opssl orders``, ``dcv``, ``cert``, ``csr``, ``history``) take the
global options before them (``opssl --profile prod --read-only dcv set ...``) and find the
token as the app does: ``OPSSL_TOKEN``, then the keyring. They never open the TUI and never
import Textual. Messages go to stderr, results to stdout; every failure is a
``CommandError`` with an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from tui_app.api.client import OpenproviderClient
    from tui_app.api.errors import OpsslApiError
    from tui_app.api.models import Order
    from tui_app.auth.sources import Target
    from tui_app.auth.token_store import TokenStore
    from tui_app.core.environment import Connection

# Documented exit codes (README "Scripting", docs/json.md).
OK = 0
FAILED = 1  # refused by a check or by the API, or the work itself failed
USAGE = 2  # bad usage, a broken config file, an unknown order, no terminal to confirm on
SIGN_IN = 3  # no token (or an expired one): run `opssl login`
CANCELLED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command whose reader went away


class CommandError(Exception):
    """Ends a command: ``message`` goes to stderr after ``opssl COMMAND:``, ``code`` is the exit."""

    def __init__(self, message: str, code: int = FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def make_store() -> TokenStore:
    """The keyring store the commands use; tests replace this to inject a short timeout."""
    from tui_app.auth.token_store import TokenStore

    return TokenStore()


@dataclass
class CliSession:
    """The API a command talks to, signed in. ``client`` is open until ``aclose``."""

    target: Target
    connection: Connection
    client: OpenproviderClient

    @property
    def read_only(self) -> bool:
        return self.connection.read_only

    def require_writable(self) -> None:
        """Refuse a write in a read-only session (``--read-only`` or a read-only profile)."""
        if self.read_only:
            where = f"profile {self.target.profile} is" if self.target.profile else "--read-only:"
            raise CommandError(f"{where} read-only; nothing was sent.", FAILED)

    async def aclose(self) -> None:
        await self.client.aclose()


def _sign_in_hint(target: Target) -> str:
    flags = (
        f"--profile {shlex.quote(target.profile)}"
        if target.profile
        else f"--base-url {shlex.quote(target.base_url)}"
    )
    return f"run: opssl {flags} login   (or set OPSSL_TOKEN)"


def select(args: argparse.Namespace) -> Target:
    """The API the global options name (``--profile``, ``--base-url``, else the default)."""
    from dataclasses import replace

    from tui_app.auth.config import ConfigError, load_config
    from tui_app.auth.sources import select_target

    if getattr(args, "demo", False):
        raise CommandError(
            "--demo opens the app; for scripts start 'opssl sandbox' and use --base-url.", USAGE
        )
    try:
        config = load_config()
        target = select_target(
            config, profile=getattr(args, "profile", None), base_url=getattr(args, "base_url", None)
        )
    except (ConfigError, ValueError) as exc:
        raise CommandError(str(exc), USAGE) from None
    if target is None:
        where = (
            "no default profile is set" if len(config) else f"there are no profiles ({config.path})"
        )
        raise CommandError(
            f"{where}. Use --profile NAME or --base-url URL before the command, or create a "
            "profile: opssl profiles add NAME --production|--test|--url URL --username USER",
            USAGE,
        )
    if getattr(args, "read_only", False):
        target = replace(target, read_only=True)
    return target


def open_session(args: argparse.Namespace, *, store: TokenStore | None = None) -> CliSession:
    """Resolve the API and the token; raises ``CommandError`` (exit 3) when there is no token.

    The client journals every write it sends (``tui_app.journal``); a journal that cannot
    be written is one line on stderr, never a refused write.
    """
    from tui_app.api.client import OpenproviderClient
    from tui_app.auth.sources import resolve_token
    from tui_app.auth.token_source import TokenSource
    from tui_app.journal import Journal

    target = select(args)
    found = resolve_token(target, store=store if store is not None else _store_unless_env())
    if found.token is None:
        note = f"{found.note} " if found.note else ""
        raise CommandError(
            f"not signed in to {target.label}. {note}{_sign_in_hint(target)}", SIGN_IN
        )
    connection = target.connection(found.source or TokenSource.NONE, found.username)
    journal = Journal(warn=lambda text: say(f"opssl: warning: {text}"))
    client = OpenproviderClient(
        target.base_url, found.token, on_write=journal.observer(target.profile)
    )
    return CliSession(target, connection, client)


def _store_unless_env() -> TokenStore | None:
    # With OPSSL_TOKEN set the keyring is never touched (nor imported).
    from tui_app.auth.token_source import TOKEN_ENV

    return None if os.environ.get(TOKEN_ENV, "").strip() else make_store()


def api_failure(exc: OpsslApiError, doing: str) -> CommandError:
    """An API failure in words: the API's code and desc, or what went wrong on the way."""
    from tui_app.api.errors import ApiError, AuthenticationError

    if isinstance(exc, AuthenticationError):
        return CommandError(
            f"{doing}: the API refused the token (code {exc.code}: {exc.desc}); it may have "
            "expired. Sign in again: opssl login",
            SIGN_IN,
        )
    if isinstance(exc, ApiError):
        return CommandError(f"{doing}: the API answered code {exc.code}: {exc.desc}", FAILED)
    return CommandError(f"{doing}: {exc.message}", FAILED)


async def read_order(client: OpenproviderClient, order_id: int) -> Order:
    """``GET`` an order the user named; an order the API will not show is exit 2.

    The API's code for "no such order" is not documented, so any plain refusal of this
    read counts as an unknown order; rate limits, access denied, a refused token and
    transport failures keep their own meaning.
    """
    from tui_app.api.errors import ApiError, OpsslApiError

    try:
        return (await client.get_order(order_id)).data
    except OpsslApiError as exc:
        if type(exc) is ApiError:
            raise CommandError(
                f"no order {order_id}: the API answered code {exc.code}: {exc.desc}", USAGE
            ) from None
        raise api_failure(exc, f"reading order {order_id}") from None


def print_json(document: Any) -> None:
    """One JSON document on stdout (the ``--json`` output of every command)."""
    import json

    print(json.dumps(document, indent=2, ensure_ascii=False), flush=True)


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stdin
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(question: str, *, yes: bool, expect: str | None = None) -> None:
    """Go on only if ``--yes`` was given or the user agrees on the terminal.

    ``expect``: the exact text the user must type (cancel asks for the common name); else
    "y" or "yes". Without a terminal and without ``--yes`` nothing is sent (exit 2).
    """
    if yes:
        return
    if not (is_terminal(sys.stdin) and is_terminal(sys.stderr)):
        raise CommandError(
            "no terminal to confirm on; nothing was sent. Add --yes to go ahead without asking.",
            USAGE,
        )
    prompt = f"{question} " + (f"Type {expect} to go on: " if expect else "[y/N] ")
    print(prompt, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip()
    agreed = answer == expect if expect is not None else answer.lower() in ("y", "yes")
    if not agreed:
        raise CommandError("not confirmed; nothing was sent.", FAILED)


def say(text: str) -> None:
    """A message for the person (stderr); results go to stdout."""
    print(text, file=sys.stderr, flush=True)


def run(command: str, body: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run a command's coroutine; every ``CommandError`` ends as one line on stderr."""
    try:
        return asyncio.run(body())
    except CommandError as exc:
        say(f"opssl {command}: {exc.message}")
        return exc.code
    except KeyboardInterrupt:
        say("\nCancelled.")
        return CANCELLED
    except BrokenPipeError:
        # ``| head`` stopped reading: not an error to report. Python would complain again
        # when it flushes stdout at exit, so stdout goes nowhere from here on.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
