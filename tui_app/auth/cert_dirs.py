"""Where each order's certificate was last installed, remembered in the config file.

``w`` in the browser asks for a directory and offers the one used last for that order.
The config file keeps them in a ``[cert_dirs]`` table (order id -> directory), beside the
profiles; everything else in the file is written back as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tui_app.auth.config import load_config, save_config

CERT_DIRS = "cert_dirs"


def remembered_dir(order_id: int, path: Path | None = None) -> Path | None:
    """The directory the order's certificate went to last; None when none is known (or
    the config cannot be read: the question then offers the current directory)."""
    try:
        table = load_config(path).extra.get(CERT_DIRS)
    except Exception:  # a broken config must not stop a download; the form asks anyway
        return None
    if not isinstance(table, Mapping):
        return None
    value = table.get(str(int(order_id)))
    return Path(value) if isinstance(value, str) and value else None


def remember_dir(order_id: int, directory: Path, path: Path | None = None) -> Path:
    """Keep ``directory`` for the order (``ConfigError`` if the file cannot be written)."""
    config = load_config(path)
    table = config.extra.get(CERT_DIRS)
    dirs = dict(table) if isinstance(table, Mapping) else {}
    dirs[str(int(order_id))] = str(directory)
    config.extra[CERT_DIRS] = dirs
    return save_config(config)
