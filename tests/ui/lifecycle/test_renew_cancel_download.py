"""Renew (N), cancel (X) and the certificate's download (w) from the browser, against the
simulator: what each dialog says, what is sent (only after the confirmation), refusals
with the API's code and desc, files written and the directory remembered."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Input

from tests.ui.edit.helpers import dialog_text
from tests.ui.helpers import move_to_order, notifications, running, settle
from tests.ui.lifecycle.helpers import act_order, first_with, writes
from tui_app.auth.cert_dirs import CERT_DIRS, remembered_dir
from tui_app.auth.config import config_path, load_config
from tui_app.core.environment import Connection, Kind
from tui_app.sandbox import Sandbox
from tui_app.ui.browser.lifecycle_dialogs import CancelDialog, DownloadDialog, RenewDialog


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_renew_says_the_dates_and_enter_renews(sandbox: Sandbox) -> None:
    order = act_order(sandbox, in_window=True)
    expires = order.expiration_date
    assert expires is not None
    after = expires.replace(year=expires.year + (order.period or 1))
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, RenewDialog)
        shown = dialog_text(app)
        assert order.product.name in shown
        assert f"Expires now {expires:%Y-%m-%d}" in shown
        assert f"After renewal {after:%Y-%m-%d}" in shown
        assert writes(sandbox) == []
        await pilot.press("enter")
        await settle(pilot)
        assert writes(sandbox) == [("POST", f"/ssl/orders/{order.id}/renew")]
        assert [r.body for r in sandbox.received("POST", r"/ssl/orders/\d+/renew")] == [
            {"id": order.id}
        ]
        assert any(f"Order {order.id}" in n and "renewed" in n for n in notifications(app))


async def test_renew_too_early_shows_the_apis_code_and_desc(sandbox: Sandbox) -> None:
    order = act_order(sandbox, in_window=False)
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        said = flat(" ".join(notifications(app)))
        assert "25001" in said and "cannot be renewed yet" in said
        assert len(writes(sandbox)) == 1  # sent once, never again by itself


async def test_renew_escape_sends_nothing(sandbox: Sandbox) -> None:
    order = act_order(sandbox, in_window=True)
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert writes(sandbox) == [] and app.screen is app.screen_stack[0]


async def test_cancel_needs_the_exact_common_name(sandbox: Sandbox) -> None:
    order = act_order(sandbox)
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, CancelDialog)
        shown = dialog_text(app)
        assert "revokes the certificate" in shown and "cannot be undone" in shown
        await pilot.press(*order.common_name.upper(), "enter")  # not the exact name
        await settle(pilot)
        assert isinstance(app.screen, CancelDialog)
        assert "nothing was sent" in dialog_text(app)
        assert writes(sandbox) == []
        await pilot.press("ctrl+u", *order.common_name, "enter")
        await settle(pilot)
        assert writes(sandbox) == [("POST", f"/ssl/orders/{order.id}/cancel")]
        assert sandbox.store.orders[order.id].status == "REJ"
        assert any("cancelled" in n for n in notifications(app))


async def test_cancel_escape_sends_nothing(sandbox: Sandbox) -> None:
    order = act_order(sandbox)
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("X", *order.common_name, "escape")
        await settle(pilot)
        assert writes(sandbox) == [] and app.screen is app.screen_stack[0]


def custom_connection(sandbox: Sandbox) -> Connection:
    """Not the demo: the download directory goes to the config file."""
    return Connection(sandbox.base_url, Kind.CUSTOM, token_source="env")


async def test_download_writes_the_files_and_remembers_the_directory(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    order = act_order(sandbox)
    target = tmp_path / "certs"
    target.mkdir()
    async with running(sandbox, connection=custom_connection(sandbox)) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, DownloadDialog)
        await pilot.press("ctrl+u", *str(target), "enter")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        for name in ("cert.pem", "chain.pem", "fullchain.pem"):
            path = target / name
            assert path.read_text().startswith("-----BEGIN CERTIFICATE-----")
            assert stat.S_IMODE(path.stat().st_mode) == 0o644
        full = (target / "fullchain.pem").read_text()
        assert full == (target / "cert.pem").read_text() + (target / "chain.pem").read_text()
        assert any("Wrote cert.pem, chain.pem, fullchain.pem" in n for n in notifications(app))
        assert remembered_dir(order.id) == target
        assert load_config(config_path()).extra[CERT_DIRS] == {str(order.id): str(target)}
        # The next w offers the directory used last.
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, DownloadDialog)
        assert app.screen.query_one("#download-dir", Input).value == str(target)
    assert writes(sandbox) == []


async def test_download_problems_show_in_the_dialog_and_write_nothing(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    order = act_order(sandbox)
    missing = tmp_path / "nope"
    async with running(sandbox, connection=custom_connection(sandbox)) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+u", *str(missing), "enter")
        await settle(pilot)
        assert isinstance(app.screen, DownloadDialog)
        assert "Nothing written" in dialog_text(app) and "not a directory" in dialog_text(app)
        assert not missing.exists()
        assert remembered_dir(order.id) is None


async def test_w_is_refused_on_an_order_without_a_certificate(sandbox: Sandbox) -> None:
    req = first_with(sandbox, "REQ")
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, req.id)
        await pilot.press("w")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]


def test_the_browser_offers_each_key_exactly_where_the_rules_allow_it() -> None:
    """The browser's own list (kept light: core.lifecycle imports cryptography) agrees
    with core.lifecycle.ALLOWED; a download needs an issued certificate (ACT)."""
    from tui_app.core.lifecycle import ALLOWED
    from tui_app.ui.browser.order_actions import ORDER_BINDINGS, SHOWN_IN, WRITES

    assert {a: set(SHOWN_IN[a]) for a in WRITES} == {a: set(s) for a, s in ALLOWED.items()}
    assert SHOWN_IN["download"] == ("ACT",)
    actions = {b.action for b in ORDER_BINDINGS if isinstance(b, Binding)}
    assert actions == {f"order_action('{which}')" for which in SHOWN_IN}
