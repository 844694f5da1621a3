"""The README's two commands are the ones that work: CI runs the test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _code_lines(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command() -> None:
    readme = _code_lines((ROOT / "README.md").read_text())
    test_commands = [line for line in readme if line.endswith("tests/run.sh")]
    assert len(test_commands) == 1, test_commands
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_commands[0] in [line.strip() for line in ci]


def test_readme_has_the_demo_command() -> None:
    readme = _code_lines((ROOT / "README.md").read_text())
    assert any(line.endswith("opssl --demo") and "pip install" in line for line in readme)
