"""Where the time goes: pyinstrument over the pilot runs the benchmarks time.

    pip install -e '.[bench]'
    python benchmarks/profile.py start|form|hosts [--html out.html]

- ``start``: importing opssl and running it to the first rows (an in-process sandbox);
- ``form``: ``e``, a method key, ``escape``, then the four-key switch on a 1-host REQ order
  (``edit_form.measure``);
- ``hosts``: the same on a 250-host order.

Prints pyinstrument's call tree (frames under 1% hidden). The figures themselves come from
``run.py``: a profiler slows what it watches.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from pyinstrument import Profiler  # noqa: E402


async def _start() -> None:
    from tui_app.sandbox import Sandbox

    with Sandbox(orders=200, seed=1) as sandbox:
        import browser

        await browser.opssl_start(sandbox.base_url, sandbox.issue_token())


async def _form(label: str) -> None:
    import edit_form

    await edit_form._case(label)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("start", "form", "hosts"))
    parser.add_argument("--html", help="write pyinstrument's HTML report here too")
    args = parser.parse_args()
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    if args.what == "start":
        asyncio.run(_start())
    else:
        asyncio.run(_form("REQ, 1 host" if args.what == "form" else "REQ, 250 hosts"))
    profiler.stop()
    print(profiler.output_text(unicode=True, show_all=False, timeline=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
