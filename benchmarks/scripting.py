"""The scripting commands' cost: ``opssl orders list --json`` against ``python -c 'import httpx'``.

    python benchmarks/scripting.py [--runs 7]

Each run is a fresh process, from launch to exit, against the benchmark sandbox (10,000
orders in its own process, ``harness.Sandbox``); opssl's runs and the baseline's are
interleaved so that the machine's load hits both alike. The baseline is the least any
Python tool that talks HTTP with httpx pays before its first request. Two opssl figures:
one order (``--search acme.com``: start-up, one request, a small document: what a cron
check pays) and the whole account (ten pages of 1,000 orders, 10,000 orders of JSON).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

from harness import ORDERS, ROOT, Sandbox, Stat, child_env

BASELINE = "import httpx"


def _commands(url: str) -> dict[str, list[str]]:
    opssl = [sys.executable, "-m", "tui_app", "--base-url", url, "orders", "list", "--json"]
    return {
        "baseline": [sys.executable, "-c", BASELINE],
        "one_order": [*opssl, "--search", "acme.com"],
        "everything": opssl,
    }


def _time(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:8])} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def measure(url: str, token: str, runs: int) -> dict[str, Stat]:
    """Median and minimum wall time of each command over ``runs`` interleaved runs."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **child_env(token),
            "OPSSL_TOKEN": token,
            "OPSSL_CONFIG": os.path.join(scratch, "config.toml"),
            "OPSSL_JOURNAL": os.path.join(scratch, "journal.jsonl"),
        }
        commands = _commands(url)
        for command in commands.values():
            _time(command, env)  # warm-up: writes the byte-code
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(_time(command, env))
    return {name: Stat.of(values) for name, values in times.items()}


def _ms(value: Stat) -> str:
    return f"{value.median * 1000:7.0f} ms (min {value.low * 1000:5.0f})"


def report(figures: dict[str, Stat]) -> None:
    base = figures["baseline"]
    runs = base.runs
    print(f"scripting: fresh process, launch to exit, {runs} runs each")
    print(f"  python -c '{BASELINE}'                      {_ms(base)}")
    for name, what in (
        ("one_order", "opssl orders list --json --search acme.com"),
        ("everything", f"opssl orders list --json ({ORDERS:,} orders)"),
    ):
        mine = figures[name]
        ratio = f"{mine.median / base.median:5.2f}x (mins {mine.low / base.low:4.2f}x)"
        print(f"  {what:43}{_ms(mine)}   {ratio} the baseline")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with Sandbox() as sandbox:
        figures = measure(sandbox.url, sandbox.token, args.runs)
    report(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
