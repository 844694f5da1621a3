"""The API token in the OS keyring, with the time it was issued, and nothing on disk.

Every keyring call (including picking the backend, which probes D-Bus) runs on its own
daemon thread and is abandoned after ``timeout`` seconds: a Secret Service whose
collection is locked, with no way to show an unlock prompt (SSH, CI), can block forever,
and a daemon thread cannot stop the interpreter from exiting. Whatever goes wrong
becomes one ``KeyringUnavailable`` whose message says what to do instead. The ``fail``
and ``null`` backends and any plain-text backend count as "no usable keyring", as in
poetry: opssl never writes the token to a file.

Nothing here touches the keyring on import; ``opssl --demo`` never creates a store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

# keyring is imported where it is used: a start with OPSSL_TOKEN or --demo never needs
# it, and its import (with the backends it discovers) costs ~50 ms of the start-up.
if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE = "opssl"
# "If the token was acquired on June 1 00:00:00 UTC, it will be valid until June 3."
TOKEN_LIFETIME = timedelta(days=2)
# Treat a token this close to its end as expired: better a sign-in now than mid-edit.
EXPIRY_MARGIN = timedelta(minutes=5)
MAX_TIMEOUT = 10.0
DEFAULT_TIMEOUT = MAX_TIMEOUT

ADVICE = (
    "opssl can keep the token in memory for this session only, or you can set the "
    'OPSSL_TOKEN environment variable (export OPSSL_TOKEN="$(opssl login --print-token)").'
)


class KeyringUnavailable(Exception):
    """The OS keyring cannot be used right now; ``problem`` says why, ``message`` adds what to do.

    ``reason`` is one of "no-keyring", "locked", "timeout", "error".
    """

    title = "No usable keyring"

    def __init__(self, problem: str, *, reason: str) -> None:
        self.problem = problem
        self.reason = reason
        self.message = f"{problem} {ADVICE}"
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"KeyringUnavailable(reason={self.reason!r}, problem={self.problem!r})"


def profile_scope(name: str) -> str:
    return f"profile {name}"


@dataclass(frozen=True)
class TokenKey:
    """Where a token is filed: a profile (or a base URL when there is none) plus the username.

    ``account`` is the keyring's "username" field, e.g. ``alice on profile prod``; API
    usernames have no spaces, so the name is unambiguous.
    """

    scope: str
    username: str

    @classmethod
    def for_profile(cls, profile: str, username: str) -> TokenKey:
        return cls(profile_scope(profile), username)

    @classmethod
    def for_url(cls, base_url: str, username: str) -> TokenKey:
        return cls(base_url, username)

    @property
    def is_profile(self) -> bool:
        return self.scope.startswith("profile ")

    @property
    def account(self) -> str:
        return f"{self.username} on {self.scope}"


@dataclass(frozen=True)
class StoredToken:
    """A token and when it was issued; the repr never shows the token."""

    token: str = field(repr=False)
    issued_at: datetime
    base_url: str
    username: str

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + TOKEN_LIFETIME

    def likely_expired(self, now: datetime | None = None) -> bool:
        """True once the two-day lifetime is (nearly) over; the API's code 196 is the last word."""
        now = now or datetime.now(UTC)
        return now >= self.expires_at - EXPIRY_MARGIN

    def to_secret(self) -> str:
        return json.dumps(
            {
                "v": 1,
                "token": self.token,
                "issued_at": self.issued_at.isoformat(timespec="seconds"),
                "base_url": self.base_url,
                "username": self.username,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_secret(cls, secret: str) -> StoredToken:
        data: Any = json.loads(secret)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        token, issued, base_url, username = (
            data.get("token"),
            data.get("issued_at"),
            data.get("base_url"),
            data.get("username"),
        )
        if not (isinstance(token, str) and token and isinstance(issued, str)):
            raise ValueError("token or issued_at missing")
        if not (isinstance(base_url, str) and isinstance(username, str)):
            raise ValueError("base_url or username missing")
        issued_at = datetime.fromisoformat(issued)
        if issued_at.tzinfo is None:
            issued_at = issued_at.replace(tzinfo=UTC)
        return cls(token, issued_at.astimezone(UTC), base_url, username)


def backend_problem(backend: KeyringBackend) -> str | None:
    """Why this backend is no place for a token (poetry's rule), or None if it is fine."""
    from keyring.backends import chainer, fail, null

    first = backend
    if isinstance(backend, chainer.ChainerBackend):
        chain = list(backend.backends)
        if not chain:
            return "No usable OS keyring was found."
        first = chain[0]  # writes go to the first backend of the chain
    if isinstance(first, fail.Keyring):
        return (
            "No usable OS keyring was found (on Linux opssl needs a running Secret Service "
            "such as gnome-keyring or KeePassXC, reachable over D-Bus)."
        )
    if isinstance(first, null.Keyring):
        return "The OS keyring is switched off (the keyring package is set to its null backend)."
    name = f"{type(first).__module__}.{type(first).__name__}"
    if "plaintext" in name.lower():
        return (
            f"The configured keyring backend ({name}) keeps secrets in a plain-text file, "
            "which opssl never uses for its token."
        )
    return None


def _describe(exc: BaseException) -> tuple[str, str]:
    """(problem in words, reason) for anything a keyring call raised."""
    import keyring.errors

    text = str(exc).strip()
    if isinstance(exc, keyring.errors.KeyringLocked):
        return (
            "The OS keyring is locked and could not be unlocked "
            f"({text or 'the unlock prompt was dismissed or could not be shown'}).",
            "locked",
        )
    if isinstance(exc, keyring.errors.NoKeyringError):
        return "No usable OS keyring was found.", "no-keyring"
    if isinstance(exc, keyring.errors.KeyringError):
        return f"The OS keyring refused the request ({text or type(exc).__name__}).", "error"
    if isinstance(exc, RuntimeError | OSError):
        return f"The OS keyring could not be reached ({text or type(exc).__name__}).", "error"
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"The OS keyring failed ({detail}).", "error"


class TokenStore:
    """Save, load and delete tokens under service ``opssl``, each call bounded by ``timeout``.

    After a timeout, or once the backend is known to be unusable, later calls fail at once
    with the same error instead of piling up hung threads; ``reset()`` allows a new try.
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        service: str = SERVICE,
    ) -> None:
        if not 0 < timeout <= MAX_TIMEOUT:
            raise ValueError(f"keyring timeout must be in (0, {MAX_TIMEOUT:g}] seconds")
        self._backend = backend
        self.timeout = timeout
        self.service = service
        self._broken: KeyringUnavailable | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = f"unusable: {self._broken.reason}" if self._broken else "ok"
        return f"TokenStore(service={self.service!r}, timeout={self.timeout:g}, {state})"

    @property
    def known_unusable(self) -> KeyringUnavailable | None:
        return self._broken

    def reset(self) -> None:
        with self._lock:
            self._broken = None

    # -- the operations, each one job on one thread ---------------------------------

    def _usable_backend(self) -> KeyringBackend:
        import keyring

        backend = self._backend if self._backend is not None else keyring.get_keyring()
        problem = backend_problem(backend)
        if problem is not None:
            raise KeyringUnavailable(problem, reason="no-keyring")
        return backend

    def _check_job(self) -> str:
        return str(self._usable_backend().name)

    def _load_job(self, key: TokenKey, base_url: str) -> StoredToken | None:
        secret = self._usable_backend().get_password(self.service, key.account)
        if secret is None:
            return None
        try:
            stored = StoredToken.from_secret(secret)
        except (ValueError, TypeError):
            log.warning(
                "Ignoring an unreadable keyring entry %r (service %s)", key.account, self.service
            )
            return None
        if stored.base_url != base_url or stored.username != key.username:
            # Never send a token to a URL it was not issued for (e.g. a profile that was edited).
            log.info("Keyring entry %r was issued for another URL; ignoring it", key.account)
            return None
        return stored

    def _save_job(self, key: TokenKey, stored: StoredToken) -> StoredToken:
        backend = self._usable_backend()
        backend.set_password(self.service, key.account, stored.to_secret())
        if not key.is_profile:
            # Lets "opssl --base-url URL" find who signed in there last without asking.
            backend.set_password(self.service, key.scope, key.username)
        return stored

    def _delete_job(self, key: TokenKey) -> bool:
        import keyring.errors

        backend = self._usable_backend()
        removed = True
        try:
            backend.delete_password(self.service, key.account)
        except keyring.errors.PasswordDeleteError:
            removed = False
        if not key.is_profile and backend.get_password(self.service, key.scope) == key.username:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(self.service, key.scope)
        return removed

    def _last_username_job(self, scope: str) -> str | None:
        value = self._usable_backend().get_password(self.service, scope)
        return (value.strip() or None) if value else None

    # -- public, blocking (bounded by the timeout) -------------------------------------

    def check(self) -> str:
        """Make sure a usable keyring is there; returns its name (e.g. "SecretService Keyring")."""
        return self._run("check", self._check_job)

    def load(self, key: TokenKey, *, base_url: str) -> StoredToken | None:
        return self._run("read", lambda: self._load_job(key, base_url))

    def save(
        self, key: TokenKey, token: str, *, base_url: str, issued_at: datetime | None = None
    ) -> StoredToken:
        stored = StoredToken(token, issued_at or datetime.now(UTC), base_url, key.username)
        return self._run("save", lambda: self._save_job(key, stored), secret=token)

    def delete(self, key: TokenKey) -> bool:
        """Remove a token; False if there was none."""
        return self._run("delete", lambda: self._delete_job(key))

    def last_username(self, scope: str) -> str | None:
        return self._run("read", lambda: self._last_username_job(scope))

    # -- public, async: the event loop is never blocked, not even by a hung call -------

    async def acheck(self) -> str:
        return await self._arun("check", self._check_job)

    async def aload(self, key: TokenKey, *, base_url: str) -> StoredToken | None:
        return await self._arun("read", lambda: self._load_job(key, base_url))

    async def asave(
        self, key: TokenKey, token: str, *, base_url: str, issued_at: datetime | None = None
    ) -> StoredToken:
        stored = StoredToken(token, issued_at or datetime.now(UTC), base_url, key.username)
        return await self._arun("save", lambda: self._save_job(key, stored), secret=token)

    async def adelete(self, key: TokenKey) -> bool:
        return await self._arun("delete", lambda: self._delete_job(key))

    async def alast_username(self, scope: str) -> str | None:
        return await self._arun("read", lambda: self._last_username_job(scope))

    # -- machinery ---------------------------------------------------------------------

    def _raise_if_broken(self) -> None:
        broken = self._broken
        if broken is not None:
            raise KeyringUnavailable(broken.problem, reason=broken.reason)

    def _fail(self, what: str, exc: BaseException, secret: str | None) -> KeyringUnavailable:
        if isinstance(exc, KeyringUnavailable):
            error = exc
        else:
            problem, reason = _describe(exc)
            if secret:
                problem = problem.replace(secret, "[token]")
            error = KeyringUnavailable(problem, reason=reason)
        if error.reason in ("no-keyring", "timeout"):
            with self._lock:
                self._broken = error
        log.info("Keyring %s failed: %s", what, error.problem)
        return error

    def _timed_out(self, what: str) -> KeyringUnavailable:
        problem = (
            f"The OS keyring did not answer within {self.timeout:g} seconds (a locked keyring "
            "waiting for an unlock prompt that cannot be shown, e.g. over SSH, does this)."
        )
        return self._fail(what, KeyringUnavailable(problem, reason="timeout"), None)

    def _start(self, job: Callable[[], T], deliver: Callable[[tuple[bool, Any]], None]) -> None:
        def target() -> None:
            try:
                outcome: tuple[bool, Any] = (True, job())
            except BaseException as exc:  # delivered to the caller, never lost in the thread
                outcome = (False, exc)
            deliver(outcome)

        threading.Thread(target=target, name="opssl-keyring", daemon=True).start()

    def _run(self, what: str, job: Callable[[], T], *, secret: str | None = None) -> T:
        self._raise_if_broken()
        done = threading.Event()
        box: list[tuple[bool, Any]] = []

        def deliver(outcome: tuple[bool, Any]) -> None:
            box.append(outcome)
            done.set()

        self._start(job, deliver)
        if not done.wait(self.timeout):
            raise self._timed_out(what)
        ok, value = box[0]
        if ok:
            return value  # type: ignore[no-any-return]
        raise self._fail(what, value, secret) from None

    async def _arun(self, what: str, job: Callable[[], T], *, secret: str | None = None) -> T:
        self._raise_if_broken()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[bool, Any]] = loop.create_future()

        def settle(outcome: tuple[bool, Any]) -> None:
            if not future.done():
                future.set_result(outcome)

        def deliver(outcome: tuple[bool, Any]) -> None:
            # If the loop closed while the call hung, nobody is waiting for the answer.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, outcome)

        self._start(job, deliver)
        try:
            ok, value = await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise self._timed_out(what) from None
        if ok:
            return value  # type: ignore[no-any-return]
        raise self._fail(what, value, secret) from None
