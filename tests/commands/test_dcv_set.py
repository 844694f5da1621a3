"""``opssl dcv set ID ...``: the form's checks, one PUT with only the DCV methods, exit codes."""

from __future__ import annotations

import pytest

from tests.commands.conftest import Cli, StartTerminal, journal_entries, puts, writes
from tui_app.sandbox import Sandbox

REQ_MULTI = 1306010  # cyberdyne.com: 4 hosts, the first on email, approver set
REQ_SINGLE = 1306001  # acme.com: one host on dns, approver set
REQ_WILDCARD = 1306028  # *.lucerne.com + lucerne.com, both dns, no approver
ACT_SINGLE = 1306029


def test_one_host_is_switched_with_one_put_of_the_dcv_methods_only(
    cli: Cli, sandbox: Sandbox
) -> None:
    stored = sandbox.store.orders[REQ_MULTI]
    first = stored.hosts[0]
    before = dict(stored.dcv)
    sandbox.clear_requests()
    ran = cli("dcv", "set", str(REQ_MULTI), f"{first.upper()}=dns", "--yes")
    assert ran.code == 0, ran.err
    (put,) = writes(sandbox)
    assert put.method == "PUT" and put.api_path == f"/ssl/orders/{REQ_MULTI}"
    assert set(put.body) == {"id", "domain_validation_methods"}
    sent = {r["host_name"]: r["method"] for r in put.body["domain_validation_methods"]}
    assert sent == {**before, first: "dns"}
    assert stored.dcv[first] == "dns"
    # The change, then the API's warning, on stderr; nothing on stdout without --json.
    assert f"  {first}: email -> dns" in ran.err
    assert "warning 1101: Domain validation method changed" in ran.err
    assert ran.out == ""


def test_json_reports_the_change_and_the_warnings(cli: Cli, sandbox: Sandbox) -> None:
    doc = cli("dcv", "set", str(REQ_SINGLE), "--all", "email", "--yes", "--json").json()
    assert doc["version"] == 1 and doc["method"] == "email" and doc["run_id"] is None
    (order,) = doc["orders"]
    assert order["result"] == "sent" and order["id"] == REQ_SINGLE
    assert order["changes"] == [{"host_name": "acme.com", "old": "dns", "new": "email"}]
    assert [w["code"] for w in order["warnings"]] == [1101]
    assert doc["sent"] == 1 and doc["complete"] is True


def test_all_http_keeps_a_wildcard_as_the_form_does(cli: Cli, sandbox: Sandbox) -> None:
    ran = cli("dcv", "set", str(REQ_WILDCARD), "--all", "http", "--yes")
    assert ran.code == 0, ran.err
    assert "Kept *.lucerne.com: a wildcard cannot use http" in ran.err
    (put,) = puts(sandbox)
    sent = {r["host_name"]: r["method"] for r in put.body["domain_validation_methods"]}
    assert sent == {"*.lucerne.com": "dns", "lucerne.com": "http"}


