"""``opssl dcv set``: switch DCV methods from the command line, one order or many.

    opssl dcv set ID HOST=METHOD ...       some hosts of one order
    opssl dcv set ID --all METHOD          every host of one order
    opssl dcv set --search PAT [--status S ...] --all METHOD [--skip-invalid]

The same checks as the edit form (``core.dcv_switch``), the change on stderr, then a
confirmation on a terminal unless ``--yes`` (without a terminal, ``--yes`` is required).
One ``PUT`` per order, carrying only ``domain_validation_methods``. Many orders: every
order is checked before any is sent (``core.bulk``); the first failure stops the run.
Exit codes: 0 sent (or nothing to send), 1 refused by a check or by the API,
2 bad usage (unknown order, host or method; a search that matches nothing),
3 sign-in needed.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from tui_app.commands.orders import add_search_options, order_id_arg, query_from
from tui_app.commands.session import (
    FAILED,
    OK,
    USAGE,
    CliSession,
    CommandError,
    api_failure,
    confirm,
    open_session,
    print_json,
    read_order,
    run,
    say,
)
from tui_app.core.dcv_rules import METHODS

if TYPE_CHECKING:
    from tui_app.commands.dcv_report import Report
    from tui_app.core.bulk import BulkPlan, BulkProgress
    from tui_app.core.dcv_switch import DcvSwitch


def add_parsers(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``set`` in the ``dcv`` group (``dest="dcv_command"``)."""
    p = actions.add_parser(
        "set",
        help="switch DCV methods of one order, or of every order a search matches",
        description=(
            "Switch DCV methods with the edit form's checks; one PUT per order with only "
            "domain_validation_methods. Exit codes: 0 sent, 1 refused by a check or by "
            "the API, 2 usage, 3 sign-in needed."
        ),
        epilog=(
            "examples:  opssl dcv set 1306001 www.example.com=dns   "
            "opssl dcv set 1306001 --all dns   "
            "opssl dcv set --search '*.example.com' --status REQ --all dns --yes"
        ),
    )
    p.add_argument("id", nargs="?", metavar="ID", help="the order id (or use --search)")
    p.add_argument("assignments", nargs="*", metavar="HOST=METHOD", help="a host's new method")
    p.add_argument("--all", dest="all_method", metavar="METHOD", help="every host to METHOD")
    add_search_options(p)
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="with --search: send the valid orders even if some cannot switch",
    )
    p.add_argument("-y", "--yes", action="store_true", help="do not ask before sending")
    p.add_argument("--json", action="store_true", help="one JSON document (docs/json.md)")


def run_dcv(args: argparse.Namespace) -> int:
    if args.dcv_command == "set":
        return run("dcv set", lambda: _set(args))
    say("opssl dcv: choose an action: set, check (opssl dcv --help)")
    return USAGE


def _method(text: str) -> str:
    method = text.strip().lower()
    if method not in METHODS:
        raise CommandError(
            f"unknown DCV method {text!r} (use {', '.join(METHODS)}); nothing was sent.", USAGE
        )
    return method


