"""Where the session's token comes from: ``OPSSL_TOKEN``, then the keyring, then a sign-in.

These are the functions the CLI and the sign-in screens share. They never prompt and
never print; every keyring call is bounded by the store's timeout, and every failure is
either a typed exception or a ``note`` in words on the result.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from tui_app.api.client import OpenproviderClient
from tui_app.api.errors import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    OpsslApiError,
    RateLimitError,
)
from tui_app.api.models import ApiWarning
from tui_app.auth.config import Config, ConfigError, Profile, check_base_url, check_username
from tui_app.auth.token_source import TOKEN_ENV, TokenSource
from tui_app.auth.token_store import (
    TOKEN_LIFETIME,
    KeyringUnavailable,
    StoredToken,
    TokenKey,
    TokenStore,
    profile_scope,
)
from tui_app.core.environment import KIND_LABELS, Connection, Kind, classify

CODE_TWO_FACTOR = 10006


@dataclass(frozen=True)
class Target:
    """The API the session talks to: a profile, or a bare base URL given on the command line."""

    base_url: str
    profile: str | None = None
    username: str | None = None
    read_only: bool = False  # the profile's
    read_only_flag: bool = False  # --read-only on the command line
    dns_server: str = ""  # the profile's DNS view for DCV checks ("" = not set)

    @classmethod
    def from_profile(cls, profile: Profile) -> Target:
        return cls(
            profile.base_url,
            profile.name,
            profile.username,
            read_only=profile.read_only,
            dns_server=profile.dns_server,
        )

    @classmethod
    def for_url(cls, base_url: str, username: str | None = None) -> Target:
        """Raises ``ConfigError`` for a URL the token must not go to (plain HTTP elsewhere)."""
        return cls(check_base_url(base_url), None, check_username(username) if username else None)

    @property
    def kind(self) -> Kind:
        return classify(self.base_url)

    @property
    def scope(self) -> str:
        return profile_scope(self.profile) if self.profile else self.base_url

    def key(self, username: str) -> TokenKey:
        if self.profile:
            return TokenKey.for_profile(self.profile, username)
        return TokenKey.for_url(self.base_url, username)

    @property
    def label(self) -> str:
        """E.g. "production (profile prod)", "test environment", "api.example.net"."""
        kind = self.kind
        where = urlsplit(self.base_url).netloc if kind is Kind.CUSTOM else KIND_LABELS[kind]
        return f"{where} (profile {self.profile})" if self.profile else where

    def connection(self, token_source: TokenSource, username: str | None = None) -> Connection:
        return Connection(
            base_url=self.base_url,
            kind=self.kind,
            token_source=token_source,
            profile=self.profile,
            username=username or self.username,
            read_only=self.read_only or self.read_only_flag,
            read_only_flag=self.read_only_flag,
            read_only_profile=self.read_only,
            dns_server=self.dns_server,
        )


def select_target(
    config: Config,
    *,
    profile: str | None = None,
    base_url: str | None = None,
    username: str | None = None,
) -> Target | None:
    """``--profile`` wins, then ``--base-url``, then the default profile; None on a first start.

    Raises ``ConfigError`` for an unknown profile, a bad URL or a username that contradicts
    the profile (the token is filed under the profile's username).
    """
    if profile and base_url:
        raise ValueError("give a profile or a base URL, not both")
    if base_url:
        return Target.for_url(base_url, username)
    chosen = config.get(profile) if profile else config.default_profile
    if chosen is None:
        return None
    if username and check_username(username) != chosen.username:
        raise ConfigError(
            f"profile {chosen.name!r} signs in as {chosen.username!r}, not {username!r}; "
            "change the profile, or use --base-url with --username",
            path=config.path,
            key=f"profiles.{chosen.name}.username",
        )
    return Target.from_profile(chosen)


@dataclass(frozen=True)
class ResolvedToken:
    """The outcome of looking for a token. ``token`` is None when a sign-in is needed.

    ``source`` is ``TokenSource.ENV``, ``TokenSource.KEYRING`` or None; ``note`` explains, in
    words, a keyring that could not be used or a saved token that has expired; ``username``
    prefills the form.
    """

    token: str | None = field(repr=False)
    source: TokenSource | None
    username: str | None
    issued_at: datetime | None = None
    note: str | None = None
    keyring_error: KeyringUnavailable | None = None

    @property
    def needs_sign_in(self) -> bool:
        return self.token is None

    @property
    def expires_at(self) -> datetime | None:
        return self.issued_at + TOKEN_LIFETIME if self.issued_at else None


def env_token(environ: Mapping[str, str] | None = None) -> str | None:
    value = (os.environ if environ is None else environ).get(TOKEN_ENV, "").strip()
    return value or None


def _from_store(
    target: Target, username: str | None, stored: StoredToken | None, now: datetime | None
) -> ResolvedToken:
    if stored is None:
        return ResolvedToken(None, None, username)
    if stored.likely_expired(now):
        issued = stored.issued_at.strftime("%Y-%m-%d %H:%M UTC")
        note = (
            f"The saved sign-in for {stored.username} on {target.label} was issued {issued} "
            "and has expired (tokens last two days). Sign in again."
        )
        return ResolvedToken(None, None, stored.username, stored.issued_at, note)
    return ResolvedToken(stored.token, TokenSource.KEYRING, stored.username, stored.issued_at)


def _unusable(username: str | None, exc: KeyringUnavailable) -> ResolvedToken:
    return ResolvedToken(None, None, username, note=exc.message, keyring_error=exc)


def resolve_token(
    target: Target,
    *,
    store: TokenStore | None = None,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> ResolvedToken:
    """Blocking variant (for the CLI); waits at most the store's timeout per keyring call."""
    token = env_token(environ)
    if token:
        return ResolvedToken(token, TokenSource.ENV, target.username)
    store = store or TokenStore()
    username = target.username
    try:
        if username is None:
            username = store.last_username(target.scope)
        stored = store.load(target.key(username), base_url=target.base_url) if username else None
    except KeyringUnavailable as exc:
        return _unusable(username, exc)
    return _from_store(target, username, stored, now)


async def aresolve_token(
    target: Target,
    *,
    store: TokenStore | None = None,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> ResolvedToken:
    """For the app: the event loop keeps running even if the keyring hangs."""
    token = env_token(environ)
    if token:
        return ResolvedToken(token, TokenSource.ENV, target.username)
    store = store or TokenStore()
    username = target.username
    try:
        if username is None:
            username = await store.alast_username(target.scope)
        stored = (
            await store.aload(target.key(username), base_url=target.base_url) if username else None
        )
    except KeyringUnavailable as exc:
        return _unusable(username, exc)
    return _from_store(target, username, stored, now)


@dataclass(frozen=True)
class SignInResult:
    """A fresh token; ``stored`` says whether it is in the keyring or only in memory."""

    token: str = field(repr=False)
    username: str
    issued_at: datetime
    stored: bool
    note: str | None = None
    keyring_error: KeyringUnavailable | None = None
    warnings: tuple[ApiWarning, ...] = ()

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + TOKEN_LIFETIME


async def sign_in(
    target: Target,
    username: str,
    password: str,
    *,
    ip: str | None = None,
    store: TokenStore | None = None,
    client: OpenproviderClient | None = None,
    remember: bool = True,
) -> SignInResult:
    """``POST /auth/login``, then file the token in the keyring unless ``remember`` is False.

    API failures raise (``AuthenticationError`` for wrong credentials; see
    ``describe_login_error``). A keyring that cannot take the token does not raise: the
    result says ``stored=False`` with a note, and the caller keeps the token in memory.
    If ``client`` is given it is also left holding the new token.
    """
    username = check_username(username)
    issued_at = datetime.now(UTC).replace(microsecond=0)  # before the call: never too late
    if client is None:
        async with OpenproviderClient(target.base_url) as own:
            result = await own.login(username, password, ip)
    else:
        result = await client.login(username, password, ip)
    token = result.data
    if not remember:
        return SignInResult(token, username, issued_at, False, warnings=result.warnings)
    store = store or TokenStore()
    try:
        await store.asave(
            target.key(username), token, base_url=target.base_url, issued_at=issued_at
        )
    except KeyringUnavailable as exc:
        note = f"{exc.problem} The token is kept in memory for this session only."
        return SignInResult(token, username, issued_at, False, note, exc, result.warnings)
    return SignInResult(token, username, issued_at, True, warnings=result.warnings)


@dataclass(frozen=True)
class SignOutResult:
    username: str | None
    removed: bool


async def sign_out(
    target: Target, username: str | None = None, *, store: TokenStore | None = None
) -> SignOutResult:
    """Forget the saved token (the API has no logout call; the token lapses on its own).

    Raises ``KeyringUnavailable`` if the keyring cannot be used.
    """
    store = store or TokenStore()
    username = username or target.username or await store.alast_username(target.scope)
    if username is None:
        return SignOutResult(None, False)
    removed = await store.adelete(target.key(username))
    return SignOutResult(username, removed)


def describe_login_error(exc: OpsslApiError, target: Target) -> str:
    """Why a sign-in failed, in words for the form or the terminal."""
    if isinstance(exc, AuthenticationError):
        return f"Wrong username or password for {target.label} (the API answered code 196)."
    if isinstance(exc, ApiError) and exc.code == CODE_TWO_FACTOR:
        return (
            "This account has two-factor authentication switched on, and the API does not "
            "accept 2FA sign-ins (code 10006). Use an API user without 2FA."
        )
    if isinstance(exc, AccessDeniedError):
        return (
            f"{exc.message}. The account may only be used from allowed IP addresses "
            "(check the API IP allow-list in the Openprovider control panel)."
        )
    if isinstance(exc, RateLimitError):
        return f"{exc.message}. Too many calls: wait a minute and try again."
    return exc.message
