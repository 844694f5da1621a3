"""``opssl dcv check ORDER``: is each host's record or file visible the way the CA will look?

Reads the order (never writes), checks every host (``core.dcv_check``) and prints a
table as results arrive, or one JSON document with ``--json``. Exit 0 when every host
that can be checked is published, 1 when one is not, 2 on a usage or API error (3: no
token, as every command). Heavy imports (dnspython, the client) happen inside ``run``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from tui_app.commands import session

if TYPE_CHECKING:
    from tui_app.core.dcv_check.model import HostResult
    from tui_app.core.dcv_check.settings import CheckSettings

COMMAND = "dcv check"


def add_parsers(dcv: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = dcv.add_parser(
        "check",
        help="check each host's DCV record or file the way the CA will",
        description=(
            "Check every host of an order the way the CA will: dns hosts on every "
            "authoritative server of their zone (recursion off), http/https hosts by "
            "fetching the file with the CA's user agent and redirect rules, email hosts "
            "skipped (their approver domain's MX is shown). Nothing is sent to the API."
        ),
        epilog=(
            "Exit status: 0 every checkable host is published, 1 one is not, 2 usage or "
            "API error, 3 not signed in. The DNS view (the server that finds zones and "
            "addresses) is --dns-server, else OPSSL_DNS_SERVER, else the profile's "
            "dns_server, else the system resolver."
        ),
    )
    p.add_argument("order", type=int, metavar="ORDER", help="the order's id")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument(
        "--dns-server",
        metavar="IP[:PORT]",
        help="find zones and addresses with this DNS server (split-horizon networks)",
    )


def run(args: argparse.Namespace) -> int:
    return session.run(COMMAND, lambda: _check(args))


def _settings(args: argparse.Namespace, dns_server: str, profile: str | None) -> CheckSettings:
    from tui_app.core.dcv_check.settings import resolve_settings

    try:
        return resolve_settings(
            flag=args.dns_server, environ=os.environ, profile_value=dns_server, profile=profile
        )
    except ValueError as exc:
        raise session.CommandError(str(exc), session.USAGE) from None


async def _check(args: argparse.Namespace) -> int:
    from tui_app.api.errors import OpsslApiError
    from tui_app.core.dcv_check.checker import check_targets
    from tui_app.core.dcv_check.model import all_published, order_json
    from tui_app.core.dcv_check.target import order_targets

    _settings(args, "", None)  # a bad --dns-server or variable is a usage error before anything
    cli = session.open_session(args)
    try:
        settings = _settings(args, cli.target.dns_server, cli.target.profile)
        try:
            order = (await cli.client.get_order(args.order)).data
        except OpsslApiError as exc:
            failure = session.api_failure(exc, f"reading order {args.order}")
            if failure.code == session.FAILED:
                failure.code = session.USAGE  # 1 means "not published" here
            raise failure from None
        targets = order_targets(order)
        if not args.json:
            print(f"Order {order.id}  {order.common_name}  {order.status}", flush=True)
            print(f"DNS view {settings.view_label}", flush=True)
        results: dict[str, HostResult] = {}
        async for result in check_targets(targets, settings):
            results[result.host.lower()] = result
            if not args.json:
                print(describe(result), flush=True)
        ordered = [results[t.host.lower()] for t in targets if t.host.lower() in results]
        if args.json:
            json.dump(order_json(order.id, ordered), sys.stdout, indent=2)
            print()
        else:
            print(summary(ordered))
        return session.OK if all_published(ordered) else session.FAILED
    finally:
        await cli.aclose()


def describe(result: HostResult) -> str:
    """One host as plain lines: host, method, state, what was looked up, each server."""
    lines = ["", f"{result.host}  {result.method or 'no method'}  {result.state}"]
    if result.detail:
        lines.append(f"  {result.detail}")
    if result.expected and result.state != "skipped":
        lines.append(f"  expects  {result.expected.splitlines()[0]}")
    for server in result.servers:
        who = f"{server.server} {server.address}" if result.method == "dns" else server.address
        seen = f"  {server.seen}" if server.seen else ""
        lines.append(f"    {who.strip()}  {server.state}{seen}")
    return "\n".join(lines)


def summary(results: list[HostResult]) -> str:
    from tui_app.core.dcv_check.model import state_counts

    return f"\n{len(results)} hosts: {state_counts(results)}."
