"""How quickly the edit form opens and answers, against the sandbox over loopback HTTP.

    python benchmarks/edit_form.py [--runs 5]

Headless, the sandbox in a process of its own, for three orders (REQ with one host, PAI
multi-domain, and a multi-domain order grown to 250 hosts, the products' maximum) at 80x24
and 160x48:

- open: from the ``e`` press to the form ready (the order, product and approver list
  read, the fields mounted), and to the screen settled (drawn, nothing pending);
- key: a method key on a DCV row, until the app is idle again;
- switch: the four-key DCV switch (e, d, ctrl+s, enter) until the form is back from
  re-reading the order, i.e. everything the user waits for.

Prints the median of the runs for each figure, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from multiprocessing.connection import Connection as Connection_
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import idle  # noqa: E402

from tui_app.core.edit_session import Phase  # noqa: E402
from tui_app.core.environment import Connection, Kind  # noqa: E402
from tui_app.sandbox import Sandbox  # noqa: E402
from tui_app.startup import StartPlan, launch  # noqa: E402
from tui_app.ui.app import OpsslApp  # noqa: E402
from tui_app.ui.browser.screen import BrowserScreen  # noqa: E402
from tui_app.ui.edit.screen import EditScreen  # noqa: E402

TODAY = datetime(2026, 11, 29, 12)
SIZES = ((80, 24), (160, 48))
# Order, and a method key that changes its first row.
CASES = {
    "REQ, 1 host": (1306001, "e"),
    "PAI, 3 hosts": (1306007, "d"),
    "REQ, 250 hosts": (1306037, "e"),
}
BIG_HOSTS = 250


def grow(sandbox: Sandbox, order_id: int, hosts: int) -> None:
    """Give a multi-domain order host names up to ``hosts`` hosts in all, all on dns."""
    with sandbox.store.lock:
        order = sandbox.store.orders[order_id]
        base = order.common_name
        extra = hosts - len(order.hosts)
        names = [f"h{i}.{base}" for i in range(extra)]
        order.host_names = [*order.host_names, *names]
        order.dcv.update(dict.fromkeys(names, "dns"))


def _serve(hosts: int, order_id: int, pipe: Connection_) -> None:
    """In a process of its own: the 40-order sandbox, grown, until the parent says stop."""
    with Sandbox(orders=40, seed=1, today=TODAY) as sandbox:
        if hosts:
            grow(sandbox, order_id, hosts)
        pipe.send((sandbox.base_url, sandbox.issue_token()))
        pipe.recv()


@contextmanager
def served(hosts: int, order_id: int) -> Iterator[tuple[str, str]]:
    """The sandbox in its own process, as the API is: its work for a 250-host order
    (reading the PUT, writing the order back) is not the app's, and in the app's process
    it took the app's CPU and made its garbage collector walk the server's objects too."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(hosts, order_id, theirs), daemon=True)
    process.start()
    try:
        url, token = ours.recv()
        yield url, token
    finally:
        ours.send("stop")
        process.join(timeout=10)


async def until_ready(app: OpsslApp) -> None:
    while True:
        screen = app.screen
        if isinstance(screen, EditScreen) and screen.session.phase is Phase.READY:
            return
        await asyncio.sleep(0.001)


def index_of(app: OpsslApp, order_id: int) -> int:
    screen = app.screen_stack[0]
    assert isinstance(screen, BrowserScreen)
    pages = screen.pages
    for index in range(pages.total or 0):
        row = pages.row(index)
        if row is not None and row.id == order_id:
            return index
    raise LookupError(order_id)


async def measure(
    url: str, token: str, order_id: int, key: str, size: tuple[int, int]
) -> dict[str, float]:
    """Started through ``startup.launch`` as ``opssl --base-url URL`` with ``OPSSL_TOKEN``
    is, so that the collector is in the command's state (everything imported frozen)."""
    figures: dict[str, float] = {}

    async def run(app: OpsslApp) -> None:
        app.detail_debounce = 0
        async with app.run_test(size=size) as pilot:
            await idle(pilot)
            screen = app.screen_stack[0]
            assert isinstance(screen, BrowserScreen)
            screen.table.move_to(index_of(app, order_id))
            await idle(pilot)

            start = time.perf_counter()
            await pilot.press("e")
            await until_ready(app)
            figures["open: ready"] = time.perf_counter() - start
            await idle(pilot)
            figures["open: settled"] = time.perf_counter() - start

            start = time.perf_counter()
            await pilot.press(key)
            await idle(pilot)
            figures["key"] = time.perf_counter() - start
            await pilot.press("escape")  # the edit is unsent: the form asks
            await idle(pilot)
            await pilot.press("y")
            await idle(pilot)

            start = time.perf_counter()
            await pilot.press("e")
            await until_ready(app)
            await pilot.press(key, "ctrl+s")
            await idle(pilot)
            await pilot.press("enter")
            await idle(pilot)
            await until_ready(app)
            figures["switch: 4 keys"] = time.perf_counter() - start

    await launch(StartPlan(url, token, Connection(url, Kind.CUSTOM, "OPSSL_TOKEN")), run)
    return figures


async def main(runs: int) -> None:
    print(f"edit form, median of {runs} runs, milliseconds")
    for label, (order_id, key) in CASES.items():
        for size in SIZES:
            samples: dict[str, list[float]] = {}
            for _ in range(runs):
                with served(BIG_HOSTS if "250" in label else 0, order_id) as (url, token):
                    figures = await measure(url, token, order_id, key, size)
                    for name, value in figures.items():
                        samples.setdefault(name, []).append(value)
            shown = "  ".join(
                f"{name} {statistics.median(values) * 1000:6.0f}"
                for name, values in samples.items()
            )
            print(f"{label:15} {size[0]:>3}x{size[1]:<3} {shown}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))


# -- children of run.py: a 1-host and a 250-host order, each in a fresh process ----------


async def _case(label: str) -> dict[str, float]:
    """One run of ``measure`` at 160x48 against a 40-order sandbox in its own process."""
    order_id, key = CASES[label]
    with served(BIG_HOSTS if "250" in label else 0, order_id) as (url, token):
        figures = await measure(url, token, order_id, key, SIZES[1])
    return {
        "open": figures["open: settled"],
        "key": figures["key"],
        "switch": figures["switch: 4 keys"],
    }


async def one_host(url: str, token: str) -> dict[str, float]:
    return await _case("REQ, 1 host")


async def many_hosts(url: str, token: str) -> dict[str, float]:
    return await _case("REQ, 250 hosts")
