"""Profiles in a TOML file: which API, which username, read-only or not. Never a secret.

The file lives at ``platformdirs.user_config_path("opssl")/config.toml`` unless
``OPSSL_CONFIG`` names another path. It looks like::

    default = "prod"

    [profiles.prod]
    base_url = "https://api.openprovider.eu/v1beta"
    username = "alice"
    read_only = true
    dns_server = "10.0.0.53"    # optional: the DNS view of ``opssl dcv check`` and ``v``

    [keys]
    "browser.search" = "ctrl+f"    # binding id = key(s): the app's keys, rebound

Tables other than ``profiles`` (``keys``, settings added by other parts of the app) are kept
as they are when the file is rewritten. Every problem in the file becomes a ``ConfigError``
whose message names the file and the key, so the app can show it instead of a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from tui_app.api.client import (
    PRODUCTION_URL,
    TEST_URL,
    normalize_base_url,
    without_credentials,
)
from tui_app.api.errors import InsecureURLError
from tui_app.core.dcv_check.settings import parse_dns_server
from tui_app.core.environment import Kind, classify

CONFIG_ENV = "OPSSL_CONFIG"
APP_NAME = "opssl"

PROFILE_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_PROFILE_KEYS = ("base_url", "username", "read_only", "dns_server")
_REQUIRED_KEYS = ("base_url", "username")
# Keys that would put a secret in a plain file: refused outright, whatever their value.
_SECRET_WORDS = ("token", "password", "passwd", "secret", "api_key", "apikey")


class ConfigError(Exception):
    """The config file (or a profile given on the command line) is not usable, said in words."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = path
        self.key = key
        self.line = line
        self.detail = message
        where = [str(path)] if path is not None else []
        if line is not None:
            where.append(f"line {line}")
        if key is not None:
            where.append(f"key {key!r}")
        prefix = ", ".join(where)
        self.message = f"{prefix}: {message}" if prefix else message
        super().__init__(self.message)


