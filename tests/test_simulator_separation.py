"""The simulator and the client are two readings of the API, and stay two.

``sandbox/`` never imports ``core`` (a rule the client misreads would be misread by the
simulator too, and no test could notice); ``formats/``, which both read, imports neither
side nor ``api`` or ``ui``; no sandbox module imports its own package (through
``__init__``, which imports the server, which imports them: a cycle). Every import
counts: inside functions and under ``TYPE_CHECKING`` too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tui_app

PACKAGE = Path(tui_app.__file__).parent


def imported(source: str, module: str) -> set[str]:
    """Every module name ``source`` (the module ``module``) imports, anywhere in it;
    ``from a import b`` names both ``a`` and ``a.b`` (b may be a submodule)."""
    names: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def modules_of(layer: str) -> dict[str, set[str]]:
    """Each module of ``tui_app.<layer>`` and what it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        name = ".".join(("tui_app", *path.relative_to(PACKAGE).with_suffix("").parts))
        found[name] = imported(path.read_text(encoding="utf-8"), name)
    return found


def under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_checker_sees_imports_inside_functions_and_relative_ones() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tui_app.core.draft import OrderDraft\n"
        "def later():\n    from ..core import csr\n    import tui_app.api.models\n"
    )
    names = imported(source, "tui_app.sandbox.example")
    assert {"tui_app.core.draft", "tui_app.core", "tui_app.core.csr", "tui_app.api.models"} <= names


def test_no_sandbox_module_imports_core() -> None:
    modules = modules_of("sandbox")
    assert len(modules) >= 25
    for module, names in modules.items():
        bad = sorted(n for n in names if under(n, "tui_app.core"))
        assert not bad, f"{module} imports {bad}: the simulator must read the API on its own"


def test_formats_imports_no_other_part_of_the_app() -> None:
    modules = modules_of("formats")
    assert len(modules) >= 4
    for module, names in modules.items():
        ours = {n for n in names if under(n, "tui_app")}
        bad = sorted(n for n in ours if not under(n, "tui_app.formats"))
        assert not bad, f"{module} imports {bad}: formats/ is read by both sides, it imports none"


def test_no_sandbox_module_imports_its_own_package() -> None:
    for module, names in modules_of("sandbox").items():
        if module == "tui_app.sandbox.__init__":
            continue
        assert "tui_app.sandbox" not in names, (
            f"{module} imports tui_app.sandbox itself; import the submodule directly"
        )


def test_loading_the_whole_simulator_loads_no_core_module() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import tui_app.sandbox as package\n"
        "for info in pkgutil.iter_modules(package.__path__):\n"
        "    importlib.import_module('tui_app.sandbox.' + info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tui_app.core', 'tui_app.api',"
        " 'tui_app.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
