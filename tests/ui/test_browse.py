"""The order table: first load, search, filters, sorting, paging and refresh.

Each test drives the real app with keys and checks both what the app shows and what
the sandbox actually received over HTTP.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.conftest import TODAY
from tests.ui.helpers import (
    browser,
    list_requests,
    loaded_ids,
    move_to_order,
    notifications,
    running,
    screen_text,
    settle,
    table,
    terminal_write,
)
from tui_app.core.browse_query import STATUSES, SortField
from tui_app.sandbox import Sandbox
from tui_app.ui.browser.sort_menu import CHOICES


def store_rows(sandbox: Sandbox) -> list:  # type: ignore[type-arg]
    return list(sandbox.store.orders.values())


async def test_first_page_shows_orders_and_count(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, _pilot):
        screen = browser(app)
        assert screen.pages.total == 40
        newest = max(store_rows(sandbox), key=lambda o: (o.order_date, o.id))
        assert loaded_ids(app)[0] == newest.id
        assert len(loaded_ids(app)) == 40
        text = screen_text(app)
        assert "40 orders" in text
        assert "All orders · sorted by order date, newest first" in text
        assert str(newest.id) in text
        (query,) = list_requests(sandbox)
        assert query["limit"] == ["100"]
        assert query["offset"] == ["0"]
        assert query["order_by.order_date"] == ["desc"]
        # The detail pane loaded the highlighted order with GET /ssl/orders/{id}.
        assert sandbox.received("GET", rf"/ssl/orders/{newest.id}")


async def test_status_is_shown_as_code_and_word(sandbox: Sandbox) -> None:
    async with running(sandbox, size=(120, 60)) as (app, _pilot):
        text = screen_text(app)
        for label in ("ACT active", "REQ requested", "PAI paid", "EXP expired", "FAI failed"):
            assert label in text


async def test_search_sends_a_plain_word_as_a_substring_pattern(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("slash", *"acme", "enter")
        await settle(pilot)
        assert list_requests(sandbox)[-1]["common_name_pattern"] == ["*acme*"]
        names = [sandbox.store.orders[i].common_name for i in loaded_ids(app)]
        assert names and all("acme" in n for n in names)
        expected = [o for o in store_rows(sandbox) if "acme" in o.common_name]
        assert len(names) == len(expected)
        text = screen_text(app)
        assert f"{len(expected)} of 40 orders" in text
        assert 'search "acme" (sent as *acme*)' in text
        assert table(app).has_focus


async def test_search_with_a_wildcard_is_sent_as_typed(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("slash", *"*.nl", "enter")
        await settle(pilot)
        assert list_requests(sandbox)[-1]["common_name_pattern"] == ["*.nl"]
        names = [sandbox.store.orders[i].common_name for i in loaded_ids(app)]
        assert names and all(n.endswith(".nl") for n in names)
        # An empty search shows every order again and sends no pattern.
        await pilot.press("slash", "ctrl+u", "enter")
        await settle(pilot)
        assert "common_name_pattern" not in list_requests(sandbox)[-1]
        assert browser(app).pages.total == 40


async def test_escape_closes_the_search_without_changing_anything(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        before = len(list_requests(sandbox))
        await pilot.press("slash", *"zzz", "escape")
        await settle(pilot)
        assert len(list_requests(sandbox)) == before
        assert browser(app).order_query.search == ""
        assert not browser(app).query_one("#search").has_class("-open")
        assert table(app).has_focus


async def test_a_search_with_no_match_says_so(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("slash", *"no-such-name", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "No orders match common name matches *no-such-name*" in text
        assert "0 of 40 orders" in text
        assert "Keys: / changes the search" in text


async def test_status_filter_each_status(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        for position, status in enumerate(STATUSES):
            await pilot.press("s", "a")  # start from "all statuses"
            await settle(pilot)
            await pilot.press("s")
            await pilot.press(*["down"] * position, "space", "enter")
            await settle(pilot)
            assert list_requests(sandbox)[-1]["status"] == [status]
            expected = sorted(o.id for o in store_rows(sandbox) if o.status == status)
            assert sorted(loaded_ids(app)) == expected, status
            assert browser(app).order_query.statuses == {status}
            assert f"{len(expected)} of 40 orders" in screen_text(app)


async def test_status_filter_takes_several_statuses_and_clears(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("s", "space", "down", "space", "enter")  # PAI and REQ
        await settle(pilot)
        assert sorted(list_requests(sandbox)[-1]["status"]) == ["PAI", "REQ"]
        shown = {sandbox.store.orders[i].status for i in loaded_ids(app)}
        assert shown == {"PAI", "REQ"}
        assert "status PAI, REQ" in screen_text(app)
        # Escape leaves the filter as it was; "a" clears it.
        await pilot.press("s", "space", "escape")
        await settle(pilot)
        assert browser(app).order_query.statuses == {"PAI", "REQ"}
        await pilot.press("s", "a")
        await settle(pilot)
        assert "status" not in list_requests(sandbox)[-1]
        assert browser(app).pages.total == 40


async def test_expiring_toggle(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("x")
        await settle(pilot)
        assert list_requests(sandbox)[-1]["show_expiring"] == ["true"]
        horizon = TODAY + timedelta(days=30)
        expected = sorted(
            o.id
            for o in store_rows(sandbox)
            if o.expiration_date is not None and TODAY <= o.expiration_date <= horizon
        )
        assert expected, "the seeded account has orders expiring soon"
        assert sorted(loaded_ids(app)) == expected
        assert "expiring within 30 days" in screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert "show_expiring" not in list_requests(sandbox)[-1]
        assert browser(app).pages.total == 40


def sort_value(sandbox: Sandbox, order_id: int, field: SortField) -> object:
    value = getattr(sandbox.store.orders[order_id], field)
    if isinstance(value, str):
        return value.lower()
    return value


def in_order(values: list[object], descending: bool) -> bool:
    """Sorted either way, with unset dates (None) last either way."""
    known = [v for v in values if v is not None]
    unset = len(values) - len(known)
    expected = sorted(known, reverse=descending) + [None] * unset  # type: ignore[type-var]
    return values == expected


async def test_sort_menu_each_field_both_ways(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        for field, descending in CHOICES:
            await pilot.press("o", "home", *["down"] * CHOICES.index((field, descending)), "enter")
            await settle(pilot)
            query = list_requests(sandbox)[-1]
            assert query[f"order_by.{field}"] == ["desc" if descending else "asc"]
            assert [k for k in query if k.startswith("order_by.")] == [f"order_by.{field}"]
            values = [sort_value(sandbox, i, field) for i in loaded_ids(app)]
            assert len(values) == 40
            assert in_order(values, descending), (field, descending)
        # Choosing the sort already in force sends nothing new.
        count = len(list_requests(sandbox))
        await pilot.press("o", "enter")
        await settle(pilot)
        assert len(list_requests(sandbox)) == count


async def test_reverse_sort_key_and_header_click(sandbox: Sandbox) -> None:
    async with running(sandbox, size=(120, 40)) as (app, pilot):
        await pilot.press("O")
        await settle(pilot)
        assert list_requests(sandbox)[-1]["order_by.order_date"] == ["asc"]
        # Clicking the "Common name" header sorts by it, A to Z; a second click flips it.
        await pilot.click("#orders", offset=(12, 0))
        await settle(pilot)
        assert list_requests(sandbox)[-1]["order_by.common_name"] == ["asc"]
        assert "Common name ▲" in screen_text(app)
        await pilot.click("#orders", offset=(12, 0))
        await settle(pilot)
        assert list_requests(sandbox)[-1]["order_by.common_name"] == ["desc"]
        names = [sandbox.store.orders[i].common_name for i in loaded_ids(app)]
        assert names == sorted(names, reverse=True)


async def test_filters_combine_in_one_request(sandbox: Sandbox) -> None:
    async with running(sandbox) as (_app, pilot):
        await pilot.press("s", "down", "down", "space", "enter")  # ACT
        await settle(pilot)
        await pilot.press("slash", *".com", "enter")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        query = list_requests(sandbox)[-1]
        assert query["status"] == ["ACT"]
        assert query["common_name_pattern"] == ["*.com*"]
        assert query["show_expiring"] == ["true"]


async def test_g_reaches_the_last_of_10000_orders_without_the_pages_between(
    big_sandbox: Sandbox,
) -> None:
    before = len(list_requests(big_sandbox))
    async with running(big_sandbox) as (app, pilot):
        assert "10,000 orders" in screen_text(app)
        await pilot.press("G")
        await settle(pilot)
        assert table(app).cursor == 9_999
        answer = big_sandbox.store.list_orders(
            {"order_by.order_date": ["desc"], "offset": ["9999"], "limit": ["1"]}
        )
        last_id = answer.data["results"][0]["id"]
        row = table(app).current_row
        assert row is not None and row.id == last_id
        offsets = sorted(int(q["offset"][0]) for q in list_requests(big_sandbox, before))
        assert offsets == [0, 9_900]
        assert str(last_id) in screen_text(app)
        assert "row 10,000 of 10,000" in screen_text(app)
        # g goes back to the top without fetching anything new.
        await pilot.press("g")
        await settle(pilot)
        assert table(app).cursor == 0
        assert len(list_requests(big_sandbox, before)) == 2


async def test_the_next_page_is_fetched_before_the_cursor_gets_there(
    big_sandbox: Sandbox,
) -> None:
    before = len(list_requests(big_sandbox))
    async with running(big_sandbox, size=(80, 60)) as (app, pilot):
        while table(app).cursor < 75:
            await pilot.press("pagedown")
            await settle(pilot)
        assert table(app).cursor < 100
        offsets = [int(q["offset"][0]) for q in list_requests(big_sandbox, before)]
        assert offsets == [0, 100]
        # Crossing the page boundary needs no wait and no extra request.
        await pilot.press("pagedown")
        await settle(pilot)
        assert table(app).cursor >= 100
        assert table(app).current_row is not None
        assert [int(q["offset"][0]) for q in list_requests(big_sandbox, before)] == [0, 100]


async def test_refresh_keeps_the_cursor_on_the_same_order(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        ids = loaded_ids(app)
        target = ids[5]
        await move_to_order(pilot, app, target)
        # Another session deletes two orders above it: its row number changes.
        with sandbox.store.lock:
            del sandbox.store.orders[ids[0]]
            del sandbox.store.orders[ids[2]]
        before = len(sandbox.received("GET", rf"/ssl/orders/{target}"))
        await pilot.press("r")
        await settle(pilot)
        assert browser(app).pages.total == 38
        assert table(app).cursor == 3
        row = table(app).current_row
        assert row is not None and row.id == target
        # The detail pane was read again, not served from its cache.
        assert len(sandbox.received("GET", rf"/ssl/orders/{target}")) == before + 1


async def test_refresh_when_the_order_is_gone_keeps_the_row_and_says_so(
    sandbox: Sandbox,
) -> None:
    async with running(sandbox) as (app, pilot):
        ids = loaded_ids(app)
        await move_to_order(pilot, app, ids[3])
        with sandbox.store.lock:
            del sandbox.store.orders[ids[3]]
        await pilot.press("r")
        await settle(pilot)
        assert table(app).cursor == 3
        row = table(app).current_row
        assert row is not None and row.id == ids[4]
        assert any(f"Order {ids[3]} is no longer in this view" in n for n in notifications(app))


async def test_refresh_finds_an_order_that_moved_to_the_next_page(sandbox: Sandbox) -> None:
    with Sandbox(orders=150, seed=3, today=TODAY) as big:
        async with running(big, size=(80, 60)) as (app, pilot):
            ids = loaded_ids(app)
            target = ids[99]
            await move_to_order(pilot, app, target)
            # A new order sorts first (newest): the target moves to row 101, on page two.
            newest = max(big.store.orders.values(), key=lambda o: o.order_date or datetime.min)
            assert newest.order_date is not None
            clone = type(newest)(**{**newest.__dict__, "id": 9_999_999})
            clone.order_date = newest.order_date + timedelta(hours=1)
            with big.store.lock:
                big.store.orders[clone.id] = clone
            await pilot.press("r")
            await settle(pilot)
            assert table(app).cursor == 100
            row = table(app).current_row
            assert row is not None and row.id == target


async def test_moving_quickly_cancels_stale_detail_loads(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        ids = loaded_ids(app)
        # Eight j as one burst, as a held key arrives: none waits for the one before it to
        # be drawn, so the pause between them cannot outlast the debounce on a busy machine.
        browser(app).detail_debounce = 0.5
        terminal_write(app, "j" * 8)
        await settle(pilot)
        fetched = {
            int(r.api_path.rsplit("/", 1)[1]) for r in sandbox.received("GET", r"/ssl/orders/\d+")
        }
        # Only the first order (on start) and the one the cursor stopped on were read.
        assert fetched == {ids[0], ids[8]}
        shown = browser(app).detail.order
        assert shown is not None and shown.id == ids[8]


def name_column(header: str) -> int:
    """The common name column's width, read off the table's header line."""
    start = header.index("Common name")
    rest = header[start + len("Common name") :]
    return len("Common name") + len(rest) - len(rest.lstrip())


async def test_a_narrow_table_keeps_the_common_names_readable(sandbox: Sandbox) -> None:
    """At 60 columns the other columns give way before the common name is cut, and the
    wide layout with the detail pane never gives it less room than 80 columns does
    (issue 16 item 12)."""
    names: dict[tuple[int, int], int] = {}
    for size in ((60, 20), (80, 24), (120, 35)):
        async with running(sandbox, size=size) as (app, _pilot):
            lines = screen_text(app).splitlines()
            header = next(line for line in lines if "Common name" in line)
            names[size] = name_column(header)
            visible = loaded_ids(app)[: table(app).size.height - 1]
            for name in (sandbox.store.orders[i].common_name for i in visible):
                if len(name) < names[size]:
                    assert any(name in line for line in lines), (size, name)
    assert names[(60, 20)] >= 20
    assert names[(120, 35)] >= names[(80, 24)] >= 20


async def test_an_order_number_search_finds_that_order_or_says_there_is_none(
    sandbox: Sandbox,
) -> None:
    """/1306022 looks the order up by its number (GET /ssl/orders/{id}) instead of
    matching names against *1306022* (issue 16 item 13)."""
    async with running(sandbox) as (app, pilot):
        sandbox.clear_requests()
        terminal_write(app, "/1306022\r")
        await settle(pilot)
        assert loaded_ids(app) == [1306022]
        assert sandbox.received("GET", r"/ssl/orders/1306022")
        assert list_requests(sandbox) == []  # no name search was sent
        lines = screen_text(app).splitlines()
        assert "Order 1306022, looked up by its number" in lines[1]
        assert "1 of 40 orders" in lines[1]
        assert "northwind.com" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert getattr(app.screen, "order_id", None) == 1306022
        await pilot.press("escape")
        await settle(pilot)

        terminal_write(app, "/\x7f\x7f\x7f\x7f\x7f\x7f\x7f99\r")
        await settle(pilot)
        assert loaded_ids(app) == []
        shown = " ".join(screen_text(app).split())
        assert "No order 99 on this account (code 1001: SSL order 99 not found)." in shown
        assert "/ changes the search" in shown


async def test_the_query_line_never_runs_into_the_count(big_sandbox: Sandbox) -> None:
    """A long search and a filter at 80 columns: the count stays whole, apart from the
    query, which is cut with a mark (issue 16 item 13)."""
    async with running(big_sandbox) as (app, pilot):
        await pilot.press("s", "down", "space", "enter")
        await pilot.press("slash", *"a-rather-long-name.example.com", "enter")
        await settle(pilot)
        line = screen_text(app).splitlines()[1]
        assert line.rstrip().endswith("  0 of 10,000 orders"), line
        assert "…" in line  # the query is cut, with a mark, before the count


async def test_the_maintenance_banner_goes_when_an_answer_says_it_is_over(
    sandbox: Sandbox,
) -> None:
    """Maintenance ends while the form is open: the form's own reads see it, and the list
    must not go on showing the banner when the user comes back (issue 16 item 14)."""
    sandbox.faults.update(maintenance=True)
    async with running(sandbox) as (app, pilot):
        assert "MAINTENANCE" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert "Maintenance:" in screen_text(app)
        sandbox.faults.update(maintenance=False)
        await pilot.press("f5")  # the form reads the order again
        await settle(pilot)
        assert "Maintenance:" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "MAINTENANCE" not in screen_text(app)


async def test_expiry_soonest_first_starts_with_what_expires_soonest(sandbox: Sandbox) -> None:
    """Orders not issued yet have no expiry: they come after every dated one, not first
    (issue 16 item 17)."""
    async with running(sandbox) as (app, pilot):
        await pilot.press("o", "home", *["down"] * CHOICES.index(("expiration_date", False)))
        await pilot.press("enter")
        await settle(pilot)
        expiries = [sandbox.store.orders[i].expiration_date for i in loaded_ids(app)]
        dated = [e for e in expiries if e is not None]
        assert dated and expiries[0] == min(dated)
        assert expiries == dated + [None] * (len(expiries) - len(dated))