def test_without_a_terminal_and_without_yes_nothing_is_sent(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.clear_requests()
    ran = cli("dcv", "set", str(REQ_SINGLE), "acme.com=email", stdin="y\n")
    assert ran.code == 2
    assert "no terminal to confirm on; nothing was sent" in ran.err
    assert "acme.com: dns -> email" in ran.err  # the change was shown before refusing
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("argv", "code", "words", "reads"),
    [
        (("acme.com=pigeon",), 2, "method 'pigeon' (use email, dns, http, https); nothing", False),
        (("--all", "FTP"), 2, "unknown DCV method 'FTP'", False),
        (("www.acme.com=dns",), 2, "no host www.acme.com (its hosts: acme.com); nothing", True),
        (("acme.com",), 2, "'acme.com' is not HOST=METHOD; nothing was sent", False),
        (("acme.com=dns", "ACME.com=email"), 2, "acme.com is named twice", False),
        ((), 2, "give HOST=METHOD pairs or --all METHOD", False),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_sends_nothing(
    cli: Cli, sandbox: Sandbox, argv: tuple[str, ...], code: int, words: str, reads: bool
) -> None:
    sandbox.clear_requests()
    ran = cli("dcv", "set", str(REQ_SINGLE), *argv, "--yes")
    assert ran.code == code
    assert ran.err_lines == [f"opssl dcv set: {ran.err_lines[0].split(': ', 1)[1]}"]
    assert words in ran.err
    assert writes(sandbox) == []
    assert bool(sandbox.received("GET")) is reads  # a bad method is known before any call


def test_an_unknown_order_is_exit_2(cli: Cli, sandbox: Sandbox) -> None:
    ran = cli("dcv", "set", "4242", "--all", "dns", "--yes")
    assert ran.code == 2
    assert ran.err_lines == [
        "opssl dcv set: no order 4242: the API answered code 1001: SSL order 4242 not found"
    ]
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("order_id", "argv", "words"),
    [
        (ACT_SINGLE, ("--all", "email"), "The DCV methods cannot change: ACT"),
        (REQ_WILDCARD, ("*.lucerne.com=https",), "a wildcard cannot use https"),
        (REQ_WILDCARD, ("lucerne.com=email",), "email validation needs an approver"),
    ],
)
def test_what_the_form_refuses_is_exit_1_and_sends_nothing(
    cli: Cli, sandbox: Sandbox, order_id: int, argv: tuple[str, ...], words: str
) -> None:
    sandbox.clear_requests()
    ran = cli("dcv", "set", str(order_id), *argv, "--yes")
    assert ran.code == 1
    assert len(ran.err_lines) == 1 and words in ran.err and "Nothing was sent" in ran.err
    assert writes(sandbox) == []


def test_methods_already_set_send_nothing(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.clear_requests()
    ran = cli("dcv", "set", str(REQ_SINGLE), "--all", "dns", "--yes", "--json")
    assert ran.code == 0
    assert ran.json()["orders"][0]["result"] == "unchanged"
    assert "already has these methods; nothing to send" in ran.err
    assert writes(sandbox) == []


def test_the_apis_refusal_is_exit_1_with_its_code_and_is_not_retried(
    cli: Cli, sandbox: Sandbox
) -> None:
    sandbox.faults.update(error_next=1, methods=["PUT"], error_code=50, error_desc="Calls limit")
    sandbox.clear_requests()
    ran = cli("dcv", "set", str(REQ_SINGLE), "--all", "email", "--yes", "--json")
    assert ran.code == 1
    assert "order 1306001 was not changed: the API answered code 50: Calls limit" in ran.err
    assert len(writes(sandbox)) == 1
    doc = ran.json()
    assert doc["orders"][0]["result"] == "failed"
    assert doc["orders"][0]["error"]["code"] == 50
    assert sandbox.store.orders[REQ_SINGLE].dcv["acme.com"] == "dns"


def test_read_only_sends_nothing_and_reads_nothing(cli: Cli, sandbox: Sandbox) -> None:
    from tui_app.cli import main

    sandbox.clear_requests()
    code = main(["--read-only", "--base-url", sandbox.base_url, "dcv", "set", "1306001",
                 "--all", "email", "--yes"])  # fmt: skip
    assert code == 1
    assert sandbox.requests == []


def test_the_journal_has_the_write(cli: Cli, sandbox: Sandbox) -> None:
    assert cli("dcv", "set", str(REQ_SINGLE), "--all", "email", "--yes").code == 0
    (entry,) = journal_entries()
    assert entry["operation"] == "update_order" and entry["order_id"] == REQ_SINGLE
    assert entry["request"] == {
        "id": REQ_SINGLE,
        "domain_validation_methods": [{"host_name": "acme.com", "method": "email"}],
    }
    assert entry["result"] == "ok" and entry["warnings"][0]["code"] == 1101
    assert entry["run_id"] is None


# -- on a real terminal ----------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "sent"), [("y", True), ("n", False)])
def test_on_a_terminal_it_asks_first(
    terminal: StartTerminal, sandbox: Sandbox, answer: str, sent: bool
) -> None:
    term = terminal("dcv", "set", str(REQ_SINGLE), "acme.com=email")
    assert b"[y/N]" in term.read_until(b"[y/N]")
    assert "acme.com: dns -> email" in term.text
    assert puts(sandbox) == []  # nothing before the answer
    term.type(answer + "\n")
    code = term.finish()
    assert code == (0 if sent else 1)
    assert len(puts(sandbox)) == (1 if sent else 0)
    assert ("Sent: order 1306001" in term.text) is sent
    assert ("not confirmed; nothing was sent" in term.text) is not sent
