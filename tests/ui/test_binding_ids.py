"""Every key binding of the app has an id (what ``[keys]`` in config.toml rebinds), an
id names one action, and every screen or widget with bindings is in ``key_scopes`` (so
``[keys]`` is checked against it, and ``opssl keys`` lists it)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui_app.ui
from tui_app.ui.app import OpsslApp
from tui_app.ui.key_check import is_key
from tui_app.ui.key_scopes import key_scopes


def binding_classes() -> Iterator[type[DOMNode]]:
    """Each class of the UI package that declares bindings of its own."""
    for module_info in pkgutil.walk_packages(tui_app.ui.__path__, "tui_app.ui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
                and value.__dict__.get("BINDINGS")
            ):
                yield value


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    return list(Binding.make_bindings(cls.__dict__["BINDINGS"]))


def test_every_binding_has_an_id_and_an_id_names_one_action() -> None:
    classes = list(binding_classes())
    assert len(classes) > 20
    actions: dict[str, set[str]] = {}
    for cls in classes:
        for binding in own_bindings(cls):
            where = f"{cls.__module__}.{cls.__name__}: {binding.key} -> {binding.action}"
            assert binding.id, f"no id: {where}"
            actions.setdefault(binding.id, set()).add(binding.action)
    assert {i: a for i, a in actions.items() if len(a) > 1} == {}


def test_every_class_with_bindings_is_in_a_key_scope() -> None:
    holders = [OpsslApp, *(h for scope in key_scopes() for h in scope.holders)]
    missing = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in binding_classes()
        if not any(issubclass(holder, cls) for holder in holders)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ctrl+f", True),
        ("f5", True),
        ("/", True),
        ("slash", True),
        ("question_mark", True),
        ("shift+tab", True),
        ("ctrl+shift+up", True),
        ("G", True),
        ("crtl+f", False),
        ("ctrl+", False),
        ("control+f", False),
        ("f55", False),
        (" ", False),
        ("enterr", False),
    ],
)
def test_what_is_a_key(text: str, key: bool) -> None:
    assert is_key(text) is key
