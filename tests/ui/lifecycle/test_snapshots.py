"""SVG snapshots at 80x24 of the reissue form and the cancel dialog on the sandbox.

Deterministic as the edit form's (fixed date and seed, no blinking cursor). Update with
``pytest tests/ui/lifecycle --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.edit.test_snapshots import order_app
from tests.ui.lifecycle.helpers import act_order
from tui_app.sandbox import Sandbox

SnapCompare = Callable[..., bool]


def test_reissue_form_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = order_app(sandbox, act_order(sandbox, multi=True).id, "R")
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_cancel_dialog_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, before = order_app(sandbox, act_order(sandbox).id, "X")
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