def _assignments(items: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items:
        host, sep, method = item.rpartition("=")
        host = host.strip().lower()
        if not sep or not host:
            raise CommandError(f"{item!r} is not HOST=METHOD; nothing was sent.", USAGE)
        if host in result:
            raise CommandError(f"{host} is named twice; nothing was sent.", USAGE)
        result[host] = _method(method)
    return result


def _check_usage(args: argparse.Namespace) -> None:
    if args.id is not None and "=" in args.id:
        args.assignments.insert(0, args.id)  # ``--search PAT HOST=METHOD``: no id given
        args.id = None
    if args.id is not None:
        try:
            args.id = order_id_arg(args.id)
        except argparse.ArgumentTypeError as exc:
            raise CommandError(f"{exc}; nothing was sent.", USAGE) from None
    if args.id is not None and args.search:
        raise CommandError("give an order id or --search, not both.", USAGE)
    if args.id is None and not args.search:
        raise CommandError("give an order id, or --search PAT for many orders.", USAGE)
    if args.search:
        if args.assignments:
            raise CommandError("with --search, use --all METHOD (not HOST=METHOD).", USAGE)
        if not args.all_method:
            raise CommandError("with --search, say the method: --all METHOD.", USAGE)
    else:
        if args.status or args.skip_invalid:
            raise CommandError("--status and --skip-invalid go with --search.", USAGE)
        if bool(args.assignments) == bool(args.all_method):
            raise CommandError("give HOST=METHOD pairs or --all METHOD (one of the two).", USAGE)


async def _set(args: argparse.Namespace) -> int:
    _check_usage(args)
    method = _method(args.all_method) if args.all_method else None
    assignments = _assignments(args.assignments) if args.assignments else {}
    session = open_session(args)
    try:
        session.require_writable()
        if args.search:
            assert method is not None
            return await _bulk(session, args, method)
        return await _single(session, args, method, assignments)
    finally:
        await session.aclose()


def _where(session: CliSession) -> str:
    label = session.target.label
    if session.connection.is_production:
        label = label.replace("production", "PRODUCTION", 1)
    return f"on {label}"


async def _single(
    session: CliSession, args: argparse.Namespace, method: str | None, hosts: dict[str, str]
) -> int:
    from tui_app.api.errors import OpsslApiError
    from tui_app.commands.dcv_report import FAILED as FAILED_RESULT
    from tui_app.commands.dcv_report import (
        INVALID,
        SENT,
        UNCHANGED,
        Outcome,
        Report,
        change_lines,
        title,
        warning_lines,
    )
    from tui_app.core.dcv_switch import UnknownHosts, switch_all, switch_hosts

    order = await read_order(session.client, args.id)
    try:
        switch = switch_all(order, method) if method else switch_hosts(order, hosts)
    except UnknownHosts as exc:
        raise CommandError(f"{exc}; nothing was sent.", USAGE) from None
    report = Report(method, None)
    if switch.invalid:
        report.outcomes.append(Outcome(switch, INVALID))
        _emit(args, report)
        raise CommandError(
            f"order {title(switch)}: {'; '.join(switch.problems)}. Nothing was sent.", FAILED
        )
    if switch.unchanged:
        report.outcomes.append(Outcome(switch, UNCHANGED))
        _emit(args, report)
        say(f"Order {title(switch)} already has these methods; nothing to send.")
        for line in change_lines(switch):
            say(line)
        return OK
    say(f"Order {title(switch)} {_where(session)}:")
    for line in change_lines(switch):
        say(line)
    confirm("Send this change (one PUT, DCV methods only)?", yes=args.yes)
    assert switch.plan is not None
    try:
        answer = await session.client.update_order(order.id, switch.plan.body)
    except OpsslApiError as exc:
        report.outcomes.append(Outcome(switch, FAILED_RESULT, error=exc))
        _emit(args, report)
        failure = api_failure(exc, f"order {order.id} was not changed")
        failure.message += _unknown_hint(exc, order.id)
        raise failure from None
    report.outcomes.append(Outcome(switch, SENT, answer.warnings))
    _emit(args, report)
    say(f"Sent: order {order.id} now validates with the methods above.")
    for line in warning_lines(answer.warnings):
        say(line)
    return OK


def _unknown_hint(exc: object, order_id: int) -> str:
    """A request with no answer may still have landed: say how to find out."""
    from tui_app.api.errors import ApiError

    if isinstance(exc, ApiError):
        return ""
    return f" It may have arrived anyway; check with: opssl orders show {order_id}"


def _emit(args: argparse.Namespace, report: Report) -> None:
    if args.json:
        print_json(report.document())


async def _bulk(session: CliSession, args: argparse.Namespace, method: str) -> int:
    from tui_app.api.errors import OpsslApiError
    from tui_app.core.bulk import plan_bulk
    from tui_app.core.order_search import fetch_all

    query = query_from(args)
    try:
        found = await fetch_all(session.client, query)
    except OpsslApiError as exc:
        raise api_failure(exc, "reading the matching orders") from None
    if not found.orders:
        statuses = f" in status {', '.join(query.statuses)}" if query.statuses else ""
        raise CommandError(f"no order matches {args.search!r}{statuses}; nothing was sent.", USAGE)
    plan = plan_bulk(found.orders, method)
    _describe_plan(session, args, plan)
    if plan.invalid and not args.skip_invalid:
        return _refuse(args, plan)
    if not plan.to_send:
        _emit(args, _plan_report(plan, sent_ok=True))
        say(f"Nothing to send: every valid order already uses {method}.")
        return OK
    count = len(plan.to_send)
    confirm(
        f"Send {count} request{'s' if count != 1 else ''} (one PUT per order, in turn)?",
        yes=args.yes,
    )
    return await _execute(session, args, plan)


def _describe_plan(session: CliSession, args: argparse.Namespace, plan: BulkPlan) -> None:
    from tui_app.commands.dcv_report import change_lines, ids, title

    statuses = f" in status {', '.join(dict.fromkeys(args.status))}" if args.status else ""
    say(f"{len(plan.switches)} orders match {args.search!r}{statuses} {_where(session)}.")
    if plan.to_send:
        say(f"To switch to {plan.method}:")
        for switch in plan.to_send:
            say(f"  {title(switch)}")
            for line in change_lines(switch, "    "):
                say(line)
    if plan.unchanged:
        say(f"Already {plan.method} (no request): {ids(plan.unchanged)}")
    if plan.invalid:
        say(f"Cannot switch to {plan.method}:")
        for switch in plan.invalid:
            say(f"  {title(switch)}: {'; '.join(switch.problems)}")


def _plan_report(plan: BulkPlan, *, sent_ok: bool) -> Report:
    """Every order as not yet sent (the starting point, and the answer to a refusal)."""
    from tui_app.commands.dcv_report import INVALID, NOT_SENT, UNCHANGED, Outcome, Report

    report = Report(plan.method, plan.run_id if sent_ok else None)
    for switch in plan.switches:
        result = INVALID if switch.invalid else UNCHANGED if switch.unchanged else NOT_SENT
        report.outcomes.append(Outcome(switch, result))
    return report


def _refuse(args: argparse.Namespace, plan: BulkPlan) -> int:
    _emit(args, _plan_report(plan, sent_ok=False))
    bad, rest = len(plan.invalid), len(plan.to_send)
    hint = f" --skip-invalid sends the other {rest}." if rest else ""
    total = len(plan.switches)
    say(f"opssl dcv set: {bad} of {total} orders cannot switch; nothing was sent.{hint}")
    return FAILED


async def _execute(session: CliSession, args: argparse.Namespace, plan: BulkPlan) -> int:
    from tui_app.commands.dcv_report import FAILED as FAILED_RESULT
    from tui_app.commands.dcv_report import SENT, ProgressBar, tell_sent
    from tui_app.core.bulk import run_bulk

    report = _plan_report(plan, sent_ok=True)
    by_id = {o.switch.order.id: o for o in report.outcomes}
    bar = ProgressBar()
    current: list[DcvSwitch] = []

    def progress(step: BulkProgress) -> None:
        bar(step)
        if step.result is None:
            current[:] = [step.switch]
            return
        current.clear()
        outcome = by_id[step.switch.order.id]
        outcome.result = SENT if step.result.ok else FAILED_RESULT
        outcome.warnings, outcome.error = step.result.warnings, step.result.error

    try:
        summary = await run_bulk(session.client, plan, skip_invalid=True, on_progress=progress)
    except asyncio.CancelledError:
        bar.close()
        _tell_interrupted(report, current)
        raise
    bar.close()
    _emit(args, report)
    done = [o for o in report.outcomes if o.result == SENT]
    say(f"Sent {len(done)} of {len(plan.to_send)} (run {plan.run_id}):")
    for outcome in done:
        tell_sent(outcome)
    if summary.failed is None:
        return OK
    failed = summary.failed
    assert failed.error is not None
    order_id = failed.switch.order.id
    failure = api_failure(failed.error, f"stopped at order {order_id}")
    _tell_stopped(
        summary.not_sent, failed.switch, failure.message + _unknown_hint(failed.error, order_id)
    )
    return failure.code  # 3 when the token was refused, else 1


def _tell_stopped(not_sent: tuple[DcvSwitch, ...], failed: DcvSwitch, message: str) -> None:
    from tui_app.commands.dcv_report import ids

    say(f"opssl dcv set: {message}")
    say(f"  Not changed: {ids((failed, *not_sent))}")
    say(
        "  Nothing was retried. Run the same command again to send the rest: orders that "
        "already switched get no request."
    )


def _tell_interrupted(report: Report, current: list[DcvSwitch]) -> None:
    from tui_app.commands.dcv_report import NOT_SENT, SENT, ids

    done = [o.switch for o in report.outcomes if o.result == SENT]
    waiting = [
        o.switch for o in report.outcomes if o.result == NOT_SENT and o.switch not in current
    ]
    say(f"Interrupted. Done: {ids(done) or 'none'}.")
    if current:
        order = current[0].order
        say(f"  Order {order.id} was being sent: check it with opssl orders show {order.id}.")
    say(f"  Not sent: {ids(waiting) or 'none'}.")


__all__ = ["add_parsers", "run_dcv"]
