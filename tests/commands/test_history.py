"""``opssl history``: the journal as a table or JSON, filtered by order, date and profile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.commands.conftest import Cli, Ran
from tui_app.api.models import ApiResult, ApiWarning
from tui_app.api.writes import WriteEvent
from tui_app.cli import main
from tui_app.journal import journal_path
from tui_app.journal.entry import build_entry
from tui_app.journal.store import append_line
from tui_app.sandbox import Sandbox

API = "https://api.openprovider.eu/v1beta"


def _record(order_id: int, when: datetime, profile: str | None, **kw: object) -> None:
    rows = [{"host_name": "example.com", "method": "dns"}]
    event = WriteEvent(
        "PUT",
        f"ssl/orders/{order_id}",
        str(kw.get("base_url", API)),
        {"id": order_id, "domain_validation_methods": rows},
        result=ApiResult(order_id, (ApiWarning(1101, "changed"),)),
    )
    append_line(journal_path(), build_entry(event, profile=profile, now=when))


def _history(capsys: pytest.CaptureFixture[str], *argv: str) -> Ran:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return Ran(code, out, err)


@pytest.fixture
def recorded() -> None:
    _record(11, datetime(2026, 11, 1, 9, 0, tzinfo=UTC), "prod")
    _record(12, datetime(2026, 11, 20, 9, 0, tzinfo=UTC), "prod")
    _record(11, datetime(2026, 11, 25, 9, 0, tzinfo=UTC), "test")


@pytest.mark.usefixtures("recorded")
def test_the_table_lists_every_write(capsys: pytest.CaptureFixture[str]) -> None:
    ran = _history(capsys, "history")
    assert ran.code == 0
    lines = ran.out.splitlines()
    assert lines[0].split() == ["TIME", "WHERE", "ORDER", "OPERATION", "RESULT"]
    rows, details = lines[1::2], lines[2::2]
    assert len(rows) == len(details) == 3
    assert "update_order" in rows[0] and "ok, 1 warning" in rows[0]
    assert details[0] == "    dcv example.com=dns"
    assert [row.split()[3] for row in rows] == ["11", "12", "11"]
    assert [row.split()[2] for row in rows] == ["prod", "prod", "test"]


@pytest.mark.usefixtures("recorded")
@pytest.mark.parametrize(
    ("argv", "orders"),
    [
        (("history", "--order", "11"), [11, 11]),
        (("history", "--since", "2026-11-15"), [12, 11]),
        (("history", "--since", "2026-11-20T10:00+00:00"), [11]),
        (("--profile", "prod", "history"), [11, 12]),
        (("--profile", "prod", "history", "--order", "12"), [12]),
        (("--base-url", "https://api.cte.openprovider.eu/v1beta", "history"), []),
    ],
)
def test_filters(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], orders: list[int]
) -> None:
    ran = _history(capsys, *argv, "--json")
    assert ran.code == 0
    doc = ran.json()
    assert doc["version"] == 1 and doc["journal"] == str(journal_path())
    assert [e["order_id"] for e in doc["entries"]] == orders
    assert doc["total"] == len(orders)


def test_a_bad_date_is_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["history", "--since", "last tuesday"])
    assert ended.value.code == 2
    assert "'last tuesday' is not a date" in capsys.readouterr().err


def test_no_journal_yet_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    ran = _history(capsys, "history")
    assert ran.code == 0 and ran.out == ""
    assert ran.err.strip() == f"No writes recorded (journal: {journal_path()})."


def test_writes_from_the_commands_show_up_with_their_run(cli: Cli, sandbox: Sandbox) -> None:
    bulk = cli("dcv", "set", "--search", "*.com", "--status", "PAI", "--all", "dns", "--yes",
               "--json")  # fmt: skip
    assert bulk.code == 0
    run_id = bulk.json()["run_id"]
    sent = [o["id"] for o in bulk.json()["orders"] if o["result"] == "sent"]
    ran = cli("history")
    rows, details = ran.out.splitlines()[1::2], ran.out.splitlines()[2::2]
    assert [int(r.split()[3]) for r in rows] == sent
    assert all("127.0.0.1" in r for r in rows)
    assert all(d.startswith("    dcv ") and d.endswith(f"[run {run_id}]") for d in details)
    one = cli("history", "--order", str(sent[0]), "--json").json()
    assert [e["order_id"] for e in one["entries"]] == [sent[0]]
