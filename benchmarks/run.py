"""Every opssl benchmark in one run, each figure beside the bare-Textual baseline.

    python benchmarks/run.py [--runs 5]

One sandbox process with 10,000 orders; every measurement in a fresh child process
(``harness.run_child``), opssl's and the bare app's interleaved so that the machine's
load hits both alike:

- start-up to the first rows drawn (``browser.py``), and ``opssl --demo``;
- paging: ``G`` to the last of 10,000 orders, and through all of them a page at a time;
- the edit form: opening it, and a submit round trip (``form.py``);
- peak memory;
- the scripting commands: ``opssl orders list --json`` against ``import httpx`` (``scripting.py``).

Exits 1 when a target is missed: start-up within 1.5x of the bare app, memory under
60 MB above it, ``--demo`` showing orders within 2 s.
"""

from __future__ import annotations

import argparse

import browser
import scripting
from harness import Sandbox, Stat, run_interleaved, stat

FORM = ("form:bare_form", "form:opssl_form")


def report_form(runs: dict[str, list[dict[str, float]]]) -> None:
    bare, ours = runs[FORM[0]], runs[FORM[1]]
    print(f"edit form on a REQ order, {len(ours)} runs each")
    for key, what in (
        ("open", "e to the form drawn and idle"),
        ("submit", "send to the order re-read and drawn"),
    ):
        theirs: Stat = stat(bare, key)
        mine: Stat = stat(ours, key)
        print(f"  {what:37} bare {browser.ms(theirs)}")
        print(f"  {'':37}opssl {browser.ms(mine)}   {browser.ratio(mine, theirs)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each start-up and form child")
    args = parser.parse_args()
    with Sandbox() as sandbox:
        url, token = sandbox.url, sandbox.token
        start = run_interleaved(browser.START, args.runs, url, token)
        demo = run_interleaved((browser.DEMO,), max(1, args.runs // 2), url, token)
        paging = run_interleaved(browser.PAGING, max(1, args.runs // 3), url, token)
        form = run_interleaved(FORM, args.runs, url, token)
        script = scripting.measure(url, token, args.runs)
    missed = browser.report(start, paging)
    missed += browser.report_demo(demo[browser.DEMO], start[browser.START[0]])
    report_form(form)
    scripting.report(script)
    for line in missed:
        print("MISSED:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
