"""API strings never reach the terminal raw: control characters (an ESC would start an
escape sequence) are shown as a mark, and Rich markup is shown as written."""

from __future__ import annotations

import re
from typing import Any

from tests.support.rewriting import RewritingTransport, json_rewrite
from tests.ui.edit.helpers import REQ_MULTI, form_screen, open_form
from tests.ui.helpers import demo_connection, screen_text, settle
from tui_app.api import OpenproviderClient
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def poisoned(envelope: dict[str, Any]) -> dict[str, Any]:
    order = envelope["data"]
    order["status"] = "REQ\x1b[2J\x07"
    order["product_name"] = "[bold red]EV[/] \x1b]0;pwned\x07"
    order["common_name"] = "cyberdyne.com\x1b[31m"
    return envelope


async def test_the_edit_heading_shows_no_control_character(sandbox: Sandbox) -> None:
    transport = RewritingTransport()
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), transport=transport
    ) as client:
        app = OpsslApp(client, demo_connection(sandbox), detail_debounce=0)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            transport.arm(json_rewrite(poisoned), rf"/ssl/orders/{REQ_MULTI}")
            await open_form(pilot, app, REQ_MULTI)
            form_screen(app)
            await settle(pilot)
            shown = screen_text(app)
            assert transport.rewritten >= 1
            assert not CONTROL.search(shown), repr(CONTROL.findall(shown))
            heading = " ".join(shown.split())
            assert "[bold red]EV[/]" in heading  # markup from the API is text, not style
            assert "REQ\ufffd[2J\ufffd" in heading
