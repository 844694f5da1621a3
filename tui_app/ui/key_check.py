"""``[keys]`` checked against the app's real bindings before it is applied.

An entry is applied only if its id names a binding, its keys are keys, and none of them
ends on another binding of a screen where the rebound one is active (a clash: one of the
two would never run). Everything else is reported, naming the file and the key, and the
binding keeps its own key. Checked once at start, after every screen's module is loaded
(``key_scopes``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key, _normalize_key_list
from textual.widgets import Input, TextArea

from tui_app.auth.config import ConfigError
from tui_app.auth.key_settings import KeySettings
from tui_app.ui.key_scopes import KeyScope, key_scopes
from tui_app.ui.keymap import bindings_of, keys_now, written

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
KEY_NAMES = frozenset(
    {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
    | {_character_to_key(chr(code)) for code in range(33, 127)}
    | {"space"}
)


@dataclass
class KeyCheck:
    """What to apply (normalized, as ``App.set_keymap`` takes it) and what was refused."""

    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[ConfigError] = field(default_factory=list)


def is_key(text: str) -> bool:
    """A key Textual can report: ``ctrl+f``, ``f3``, ``/``, ``question_mark``, ``shift+tab``."""
    if len(text) == 1:
        return text.isprintable() and not text.isspace()
    *modifiers, base = text.split("+")
    if not base or not set(modifiers) <= MODIFIERS:
        return False
    return (len(base) == 1 and base.isprintable()) or base in KEY_NAMES


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


def _own_bindings(holder: type[DOMNode]) -> list[Binding]:
    """A text field's editing keys (Textual's) win by design where it has the focus, so
    only the bindings opssl gave it count; other widgets count whole."""
    if not issubclass(holder, (Input, TextArea)):
        return bindings_of([holder])
    own = [cls for cls in holder.__mro__ if cls.__module__.startswith("tui_app.")]
    return [
        binding
        for cls in own
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))
    ]


# A binding as one thing however many keys (or widgets inheriting it) it has: its id,
# or where it is declared and what it does.
Owner = str


def _owner(holder: type[DOMNode] | str, binding: Binding) -> Owner:
    name = holder if isinstance(holder, str) else holder.__name__
    return binding.id or f"{name}:{binding.action}"


@dataclass(frozen=True)
class _Clash:
    binding_id: str
    key: str
    other: Binding
    where: str


def _scope_bindings(
    scope: KeyScope, app: Iterable[Binding], app_name: str
) -> list[tuple[Owner, Binding]]:
    found = [(_owner(holder, b), b) for holder in scope.holders for b in _own_bindings(holder)]
    found.extend((_owner(app_name, b), b) for b in app if b.priority or not scope.modal)
    return found


def _clashes(
    scopes: list[KeyScope], app: list[Binding], app_name: str, keymap: dict[str, str]
) -> list[_Clash]:
    found: list[_Clash] = []
    for scope in scopes:
        bindings = _scope_bindings(scope, app, app_name)
        defaults: dict[Owner, set[str]] = {}
        for owner, binding in bindings:
            defaults.setdefault(owner, set()).add(binding.key)
        holders: dict[str, dict[Owner, Binding]] = {}
        for owner, binding in bindings:
            for key in keys_now(binding, keymap):
                holders.setdefault(key, {}).setdefault(owner, binding)
        for key, owners in holders.items():
            if len(owners) < 2:
                continue
            for owner, binding in owners.items():
                moved = binding.id in keymap and key not in defaults[owner]
                if moved and binding.id is not None:
                    other = next(b for o, b in owners.items() if o != owner)
                    found.append(_Clash(binding.id, key, other, scope.where))
    return found


def check_keys(settings: KeySettings, app_class: type[App[Any]]) -> KeyCheck:
    """The entries of ``[keys]`` that can be applied, and a problem for each other one."""
    check = KeyCheck(problems=list(settings.problems))
    if not settings.keys:
        return check
    scopes = key_scopes()
    app = app_bindings(app_class)
    known = {b.id for b in app} | {
        b.id for scope in scopes for holder in scope.holders for b in bindings_of([holder])
    }
    for binding_id, keys in settings.keys.items():
        if binding_id not in known:
            check.problems.append(
                settings.problem(binding_id, "no key of opssl has this id (opssl keys lists them)")
            )
            continue
        wrong = [key for key in keys.split(",") if not is_key(key)]
        if wrong:
            check.problems.append(
                settings.problem(
                    binding_id,
                    f"{wrong[0]!r} is not a key (keys look like ctrl+f, f3, /, shift+tab)",
                )
            )
            continue
        # As App.set_keymap stores them: "/" is "slash".
        check.keymap[binding_id] = _normalize_key_list(keys)
    # A refused entry can leave another one clashing with the key it would have moved.
    while clashes := _clashes(scopes, app, app_class.__name__, check.keymap):
        for clash in clashes:
            if clash.binding_id not in check.keymap:
                continue
            del check.keymap[clash.binding_id]
            what = clash.other.description or clash.other.action
            which = f" ({clash.other.id})" if clash.other.id else ""
            check.problems.append(
                settings.problem(
                    clash.binding_id,
                    f"{written(clash.key)} is already {what}{which} on {clash.where}; "
                    "not applied, the default key stays",
                )
            )
    return check
