"""Property tests: whatever the API answers, the screens stay up and r (or f5) recovers.

Valid answers from the sandbox are mutated on their way to the real client (fields
removed, wrong types, nulls, huge numbers, strings with control characters and Rich
markup: ``tests/support/rewriting.py``), and the real app reads them. Each example
checks that the app is still running, that the screen shows the data or an error state
with its retry key, that no control character reached the terminal, and that once the
API answers normally again the retry key brings the real data back.

The number of examples is bounded so the suite stays fast; ``OPSSL_PROPERTY_EXAMPLES``
raises it for a longer hunt.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from tests.reliability.test_browser_faults import list_state
from tests.support.rewriting import RewritingTransport
from tests.ui.edit.helpers import PAI_MULTI, REQ_MULTI
from tests.ui.helpers import browser, demo_connection, detail, move_to_order, screen_text, settle
from tui_app.api import OpenproviderClient
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.screen import EditScreen

EXAMPLES = int(os.environ.get("OPSSL_PROPERTY_EXAMPLES", "12"))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

odd_strings = st.sampled_from(
    [
        "",
        " ",
        "[bold red]markup[/]",
        "[/]",
        "[link=https://example.net]click[/link]",
        "\x1b[2J\x1b[31mred",
        "\x1b]0;title\x07",
        "nul\x00bell\x07del\x7f",
        "line\nbreak\r\ttab",
        "\u202eevil\u202c",
        "x" * 3000,
        "ACT",
        "2026-02-30 25:61:61",
        "-1",
    ]
) | st.text(max_size=12)
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, -1, 10**30, -(10**30), 2**63, 1e308, -1e308, 0.5]),
    st.integers(),
    odd_strings,
    st.lists(odd_strings | st.integers(), max_size=3),
    st.dictionaries(odd_strings, odd_strings | st.integers(), max_size=2),
)
# One change: in the envelope itself (sometimes) or below ``data``, a path (each index
# picks a key or an item) and what happens where it ends.
changes = st.tuples(
    st.sampled_from([False, False, False, True]),
    st.lists(st.integers(0, 60), min_size=1, max_size=4),
    st.sampled_from(["remove", "replace", "replace"]),
    odd_values,
)
mutations = st.lists(changes, min_size=1, max_size=3)


def mutate(node: Any, path: list[int], kind: str, value: Any) -> None:
    """Walk ``path`` (each index picks a key or an item) and change what it ends on."""
    for depth, step in enumerate(path):
        if isinstance(node, dict) and node:
            key = sorted(node)[step % len(node)]
        elif isinstance(node, list) and node:
            key = step % len(node)
        else:
            return
        last = depth == len(path) - 1
        child = node[key]
        if last or not isinstance(child, (dict, list)) or not child:
            if kind == "remove":
                del node[key]
            else:
                node[key] = value
            return
        node = child


Mutation = list[tuple[bool, list[int], str, Any]]


def rewrite_with(mutation: Mutation) -> Any:
    def run(method: str, path: str, body: bytes) -> bytes:
        envelope = json.loads(body)
        for whole, steps, kind, value in mutation:
            data = envelope.get("data") if isinstance(envelope, dict) else None
            target = data if isinstance(data, (dict, list)) and not whole else envelope
            mutate(target, steps, kind, value)
        return json.dumps(envelope).encode()

    return run


def check_screen(app: OpsslApp) -> str:
    """The app is up; nothing raw reached the terminal. Returns the words shown."""
    assert app.is_running, "the app stopped"
    shown = screen_text(app)
    assert "Traceback" not in shown
    assert not CONTROL.search(shown), repr(CONTROL.findall(shown)[:5])
    return " ".join(shown.split())


def app_on(sandbox: Sandbox, transport: RewritingTransport) -> tuple[OpsslApp, OpenproviderClient]:
    client = OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), transport=transport, backoff=0, timeout=10
    )
    return OpsslApp(client, demo_connection(sandbox), detail_debounce=0), client


async def browse_mutated(sandbox: Sandbox, mutation: Mutation) -> None:
    transport = RewritingTransport()
    transport.arm(rewrite_with(mutation), r"/ssl/orders(/\d+)?")
    app, client = app_on(sandbox, transport)
    async with client, app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert transport.rewritten >= 1
        words = check_screen(app)
        pages = browser(app).pages
        if pages.total is None:
            assert "Press r to retry" in list_state(app), words
        else:
            assert not pages.pending
        await pilot.press("j", "j")
        await settle(pilot)
        check_screen(app)
        assert detail(app).state in ("loaded", "problem", "empty"), detail(app).state

        transport.disarm()
        # r retries what failed first (a detail that failed); a list that was read, if
        # oddly (a total missing), is read again by the r after that.
        retrying = bool(app._retries)
        await pilot.press("r")
        await settle(pilot)
        check_screen(app)
        if retrying and browser(app).pages.total != 40:
            await pilot.press("r")
            await settle(pilot)
        pages = browser(app).pages
        assert pages.total == 40 and list_state(app) == ""
        if detail(app).state == "problem":  # the detail failed on its own: r again
            await pilot.press("r")
            await settle(pilot)
        assert detail(app).state == "loaded"


async def edit_mutated(sandbox: Sandbox, order_id: int, mutation: Mutation) -> None:
    transport = RewritingTransport()
    app, client = app_on(sandbox, transport)
    async with client, app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await move_to_order(pilot, app, order_id)
        transport.arm(
            rewrite_with(mutation), rf"/ssl/(orders/{order_id}|products/\d+|approver-emails)"
        )
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen) and transport.rewritten >= 1
        words = check_screen(app)
        assert screen.state in ("ready", "failed"), screen.state
        if screen.state == "failed":
            assert "r retries" in words, words

        transport.disarm()
        await pilot.press("r" if screen.state == "failed" else "f5")
        await settle(pilot)
        words = check_screen(app)
        assert screen.state == "ready" and screen.form is not None
        stored = sandbox.store.orders[order_id]
        assert stored.common_name in words


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@SETTINGS
@given(mutation=mutations)
# Found in CI: a list answer without its total and one order short; r first retried the
# details that failed, and the test took that r for the list's reload.
@example(mutation=[(False, [1], "replace", None), (False, [16, 0], "remove", None)])
def test_mutated_list_and_detail_answers_never_break_the_browser(
    mutation: Mutation,
) -> None:
    with Sandbox(orders=40, seed=1, today=TODAY) as sandbox:
        asyncio.run(browse_mutated(sandbox, mutation))


@SETTINGS
@given(mutation=mutations, order_id=st.sampled_from([REQ_MULTI, PAI_MULTI]))
# Found by this test: control characters in a PAI order's CSR reached the terminal
# through the CSR box (now drawn as a visible mark).
@example(mutation=[(False, [8], "replace", "nul\x00bell\x07del\x7f")], order_id=PAI_MULTI)
def test_mutated_order_answers_never_break_the_form(mutation: Mutation, order_id: int) -> None:
    with Sandbox(orders=40, seed=1, today=TODAY) as sandbox:
        asyncio.run(edit_mutated(sandbox, order_id, mutation))
