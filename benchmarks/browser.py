"""The order browser against a bare Textual app: start-up, paging, memory.

    python benchmarks/browser.py [--runs 7]      (benchmarks/run.py prints these and more)

A sandbox with 10,000 orders runs in its own process (every page read once before any
timing). Each measurement runs in a fresh child process (``harness.run_child``):

- start-up: from the launch of the process to the first table row with data drawn
  (headless, 160x48), for opssl, which runs through ``startup.launch`` as the command
  does and must fetch that page over HTTP, and for a bare Textual app showing a 100-row
  ``DataTable`` it already has in memory; also from constructing the app;
- ``opssl --demo``: the same, with the demo's sandbox started first (in a process of its
  own, as the command starts it);
- paging: ``G`` from the key press to the last of 10,000 orders drawn, and the cursor
  moved a page (100 rows) at a time through all 10,000; the bare app does the same with
  all 10,000 rows already in its ``DataTable``;
- memory: peak resident set size (``VmHWM``) of each process, opssl's after it has paged
  through all 10,000 orders.

The children are the only place these figures are measured; ``run.py`` imports them.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

from harness import (
    ORDERS,
    Figures,
    Sandbox,
    Stat,
    current_rss_mb,
    peak_rss_mb,
    run_interleaved,
    since_launch,
    stat,
    until,
)

if TYPE_CHECKING:
    from textual.app import App

    from tui_app.startup import StartPlan

SIZE = (160, 48)
STEP = 100  # rows per cursor move when paging through everything
COLUMNS = ("Order", "Common name", "Product", "Status", "Expires", "Autorenew")
START_TARGET = 1.3
MEMORY_TARGET_MB = 40.0
DEMO_TARGET = 1.6  # x the bare app


# -- the bare Textual app ------------------------------------------------------------------


def _bare_app(rows: int, drawn: dict[str, float]) -> App[None]:
    """A plain ``DataTable`` app holding ``rows`` rows; ``drawn`` records row draws."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class TimedTable(DataTable[Text]):
        def _render_line_in_row(self, row_key: Any, *args: Any, **kwargs: Any) -> Any:
            index = self._row_locations.get(row_key)
            if index is not None:
                now = time.perf_counter()
                drawn.setdefault("first", now)
                drawn[f"row {index}"] = now
            return super()._render_line_in_row(row_key, *args, **kwargs)

    data = [
        tuple(
            Text(value)
            for value in (
                str(1_306_001 + i),
                f"host{i}.example.com",
                "EssentialSSL",
                "ACT active",
                "2027-01-01",
                "on",
            )
        )
        for i in range(rows)
    ]

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            table: TimedTable = TimedTable(cursor_type="row")
            table.add_columns(*COLUMNS)
            table.add_rows(data)
            yield table

    return Bare()


async def _until(drawn: dict[str, float], key: str, pilot: Any) -> float:
    """When ``key`` was drawn."""
    await until(lambda: key in drawn, pilot, f"{key} drawn")
    return drawn[key]


async def bare_start(url: str, token: str) -> Figures:
    """Launch to the first row of a bare app with a 100-row DataTable already in memory."""
    # Imported before the clock starts, as opssl's modules are before App().
    from textual.app import App  # noqa: F401
    from textual.widgets import DataTable  # noqa: F401

    drawn: dict[str, float] = {}
    start = time.perf_counter()
    app = _bare_app(100, drawn)
    async with app.run_test(size=SIZE) as pilot:
        first = await _until(drawn, "first", pilot)
    return {
        "launch": since_launch(first),
        "start": first - start,
        "peak_mb": peak_rss_mb(),
    }


async def bare_paging(url: str, token: str) -> Figures:
    """The same moves as ``opssl_paging`` in a DataTable holding all 10,000 rows."""
    from textual.widgets import DataTable

    drawn: dict[str, float] = {}
    app = _bare_app(ORDERS, drawn)
    figures: Figures = {}
    async with app.run_test(size=SIZE) as pilot:
        figures["launch"] = since_launch(await _until(drawn, "first", pilot))
        table = app.query_one(DataTable)
        pressed = time.perf_counter()
        await pilot.press("ctrl+end")
        figures["last"] = await _until(drawn, f"row {ORDERS - 1}", pilot) - pressed
        drawn.clear()  # from the last row, as opssl pages: row 0 is drawn afresh
        paging = time.perf_counter()
        for index in range(0, ORDERS, STEP):
            table.move_cursor(row=index)
            await _until(drawn, f"row {index}", pilot)
        figures["page_all"] = time.perf_counter() - paging
    figures["peak_mb"] = peak_rss_mb()
    return figures


