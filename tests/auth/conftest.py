"""Fixtures for the auth tests: an in-memory keyring by default, and a real Secret Service.

Tests marked ``secret_service`` talk to a real Secret Service over D-Bus (gnome-keyring in
``tests/run.sh`` and CI). Without one they skip, unless ``OPSSL_REQUIRE_SECRET_SERVICE=1``:
then a missing service fails them, and the run fails if not one of them passed.
Each such test gets its own throw-away collection, so a developer's login keyring is
never touched (and never locked) by the tests.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend

from .keyring_doubles import HangingKeyring, MemoryKeyring, secret_service_backend

T = TypeVar("T")

REQUIRE_ENV = "OPSSL_REQUIRE_SECRET_SERVICE"
MARKER = "secret_service"
# gnome-keyring's interface for creating and unlocking a collection without a GUI prompt.
GNOME_INTERNAL = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
SETUP_TIMEOUT = 10.0


def require_secret_service() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


# -- isolation ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away HOME and XDG dirs: the place to search for a leaked token afterwards."""
    root = tmp_path / "home"
    for name, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        path = root / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    return root


@pytest.fixture
def config_file() -> Path:
    """The file the root conftest points ``OPSSL_CONFIG`` at (in a temp dir)."""
    return Path(os.environ["OPSSL_CONFIG"])


