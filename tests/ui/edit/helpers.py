"""Driving the edit form: open it from the browser with its keys, read what it shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.ui.helpers import move_to_order, screen_text, settle
from tui_app.sandbox import Sandbox
from tui_app.sandbox.server import RecordedRequest
from tui_app.ui import OpsslApp
from tui_app.ui.edit.dcv_rows import DcvList
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.screen import EditScreen

# Seeded orders (tests/conftest.py TODAY, seed 1) chosen for what each test needs.
REQ_MULTI = 1306010  # cyberdyne.com: EV multi-domain, 4 hosts, first row email
REQ_SINGLE_DNS = 1306001  # acme.com: one host, dns, no host on email
REQ_WILDCARD = 1306028  # *.lucerne.com + lucerne.com, both dns, no approver
REQ_MULTI_WILDCARD = 1306022  # northwind.com: email, *.northwind.com dns, https, dns
PAI_MULTI = 1306007  # wayne.com: multi-domain, host name cdn, SANs cdn + admin
PAI_SINGLE = 1306019  # massive.com: RapidSSL, http, approver set, windows
ACT_SINGLE = 1306029  # admin.fourthcoffee.com: autorenew off
FAI_SINGLE = 1306009  # tyrell.com: closed

# Tall enough to see the whole PAI form at once (80x24 is covered by the snapshots).
TALL = (100, 64)
GARBLED_CSR = "-----BEGIN CERTIFICATE REQUEST-----\nnot a csr\n-----END CERTIFICATE REQUEST-----\n"


async def open_form(pilot: Pilot[Any], app: OpsslApp, order_id: int, key: str = "e") -> EditScreen:
    """Highlight the order in the browser and press ``key`` (e or enter), as a user would."""
    await move_to_order(pilot, app, order_id)
    await pilot.press(key)
    await settle(pilot)
    return form_screen(app)


def form_screen(app: OpsslApp) -> EditScreen:
    screen = app.screen
    assert isinstance(screen, EditScreen), type(screen).__name__
    return screen


def text(app: OpsslApp) -> str:
    """The screen as one line of words (wrapping removed), for ``in`` checks."""
    return " ".join(screen_text(app).split())


def dialog_text(app: OpsslApp) -> str:
    """The words inside the dialog's frame (the screen behind it left out)."""
    inside = []
    for line in screen_text(app).splitlines():
        if line.count("│") >= 2:
            inside.append(line[line.index("│") + 1 : line.rindex("│")])
    return " ".join(" ".join(inside).split())


def puts(sandbox: Sandbox, path: str = r"/ssl/orders/\d+") -> list[RecordedRequest]:
    return sandbox.received("PUT", path)


def writes(sandbox: Sandbox) -> list[RecordedRequest]:
    """Every request that could change anything."""
    return [r for r in sandbox.received() if r.method in ("PUT", "POST", "DELETE")]


def dcv_rows(app: OpsslApp) -> DcvList:
    return form_screen(app).query_one(DcvList)


async def focus_field(pilot: Pilot[Any], app: OpsslApp, field_id: str) -> None:
    """Put the focus in a field, as the form does after a check (each tab costs ~0.3 s;
    the order tab follows is checked in test_req)."""
    field = form_screen(app).query_one(f"#{field_id}", FormField)
    field.focus_editor()
    await pilot.pause()
