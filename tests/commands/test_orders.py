"""``opssl orders list`` and ``orders show`` against the sandbox, as a script uses them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tests.commands.conftest import Cli, Ran, StartTerminal
from tui_app.cli import main
from tui_app.commands.orders import CSV_COLUMNS
from tui_app.commands.table import render
from tui_app.sandbox import Sandbox


def test_json_lists_every_order_once_with_the_version(cli: Cli, sandbox: Sandbox) -> None:
    ran = cli("orders", "list", "--json")
    assert ran.code == 0
    doc = ran.json()
    assert doc["version"] == 1
    assert doc["total"] == len(doc["orders"]) == 40
    assert {o["id"] for o in doc["orders"]} == set(sandbox.store.orders)
    stored = sandbox.store.orders[1306010]
    shown = next(o for o in doc["orders"] if o["id"] == 1306010)
    assert shown["status"] == stored.status
    assert {m["host_name"]: m["method"] for m in shown["domain_validation_methods"]} == stored.dcv
    assert "csr" not in shown and "certificate" not in shown  # the list stays light


def test_every_page_of_a_large_account_is_read(
    big_sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSSL_TOKEN", big_sandbox.issue_token())
    before = len(big_sandbox.received("GET", r"/ssl/orders"))
    assert main(["--base-url", big_sandbox.base_url, "orders", "list", "--json"]) == 0
    out = capsys.readouterr().out
    import json

    doc = json.loads(out)
    assert doc["total"] == 10_000
    assert len({o["id"] for o in doc["orders"]}) == 10_000
    pages = big_sandbox.received("GET", r"/ssl/orders")[before:]
    assert [p.query["offset"] for p in pages] == [[str(n)] for n in range(0, 10_000, 1000)]
    assert all(p.query["limit"] == ["1000"] for p in pages)


def test_filters_and_sort_go_to_the_api(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.clear_requests()
    ran = cli(
        "orders", "list", "--status", "req", "--status", "PAI", "--search", "*.com",
        "--sort", "common_name:desc", "--json",
    )  # fmt: skip
    assert ran.code == 0
    (query,) = [r.query for r in sandbox.received("GET", r"/ssl/orders")]
    assert query["status"] == ["REQ", "PAI"]
    assert query["common_name_pattern"] == ["*.com"]
    assert query["order_by.common_name"] == ["desc"]
    assert "show_expiring" not in query
    orders = ran.json()["orders"]
    expected = sorted(
        (o for o in sandbox.store.orders.values()
         if o.status in ("REQ", "PAI") and o.common_name.endswith(".com")),
        key=lambda o: o.common_name, reverse=True,
    )  # fmt: skip
    assert [o["common_name"] for o in orders] == [o.common_name for o in expected]


def test_csv_has_a_header_and_one_row_per_order(cli: Cli) -> None:
    ran = cli("orders", "list", "--csv", "--status", "REQ")
    assert ran.code == 0
    rows = list(csv.reader(io.StringIO(ran.out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    listed = cli("orders", "list", "--json", "--status", "REQ").json()["orders"]
    assert [int(r[0]) for r in rows[1:]] == [o["id"] for o in listed]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["dcv"] == " ".join(
        f"{m['host_name']}={m['method']}" for m in listed[0]["domain_validation_methods"]
    )


def test_the_table_without_a_terminal_is_whole_and_the_count_goes_to_stderr(cli: Cli) -> None:
    ran = cli("orders", "list", "--search", "acme*")
    assert ran.code == 0
    lines = ran.out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "EXPIRES", "AUTO", "COMMON", "NAME", "PRODUCT"]
    assert {line.split()[0] for line in lines[1:]} == {"1306001", "1306031"}
    assert ran.err.strip() == "2 orders"


def test_an_empty_match_is_no_error(cli: Cli) -> None:
    ran = cli("orders", "list", "--search", "nothing-here*")
    assert (ran.code, ran.out, ran.err.strip()) == (0, "", "No orders match.")
    assert cli("orders", "list", "--search", "nothing*", "--json").json() == {
        "version": 1,
        "orders": [],
        "total": 0,
    }


def test_the_table_fits_80_columns_cutting_product_then_name() -> None:
    rows = [("1306001", "REQ", "-", "off", "a" * 60, "Multi-Domain Wildcard SSL")]
    headers = ("ID", "STATUS", "EXPIRES", "AUTO", "COMMON NAME", "PRODUCT")
    lines = render(headers, rows, width=80, shrink=(5, 4))
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].startswith("1306001  REQ") and "…" in lines[1]
    assert render(headers, rows, width=None)[1].endswith("Multi-Domain Wildcard SSL")
    # Escape sequences in API text never reach the terminal.
    assert "\x1b" not in render(("X",), [("evil\x1b[2Jname",)], width=None)[1]


def test_on_a_terminal_the_table_fits_its_width(terminal: StartTerminal) -> None:
    term = terminal("orders", "list")
    assert term.finish() == 0
    lines = [line for line in term.text.splitlines() if line.strip()]
    assert lines[0].startswith("ID") and lines[-1] == "40 orders"
    assert max(len(line) for line in lines) <= 80
    assert any("…" in line for line in lines)  # the long product names were cut


# -- expiring --------------------------------------------------------------------------------


@pytest.fixture
def today_sandbox() -> Iterator[Sandbox]:
    """Expiry is measured on this machine's clock: a sandbox whose today is today."""
    with Sandbox(orders=80, seed=3) as sb:
        yield sb


