"""No module in ``tui_app`` over 450 lines: small modules named for what they hold."""

from __future__ import annotations

from pathlib import Path

import tui_app

PACKAGE = Path(tui_app.__file__).parent
LIMIT = 450


def _sizes() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_is_over_the_limit() -> None:
    sizes = _sizes()
    assert len(sizes) > 100
    over = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert not over, f"over {LIMIT} lines: " + ", ".join(
        f"{name} ({lines})" for name, lines in sorted(over.items())
    )
