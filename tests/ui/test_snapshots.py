"""SVG snapshots of the real app on the sandbox, at 80x24 and 160x48.

Deterministic by construction: the sandbox's date is fixed, the header has no clock,
the demo label hides the port, cursors do not blink. Each run also checks that the
token it used appears nowhere in the SVG. Update with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import ClosingApp, demo_connection, make_client, settle
from tui_app.api import PRODUCTION_URL
from tui_app.core.environment import Connection, Kind
from tui_app.sandbox import Sandbox

SnapCompare = Callable[..., bool]


def snapshot_app(sandbox: Sandbox, connection: Connection | None = None) -> tuple[ClosingApp, str]:
    token = sandbox.issue_token()
    app = ClosingApp(
        make_client(sandbox, token), connection or demo_connection(sandbox), detail_debounce=0
    )
    return app, token


def before(token: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert token not in pilot.app.export_screenshot()

    return run


def dns_multi_host_row(sandbox: Sandbox) -> int:
    """Row (newest first) of the first multi-host order whose first host uses dns."""
    orders = sorted(sandbox.store.orders.values(), key=lambda o: o.id)
    orders.sort(key=lambda o: o.order_date or datetime.min, reverse=True)
    for row, order in enumerate(orders):
        if len(order.hosts) > 1 and order.dcv.get(order.hosts[0]) == "dns":
            return row
    raise AssertionError("no multi-host dns order in the seeded account")


def test_browser_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = snapshot_app(sandbox)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(token))


def test_browser_dns_order_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = snapshot_app(sandbox)
    keys = ["j"] * dns_multi_host_row(sandbox) + ["tab", "down"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(token, *keys))


def test_production_wide_160x48(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    live = Connection(PRODUCTION_URL, Kind.PRODUCTION, "keyring", profile="live", username="ops")
    app, token = snapshot_app(sandbox, live)
    keys = ["j"] * dns_multi_host_row(sandbox)
    assert snap_compare(app, terminal_size=(160, 48), run_before=before(token, *keys))


def test_error_state_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    sandbox.faults.update(error_next=1, error_code=50, error_desc="Calls limit has been reached")
    app, token = snapshot_app(sandbox)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(token))


def test_empty_search_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = snapshot_app(sandbox)
    keys = ["slash", *"nothing-like-this", "enter"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(token, *keys))


def test_status_filter_dialog_80x24(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = snapshot_app(sandbox)
    keys = ["s", "down", "space"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=before(token, *keys))


def test_maintenance_and_filters_160x48(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    sandbox.faults.update(maintenance=True)
    test_env = Connection("https://api.cte.openprovider.eu/v1beta", Kind.TEST, "OPSSL_TOKEN")
    app, token = snapshot_app(sandbox, test_env)
    keys = ["x", "o", "down", "enter"]
    assert snap_compare(app, terminal_size=(160, 48), run_before=before(token, *keys))


def test_bulk_results_80x24(
    snap_compare: SnapCompare, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two orders marked and switched to dns: each order's result and the API's warnings."""
    monkeypatch.setattr("tui_app.core.bulk.new_run_id", lambda: "0123456789ab")
    app, token = snapshot_app(sandbox)
    # The two newest REQ orders without a wildcard host that are not on dns yet.
    orders = sorted(sandbox.store.orders.values(), key=lambda o: o.id)
    orders.sort(key=lambda o: o.order_date or datetime.min, reverse=True)
    keys: list[str] = []
    chosen = 0
    for order in orders:
        wildcard = any(h.startswith("*") for h in order.dcv)
        if (
            chosen < 2
            and order.status == "REQ"
            and "dns" not in order.dcv.values()
            and not wildcard
        ):
            keys.append("space")
            chosen += 1
        keys.append("j")
    keys = keys[: len(keys) - keys[::-1].index("space")]
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=before(token, *keys, "m", "d", "enter")
    )