def test_expiring_30_is_the_apis_filter_and_other_days_filter_here(
    today_sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setenv("OPSSL_TOKEN", today_sandbox.issue_token())
    now = datetime.now()
    stored = today_sandbox.store.orders.values()

    def listed(days: int) -> tuple[set[int], dict[str, list[str]]]:
        today_sandbox.clear_requests()
        argv = ["--base-url", today_sandbox.base_url, "orders", "list", "--json"]
        assert main([*argv, "--expiring", str(days)]) == 0
        (query,) = [r.query for r in today_sandbox.received("GET", r"/ssl/orders")]
        return {o["id"] for o in json.loads(capsys.readouterr().out)["orders"]}, query

    def expiring_within(days: int) -> set[int]:
        horizon = now + timedelta(days=days)
        return {o.id for o in stored if o.expiration_date and now <= o.expiration_date <= horizon}

    thirty, query = listed(30)
    assert query["show_expiring"] == ["true"]
    assert thirty and thirty == expiring_within(30)
    ten, query = listed(10)
    assert query["show_expiring"] == ["true"]
    assert ten == expiring_within(10) and ten < thirty
    year, query = listed(200)
    assert "show_expiring" not in query
    assert year == expiring_within(200) and year > thirty


# -- show ------------------------------------------------------------------------------------


def test_show_prints_the_order_and_what_to_publish(cli: Cli, sandbox: Sandbox) -> None:
    ran = cli("orders", "show", "1306002")
    assert ran.code == 0
    assert ran.out.startswith("Order 1306002  globex.com\n")
    stored = sandbox.store.orders[1306002]
    for host, method in stored.dcv.items():
        assert f"  {host}  {method}: " in ran.out
    assert "DNS record: _" in ran.out or "URL: http" in ran.out


def test_show_json_has_the_order_with_its_pems_and_dcv_data(cli: Cli) -> None:
    doc = cli("orders", "show", "1306002", "--json").json()
    assert doc["version"] == 1
    order = doc["order"]
    assert order["id"] == 1306002
    assert order["csr"].startswith("-----BEGIN CERTIFICATE REQUEST-----")
    assert order["certificate"].startswith("-----BEGIN CERTIFICATE-----")
    assert {d["domain"] for d in order["additional_data"]} == {
        m["host_name"] for m in order["domain_validation_methods"]
    }


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (("orders", "show", "999"), 2, "no order 999: the API answered code 1001"),
        (("orders", "show", "1306002"), 3, "opssl login"),
    ],
)
def test_an_unknown_order_and_no_token_are_one_line_with_their_code(
    cli: Cli, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...],
    code: int, words: str,
) -> None:  # fmt: skip
    if code == 3:
        sandbox.expire_tokens()
    ran: Ran = cli(*argv)
    assert ran.code == code
    assert len(ran.err_lines) == 1 and words in ran.err
    assert ran.out == ""
