"""The keyring lookup a start makes while Textual imports: with a token, the first page
is requested at once, so the list is usually there by the time the screen is."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tui_app.api import OpenproviderClient
from tui_app.auth.sources import ResolvedToken, Target, aresolve_token
from tui_app.auth.token_store import TokenStore
from tui_app.core.order_pages import FirstPage, first_page_request


@dataclass
class KeyringLookup:
    """What the keyring had; with a token, the first page is already requested."""

    resolved: ResolvedToken
    first_page: FirstPage | None = None


async def look_up_token(
    target: Target, store: TokenStore, client: OpenproviderClient
) -> KeyringLookup:
    """Ask the keyring (bounded by the store's timeout) and, with a token, start the first page."""
    # OPSSL_TOKEN was considered (and was empty) in resolve_start: the keyring is next.
    resolved = await aresolve_token(target, store=store, environ={})
    if resolved.token is None:
        return KeyringLookup(resolved)
    client.set_token(resolved.token)
    return KeyringLookup(resolved, asyncio.ensure_future(first_page_request(client)))
