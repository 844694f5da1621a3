"""Keys as the user has them: a binding's keys after ``[keys]`` in config.toml, in words.

Textual applies the keymap itself (``App.set_keymap``: bindings are found by ``id``);
this module answers the other question: which key runs a binding now, so that the help,
the palette and the hints on screen name the key that works, not the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import ActiveBinding, Binding, BindingType
from textual.dom import DOMNode
from textual.keys import _character_to_key

# Binding id -> keys ("ctrl+f" or "ctrl+f,f3"), as Textual's keymap takes them.
Keymap = Mapping[str, str]
# Textual's name of each printable ASCII key ("slash") -> the character ("/").
CHARACTERS = {_character_to_key(chr(code)): chr(code) for code in range(33, 127)}


def written(key: str) -> str:
    """A key as a sentence (and config.toml) writes it: ``ctrl+f``, ``/``, ``f1``, ``enter``."""
    *modifiers, base = key.split("+")
    return "+".join([*modifiers, CHARACTERS.get(base, base)])


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


def key_words(keymap: Keymap, binding_id: str, *holders: type[DOMNode]) -> str:
    """``e or enter``: how a sentence names the keys of a binding, rebound or not."""
    keys: list[str] = []
    for binding in bindings_of(holders):
        if binding.id != binding_id:
            continue
        for key in keys_now(binding, keymap):
            if key not in keys:
                keys.append(key)
    return " or ".join(written(key) for key in keys) or "?"


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


def in_declared_order(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Textual puts a rebound key after every other one; the footer keeps them where the
    bindings are declared (by namespace as the focus chain meets them, then declaration)."""
    namespaces: list[DOMNode] = []
    for item in active.values():
        if item.node not in namespaces:
            namespaces.append(item.node)
    declared = {node: [b for _key, b in type(node)._merge_bindings()] for node in namespaces}

    def place(entry: tuple[str, ActiveBinding]) -> tuple[int, int]:
        key, item = entry
        bindings = declared[item.node]
        found = (
            index
            for index, binding in enumerate(bindings)
            if (item.binding.id is not None and binding.id == item.binding.id)
            or (binding.key == key and binding.action == item.binding.action)
        )
        return namespaces.index(item.node), next(found, len(bindings))

    return dict(sorted(active.items(), key=place))
