"""``[keys]`` in config.toml: the user's keys for the app's actions, by binding id.

    [keys]
    "browser.search" = "ctrl+f"        # one key
    "table.down" = "down,n"            # several: the value replaces every key of the binding

Read for every session, the demo's too (a file that cannot be read is a problem to show,
not a reason to refuse a session that needs no profile). Which ids exist and which keys
clash only the app knows: it checks them at start (``ui/keymap.py``). The table is written
back untouched whenever opssl rewrites the file (``Config.extra``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui_app.auth.config import ConfigError, config_path, read_toml, type_name

KEYS_TABLE = "keys"


@dataclass(frozen=True)
class KeySettings:
    """Binding id -> keys ("ctrl+f" or "ctrl+f,f3"), and the entries that are not keys."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[ConfigError, ...] = ()

    def problem(self, binding_id: str, message: str) -> ConfigError:
        """``message`` about one entry, naming the file and the key."""
        return ConfigError(message, path=self.path, key=f"{KEYS_TABLE}.{binding_id}")


def parse_keys(raw: object, path: Path) -> KeySettings:
    """The ``[keys]`` table; an entry that is not a key is a problem, never an exception."""
    settings = KeySettings(path)
    if raw is None:
        return settings
    if not isinstance(raw, Mapping):
        message = f"must be a table of binding ids and keys, not {type_name(raw)}"
        return KeySettings(path, problems=(ConfigError(message, path=path, key=KEYS_TABLE),))
    problems: list[ConfigError] = []
    for binding_id, value in raw.items():
        if isinstance(value, str) and all(key.strip() for key in value.split(",")):
            settings.keys[binding_id] = ",".join(key.strip() for key in value.split(","))
        else:
            shown = repr(value) if isinstance(value, str) else type_name(value)
            problems.append(
                settings.problem(binding_id, f'must be keys such as "ctrl+f", not {shown}')
            )
    return KeySettings(path, settings.keys, tuple(problems))


def load_key_settings(path: Path | None = None) -> KeySettings:
    """The config file's ``[keys]`` (``OPSSL_CONFIG`` or the user config dir)."""
    path = path if path is not None else config_path()
    try:
        doc = read_toml(path) or {}
    except ConfigError as exc:
        return KeySettings(path, problems=(exc,))
    return parse_keys(doc.get(KEYS_TABLE), path)
