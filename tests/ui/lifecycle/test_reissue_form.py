"""The reissue form (R on an ACT order): the edit screen over ``REISSUE_FORM``, against the
simulator. A pasted CSR goes to ``POST …/reissue`` with only the spec's fields; a key made
here is written 0600 and never sent or shown; a read-only session refuses."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from textual.widgets import Input, TextArea

from tests.support.csrs import make_test_csr
from tests.ui.edit.helpers import dialog_text, focus_field, form_screen, text
from tests.ui.helpers import (
    browser,
    demo_connection,
    move_to_order,
    notifications,
    running,
    screen_text,
    settle,
    terminal_write,
)
from tests.ui.lifecycle.helpers import act_order, first_with, writes
from tui_app.core.csr import decode_csr
from tui_app.core.fields import REISSUE_FORM
from tui_app.sandbox import Sandbox
from tui_app.ui.edit.diff_dialog import DiffDialog
from tui_app.ui.edit.new_key_dialog import NewKeyDialog

REISSUE_NAMES = {"id", *REISSUE_FORM.main.names()}


async def test_reissue_with_a_pasted_csr_sends_only_the_csr(sandbox: Sandbox) -> None:
    order = act_order(sandbox)
    csr = make_test_csr(order.common_name, list(order.hosts))
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        assert "R Reissue" in screen_text(app).splitlines()[-1]  # the footer offers it
        await pilot.press("R")
        await settle(pilot)
        assert f"Reissue order {order.id}" in text(app)
        await focus_field(pilot, app, "field-csr")
        terminal_write(app, f"\x1b[200~{csr}\x1b[201~")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        shown = dialog_text(app)
        assert f"Reissue order {order.id}?" in screen_text(app)
        assert f"POST /ssl/orders/{order.id}/reissue csr" in shown
        assert writes(sandbox) == []  # nothing before the confirmation
        await pilot.press("enter")
        await settle(pilot)
        [sent] = sandbox.received("POST", r"/ssl/orders/\d+/reissue")
        assert sent.body == {"id": order.id, "csr": csr}
        assert set(sent.body) <= REISSUE_NAMES
        assert writes(sandbox) == [("POST", f"/ssl/orders/{order.id}/reissue")]
        assert sandbox.store.orders[order.id].status == "REQ"
        assert "1102" in text(app)  # the API's warning, inline on the form
        assert any("reissued" in n for n in notifications(app))
        assert "REQ" in text(app) and "only an ACT order can be reissued" in text(app)


async def test_a_key_made_here_is_0600_and_never_sent_or_shown(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    order = act_order(sandbox, multi=True)
    key_file = tmp_path / "new.key"
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewKeyDialog)
        assert "EC P-256" in screen_text(app)
        path_box = app.screen.query_one("#new-key-path", Input)
        path_box.value = str(key_file)
        await pilot.press("enter")
        await settle(pilot)
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
        key_pem = key_file.read_bytes()
        key = serialization.load_pem_private_key(key_pem, None)
        box = form_screen(app).query_one("#csr-text", TextArea)
        info = decode_csr(box.text)
        assert info.common_name == order.common_name
        assert set(info.sans) | {info.common_name} == set(order.hosts)
        said = form_screen(app).notices.text("key") or ""
        assert said.startswith("Key saved") and str(key_file) in said and "0600" in said
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        [sent] = sandbox.received("POST", r"/ssl/orders/\d+/reissue")
        assert sent.body["csr"] == box.text
        body_key = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        assert body_key.decode() not in str(sandbox.received())
        everything = "\n".join(f"{r.body} {r.query}" for r in sandbox.received())
        secret = b"".join(key_pem.splitlines()[1:-1]).decode()
        assert secret[:40] not in everything
        assert secret[:40] not in screen_text(app).replace("\n", "")
        assert "PRIVATE KEY" not in everything


async def test_the_key_dialog_refuses_an_existing_file(sandbox: Sandbox, tmp_path: Path) -> None:
    order = act_order(sandbox)
    taken = tmp_path / "taken.key"
    taken.write_text("keep me")
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.screen.query_one("#new-key-path", Input).value = str(taken)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewKeyDialog)
        assert "exists" in " ".join(screen_text(app).split())
        assert taken.read_text() == "keep me"


async def test_r_is_not_offered_on_a_req_order(sandbox: Sandbox) -> None:
    req = first_with(sandbox, "REQ")
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, req.id)
        footer = screen_text(app).splitlines()[-1]
        assert "Reissue" not in footer and "c Copy" in footer
        await pilot.press("R")
        await settle(pilot)
        assert app.screen is app.screen_stack[0] and writes(sandbox) == []


@pytest.mark.parametrize("key", ["R", "N", "X"])
async def test_a_read_only_session_refuses_with_its_words(sandbox: Sandbox, key: str) -> None:
    order = act_order(sandbox)
    connection = replace(demo_connection(sandbox), read_only=True, read_only_flag=True)
    async with running(sandbox, connection=connection) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        reason = connection.read_only_reason
        assert reason and any(reason in n for n in notifications(app))
        assert writes(sandbox) == []


async def test_the_dcv_rows_follow_the_new_csr(sandbox: Sandbox) -> None:
    order = act_order(sandbox, multi=True)
    extra = f"new.{order.common_name}"
    csr = make_test_csr(order.common_name, [*order.hosts, extra])
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        await pilot.press("R")
        await settle(pilot)
        await focus_field(pilot, app, "field-csr")
        terminal_write(app, f"\x1b[200~{csr}\x1b[201~")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert extra in dialog_text(app)
        await pilot.press("enter")
        await settle(pilot)
        [sent] = sandbox.received("POST", r"/ssl/orders/\d+/reissue")
        assert set(sent.body) == {"id", "csr", "domain_validation_methods"}
        rows = {row["host_name"]: row["method"] for row in sent.body["domain_validation_methods"]}
        assert set(rows) == {*order.hosts, extra}
        assert all(rows[h] == order.dcv[h] for h in order.hosts)


async def test_the_palette_offers_reissue_on_an_act_order(sandbox: Sandbox) -> None:
    order = act_order(sandbox)
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order.id)
        commands = {c.title: c for c in browser(app).palette_commands()}
        assert {"Reissue", "Renew order", "Cancel order", "Download certificate"} <= set(commands)
        assert "(R)" in commands["Reissue"].help
        await commands["Reissue"].callback()
        await settle(pilot)
        assert f"Reissue order {order.id}" in text(app)
        await pilot.press("escape")
        await settle(pilot)
        req = first_with(sandbox, "REQ")
        await move_to_order(pilot, app, req.id)
        titles = {c.title for c in browser(app).palette_commands()}
        assert "Reissue" not in titles and "Cancel order" in titles
