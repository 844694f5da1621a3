"""The README's Keys section and the app agree: every key opssl binds is written there.

A key in the footer must be in the README as it is (each of its keys, in backticks); a
hidden key (an alias such as the arrows beside ``j``/``k``) must be there by at least one
of its keys. Textual's own widget keys (no binding id: text editing, scrolling) are not
opssl's to document.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from tui_app.ui.app import OpsslApp
from tui_app.ui.key_check import app_bindings
from tui_app.ui.key_scopes import key_scopes
from tui_app.ui.keymap import bindings_of, written

README = Path(__file__).resolve().parents[2] / "README.md"
ARROWS = {"up", "down", "left", "right"}


def _keys_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Keys\n")
    return text[start : text.index("\n## ", start + 1)]


def _named(section: str) -> set[str]:
    named = set(re.findall(r"`([^`\s]+)`", section))
    return named | ARROWS if "arrows" in section else named


def _opssl_bindings() -> list[tuple[str, Binding]]:
    found = [(s.where, b) for s in key_scopes() for b in bindings_of(s.holders)]
    found += [("everywhere", b) for b in app_bindings(OpsslApp)]
    return [(where, b) for where, b in found if b.id is not None]


def test_every_key_of_the_app_is_in_the_readme() -> None:
    named = _named(_keys_section())
    keys: dict[str, set[str]] = {}
    shown: dict[str, bool] = {}
    where: dict[str, str] = {}
    for place, binding in _opssl_bindings():
        assert binding.id is not None
        keys.setdefault(binding.id, set()).update(
            written(k.strip()) for k in binding.key.split(",")
        )
        shown[binding.id] = shown.get(binding.id, False) or binding.show
        where.setdefault(binding.id, place)
    assert len(keys) > 40
    missing = [
        f"{binding_id} ({', '.join(sorted(its))}) on {where[binding_id]}"
        for binding_id, its in sorted(keys.items())
        if not (its <= named if shown[binding_id] else its & named)
    ]
    assert not missing, "not in the README's Keys section: " + "; ".join(missing)


def test_the_check_sees_a_key_the_readme_lacks() -> None:
    named = _named("| Order list | `j`/`k` or arrows, `e` edit |")
    assert {"j", "k", "e", "up", "down"} <= named
    assert "v" not in named and "ctrl+s" not in named
