"""Which API the app talks to, and how it got its token: shown in the header at all times."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from tui_app.api.client import PRODUCTION_URL, TEST_URL


class Kind(Enum):
    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"
    CUSTOM = "custom"


KIND_LABELS: dict[Kind, str] = {
    Kind.DEMO: "demo",
    Kind.TEST: "test environment",
    Kind.PRODUCTION: "production",
    Kind.CUSTOM: "custom URL",
}


def classify(base_url: str, *, demo: bool = False) -> Kind:
    if demo:
        return Kind.DEMO
    url = base_url.rstrip("/").lower()
    if url == PRODUCTION_URL.lower():
        return Kind.PRODUCTION
    if url == TEST_URL.lower():
        return Kind.TEST
    return Kind.CUSTOM


@dataclass(frozen=True)
class Connection:
    """Everything the UI shows about where it is connected; never the token itself.

    ``token_source`` is a ``tui_app.auth.token_source.TokenSource`` (a string enum): where
    the token came from (the demo, ``OPSSL_TOKEN``, the keyring, a sign-in this session,
    kept in the keyring or in memory only), refused, or none yet.
    """

    base_url: str
    kind: Kind
    token_source: str
    profile: str | None = None
    username: str | None = None
    read_only: bool = False
    # Where ``read_only`` came from, for the words: --read-only, the profile, or both.
    read_only_flag: bool = False
    read_only_profile: bool = False
    dns_server: str = ""  # the profile's DNS view for DCV checks ("" = not set)

    @property
    def label(self) -> str:
        """What the header calls this API: demo, test environment, production, or a host."""
        if self.kind is Kind.CUSTOM:
            # Never the netloc as is: a ``user:password@`` in it must not reach the screen.
            host = urlsplit(self.base_url).netloc.rpartition("@")[2]
            return host or self.base_url.rpartition("@")[2]
        return KIND_LABELS[self.kind]

    @property
    def is_production(self) -> bool:
        return self.kind is Kind.PRODUCTION

    @property
    def read_only_reason(self) -> str | None:
        """Why writes are off, for a disabled action to show; None when they are allowed."""
        if not self.read_only:
            return None
        sources: list[str] = []
        fixes: list[str] = []
        if self.read_only_flag:
            sources.append("started with --read-only")
            fixes.append("start without --read-only")
        if self.read_only_profile and self.profile:
            sources.append(f"profile {self.profile} is read-only")
            fixes.append(f"set read_only = false for profile {self.profile} in the config file")
        if not sources:
            sources.append("this session is read-only")
            fixes.append("start a session that is not")
        return (
            f"Read-only ({'; '.join(sources)}): opssl sends no changes. To make changes, "
            f"{' and '.join(fixes)}."
        )
