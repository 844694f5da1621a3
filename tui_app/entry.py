"""The ``opssl`` command's first lines: its imports run with the cyclic GC off.

Start-up imports build a few hundred thousand objects that live as long as the process;
collections while they are made walk them again and again for nothing (~20-50 ms before
the first rows on a 2-core machine). ``cli.main`` turns the GC back on for every command
but the TUI; ``startup.launch`` does once the UI is imported (after ``gc.freeze``).
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from tui_app.cli import main as run

    return run()
