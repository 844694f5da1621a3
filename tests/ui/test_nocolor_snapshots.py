"""SVG snapshots under NO_COLOR at 80x24: every state must read in shape or words.

Textual reads NO_COLOR when the app is made (``App.no_color``) and turns every colour to
grey; ``tui_app/ui/nocolor.tcss`` and the ▶/●○/X marks add what a grey cannot say. In
these pictures: the chosen API (●) and the unchosen ones (○), the cursor row (▶ and
reversed), the focused field (its label reversed), locked fields under "Locked", the
selected DCV method in [brackets], and PRODUCTION or TEST ENVIRONMENT in words.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.edit.helpers import PAI_MULTI, REQ_MULTI
from tests.ui.edit.test_snapshots import row_of
from tests.ui.helpers import ClosingApp, make_client
from tests.ui.signin.start import USERNAME
from tests.ui.signin.test_snapshots import before
from tests.ui.test_snapshots import SnapCompare
from tui_app.api import PRODUCTION_URL, TEST_URL
from tui_app.core.environment import Connection, Kind
from tui_app.sandbox import Sandbox
from tui_app.ui.app import OpsslApp
from tui_app.ui.signin import SignInFlow

SIZE = (80, 24)
TEST_ENV = Connection(TEST_URL, Kind.TEST, "keyring", profile="test", username="ops")
LIVE = Connection(PRODUCTION_URL, Kind.PRODUCTION, "keyring", profile="live", username="ops")


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NO_COLOR", "1")
    yield


def app_on(sandbox: Sandbox, connection: Connection) -> tuple[ClosingApp, str]:
    token = sandbox.issue_token()
    app = ClosingApp(make_client(sandbox, token), connection, detail_debounce=0)
    assert app.no_color
    return app, token


def form_keys(sandbox: Sandbox, order_id: int, *keys: str) -> list[str]:
    return ["j"] * row_of(sandbox, order_id) + ["e", *keys]


def test_first_start_nocolor(
    snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    monkeypatch.setenv("OPSSL_CONFIG", "/home/ops/.config/opssl/config.toml")
    app = OpsslApp(None, None, flow=SignInFlow(target=None, store=None))
    assert app.no_color
    # The test environment chosen, then the focus in the username field.
    keys = ["down", "space", "tab", "tab", *USERNAME]
    assert snap_compare(app, terminal_size=SIZE, run_before=before(None, *keys))


def test_browser_nocolor(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = app_on(sandbox, TEST_ENV)
    assert snap_compare(app, terminal_size=SIZE, run_before=before(token, "j", "j"))


def test_pai_form_nocolor(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = app_on(sandbox, TEST_ENV)
    keys = form_keys(sandbox, PAI_MULTI)
    assert snap_compare(app, terminal_size=SIZE, run_before=before(token, *keys))


def test_req_form_nocolor(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    """The DCV rows: the cursor on the second row, whose method was just changed."""
    app, token = app_on(sandbox, TEST_ENV)
    keys = form_keys(sandbox, REQ_MULTI, "j", "d")
    assert snap_compare(app, terminal_size=SIZE, run_before=before(token, *keys))


def test_review_dialog_on_production_nocolor(snap_compare: SnapCompare, sandbox: Sandbox) -> None:
    app, token = app_on(sandbox, LIVE)
    keys = form_keys(sandbox, REQ_MULTI, "d", "ctrl+s")

    assert snap_compare(app, terminal_size=SIZE, run_before=before(token, *keys))