@pytest.fixture
def use_backend(monkeypatch: pytest.MonkeyPatch) -> Callable[[KeyringBackend], KeyringBackend]:
    """Swap the process-wide keyring backend with ``keyring.set_keyring``, restored after."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    return install


@pytest.fixture(autouse=True)
def memory_keyring(use_backend: Callable[[KeyringBackend], KeyringBackend]) -> MemoryKeyring:
    """Every auth test starts on an empty in-memory keyring; nothing reaches the OS keyring."""
    backend = MemoryKeyring()
    use_backend(backend)
    return backend


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()  # let the abandoned daemon threads finish


# -- the real Secret Service -------------------------------------------------------------


def bounded(fn: Callable[[], T], timeout: float = SETUP_TIMEOUT) -> T:
    """Run a D-Bus call with a deadline: a test must never hang on a misbehaving bus."""
    box: list[tuple[bool, Any]] = []
    done = threading.Event()

    def target() -> None:
        try:
            box.append((True, fn()))
        except BaseException as exc:
            box.append((False, exc))
        done.set()

    threading.Thread(target=target, daemon=True).start()
    if not done.wait(timeout):
        raise TimeoutError(f"no answer from D-Bus within {timeout:g} s")
    ok, value = box[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _probe() -> str | None:
    """None if a Secret Service answers on the session bus, else why not."""
    from keyring.backends import SecretService

    try:
        bounded(lambda: SecretService.Keyring.priority)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


_probe_result: list[str | None] = []


def secret_service_problem() -> str | None:
    if not _probe_result:
        _probe_result.append(_probe())
    return _probe_result[0]


def skip_or_fail(reason: str) -> None:
    if require_secret_service():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: these tests must run)", pytrace=False)
    pytest.skip(reason)


@dataclass
class ScratchCollection:
    """A gnome-keyring collection made for one test, with its master password."""

    path: str
    password: bytes

    def _internal(self, method: str, signature: str, *body: Any) -> Any:
        import secretstorage
        from secretstorage.defines import SS_PATH
        from secretstorage.util import DBusAddressWrapper, format_secret, open_session

        with closing(secretstorage.dbus_init()) as conn:
            session = open_session(conn)
            secret = format_secret(session, self.password, "text/plain")
            iface = DBusAddressWrapper(SS_PATH, GNOME_INTERNAL, conn)
            return iface.call(method, signature, *body, secret)

    @classmethod
    def create(cls) -> ScratchCollection:
        import secretstorage
        from secretstorage.defines import SS_PATH
        from secretstorage.util import DBusAddressWrapper, format_secret, open_session

        password = uuid.uuid4().hex.encode()
        label = f"opssl-test-{uuid.uuid4().hex[:8]}"

        def make() -> str:
            with closing(secretstorage.dbus_init()) as conn:
                session = open_session(conn)
                iface = DBusAddressWrapper(SS_PATH, GNOME_INTERNAL, conn)
                props = {"org.freedesktop.Secret.Collection.Label": ("s", label)}
                secret = format_secret(session, password, "text/plain")
                (path,) = iface.call("CreateWithMasterPassword", "a{sv}(oayays)", props, secret)
                return str(path)

        return cls(bounded(make), password)

    def backend(self) -> KeyringBackend:
        """The real SecretService backend, writing into this collection only."""
        return secret_service_backend(self.path)

    def lock(self) -> None:
        import secretstorage

        def run() -> None:
            with closing(secretstorage.dbus_init()) as conn:
                secretstorage.Collection(conn, self.path).lock()

        bounded(run)

    def unlock(self) -> None:
        bounded(lambda: self._internal("UnlockWithMasterPassword", "o(oayays)", self.path))

    def is_locked(self) -> bool:
        import secretstorage

        def run() -> bool:
            with closing(secretstorage.dbus_init()) as conn:
                return bool(secretstorage.Collection(conn, self.path).is_locked())

        return bounded(run)

    def secrets(self, service: str) -> dict[str, str]:
        """What the collection holds for a service, read with secretstorage, not keyring."""
        import secretstorage

        def run() -> dict[str, str]:
            with closing(secretstorage.dbus_init()) as conn:
                found = secretstorage.Collection(conn, self.path).search_items({"service": service})
                return {
                    item.get_attributes()["username"]: item.get_secret().decode() for item in found
                }

        return bounded(run)

    def delete(self) -> None:
        import secretstorage

        def run() -> None:
            with closing(secretstorage.dbus_init()) as conn:
                secretstorage.Collection(conn, self.path).delete()

        bounded(run)


@pytest.fixture
def secret_service_bus(request: pytest.FixtureRequest) -> None:
    """A Secret Service answers on the session bus; skips (or fails, in CI) otherwise."""
    if request.node.get_closest_marker(MARKER) is None:
        raise RuntimeError("tests that need the Secret Service must be marked secret_service")
    problem = secret_service_problem()
    if problem is not None:
        skip_or_fail(f"no Secret Service on the session bus: {problem}")


@pytest.fixture
def secret_service(secret_service_bus: None) -> Iterator[ScratchCollection]:
    """A fresh collection in the real Secret Service, deleted afterwards."""
    try:
        collection = ScratchCollection.create()
    except Exception as exc:
        skip_or_fail(
            f"cannot create a test collection (gnome-keyring's {GNOME_INTERNAL} is needed): "
            f"{type(exc).__name__}: {exc}"
        )
        raise  # not reached: skip_or_fail raises
    try:
        yield collection
    finally:
        if collection.is_locked():
            collection.unlock()
        collection.delete()


# -- "in CI these tests must run, not skip" ----------------------------------------------

_outcomes: dict[str, list[str]] = {"passed": [], "not_run": []}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if MARKER not in report.keywords:
        return
    if report.when == "call" and report.passed:
        _outcomes["passed"].append(report.nodeid)
    elif report.skipped:
        _outcomes["not_run"].append(report.nodeid)


def _verdict() -> str | None:
    if not require_secret_service():
        return None
    if _outcomes["not_run"]:
        return f"{len(_outcomes['not_run'])} secret_service test(s) skipped under {REQUIRE_ENV}=1"
    if not _outcomes["passed"]:
        return f"no secret_service test passed, but {REQUIRE_ENV}=1 requires them to run"
    return None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Under pytest-xdist only the controller sees every worker's reports: it judges.
    if session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return
    if _verdict() is not None and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not require_secret_service() or terminalreporter.config.option.collectonly:
        return
    verdict = _verdict()
    if verdict is None:
        terminalreporter.write_line(
            f"{REQUIRE_ENV}=1: {len(_outcomes['passed'])} secret_service tests passed "
            "against a real Secret Service",
            green=True,
        )
    else:
        terminalreporter.write_line(f"FAILED: {verdict}", red=True, bold=True)
