"""Keys as the user has them: a binding's keys after ``[keys]`` in config.toml, in words.

Textual applies the keymap itself (``App.set_keymap``: bindings are found by ``id``);
this module answers the other question: which key runs a binding now, so that the help,
the palette and the hints on screen name the key that works, not the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _normalize_key_list

# Binding id -> keys ("ctrl+f" or "ctrl+f,f3"), as Textual's keymap takes them.
Keymap = Mapping[str, str]


def normalized(keymap: Keymap) -> dict[str, str]:
    """Keys as Textual names them ("/" is "slash"), as ``App.set_keymap`` stores them."""
    return {binding_id: _normalize_key_list(keys) for binding_id, keys in keymap.items()}


def bindings_of(holders: Iterable[type[DOMNode]]) -> list[Binding]:
    """Every binding the classes declare (their own and inherited), one per key."""
    found: list[Binding] = []
    for holder in holders:
        for _key, binding in holder._merge_bindings():
            found.append(binding)
    return found


def keys_now(binding: Binding, keymap: Keymap) -> list[str]:
    """The keys that run ``binding`` with ``keymap`` applied (normalized keys)."""
    if binding.id is not None and binding.id in keymap:
        return [key.strip() for key in keymap[binding.id].split(",")]
    return [binding.key]


def key_words(app: App[Any], keymap: Keymap, binding_id: str, *holders: type[DOMNode]) -> str:
    """``e or enter``: how a hint names the keys of a binding, rebound or not."""
    keys: list[str] = []
    for binding in bindings_of(holders):
        if binding.id != binding_id:
            continue
        for key in keys_now(binding, keymap):
            if key not in keys:
                keys.append(key)
    return " or ".join(app.get_key_display(Binding(key, "")) for key in keys) or "?"


# -- checking [keys] at start ------------------------------------------------------------

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def _key_names() -> frozenset[str]:
    from textual.keys import Keys, _character_to_key

    names = {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
    names.update(_character_to_key(chr(code)) for code in range(33, 127))
    names.add("space")
    return frozenset(names)


def is_key(text: str) -> bool:
    """A key Textual can report: ``ctrl+f``, ``f3``, ``/``, ``question_mark``, ``shift+tab``."""
    if len(text) == 1:
        return text.isprintable()
    *modifiers, base = text.split("+")
    if not base or not set(modifiers) <= MODIFIERS:
        return False
    return (len(base) == 1 and base.isprintable()) or base in _key_names()


def app_bindings(app_class: type[App[Any]]) -> list[Binding]:
    """The app's own bindings, with the command palette's (Textual adds it at run time)."""
    found = bindings_of([app_class])
    if app_class.ENABLE_COMMAND_PALETTE and not any(
        binding.action in ("command_palette", "app.command_palette") for binding in found
    ):
        found.append(
            Binding(app_class.COMMAND_PALETTE_BINDING, "command_palette", "palette", priority=True)
        )
    return found
