"""Benchmark the order browser against a bare Textual app.

    python benchmarks/browser.py [--runs 5]

A sandbox with 10,000 orders runs in its own process (started, and every page read
once, before any timing: a real API has its orders at rest). Each measurement runs in
a fresh child process so that memory figures do not mix:

- start-up: from the launch of the process to the first table row with data drawn
  (headless, 160x48), for opssl (which must fetch that page over HTTP, and runs through
  ``startup.launch`` as the command does) and for a bare Textual app that shows a
  100-row DataTable it already has in memory; also from constructing the app;
- ``G``: from the key press to the last of 10,000 orders drawn;
- memory: peak resident set size (``VmHWM`` in /proc) of each process, opssl's after it has
  paged through all 10,000 orders, compared with the bare app's.

Prints each figure (median of the runs) and the ratios against the targets:
start-up within 1.5x of the bare app, memory under 60 MB above it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ORDERS = 10_000
SIZE = (160, 48)
PYCACHE = os.path.join(os.environ.get("TMPDIR", "/tmp"), "opssl-benchmark-pycache")
START_TARGET = 1.5
MEMORY_TARGET_MB = 60.0


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """VmHWM, the process's own peak RSS (ru_maxrss can carry the parent's across exec)."""
    return _status_mb("VmHWM")


def current_rss_mb() -> float:
    return _status_mb("VmRSS")


# -- children: one measurement each, printed as JSON on the last line -------------------


def since_launch(moment: float) -> float:
    """Seconds from the parent's launch of this process to ``moment`` (a perf_counter)."""
    return time.time() - (time.perf_counter() - moment) - float(os.environ["OPSSL_BENCH_T0"])


async def bare_child() -> dict[str, Any]:
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    drawn: dict[str, float] = {}

    class TimedTable(DataTable[Text]):
        def render_line(self, y: int) -> Any:
            if y >= 1 and self.row_count and "first" not in drawn:
                drawn["first"] = time.perf_counter()
            return super().render_line(y)

    rows = [
        tuple(
            Text(v)
            for v in (
                str(1_306_001 + i),
                f"host{i}.example.com",
                "EssentialSSL",
                "ACT active",
                "2027-01-01",
                "on",
            )
        )
        for i in range(100)
    ]

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            table: TimedTable = TimedTable(cursor_type="row")
            table.add_columns("Order", "Common name", "Product", "Status", "Expires", "Autorenew")
            table.add_rows(rows)
            yield table

    start = time.perf_counter()
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        while "first" not in drawn:
            await pilot.pause(0.001)
    return {
        "start": drawn["first"] - start,
        "launch": since_launch(drawn["first"]),
        "peak_mb": peak_rss_mb(),
        "rss_mb": current_rss_mb(),
    }


async def opssl_child(url: str, token: str) -> dict[str, Any]:
    """Runs the app through ``startup.launch``, the path ``opssl`` itself takes."""
    from tui_app.core.environment import Connection, Kind
    from tui_app.startup import StartPlan, launch

    drawn: dict[str, float] = {}
    figures: dict[str, Any] = {}

    def patch_table() -> None:
        from tui_app.ui.browser.order_table import OrderTable

        original = OrderTable._render_row

        def timed(self: OrderTable, index: int, row: Any, *args: Any) -> Any:
            now = time.perf_counter()
            if row is not None:
                drawn.setdefault("first", now)
                if index == self.total - 1:
                    drawn.setdefault("last", now)
            return original(self, index, row, *args)

        OrderTable._render_row = timed  # type: ignore[method-assign,assignment]

    async def run(app: Any) -> None:
        from tui_app.ui.browser.screen import BrowserScreen

        patch_table()
        constructed = figures["constructed"] = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            while "first" not in drawn:
                await pilot.pause(0.001)
            figures["start"] = drawn["first"] - constructed
            figures["launch"] = since_launch(drawn["first"])
            screen = app.screen_stack[0]
            assert isinstance(screen, BrowserScreen)
            figures["rss_first_mb"] = current_rss_mb()
            pressed = time.perf_counter()
            await pilot.press("G")
            while "last" not in drawn:
                await pilot.pause(0.001)
            figures["last"] = drawn["last"] - pressed
            # Page through the whole account, as pagedown would, a page at a time.
            paging = time.perf_counter()
            for index in range(0, ORDERS, 100):
                screen.table.move_to(index)
                while screen.pages.row(index) is None:
                    await pilot.pause(0.002)
            figures["page_all"] = time.perf_counter() - paging
            figures["loaded"] = screen.pages.loaded_count

    plan = StartPlan(url, token, Connection(url, Kind.CUSTOM, "OPSSL_TOKEN"))
    await launch(plan, run)
    figures.pop("constructed")
    return {**figures, "peak_mb": peak_rss_mb(), "rss_mb": current_rss_mb()}


