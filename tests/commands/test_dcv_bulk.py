"""``opssl dcv set --search PAT --all METHOD``: every order checked before any is sent, one
PUT per order in turn, the first failure stops the run, nothing is retried."""

from __future__ import annotations

import signal

import pytest

from tests.commands.conftest import Cli, StartTerminal, journal_entries, puts, writes
from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder


def _req_com(sandbox: Sandbox) -> list[StoredOrder]:
    return [
        o for o in sandbox.store.orders.values()
        if o.status == "REQ" and o.common_name.endswith(".com")
    ]  # fmt: skip


def _listed(cli: Cli, *argv: str) -> list[int]:
    """The matching orders in the API's order (the order the run sends them in)."""
    return [o["id"] for o in cli("orders", "list", "--json", *argv).json()["orders"]]


def test_one_invalid_order_means_nothing_is_sent(cli: Cli, sandbox: Sandbox) -> None:
    orders = _req_com(sandbox)
    no_approver = {o.id for o in orders if not o.email_approver}
    assert no_approver and len(no_approver) < len(orders)
    sandbox.clear_requests()
    ran = cli("dcv", "set", "--search", "*.com", "--status", "REQ", "--all", "email", "--yes")
    assert ran.code == 1
    assert writes(sandbox) == []
    refused = [line for line in ran.err_lines if "email validation needs an approver" in line]
    assert {int(line.split()[0]) for line in refused} == no_approver
    assert f"{len(no_approver)} of {len(orders)} orders cannot switch; nothing was sent." in ran.err
    assert "--skip-invalid sends the other" in ran.err


def test_skip_invalid_sends_the_rest_and_leaves_unchanged_orders_alone(
    cli: Cli, sandbox: Sandbox
) -> None:
    orders = _req_com(sandbox)
    valid = [o for o in orders if o.email_approver]
    changing = {o.id for o in valid if set(o.dcv.values()) != {"email"}}
    unchanged = {o.id for o in valid} - changing
    sandbox.clear_requests()
    ran = cli(
        "dcv", "set", "--search", "*.com", "--status", "REQ", "--all", "email",
        "--skip-invalid", "--yes", "--json",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    sent = puts(sandbox)
    assert {int(p.api_path.rsplit("/", 1)[1]) for p in sent} == changing
    assert len(sent) == len(changing) and writes(sandbox) == sent
    assert all(set(p.body) == {"id", "domain_validation_methods"} for p in sent)
    for order in valid:
        assert set(order.dcv.values()) == {"email"}
    doc = ran.json()
    results = {o["id"]: o["result"] for o in doc["orders"]}
    assert {i for i, r in results.items() if r == "sent"} == changing
    assert {i for i, r in results.items() if r == "unchanged"} == unchanged
    assert {i for i, r in results.items() if r == "invalid"} == {
        o.id for o in orders if not o.email_approver
    }
    assert doc["sent"] == len(changing) and doc["complete"] is False  # some were invalid
    entries = journal_entries()
    assert len(entries) == len(changing)
    assert {e["run_id"] for e in entries} == {doc["run_id"]}


@pytest.mark.parametrize(("api_code", "exit_code"), [(50, 1), (196, 3)])
def test_a_failure_stops_the_run_says_what_was_done_and_retries_nothing(
    cli: Cli, sandbox: Sandbox, api_code: int, exit_code: int
) -> None:
    ids = _listed(cli, "--search", "*.com", "--status", "REQ")
    to_send = [i for i in ids if set(sandbox.store.orders[i].dcv.values()) != {"dns"}]
    first, second, *rest = to_send
    assert rest
    before = {i: dict(sandbox.store.orders[i].dcv) for i in ids}
    sandbox.faults.update(
        error_next=1, error_code=api_code, error_desc="Refused on purpose",
        methods=["PUT"], paths=[f"/ssl/orders/{second}"],
    )  # fmt: skip
    sandbox.clear_requests()
    ran = cli("dcv", "set", "--search", "*.com", "--status", "REQ", "--all", "dns", "--yes",
              "--json")  # fmt: skip
    assert ran.code == exit_code
    assert [p.api_path for p in puts(sandbox)] == [f"/ssl/orders/{first}", f"/ssl/orders/{second}"]
    assert set(sandbox.store.orders[first].dcv.values()) == {"dns"}
    for order_id in (second, *rest):
        assert sandbox.store.orders[order_id].dcv == before[order_id]
    assert f"stopped at order {second}" in ran.err and f"code {api_code}" in ran.err
    not_changed = next(line for line in ran.err_lines if "Not changed:" in line)
    assert all(str(i) in not_changed for i in (second, *rest))
    assert str(first) not in not_changed
    assert "Nothing was retried" in ran.err
    doc = ran.json()
    results = {o["id"]: o["result"] for o in doc["orders"]}
    assert results[first] == "sent" and results[second] == "failed"
    assert all(results[i] == "not_sent" for i in rest)
    entries = journal_entries()
    assert [(e["order_id"], e["result"]) for e in entries] == [(first, "ok"), (second, "refused")]
    assert entries[1]["code"] == api_code
    assert entries[0]["run_id"] == entries[1]["run_id"] == doc["run_id"]

    if api_code == 196:
        return
    # Run again: the done order has nothing to change now, the rest are sent.
    sandbox.clear_requests()
    again = cli("dcv", "set", "--search", "*.com", "--status", "REQ", "--all", "dns", "--yes")
    assert again.code == 0
    assert [p.api_path for p in puts(sandbox)] == [f"/ssl/orders/{i}" for i in (second, *rest)]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--search", "nomatch*", "--all", "dns"), "no order matches 'nomatch*'; nothing was sent"),
        (("--search", "acme*", "--status", "EXP", "--all", "dns"), "matches 'acme*' in status EXP"),
        (("--search", "*.com", "acme.com=dns"), "with --search, use --all METHOD"),
        (("--search", "*.com"), "with --search, say the method: --all METHOD"),
        (("1306001", "--all", "dns", "--skip-invalid"), "--status and --skip-invalid go with"),
        (("1306001", "--search", "*.com", "--all", "dns"), "give an order id or --search, not"),
        (("--search", "*.com", "--all", "smoke-signals"), "unknown DCV method 'smoke-signals'"),
        (("acme", "--all", "dns"), "'acme' is not an order id (a positive number); nothing"),
    ],
)  # fmt: skip
def test_bad_bulk_input_is_exit_2_in_one_line(
    cli: Cli, sandbox: Sandbox, argv: tuple[str, ...], words: str
) -> None:
    ran = cli("dcv", "set", *argv, "--yes")
    assert ran.code == 2
    assert len(ran.err_lines) == 1 and words in ran.err
    assert writes(sandbox) == []


