"""Keyring backends for tests: one that works in memory and several that fail like real ones.

Each backend class registers itself with keyring on definition, so every priority here is
negative: none of them can ever be auto-selected over a real backend.
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.backends import SecretService, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A dict, with a log of the calls so tests can prove the keyring was (not) touched."""

    priority = -10

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}
        self.calls: list[tuple[str, str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append(("get", service, username))
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append(("set", service, username))
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append(("delete", service, username))
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("No such password!") from None


class HangingKeyring(KeyringBackend):
    """Blocks like a D-Bus call to a locked collection with no prompter, until released."""

    priority = -11

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.release = threading.Event()
        self.entered = threading.Event()

    def _hang(self) -> None:
        self.entered.set()
        self.release.wait(60)

    def get_password(self, service: str, username: str) -> str | None:
        self._hang()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._hang()

    def delete_password(self, service: str, username: str) -> None:
        self._hang()


class LockedKeyring(KeyringBackend):
    """What the SecretService backend raises when the unlock prompt is dismissed or missing."""

    priority = -12

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class RaisingKeyring(KeyringBackend):
    """Raises a given exception on every call (D-Bus errors, OSError, a careless backend)."""

    priority = -13

    def __init__(self, error: Exception) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class EchoingKeyring(KeyringBackend):
    """A careless backend that puts the secret it was given in its error message."""

    priority = -14

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"cannot store {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("No such password!")


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's PlaintextKeyring: a file in clear text, never acceptable."""

    priority = -15


# keyring's own backends have untyped constructors; these keep the tests mypy --strict clean.


def fail_backend() -> KeyringBackend:
    """What keyring picks when no real backend is available: raises NoKeyringError."""
    return fail.Keyring()  # type: ignore[no-untyped-call]


def null_backend() -> KeyringBackend:
    """keyring's "disabled" backend: silently stores nothing."""
    return null.Keyring()  # type: ignore[no-untyped-call]


def secret_service_backend(collection: str | None = None) -> KeyringBackend:
    """The real Secret Service backend, optionally bound to one collection."""
    backend: KeyringBackend = SecretService.Keyring()  # type: ignore[no-untyped-call]
    if collection is not None:
        # The backend writes to this D-Bus path instead of the default collection.
        setattr(backend, "preferred_collection", collection)  # noqa: B010
    return backend