# -- opssl ---------------------------------------------------------------------------------


def _plan(url: str, token: str) -> StartPlan:
    """What ``opssl --base-url URL`` with ``OPSSL_TOKEN`` resolves to."""
    from tui_app.core.environment import Connection, Kind
    from tui_app.startup import StartPlan

    return StartPlan(url, token, Connection(url, Kind.CUSTOM, "OPSSL_TOKEN"))


def watch_rows(drawn: dict[str, float]) -> None:
    """Record when the order table first draws a row with data, and the last order."""
    from tui_app.ui.browser.order_table import OrderTable

    # ``render_line`` (not ``_render_row``): rows are cached by line, and ``_render_row``
    # no longer gets the row's index (its old hook recorded the row object as the index,
    # so "row 9999" was never seen and the paging child timed out).
    original = OrderTable.render_line

    def timed(self: OrderTable, y: int) -> Any:
        strip = original(self, y)
        index = int(self.scroll_y) + y - 1
        if y > 0 and index < self.total and self.pages.row(index) is not None:
            now = time.perf_counter()
            drawn.setdefault("first", now)
            drawn[f"row {index}"] = now
        return strip

    OrderTable.render_line = timed  # type: ignore[method-assign]


async def _opssl_start(plan: StartPlan, figures: Figures) -> None:
    from tui_app.startup import launch

    drawn: dict[str, float] = {}

    async def run(app: Any) -> None:
        watch_rows(drawn)
        constructed = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            first = await _until(drawn, "first", pilot)
            figures["launch"] = since_launch(first)
            figures["start"] = first - constructed
            figures["rss_first_mb"] = current_rss_mb()

    await launch(plan, run)


def _as_the_command() -> None:
    """What the ``opssl`` command does first (``tui_app/entry.py``): the cyclic GC off for
    the start-up's imports; ``startup.launch`` turns it on before the app runs."""
    import gc

    gc.disable()


async def opssl_start(url: str, token: str) -> Figures:
    """Launch to the first rows, the first page fetched over HTTP, as ``opssl`` runs."""
    _as_the_command()
    figures: Figures = {}
    await _opssl_start(_plan(url, token), figures)
    figures["peak_mb"] = peak_rss_mb()
    return figures


async def demo_start(url: str, token: str) -> Figures:
    """``opssl --demo``: its sandbox's process started, then the same as above."""
    _as_the_command()
    from tui_app.startup import resolve_start

    figures: Figures = {}
    plan = resolve_start(demo=True, base_url=None)
    try:
        await _opssl_start(plan, figures)
    finally:
        assert plan.sandbox is not None
        plan.sandbox.stop()
    return figures


async def opssl_paging(url: str, token: str) -> Figures:
    """``G`` to the last order, then every page of 10,000 a page at a time; peak memory."""
    _as_the_command()
    from tui_app.startup import launch

    drawn: dict[str, float] = {}
    figures: Figures = {}

    async def run(app: Any) -> None:
        from tui_app.ui.browser.screen import BrowserScreen

        watch_rows(drawn)
        async with app.run_test(size=SIZE) as pilot:
            figures["launch"] = since_launch(await _until(drawn, "first", pilot))
            screen = app.screen_stack[0]
            assert isinstance(screen, BrowserScreen)
            pressed = time.perf_counter()
            await pilot.press("G")
            figures["last"] = await _until(drawn, f"row {ORDERS - 1}", pilot) - pressed
            paging = time.perf_counter()
            for index in range(0, ORDERS, STEP):
                screen.table.move_to(index)
                while screen.pages.row(index) is None:
                    await pilot.pause(0.002)
            figures["page_all"] = time.perf_counter() - paging
            figures["loaded"] = screen.pages.loaded_count

    await launch(_plan(url, token), run)
    figures["peak_mb"] = peak_rss_mb()
    return figures


# -- report ---------------------------------------------------------------------------------

START = ("browser:bare_start", "browser:opssl_start")
PAGING = ("browser:bare_paging", "browser:opssl_paging")
DEMO = "browser:demo_start"


def ms(value: Stat) -> str:
    return f"{value.median * 1000:7.0f} ms (min {value.low * 1000:5.0f})"


