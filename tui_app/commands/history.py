"""``opssl history``: what opssl wrote to the API, from the local journal.

Reads ``journal.jsonl`` (``tui_app.journal``; ``OPSSL_JOURNAL`` names another file) and
prints a table, or ``--json``. ``--order`` and ``--since`` filter; a global ``--profile``
or ``--base-url`` keeps that profile's or that API's writes only. No network, no token.
Exit codes: 0 done, 1 the journal cannot be read, 2 bad usage.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from tui_app.commands.orders import order_id_arg
from tui_app.commands.session import FAILED, OK, USAGE, CommandError, print_json, run, say
from tui_app.journal.view import detail, entry_time, result


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "history",
        help="list the writes opssl sent (the local journal)",
        description=(
            "Every write opssl sent, from the app or a command, as recorded in the local "
            "journal. With --profile or --base-url before the command, only that API's."
        ),
    )
    p.add_argument("--order", type=order_id_arg, metavar="ID", help="only this order's writes")
    p.add_argument(
        "--since",
        type=_since_arg,
        metavar="DATE",
        help="only writes from DATE on: YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (local time)",
    )
    p.add_argument("--json", action="store_true", help="one JSON document (docs/json.md)")


def _since_arg(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: use YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()  # local time


def run_history(args: argparse.Namespace) -> int:
    return run("history", lambda: _history(args))


def _keep(args: argparse.Namespace, entry: dict[str, Any]) -> bool:
    if args.order is not None and entry.get("order_id") != args.order:
        return False
    if args.since is not None:
        moment = entry_time(entry)
        if moment is None or moment < args.since:
            return False
    if getattr(args, "profile", None) and entry.get("profile") != args.profile:
        return False
    if getattr(args, "base_url", None):
        from urllib.parse import urlsplit

        if entry.get("api") != urlsplit(args.base_url.strip()).netloc:
            return False
    return True


async def _history(args: argparse.Namespace) -> int:
    from tui_app.journal import journal_path, read_journal
    from tui_app.journal.entry import VERSION

    if getattr(args, "demo", False):
        raise CommandError("the demo's writes are not journaled; there is no history.", USAGE)
    path = journal_path()
    try:
        found = read_journal(path)
    except OSError as exc:
        raise CommandError(f"cannot read the journal {path}: {exc.strerror}", FAILED) from None
    if found.unreadable:
        say(f"opssl history: {found.unreadable} line(s) of {path} could not be read; skipped.")
    entries = [e for e in found.entries if _keep(args, e)]
    if args.json:
        print_json(
            {"version": VERSION, "journal": str(path), "entries": entries, "total": len(entries)}
        )
        return OK
    if not entries:
        say(f"No writes recorded{' that match' if found.entries else ''} (journal: {path}).")
        return OK
    _print_table(entries)
    return OK


def _print_table(entries: list[dict[str, Any]]) -> None:
    """One row per write, its request and run on an indented line beneath (wrapped on a
    terminal): the detail is the longest part and would otherwise be cut at 80 columns."""
    import textwrap

    from tui_app.commands.table import printable, render, terminal_width

    rows = []
    for entry in entries:
        moment = entry_time(entry)
        when = moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "?"
        where = str(entry.get("profile") or entry.get("api") or "")
        order = str(entry.get("order_id") or "")
        rows.append((when, where, order, str(entry.get("operation", "")), result(entry)))
    headers = ("TIME", "WHERE", "ORDER", "OPERATION", "RESULT")
    width = terminal_width()
    header, *lines = render(headers, rows, width=width, shrink=(1, 3))
    print(header)
    for line, entry in zip(lines, entries, strict=True):
        print(line)
        text = printable(detail(entry))
        if text:
            wrapped = textwrap.wrap(text, width - 4) if width else [text]
            print("\n".join("    " + part for part in wrapped))


__all__ = ["add_parser", "detail", "entry_time", "result", "run_history"]
