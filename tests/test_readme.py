"""The README's two commands are the ones that work: CI runs the test command verbatim."""

from __future__ import annotations

import importlib.util
import re
import sys
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


def test_every_picture_the_readme_shows_is_generated() -> None:
    """The README's pictures exist, and each one is made by screenshots/generate.py."""
    spec = importlib.util.spec_from_file_location(
        "screenshots_generate", ROOT / "screenshots" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules["screenshots_generate"] = generate  # dataclasses look their module up
    spec.loader.exec_module(generate)
    made = {f"screenshots/{shot.name}.svg" for shot in generate.SHOTS}
    shown = set(re.findall(r"\((screenshots/[\w.-]+\.svg)\)", (ROOT / "README.md").read_text()))
    assert shown, "the README shows no picture"
    assert shown <= made, shown - made
    for path in made:
        svg = (ROOT / path).read_text()
        assert svg.startswith("<svg") and "opssl" in svg, path


def test_readme_states_the_time_budget_the_client_keeps() -> None:
    from tui_app.api.client import DEFAULT_BUDGET

    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Reliability", 1)[1].split("\n## ", 1)[0]
    assert f"budget of **{DEFAULT_BUDGET:g} s**" in section
    for guarantee in ("No crash", "No lost edit", "No repeated write", "A dead API"):
        assert guarantee in section