def ratio(ours: Stat, bare: Stat) -> str:
    return f"{ours.median / bare.median:5.2f}x (mins {ours.low / bare.low:4.2f}x)"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def report(start: dict[str, list[Figures]], paging: dict[str, list[Figures]]) -> list[str]:
    """Print start-up, paging and memory; return the targets missed."""
    bare, ours = start[START[0]], start[START[1]]
    bare_launch, our_launch = stat(bare, "launch"), stat(ours, "launch")
    start_ratio = our_launch.median / bare_launch.median
    print(f"start-up to the first rows, {SIZE[0]}x{SIZE[1]} headless, {len(ours)} runs each")
    print(f"  bare Textual app, 100-row DataTable in memory  {ms(bare_launch)}")
    print(f"  opssl, first page fetched over HTTP             {ms(our_launch)}")
    print(
        f"    ratio {ratio(our_launch, bare_launch)}   target <= {START_TARGET}x  "
        f"{verdict(start_ratio <= START_TARGET)}"
    )
    bare_app, our_app = stat(bare, "start"), stat(ours, "start")
    print("  of which from App() (imports done) to the first rows:")
    print(f"    bare {ms(bare_app)}   opssl {ms(our_app)}   ratio {ratio(our_app, bare_app)}")

    bare_p, ours_p = paging[PAGING[0]], paging[PAGING[1]]
    print(f"paging, {len(ours_p)} runs each (bare: all 10,000 rows already in its DataTable)")
    bare_last, our_last = stat(bare_p, "last"), stat(ours_p, "last")
    print(f"  G to the last of {ORDERS:,} drawn   bare {ms(bare_last)}")
    print(f"{'':35}opssl {ms(our_last)}   {ratio(our_last, bare_last)}")
    bare_all, our_all = stat(bare_p, "page_all"), stat(ours_p, "page_all")
    print(f"  through all {ORDERS:,}, {STEP} rows a move")
    print(
        f"    bare {bare_all.median:6.2f} s   opssl {our_all.median:6.2f} s (min {our_all.low:.2f})"
    )
    print(f"    ratio {ratio(our_all, bare_all)}; opssl holds {ours_p[0]['loaded']:,} rows")

    bare_peak, our_peak = stat(bare, "peak_mb"), stat(ours_p, "peak_mb")
    extra = our_peak.median - bare_peak.median
    print("memory: peak resident set size (VmHWM)")
    print(f"  bare app, 100 rows        {bare_peak.median:6.1f} MB")
    print(f"  bare app, 10,000 rows     {stat(bare_p, 'peak_mb').median:6.1f} MB")
    print(f"  opssl at its first rows   {stat(ours, 'rss_first_mb').median:6.1f} MB (current RSS)")
    print(
        f"  opssl after all {ORDERS:,}   {our_peak.median:6.1f} MB   "
        f"{our_peak.median / bare_peak.median:4.2f}x the 100-row bare app"
    )
    print(
        f"    above the bare app {extra:5.1f} MB   target <= {MEMORY_TARGET_MB:.0f} MB  "
        f"{verdict(extra <= MEMORY_TARGET_MB)}"
    )
    missed = []
    if start_ratio > START_TARGET:
        missed.append(f"start-up {start_ratio:.2f}x the bare app (target {START_TARGET}x)")
    if extra > MEMORY_TARGET_MB:
        missed.append(f"memory {extra:.1f} MB above the bare app (target {MEMORY_TARGET_MB} MB)")
    return missed


def report_demo(demo: list[Figures], bare: list[Figures]) -> list[str]:
    launch, bare_launch = stat(demo, "launch"), stat(bare, "launch")
    demo_ratio = launch.median / bare_launch.median
    print(f"opssl --demo: launch to the first rows (its own sandbox process), {len(demo)} runs")
    print(
        f"  {ms(launch)}   {ratio(launch, bare_launch)} the bare app   "
        f"target <= {DEMO_TARGET}x  {verdict(demo_ratio <= DEMO_TARGET)}"
    )
    if demo_ratio > DEMO_TARGET:
        return [f"--demo {demo_ratio:.2f}x the bare app (target {DEMO_TARGET}x)"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with Sandbox() as sandbox:
        start = run_interleaved(START, args.runs, sandbox.url, sandbox.token)
        paging = run_interleaved(PAGING, max(1, args.runs // 3), sandbox.url, sandbox.token)
    missed = report(start, paging)
    for line in missed:
        print("MISSED:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
