"""The top line: which API the app is talking to, and where its token came from.

Production gets a red badge and a red bar, so a write to live orders is never made by
mistake on the wrong API. The token itself is never shown, only its source.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from tui_app.core.environment import Connection, Kind
from tui_app.ui.formatting import safe

_BADGES: dict[Kind, str] = {
    Kind.DEMO: " DEMO ",
    Kind.TEST: " TEST ENVIRONMENT ",
    Kind.PRODUCTION: " PRODUCTION ",
    Kind.CUSTOM: " CUSTOM API ",
}

_TOKEN_SOURCES: dict[str, str] = {
    "demo": "token in memory (demo)",
    "OPSSL_TOKEN": "token from OPSSL_TOKEN",
    "keyring": "token from the keyring",
    "sign-in": "token from this session's sign-in",
}


def token_phrase(source: str) -> str:
    return _TOKEN_SOURCES.get(source, f"token from {source}")


def where_phrase(connection: Connection) -> str:
    """The API in words; the demo's random port is left out on purpose."""
    if connection.kind is Kind.DEMO:
        return "built-in sandbox with sample orders"
    if connection.kind is Kind.PRODUCTION:
        return "api.openprovider.eu, live orders"
    if connection.kind is Kind.TEST:
        return "api.cte.openprovider.eu"
    return connection.label


class ConnectionBar(Horizontal):
    def __init__(self, connection: Connection, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{connection.kind.name.lower()}")
        self.connection = connection

    def compose(self) -> ComposeResult:
        connection = self.connection
        yield Label("opssl", id="app-name")
        yield Label(_BADGES[connection.kind], id="api-badge")
        details = [where_phrase(connection)]
        if connection.profile:
            who = f"profile {connection.profile}"
            if connection.username:
                who += f" ({connection.username})"
            details.append(who)
        details.append(token_phrase(connection.token_source))
        if connection.read_only:
            details.append("read-only")
        yield Label(Text(safe(" · ".join(details))), id="api-details")
