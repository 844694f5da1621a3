"""What every benchmark shares: the sandbox process, fresh child processes, figures.

Each measurement runs in a child process started by ``run_child`` (so that memory and
start-up figures do not mix and every run pays the same imports); the child runs one
async function named ``module:function`` with the sandbox's URL and a token, and prints
its figures as JSON on its last line. The sandbox runs in a process of its own: a real
API does its work on another machine, not in the app's interpreter.

Children start through this file (``python benchmarks/harness.py --child ...``), so the
bare Textual app and opssl start exactly the same way; it imports nothing beyond the
standard library at module level, so that neither side pays for the other's imports.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

ORDERS = 10_000
TODAY = "2026-11-29"
PYCACHE = os.path.join(os.environ.get("TMPDIR", "/tmp"), "opssl-benchmark-pycache")
# The children's config, journal and state: never the user's (a [keys] table would change
# what is measured, and the children's sends to the loopback sandbox are not real writes).
HOME = os.path.join(os.environ.get("TMPDIR", "/tmp"), "opssl-benchmark-home")

Figures = dict[str, Any]
Child = Callable[[str, str], Coroutine[Any, Any, Figures]]


# -- inside a child ------------------------------------------------------------------------


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


def since_launch(moment: float) -> float:
    """Seconds from the parent's launch of this process to ``moment`` (a perf_counter)."""
    return time.time() - (time.perf_counter() - moment) - float(os.environ["OPSSL_BENCH_T0"])


async def until(
    condition: Callable[[], object], pilot: Any, what: str, seconds: float = 30
) -> None:
    """Pause until ``condition()`` holds; a child that never sees it fails, not hangs."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline or not pilot.app.is_running:
            raise RuntimeError(f"not within {seconds:.0f} s: {what}")
        await pilot.pause(0.001)


async def idle(pilot: Any) -> None:
    """Every worker done and the screen refreshed (the same test for opssl and bare apps)."""
    from textual.worker import WorkerCancelled, WorkerState

    app = pilot.app
    for _ in range(200):
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
            return


class FirstFrame:
    """When the app first wrote a frame once ``changed()`` held: "the screen updated".

    Wraps the app's ``_display``, where every compositor update goes to the driver (the
    headless driver then drops it, a terminal's writes it), and asks ``changed()`` at each
    frame; the first frame for which it holds is the one that shows the change. The same
    hook times opssl and its bare baseline, so neither side's wait for idle is counted.
    """

    def __init__(self, app: Any, changed: Callable[[], bool]) -> None:
        self.at: float | None = None
        self._changed = changed
        self._display = app._display
        app._display = self._frame

    def _frame(self, screen: Any, renderable: Any) -> None:
        self._display(screen, renderable)
        if self.at is None and renderable is not None and self._changed():
            self.at = time.perf_counter()

    def since(self, pressed: float) -> float:
        if self.at is None:
            raise RuntimeError("no frame was written after the change")
        return self.at - pressed


# -- the parent: sandbox, children ----------------------------------------------------------


class Sandbox:
    """``opssl sandbox`` with 10,000 orders in its own process, signed in and warmed up."""

    def __init__(self, orders: int = ORDERS) -> None:
        self.orders = orders
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.token = ""

    def __enter__(self) -> Sandbox:
        import subprocess

        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "tui_app", "sandbox", "--port", "0"),
                *("--orders", str(self.orders), "--today", TODAY),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if "base URL:" in line:
                self.url = line.split("base URL:")[1].strip()
                break
        else:
            raise RuntimeError("the sandbox did not start")
        self.token = self._prepare()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()

    def _prepare(self) -> str:
        """Sign in and read every page once: a real API has its orders at rest, and the
        sandbox makes CSRs and certificates lazily, on first read."""
        import httpx

        login = httpx.post(
            f"{self.url}/auth/login", json={"username": "demo", "password": "demo"}
        ).json()
        bearer = str(login["data"]["token"])
        for offset in range(0, self.orders, 1000):
            httpx.get(
                f"{self.url}/ssl/orders",
                params={"limit": 1000, "offset": offset},
                headers={"Authorization": f"Bearer {bearer}"},
                timeout=120,
            ).raise_for_status()
        return bearer


def child_env(token: str) -> dict[str, str]:
    """Byte-code cached as an installed package has it (pip compiles on install), kept
    out of the source tree, whatever PYTHONDONTWRITEBYTECODE says here; the user's
    files out of reach (``HOME``)."""
    env = {**os.environ, "OPSSL_BENCH_TOKEN": token, "PYTHONPYCACHEPREFIX": PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = os.path.join(HOME, name.lower())
    return env


def run_child(target: str, url: str = "", token: str = "") -> Figures:
    """Run ``module:function`` in a fresh interpreter and return what it measured."""
    import subprocess

    env = {**child_env(token), "OPSSL_BENCH_T0": repr(time.time())}
    done = subprocess.run(
        [sys.executable, __file__, "--child", target, "--url", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child {target} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_interleaved(
    targets: Sequence[str], runs: int, url: str, token: str, *, warm_up: bool = True
) -> dict[str, list[Figures]]:
    """``runs`` of each child, interleaved so that drift in the machine's load hits all
    alike; one uncounted warm-up run each first (it writes the byte-code)."""
    if warm_up:
        for target in targets:
            run_child(target, url, token)
    results: dict[str, list[Figures]] = {t: [] for t in targets}
    for _ in range(runs):
        for target in targets:
            results[target].append(run_child(target, url, token))
    return results


# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    """A figure over several runs: the median is reported, the minimum shown beside it
    (on a shared machine the minimum is the run least disturbed by others)."""

    median: float
    low: float
    runs: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Stat:
        import statistics

        data = sorted(values)
        return cls(float(statistics.median(data)), data[0], len(data))


def stat(runs: Sequence[Figures], key: str) -> Stat:
    return Stat.of(float(r[key]) for r in runs)


def _child_main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="run one benchmark child")
    parser.add_argument("--child", required=True, help="module:function")
    parser.add_argument("--url", default="")
    args = parser.parse_args(argv)
    module_name, function_name = args.child.split(":")
    child: Child = getattr(importlib.import_module(module_name), function_name)
    figures = asyncio.run(child(args.url, os.environ.get("OPSSL_BENCH_TOKEN", "")))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main())
