"""api/, core/, auth/, sandbox/, commands/, journal/, formats/ work without the UI:
none imports textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tui_app

PACKAGE = Path(tui_app.__file__).parent
NON_UI = ("api", "core", "auth", "sandbox", "commands", "journal", "formats")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_non_ui_module_imports_textual_or_the_ui() -> None:
    checked = 0
    for layer in NON_UI:
        for path in (PACKAGE / layer).rglob("*.py"):
            checked += 1
            bad = {
                n
                for n in _imports(path)
                if n.split(".")[0] in ("textual", "rich") or n.startswith("tui_app.ui")
            }
            assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"
    assert checked >= 15


def test_importing_every_non_ui_module_loads_no_textual() -> None:
    modules = [
        "tui_app." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for layer in NON_UI
        for p in sorted((PACKAGE / layer).rglob("*.py"))
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m.removesuffix('.__init__'))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_start_with_a_token_imports_neither_keyring_nor_cryptography() -> None:
    """The modules every start loads (the command, start-up, the UI) import neither: the
    keyring loads when a token is looked up or saved, cryptography when a CSR is read."""
    code = (
        "import sys\n"
        "import tui_app.cli, tui_app.startup, tui_app.ui.app\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'keyring', 'cryptography'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