def config_path() -> Path:
    """Where the profiles live: ``$OPSSL_CONFIG``, else the platform's user config dir."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def check_profile_name(name: str) -> str:
    """Profile names are short, shell-safe words: they appear in commands and keyring labels."""
    if not PROFILE_NAME_RE.fullmatch(name):
        raise ConfigError(
            f"{name!r} is not a valid profile name: use letters, digits, '.', '_' or '-' "
            "(up to 64, starting with a letter or digit)"
        )
    return name


def check_username(username: str) -> str:
    """API usernames have no spaces; the keyring entry name relies on that."""
    text = username.strip()
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise ConfigError(f"{username!r} is not a valid API username (empty or contains spaces)")
    return text


def check_base_url(url: str) -> str:
    """A base URL the token may be sent to: HTTPS, or plain HTTP to this machine only."""
    if any(ch.isspace() for ch in url.strip()):
        raise ConfigError(f"{without_credentials(url)!r} is not a valid URL (it contains spaces)")
    try:
        return normalize_base_url(url)
    except InsecureURLError as exc:
        raise ConfigError(str(exc)) from None


def check_dns_server(value: str) -> str:
    """``IP`` or ``IP:PORT`` (``""`` for none), kept as written once it parses."""
    if not value.strip():
        return ""
    try:
        parse_dns_server(value)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return value.strip()


@dataclass(frozen=True)
class Profile:
    """One API account the app can connect to."""

    name: str
    base_url: str
    username: str
    read_only: bool = False
    # The DNS server DCV checks find zones and addresses with (split-horizon networks).
    dns_server: str = ""

    def __post_init__(self) -> None:
        check_profile_name(self.name)
        object.__setattr__(self, "base_url", check_base_url(self.base_url))
        object.__setattr__(self, "username", check_username(self.username))
        object.__setattr__(self, "dns_server", check_dns_server(self.dns_server))

    @property
    def kind(self) -> Kind:
        return classify(self.base_url)

    def to_toml(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "base_url": self.base_url,
            "username": self.username,
            "read_only": self.read_only,
        }
        if self.dns_server:
            doc["dns_server"] = self.dns_server
        return doc


def production_profile(name: str, username: str, *, read_only: bool = False) -> Profile:
    return Profile(name, PRODUCTION_URL, username, read_only)


def cte_profile(name: str, username: str, *, read_only: bool = False) -> Profile:
    """The test environment (Openprovider calls it CTE): safe to experiment on."""
    return Profile(name, TEST_URL, username, read_only)


def custom_profile(name: str, base_url: str, username: str, *, read_only: bool = False) -> Profile:
    return Profile(name, base_url, username, read_only)


@dataclass
class Config:
    """The parsed file. Change it with the methods below, then ``save_config`` it."""

    path: Path
    profiles: dict[str, Profile] = field(default_factory=dict)
    default: str | None = None
    # Other top-level keys (settings owned by other modules), written back untouched.
    extra: dict[str, Any] = field(default_factory=dict)
    # A ``default`` that names no profile, read by ``load_config(keep_lost_default=True)``
    # so that ``opssl profiles`` can still repair the file (it is not written back).
    lost_default: str | None = None

    def __iter__(self) -> Iterator[Profile]:
        return iter(self.profiles.values())

    def __len__(self) -> int:
        return len(self.profiles)

    def get(self, name: str) -> Profile:
        try:
            return self.profiles[name]
        except KeyError:
            known = ", ".join(sorted(self.profiles)) or "none yet"
            raise ConfigError(
                f"no profile named {name!r} (profiles: {known})", path=self.path
            ) from None

    @property
    def default_profile(self) -> Profile | None:
        return self.profiles.get(self.default) if self.default else None

    def add(self, profile: Profile, *, make_default: bool = False, replace: bool = False) -> None:
        """Add a profile; the first one becomes the default so a bare ``opssl`` just works."""
        if profile.name in self.profiles and not replace:
            raise ConfigError(f"a profile named {profile.name!r} already exists", path=self.path)
        self.profiles[profile.name] = profile
        if make_default or self.default is None:
            self.default = profile.name

    def remove(self, name: str) -> Profile:
        """Remove a profile; removing the default leaves none (never a guess: the next
        default might be production). ``opssl profiles remove`` asks which one."""
        profile = self.get(name)
        del self.profiles[name]
        if self.default == name:
            self.default = None
        return profile

    def set_default(self, name: str) -> None:
        self.default = self.get(name).name
        self.lost_default = None

    def to_toml(self) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        if self.default is not None:
            doc["default"] = self.default
        doc.update(self.extra)
        doc["profiles"] = {p.name: p.to_toml() for p in self.profiles.values()}
        return doc


def _toml_line(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


def _secret_like(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def type_name(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    return names.get(type(value), "a table" if isinstance(value, Mapping) else "a list")


def _parse_profile(path: Path, name: Any, raw: Any) -> Profile:
    key = f"profiles.{name}"
    if not isinstance(name, str) or not PROFILE_NAME_RE.fullmatch(name):
        raise ConfigError(
            "profile names use letters, digits, '.', '_' or '-' (up to 64 characters)",
            path=path,
            key=key,
        )
    if not isinstance(raw, Mapping):
        raise ConfigError(f"must be a table ([{key}]), not {type_name(raw)}", path=path, key=key)
    for item in raw:
        if _secret_like(str(item)):
            raise ConfigError(
                "secrets never go in the config file; remove this key (opssl keeps the token "
                "in the OS keyring, or reads it from OPSSL_TOKEN)",
                path=path,
                key=f"{key}.{item}",
            )
        if item not in _PROFILE_KEYS:
            raise ConfigError(
                f"unknown key (a profile has: {', '.join(_PROFILE_KEYS)})",
                path=path,
                key=f"{key}.{item}",
            )
    for item in _REQUIRED_KEYS:
        if item not in raw:
            raise ConfigError("missing (every profile needs it)", path=path, key=f"{key}.{item}")
        if not isinstance(raw[item], str):
            raise ConfigError(
                f"must be a string, not {type_name(raw[item])}", path=path, key=f"{key}.{item}"
            )
    read_only = raw.get("read_only", False)
    if not isinstance(read_only, bool):
        raise ConfigError(
            f"must be true or false, not {type_name(read_only)}",
            path=path,
            key=f"{key}.read_only",
        )
    try:
        base_url = check_base_url(raw["base_url"])
    except ConfigError as exc:
        raise ConfigError(exc.detail, path=path, key=f"{key}.base_url") from None
    try:
        username = check_username(raw["username"])
    except ConfigError as exc:
        raise ConfigError(exc.detail, path=path, key=f"{key}.username") from None
    dns_server = raw.get("dns_server", "")
    if not isinstance(dns_server, str):
        raise ConfigError(
            f'must be a string such as "10.0.0.53", not {type_name(dns_server)}',
            path=path,
            key=f"{key}.dns_server",
        )
    try:
        dns_server = check_dns_server(dns_server)
    except ConfigError as exc:
        raise ConfigError(exc.detail, path=path, key=f"{key}.dns_server") from None
    return Profile(name, base_url, username, read_only, dns_server)


def _toml(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file: not on every start-up

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path, line=_toml_line(str(exc))) from None


def parse_config(text: str, path: Path, *, keep_lost_default: bool = False) -> Config:
    """Turn the file's text into a ``Config``, or a ``ConfigError`` that says what is wrong.

    A ``default`` naming no profile is an error, unless ``keep_lost_default``: then it is
    kept aside in ``lost_default`` (for ``opssl profiles``, the command that repairs it).
    """
    doc = _toml(text, path)
    for item in doc:
        if _secret_like(item):
            raise ConfigError(
                "secrets never go in the config file; remove this key", path=path, key=item
            )
    raw_profiles = doc.pop("profiles", {})
    if not isinstance(raw_profiles, Mapping):
        raise ConfigError(
            f"must be a table of profiles, not {type_name(raw_profiles)}",
            path=path,
            key="profiles",
        )
    profiles = {name: _parse_profile(path, name, raw) for name, raw in raw_profiles.items()}
    default = doc.pop("default", None)
    if default is not None:
        if not isinstance(default, str):
            raise ConfigError(
                f"must be a profile name (a string), not {type_name(default)}",
                path=path,
                key="default",
            )
        if default not in profiles:
            if keep_lost_default:
                return Config(path=path, profiles=profiles, extra=doc, lost_default=default)
            known = ", ".join(sorted(profiles)) or "none defined"
            raise ConfigError(
                f"names profile {default!r}, which is not defined (profiles: {known}); "
                "choose one with: opssl profiles default NAME",
                path=path,
                key="default",
            )
    return Config(path=path, profiles=profiles, default=default, extra=doc)


def _read_text(path: Path) -> str | None:
    """The file's text; None when there is no file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError("not UTF-8 text", path=path, line=line) from None


def read_toml(path: Path) -> dict[str, Any] | None:
    """The file as TOML, None when there is no file, or a ``ConfigError``."""
    text = _read_text(path)
    return None if text is None else _toml(text, path)


def load_config(path: Path | None = None, *, keep_lost_default: bool = False) -> Config:
    """Read the config; a missing file is an empty config, anything broken a ``ConfigError``
    (``keep_lost_default``: see ``parse_config``)."""
    path = path if path is not None else config_path()
    text = _read_text(path)
    if text is None:
        return Config(path=path)
    return parse_config(text, path, keep_lost_default=keep_lost_default)


def save_config(config: Config) -> Path:
    """Write atomically (temp file + rename) so a crash never leaves half a file behind."""
    import tomli_w

    target = Path(os.path.realpath(config.path))
    data = tomli_w.dumps(config.to_toml()).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=target.parent)
    except OSError as exc:
        raise ConfigError(
            f"cannot write the file: {exc.strerror or exc}", path=config.path
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise ConfigError(
            f"cannot write the file: {exc.strerror or exc}", path=config.path
        ) from None
    return target
