"""Sign-in and Bearer tokens: ``POST /auth/login`` and the check on every other call.

API notes §1.2: a token is 32 lower-case hex characters, valid for two days; a wrong
password and a bad or expired token are both code 196 "Authentication/Authorization
Failed". Every token handed out is remembered, so tests can prove none ever shows.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Mapping
from typing import Any

import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import Outcome, SandboxError

TWO_DAYS = 2 * 24 * 3600.0
RESELLER_ID = 255401
_TOKEN = re.compile(r"[0-9a-f]{32}")


class Tokens:
    """The one account's credentials and the tokens issued for it."""

    def __init__(self, username: str, password: str, ttl: float = TWO_DAYS) -> None:
        self.username = username
        self.password = password
        self.ttl = ttl
        self._lock = threading.Lock()
        self._issued_at: dict[str, float] = {}
        self._issued: list[str] = []

    def login(self, body: Any) -> Outcome:
        item = body if isinstance(body, Mapping) else {}
        username, password = item.get("username"), item.get("password")
        if username != self.username or password != self.password:
            raise SandboxError(codes.AUTHENTICATION, codes.DESC_AUTHENTICATION)
        ip = item.get("ip")
        if ip not in (None, "") and not isinstance(ip, str):
            raise SandboxError(codes.INVALID_PARAMETER, "ip must be a string")
        return Outcome({"token": self.issue(), "reseller_id": RESELLER_ID})

    def check(self, token: str | None) -> None:
        with self._lock:
            issued = self._issued_at.get(token or "")
        if issued is None or time.monotonic() - issued >= self.ttl:
            raise SandboxError(codes.AUTHENTICATION, codes.DESC_AUTHENTICATION)

    def expire_all(self) -> None:
        """Every token issued so far stops working at once (a two-day expiry, now)."""
        with self._lock:
            self._issued_at.clear()

    def issue(self) -> str:
        """A valid token without a login call (for tests and ``--demo``)."""
        token = secrets.token_hex(16)
        self.accept(token)
        return token

    def accept(self, token: str) -> None:
        """Count ``token``, made elsewhere, as issued now; only the API's token shape."""
        if not _TOKEN.fullmatch(token):
            raise ValueError("a sandbox token is 32 lower-case hex characters")
        with self._lock:
            self._issued_at[token] = time.monotonic()
            self._issued.append(token)

    def issued(self) -> list[str]:
        """Every token handed out so far, expired ones too: what must never show anywhere."""
        with self._lock:
            return list(self._issued)
