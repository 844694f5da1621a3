"""The scripting commands stay light: run for real in a fresh interpreter, none of them
imports Textual or Rich (the app's UI), whatever path it takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui_app.sandbox import Sandbox

_RUN = """
import contextlib, io, json, sys
from tui_app.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
ui = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "rich"})
print(json.dumps({"code": code, "ui": ui, "out": out.getvalue()}))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ("orders", "list", "--json"),
        ("orders", "list", "--status", "REQ"),
        ("orders", "show", "1306002"),
        ("dcv", "set", "1306001", "--all", "email", "--yes", "--json"),
        ("dcv", "set", "--search", "*.com", "--status", "PAI", "--all", "dns", "--yes", "--json"),
        ("history", "--json"),
    ],
)
def test_no_scripting_command_imports_textual(sandbox: Sandbox, argv: tuple[str, ...]) -> None:
    env = {**os.environ, "OPSSL_TOKEN": sandbox.issue_token()}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "--base-url", sandbox.base_url, *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["ui"] == []
    assert report["out"]  # it did its work


_APP_START = """
import json, sys
import tui_app.startup
seen = []
tui_app.startup.run_tui = lambda **kwargs: seen.append(kwargs) or 0
from tui_app.cli import main
code = main(sys.argv[1:])
names = ("tui_app.commands", "tui_app.auth.commands")
commands = sorted(m for m in sys.modules if m.startswith(names))
print(json.dumps({"code": code, "seen": seen, "commands": commands}))
"""


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        ((), {"demo": False, "base_url": None, "profile": None, "read_only": False}),
        (
            ("--demo", "--read-only"),
            {"demo": True, "base_url": None, "profile": None, "read_only": True},
        ),
        (
            ("--profile", "orders"),
            {"demo": False, "base_url": None, "profile": "orders", "read_only": False},
        ),
    ],
)
def test_the_app_starts_without_any_commands_parser(
    argv: tuple[str, ...], wanted: dict[str, object]
) -> None:
    """``opssl`` with the app's options only: read without importing the commands' modules
    (a profile named like a command is still a profile)."""
    done = subprocess.run(
        [sys.executable, "-c", _APP_START, *argv], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "seen": [wanted], "commands": []}


def test_a_mistake_in_the_apps_options_is_told_as_before(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Anything the app's options alone do not read goes to the whole parser: its usage
    line and its words."""
    from tui_app.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["--demo", "--profile", "x"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "COMMAND ..." in err and "not allowed with argument --demo" in err