# -- the parent: sandbox, children, report ---------------------------------------------------


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui_app",
            "sandbox",
            "--port",
            "0",
            "--orders",
            str(ORDERS),
            "--today",
            "2026-11-29",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "base URL:" in line:
            return process, line.split("base URL:")[1].strip()
    raise RuntimeError("the sandbox did not start")


def prepare(url: str) -> str:
    """Sign in and read every page once, so lazily made CSRs exist before timing."""
    import httpx

    token = httpx.post(f"{url}/auth/login", json={"username": "demo", "password": "demo"}).json()
    bearer = token["data"]["token"]
    for offset in range(0, ORDERS, 1000):
        httpx.get(
            f"{url}/ssl/orders",
            params={"limit": 1000, "offset": offset},
            headers={"Authorization": f"Bearer {bearer}"},
            timeout=120,
        ).raise_for_status()
    return str(bearer)


def child_env(token: str) -> dict[str, str]:
    """Byte-code cached as an installed package has it (pip compiles on install), kept
    out of the source tree, whatever PYTHONDONTWRITEBYTECODE says here."""
    env = {**os.environ, "OPSSL_BENCH_TOKEN": token, "PYTHONPYCACHEPREFIX": PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(kind: str, url: str, token: str) -> dict[str, Any]:
    env = {**child_env(token), "OPSSL_BENCH_T0": repr(time.time())}
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--url", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("bare", "opssl"))
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child == "bare":
        print(json.dumps(asyncio.run(bare_child())))
        return 0
    if args.child == "opssl":
        print(json.dumps(asyncio.run(opssl_child(args.url, os.environ["OPSSL_BENCH_TOKEN"]))))
        return 0

    sandbox, url = start_sandbox()
    try:
        token = prepare(url)
        run_child("bare", url, token)  # warm-up runs, not counted: they write the byte-code
        run_child("opssl", url, token)
        bare, opssl = [], []
        for _ in range(args.runs):  # interleaved, so drift affects both alike
            bare.append(run_child("bare", url, token))
            opssl.append(run_child("opssl", url, token))
    finally:
        sandbox.terminate()
        sandbox.wait()

    bare_launch, our_launch = median(bare, "launch"), median(opssl, "launch")
    bare_start, our_start = median(bare, "start"), median(opssl, "start")
    bare_peak, our_peak = median(bare, "peak_mb"), median(opssl, "peak_mb")
    launch_ratio = our_launch / bare_launch
    extra_mb = our_peak - bare_peak
    ms = 1000
    print(
        f"opssl browser benchmark: {ORDERS:,} orders, {SIZE[0]}x{SIZE[1]} headless, "
        f"median of {args.runs} runs, each in a fresh process"
    )
    print("start-up: launch of the process to the first table row with data drawn")
    print(f"  bare Textual app, 100-row DataTable in memory   {bare_launch * ms:7.0f} ms")
    print(f"  opssl, first page of 100 fetched over HTTP      {our_launch * ms:7.0f} ms")
    print(
        f"  ratio                                           {launch_ratio:7.2f}x "
        f"(target <= {START_TARGET}x) {'OK' if launch_ratio <= START_TARGET else 'MISSED'}"
    )
    print("start-up: App() constructed (imports done) to the first row drawn")
    print(f"  bare Textual app                                {bare_start * ms:7.0f} ms")
    print(f"  opssl (includes the HTTP round trip)            {our_start * ms:7.0f} ms")
    print(f"  ratio                                           {our_start / bare_start:7.2f}x")
    print("paging")
    print(
        f"  G: key press to the last of {ORDERS:,} drawn     {median(opssl, 'last') * ms:7.0f} ms"
    )
    print(
        f"  through all {ORDERS:,} orders, page by page      {median(opssl, 'page_all'):7.2f} s "
        f"({opssl[0]['loaded']:,} rows held)"
    )
    print("memory: peak resident set size of the process (VmHWM)")
    print(f"  bare Textual app                                {bare_peak:7.1f} MB")
    print(
        f"  opssl at its first rows (current RSS)           {median(opssl, 'rss_first_mb'):7.1f} MB"
    )
    print(f"  opssl after paging through all {ORDERS:,}      {our_peak:7.1f} MB")
    print(
        f"  above the bare app                              {extra_mb:7.1f} MB "
        f"(target < {MEMORY_TARGET_MB:.0f} MB) {'OK' if extra_mb < MEMORY_TARGET_MB else 'MISSED'}"
    )
    return 0 if launch_ratio <= START_TARGET and extra_mb < MEMORY_TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