def test_on_a_terminal_it_asks_then_shows_a_progress_bar(
    terminal: StartTerminal, sandbox: Sandbox
) -> None:
    term = terminal("dcv", "set", "--search", "*.com", "--status", "PAI", "--all", "dns")
    assert b"[y/N]" in term.read_until(b"[y/N]")
    assert "To switch to dns:" in term.text and puts(sandbox) == []
    term.type("y\n")
    assert term.finish() == 0
    count = len(puts(sandbox))
    assert count > 1
    assert f"[{'#' * 20}] {count}/{count}" in term.text  # the bar, full at the end
    assert "\x1b[2K" in term.text  # redrawn in place
    assert f"Sent {count} of {count}" in term.text


def test_ctrl_c_mid_run_says_what_was_done_and_the_journal_keeps_the_unknown(
    terminal: StartTerminal, sandbox: Sandbox
) -> None:
    term = terminal("dcv", "set", "--search", "*.com", "--status", "PAI", "--all", "dns")
    assert b"[y/N]" in term.read_until(b"[y/N]")
    sandbox.faults.update(hold=True)  # from now on the API answers nothing
    try:
        term.type("y\n")
        assert b"] 0/" in term.read_until(b"] 0/")  # the bar: the first PUT is on its way
        term.process.send_signal(signal.SIGINT)  # what Ctrl+C at the terminal sends
        assert term.finish() == 130
    finally:
        sandbox.faults.update(hold=False)
    assert "Interrupted. Done: none." in term.text
    assert "was being sent: check it with opssl orders show" in term.text
    assert "Not sent: " in term.text and "Cancelled." in term.text
    (entry,) = journal_entries()
    assert entry["result"] == "unknown" and entry["error"]["kind"] == "cancelled"
    assert entry["run_id"]
