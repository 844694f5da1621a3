"""Keys as the user has them: a binding's keys after ``[keys]`` in config.toml, in words.

Textual applies the keymap itself (``App.set_keymap``: bindings are found by ``id``);
this module answers the other question: which key runs a binding now, so that the help,
the palette and the hints on screen name the key that works, not the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
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


def as_bound(bindings: Iterable[BindingType], keymap: Keymap) -> list[Binding]:
    """One binding per key as the user has them: a rebound binding's keys in its place."""
    found: list[Binding] = []
    rebound: set[str] = set()
    for binding in Binding.make_bindings(bindings):
        if binding.id is None or binding.id not in keymap:
            found.append(binding)
        elif binding.id not in rebound:
            rebound.add(binding.id)
            found.extend(binding.with_key(key) for key in keys_now(binding, keymap))
    return found
