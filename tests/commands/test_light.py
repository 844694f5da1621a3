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
