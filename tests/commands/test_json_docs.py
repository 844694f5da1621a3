"""docs/json.md and the real output cannot drift: every documented block is compared, field
by field and type by type, with what the commands print against the sandbox."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.commands.conftest import Cli
from tui_app.commands.orders import CSV_COLUMNS
from tui_app.sandbox import Sandbox

DOC = Path(__file__).resolve().parents[2] / "docs" / "json.md"


def documented() -> dict[str, Any]:
    text = DOC.read_text()
    blocks = re.findall(r"<!-- shape: ([\w ]+) -->\n```json\n(.*?)```", text, re.DOTALL)
    return {name: json.loads(body) for name, body in blocks}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "text", list: "list", dict: "object"}[type(value)]


def conforms(examples: list[Any], real: Any, where: str = "$") -> None:
    """``real`` has the shape of the documented ``examples`` of this place (several when a
    list documents several items). ``null`` is allowed where the docs say it may be; an
    object whose examples differ in their keys (a request body) is free in its keys."""
    if real is None:
        return
    shown = [e for e in examples if e is not None]
    if not shown:
        return
    kinds = {_kind(e) for e in shown}
    assert kinds == {_kind(real)}, f"{where}: documented {kinds}, printed {_kind(real)}"
    if isinstance(real, dict):
        keys = {frozenset(e) for e in shown}
        if len(keys) > 1:
            return  # free-form (documented as such)
        (expected,) = keys
        assert set(real) == set(expected), (
            f"{where}: undocumented {sorted(set(real) - expected)}, "
            f"missing {sorted(expected - set(real))}"
        )
        for key in real:
            conforms([e[key] for e in shown], real[key], f"{where}.{key}")
    elif isinstance(real, list):
        items = [item for e in shown for item in e]
        for index, item in enumerate(real):
            conforms(items, item, f"{where}[{index}]")


def test_every_json_command_is_documented() -> None:
    assert set(documented()) == {"orders list", "orders show", "dcv set", "history"}
    for doc in documented().values():
        assert doc["version"] == 1


def test_the_documented_shapes_are_what_the_commands_print(cli: Cli, sandbox: Sandbox) -> None:
    docs = documented()
    listed = cli("orders", "list", "--json").json()
    conforms([docs["orders list"]], listed)
    shown = cli("orders", "show", "1306002", "--json").json()
    conforms([docs["orders show"]], shown)

    # A bulk run with every outcome: sent, unchanged, invalid, failed, not_sent.
    ids = [o["id"] for o in cli("orders", "list", "--json", "--status", "REQ").json()["orders"]]
    second = [i for i in ids if set(sandbox.store.orders[i].dcv.values()) != {"http"}][1]
    sandbox.faults.update(error_next=1, methods=["PUT"], paths=[f"/ssl/orders/{second}"])
    ran = cli("dcv", "set", "--search", "*", "--status", "REQ", "--status", "ACT",
              "--all", "http", "--skip-invalid", "--yes", "--json")  # fmt: skip
    assert ran.code == 1
    switched = ran.json()
    results = {o["result"] for o in switched["orders"]}
    assert {"sent", "invalid", "failed", "not_sent"} <= results
    assert any(o["kept"] for o in switched["orders"])
    conforms([docs["dcv set"]], switched)
    single = cli("dcv", "set", "1306001", "--all", "email", "--yes", "--json").json()
    conforms([docs["dcv set"]], single)

    history = cli("history", "--json").json()
    assert {e["result"] for e in history["entries"]} == {"ok", "refused"}
    conforms([docs["history"]], history)


def test_a_drifted_field_is_caught() -> None:
    doc = {"a": 1, "b": [{"c": "x"}]}
    conforms([doc], {"a": 2, "b": [{"c": "y"}, {"c": None}]})
    for drifted in ({"a": 1}, {"a": "1", "b": []}, {"a": 1, "b": [{"c": "x", "d": 1}]}):
        with pytest.raises(AssertionError):
            conforms([doc], drifted)


def test_the_documented_csv_columns_are_the_real_ones() -> None:
    text = " ".join(DOC.read_text().split())
    match = re.search(r"`--csv` has the columns `(.*?)`, with a header row", text)
    assert match is not None
    columns = [re.sub(r"\s*\(.*?\)", "", c).strip() for c in match.group(1).split(", ")]
    assert tuple(columns) == CSV_COLUMNS
