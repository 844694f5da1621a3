"""The app's writes go through the same journal: wired where the app makes its clients."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import move_to_order, notifications, settle
from tests.ui.signin.start import start_opssl
from tui_app.auth.sources import Target
from tui_app.journal import Journal, journal_path
from tui_app.sandbox import Sandbox
from tui_app.startup import resolve_start, session_journal
from tui_app.ui.app import OpsslApp
from tui_app.ui.signin.flow import SignInFlow

REQ_SINGLE = 1306001  # acme.com: dns, approver set


async def _switch_to_email(app: OpsslApp, pilot: Pilot[None]) -> None:
    """The four-key DCV switch: e, e (email), ctrl+s, enter."""
    await move_to_order(pilot, app, REQ_SINGLE)
    for key in ("e", "e", "ctrl+s", "enter"):
        await pilot.press(key)
        await settle(pilot)


async def test_a_switch_in_the_app_is_journaled(sandbox: Sandbox) -> None:
    await start_opssl(
        _switch_to_email,
        base_url=sandbox.base_url,
        environ={"OPSSL_TOKEN": sandbox.issue_token()},
    )
    assert len(sandbox.received("PUT")) == 1
    (line,) = journal_path().read_text().splitlines()
    entry = json.loads(line)
    assert entry["operation"] == "update_order" and entry["order_id"] == REQ_SINGLE
    assert entry["api"] == f"127.0.0.1:{sandbox.port}" and entry["profile"] is None
    assert entry["request"]["domain_validation_methods"] == [
        {"host_name": "acme.com", "method": "email"}
    ]


async def test_a_journal_that_cannot_be_written_is_a_notification_and_the_send_goes_through(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("OPSSL_JOURNAL", str(blocker / "journal.jsonl"))
    said: list[str] = []

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        await _switch_to_email(app, pilot)
        said.extend(notifications(app))

    await start_opssl(
        steps, base_url=sandbox.base_url, environ={"OPSSL_TOKEN": sandbox.issue_token()}
    )
    assert len(sandbox.received("PUT")) == 1
    assert sandbox.store.orders[REQ_SINGLE].dcv["acme.com"] == "email"
    warned = [n for n in said if n.startswith("Journal not written:")]
    assert len(warned) == 1 and "could not be written" in warned[0]
    assert any(n.startswith("Changes sent") for n in said)


def test_the_demo_is_not_journaled_and_any_api_is() -> None:
    demo = resolve_start(demo=True, base_url=None, environ={})
    try:
        assert session_journal(demo) is None
    finally:
        assert demo.sandbox is not None
        demo.sandbox.stop()
    plan = resolve_start(
        demo=False, base_url="http://127.0.0.1:9/v1beta", environ={"OPSSL_TOKEN": "t"}
    )
    assert isinstance(session_journal(plan), Journal)


async def test_the_sign_in_flows_clients_are_journaled(sandbox: Sandbox) -> None:
    """A first start or a sign-in makes its own client: it reports to the session's journal."""
    flow = SignInFlow(target=Target(sandbox.base_url, "fresh"), store=None, journal=Journal())
    client = flow._client()
    client.set_token(sandbox.issue_token())
    try:
        await client.update_order(REQ_SINGLE, {"autorenew": "on"})
    finally:
        await client.aclose()
    (line,) = journal_path().read_text().splitlines()
    assert json.loads(line)["profile"] == "fresh"
