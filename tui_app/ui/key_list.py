"""``opssl keys``: every key of the app by binding id, as ``[keys]`` in config.toml leaves
them, and what in ``[keys]`` cannot be applied (exit status 1). Keys are written as the
file takes them (``ctrl+f``, ``/``, ``f5``), so a line can be copied into it."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

from tui_app.auth.key_settings import load_key_settings
from tui_app.ui.key_check import app_bindings, check_keys
from tui_app.ui.key_scopes import key_scopes
from tui_app.ui.keymap import bindings_of, keys_now, written


def _rows(bindings: list[Binding], keymap: dict[str, str], seen: set[str]) -> list[str]:
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for binding in bindings:
        if binding.id is None or binding.id in seen:
            continue
        first.setdefault(binding.id, binding)
        for key in keys_now(binding, keymap):
            if key not in keys.setdefault(binding.id, []):
                keys[binding.id].append(key)
    rows = []
    for binding_id, binding in first.items():
        seen.add(binding_id)
        shown = ", ".join(written(key) for key in keys[binding_id])
        what = binding.description or binding.tooltip or binding.action.replace("_", " ")
        if binding_id in keymap:
            what += " (rebound)"
        rows.append(f"  {binding_id:<26} {shown:<16} {what}")
    return rows


def run(say: Callable[[str], None] = print, warn: Callable[[str], None] = print) -> int:
    from tui_app.ui.app import OpsslApp

    settings = load_key_settings()
    check = check_keys(settings, OpsslApp)
    say(f"Every key by its binding id. Rebind one in {settings.path}, e.g.:")
    say('  [keys]\n  "browser.search" = "ctrl+f"\n')
    seen: set[str] = set()
    for scope in key_scopes():
        rows = _rows(bindings_of(scope.holders), check.keymap, seen)
        if rows:
            say(f"On {scope.where}:")
            for row in rows:
                say(row)
    say("Everywhere:")
    for row in _rows(app_bindings(OpsslApp), check.keymap, seen):
        say(row)
    for problem in check.problems:
        warn(f"opssl: {problem.message}")
    return 1 if check.problems else 0
