"""``opssl orders list`` and ``opssl orders show``: the account's orders, for people and scripts.

``list`` reads the whole match (page by page, with the API's own filters) and prints a
table on a terminal, or ``--json`` / ``--csv``. ``show`` prints one order. Exit codes:
0 done, 1 the API refused or could not be reached, 2 bad usage or an unknown order,
3 sign-in needed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from tui_app.api.client import ORDER_FIELDS as SORT_FIELDS
from tui_app.api.models import STATUSES
from tui_app.commands.session import (
    OK,
    open_session,
    print_json,
    read_order,
    run,
    say,
)

if TYPE_CHECKING:
    from tui_app.api.client import OrderField
    from tui_app.api.models import Order
    from tui_app.core.order_search import OrderQuery

CSV_COLUMNS = (
    "id",
    "common_name",
    "status",
    "product_name",
    "order_date",
    "expiration_date",
    "autorenew",
    "software",
    "dcv",
    "email_approver",
    "organization_handle",
    "technical_handle",
)


def status_arg(text: str) -> str:
    value = text.strip().upper()
    if value not in STATUSES:
        raise argparse.ArgumentTypeError(f"unknown status {text!r}; use {', '.join(STATUSES)}")
    return value


def _sort_arg(text: str) -> tuple[OrderField, bool]:
    name, _, direction = text.strip().partition(":")
    field = next((f for f in SORT_FIELDS if f == name), None)
    if field is None or direction not in ("", "asc", "desc"):
        raise argparse.ArgumentTypeError(
            f"cannot sort by {text!r}; use FIELD or FIELD:desc, FIELD one of "
            + ", ".join(SORT_FIELDS)
        )
    return field, direction == "desc"


def _days_arg(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (0 or more)")
    return days


def order_id_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not an order id (a positive number)")
    return value


def add_search_options(p: argparse.ArgumentParser) -> None:
    """``--status`` and ``--search``, shared with ``dcv set``'s bulk form."""
    p.add_argument(
        "--status",
        action="append",
        type=status_arg,
        default=[],
        metavar="S",
        help="only orders in this status (repeat for several): " + ", ".join(STATUSES),
    )
    p.add_argument(
        "--search",
        metavar="PAT",
        help="common name pattern, as the API reads it: * is a wildcard (e.g. '*.example.com')",
    )


def add_parsers(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``list`` and ``show`` in the ``orders`` group (``dest="orders_command"``)."""
    lst = actions.add_parser(
        "list",
        help="list orders (table, --json or --csv)",
        description=(
            "Every order that matches, read page by page with the API's filters. --expiring "
            "30 is the API's own 'expiring within 30 days'; any other number of days is "
            "applied by opssl on expiration_date, after the API's filters."
        ),
    )
    add_search_options(lst)
    lst.add_argument(
        "--expiring",
        type=_days_arg,
        metavar="DAYS",
        help="only certificates that expire within DAYS days from now",
    )
    lst.add_argument(
        "--sort",
        type=_sort_arg,
        metavar="FIELD[:desc]",
        help="sort by " + ", ".join(SORT_FIELDS) + " (default: the API's, newest first)",
    )
    fmt = lst.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON document (docs/json.md)")
    fmt.add_argument("--csv", action="store_true", help="CSV: a header row, one row per order")
    show = actions.add_parser(
        "show", help="show one order", description="Show one order, with what to publish for DCV."
    )
    show.add_argument("id", type=order_id_arg, help="the order id")
    show.add_argument("--json", action="store_true", help="one JSON document (docs/json.md)")


def run_orders(args: argparse.Namespace) -> int:
    if args.orders_command == "list":
        return run("orders list", lambda: _list(args))
    if args.orders_command == "show":
        return run("orders show", lambda: _show(args))
    say("opssl orders: choose an action: list, show, reissue, renew, cancel (opssl orders --help)")
    return 2


def query_from(args: argparse.Namespace) -> OrderQuery:
    from tui_app.core.order_search import OrderQuery

    field, descending = args.sort if getattr(args, "sort", None) else (None, False)
    return OrderQuery(
        pattern=args.search or None,
        statuses=tuple(dict.fromkeys(args.status)),
        expiring_days=getattr(args, "expiring", None),
        sort=field,
        descending=descending,
    )


async def _list(args: argparse.Namespace) -> int:
    from tui_app.api.errors import OpsslApiError
    from tui_app.commands.session import api_failure
    from tui_app.core.order_search import fetch_all

    session = open_session(args)
    try:
        found = await fetch_all(session.client, query_from(args))
    except OpsslApiError as exc:
        raise api_failure(exc, "listing orders") from None
    finally:
        await session.aclose()
    orders = found.orders
    if args.json:
        from tui_app.commands.shapes import VERSION, order_summary

        print_json(
            {"version": VERSION, "orders": [order_summary(o) for o in orders], "total": len(orders)}
        )
    elif args.csv:
        _write_csv(orders)
    else:
        _print_table(orders)
    return OK


def _date(order: Order) -> str:
    return order.expiration_date.strftime("%Y-%m-%d") if order.expiration_date else "-"


def _print_table(orders: tuple[Order, ...]) -> None:
    from tui_app.commands.table import render, terminal_width

    if not orders:
        say("No orders match.")
        return
    rows = [
        (
            str(o.id),
            o.status,
            _date(o),
            "on" if o.autorenew else "off",
            o.common_name,
            o.product_name,
        )
        for o in orders
    ]
    headers = ("ID", "STATUS", "EXPIRES", "AUTO", "COMMON NAME", "PRODUCT")
    for line in render(headers, rows, width=terminal_width(), shrink=(5, 4)):
        print(line)
    say(f"{len(orders)} order{'' if len(orders) == 1 else 's'}")


def _write_csv(orders: tuple[Order, ...]) -> None:
    from tui_app.commands.shapes import iso

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for o in orders:
        dcv = " ".join(f"{m.host_name}={m.method}" for m in o.domain_validation_methods)
        writer.writerow(
            (
                o.id,
                o.common_name,
                o.status,
                o.product_name,
                iso(o.order_date) or "",
                iso(o.expiration_date) or "",
                "on" if o.autorenew else "off",
                o.software,
                dcv,
                o.email_approver,
                o.organization_handle,
                o.technical_handle,
            )
        )


async def _show(args: argparse.Namespace) -> int:
    session = open_session(args)
    try:
        order = await read_order(session.client, args.id)
    finally:
        await session.aclose()
    if args.json:
        from tui_app.commands.shapes import VERSION, order_detail

        print_json({"version": VERSION, "order": order_detail(order)})
    else:
        from tui_app.commands.order_text import order_lines

        for line in order_lines(order):
            print(line)
    return OK
