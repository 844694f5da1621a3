"""The top line: which API the app is talking to, and where its token came from.

Production gets a red badge and a red bar, so a write to live orders is never made by
mistake on the wrong API. The token itself is never shown, only its source. When the
line is too narrow (80 columns with a profile), the words get shorter rather than the
token's source being cut off.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from tui_app.auth.token_source import TokenSource
from tui_app.core.environment import Connection, Kind
from tui_app.ui.formatting import safe

_BADGES: dict[Kind, str] = {
    Kind.DEMO: " DEMO ",
    Kind.TEST: " TEST ENVIRONMENT ",
    Kind.PRODUCTION: " PRODUCTION ",
    Kind.CUSTOM: " CUSTOM API ",
}

_TOKEN_SOURCES: dict[str, str] = {
    TokenSource.DEMO: "token in memory (demo)",
    TokenSource.ENV: "token from OPSSL_TOKEN",
    TokenSource.KEYRING: "token from the keyring",
    TokenSource.SIGN_IN: "signed in, token in the keyring",
    TokenSource.MEMORY: "signed in, token in memory only",
    TokenSource.REFUSED: "token refused: not signed in",
    TokenSource.NONE: "not signed in",
}


# The same, for a narrow line.
_SHORT_TOKEN_SOURCES: dict[str, str] = {
    TokenSource.DEMO: "token in memory",
    TokenSource.ENV: "OPSSL_TOKEN",
    TokenSource.KEYRING: "keyring token",
    TokenSource.SIGN_IN: "signed in (keyring)",
    TokenSource.MEMORY: "signed in (memory only)",
    TokenSource.REFUSED: "not signed in",
    TokenSource.NONE: "not signed in",
}


def token_phrase(source: str, *, short: bool = False) -> str:
    phrases = _SHORT_TOKEN_SOURCES if short else _TOKEN_SOURCES
    return phrases.get(source, source if short else f"token from {source}")


def where_phrase(connection: Connection) -> str:
    """The API in words; the demo's random port is left out on purpose."""
    if connection.kind is Kind.DEMO:
        return "built-in sandbox with sample orders"
    if connection.kind is Kind.PRODUCTION:
        return "api.openprovider.eu, live orders"
    if connection.kind is Kind.TEST:
        return "api.cte.openprovider.eu"
    return connection.label


def short_where_phrase(connection: Connection) -> str:
    if connection.kind is Kind.DEMO:
        return "built-in sandbox"
    if connection.kind is Kind.PRODUCTION:
        return "live orders"  # beside the PRODUCTION badge
    return where_phrase(connection)


def detail_lines(connection: Connection) -> list[str]:
    """The details, most words first; the bar shows the first that fits."""
    token, short_token = (
        token_phrase(connection.token_source),
        token_phrase(connection.token_source, short=True),
    )
    where, short_where = where_phrase(connection), short_where_phrase(connection)
    who = short_who = ""
    if connection.profile:
        who = short_who = f"profile {connection.profile}"
        if connection.username:
            who += f" ({connection.username})"
    candidates = [
        [where, who, token],
        [short_where, who, token],
        [short_where, who, short_token],
        [short_where, short_who, short_token],
        [short_who, short_token],
        [short_token],
    ]
    return [safe(" · ".join(part for part in parts if part)) for parts in candidates]


class _Details(Label):
    """The longest wording of the details that fits the room left on the line."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(id="api-details")
        self.lines = detail_lines(connection)

    def on_resize(self) -> None:
        room = self.content_region.width
        fitting = [line for line in self.lines if Text(line).cell_len <= room]
        # One line, as wide as the bar leaves it whatever it says: a repaint, no layout.
        self.update(Text(fitting[0] if fitting else self.lines[-1]), layout=False)


class ConnectionBar(Horizontal):
    def __init__(self, connection: Connection, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{connection.kind.name.lower()}")
        self.connection = connection

    def show(self, connection: Connection) -> None:
        """Follow a change (a sign-in gives the token a new source)."""
        self.connection = connection
        self.set_classes(f"-{connection.kind.name.lower()}")
        self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        connection = self.connection
        yield Label("opssl", id="app-name")
        yield Label(_BADGES[connection.kind], id="api-badge")
        if connection.read_only:
            # A badge, not a word at the end: it must survive an 80-column terminal.
            yield Label(" READ-ONLY ", id="read-only-badge")
        yield _Details(connection)
