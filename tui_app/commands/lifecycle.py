"""``opssl orders reissue|renew|cancel``: the rest of an order's life, from a script or a shell.

Each reads the order first and refuses, with nothing sent, what its status does not
allow. Without ``--yes`` it says what will happen and asks on the terminal (cancel: type
the order's common name); without a terminal it refuses. A read-only session refuses all
three. Writes go once through the client; a refusal shows the API's code and desc.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui_app.commands import session
from tui_app.commands.csr_new import add_key_type_option, refuse_existing_key
from tui_app.commands.session import FAILED, OK, USAGE, CliSession, CommandError, confirm, say

if TYPE_CHECKING:
    from tui_app.api.models import ApiResult, Order
    from tui_app.core.lifecycle import ReissuePlan

COMMANDS = frozenset({"reissue", "renew", "cancel"})


def order_id(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not an order id (a positive number)")
    return int(text)


def add_parsers(orders: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add reissue, renew and cancel to the ``orders`` group."""
    reissue = orders.add_parser(
        "reissue",
        help="reissue an active order with a new CSR (back to the CA)",
        description=(
            "Send a new CSR for an ACT order; it goes back to the CA (REQ) until its hosts "
            "are validated. --new-key makes a key and CSR here for the order's names. The "
            "DCV rows follow the new CSR's hosts; --dcv HOST=METHOD picks a method."
        ),
    )
    reissue.add_argument("id", type=order_id, help="the order id")
    source = reissue.add_mutually_exclusive_group(required=True)
    source.add_argument("--csr", type=Path, metavar="FILE", help="a CSR made elsewhere (PEM)")
    source.add_argument(
        "--new-key", type=Path, metavar="FILE", help="make a key here, save it to FILE (0600)"
    )
    add_key_type_option(reissue)
    reissue.add_argument(
        "--dcv",
        action="append",
        default=[],
        metavar="HOST=METHOD",
        help="DCV method for a host: email, dns, http or https (repeat for more hosts)",
    )
    reissue.add_argument("--force", action="store_true", help="replace an existing --new-key file")
    reissue.add_argument("--yes", action="store_true", help="do not ask before sending")
    renew = orders.add_parser(
        "renew",
        help="renew an active order (within the window before it expires)",
        description="Renew an ACT order; the API accepts it in the last 30 days before expiry.",
    )
    renew.add_argument("id", type=order_id, help="the order id")
    renew.add_argument("--yes", action="store_true", help="do not ask before sending")
    cancel = orders.add_parser(
        "cancel",
        help="cancel an order: the CA revokes its certificate (cannot be undone)",
        description=(
            "Cancel a PAI, REQ or ACT order. The CA revokes the certificate; the order goes "
            "to REJ and then FAI (closed). On a terminal you type the common name to confirm."
        ),
    )
    cancel.add_argument("id", type=order_id, help="the order id")
    cancel.add_argument("--yes", action="store_true", help="do not ask before sending")


def _date(value: object) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "not set"


def _show_warnings(result: ApiResult[int]) -> None:
    for w in result.warnings:
        say(f"API warning {w.code}: {w.desc}" + (f" ({w.data})" if w.data else ""))


@contextlib.asynccontextmanager
async def _writable(args: argparse.Namespace) -> AsyncIterator[CliSession]:
    """A signed-in session that may write (a read-only one ends the command here)."""
    cli = session.open_session(args)
    try:
        cli.require_writable()
        yield cli
    finally:
        await cli.aclose()


async def _order(cli: CliSession, oid: int, action: str) -> Order:
    from tui_app.api.errors import OpsslApiError
    from tui_app.core.lifecycle import refusal

    try:
        order = (await cli.client.get_order(oid)).data
    except OpsslApiError as exc:
        raise session.api_failure(exc, f"reading order {oid}") from None
    problem = refusal(action, order)
    if problem:
        raise CommandError(f"{problem}; nothing was sent.", FAILED)
    return order


async def _send(
    oid: int, action: str, call: Callable[[], Awaitable[ApiResult[int]]]
) -> ApiResult[int]:
    """Send the write once (the client never retries it) and show the API's warnings."""
    from tui_app.api.errors import ApiError, OpsslApiError

    try:
        result = await call()
    except OpsslApiError as exc:
        failure = session.api_failure(exc, f"{action} order {oid}")
        if isinstance(exc, ApiError) and exc.data not in (None, ""):
            failure.message += f" ({exc.data})"
        raise failure from None
    _show_warnings(result)
    return result


async def _status_after(cli: CliSession, oid: int, *, expiry: bool = True) -> str:
    """The order's status as the API now reports it (a failed read is not the write's fault)."""
    from tui_app.api.errors import OpsslApiError

    try:
        order = (await cli.client.get_order(oid)).data
    except OpsslApiError as exc:
        return f"(could not read it back: {exc.message})"
    when = f", expires {_date(order.expiration_date)}" if expiry else ""
    return f"now {order.status}{when}"


def _read_csr_file(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not a PEM text file"
        raise CommandError(
            f"cannot read the CSR {path}: {reason}; nothing was sent.", USAGE
        ) from None


def _reissue_summary(order: Order, plan: ReissuePlan, key: str) -> str:
    """What the reissue will do, one host a line (80 columns, any number of hosts)."""
    notes = {h: "(new host)" for h in plan.added} | {h: "(changed)" for h in plan.changed}
    width = max(len(h) for h, _ in plan.rows)
    rows = [f"    {h:<{width}}  {m:<5}  {notes.get(h, '')}".rstrip() for h, m in plan.rows]
    gone = [f"  no longer covered: {', '.join(plan.removed)}"] if plan.removed else []
    return "\n".join(
        [
            f"Reissue order {order.id} ({order.common_name}, {order.product_name})",
            f"  now {order.status}, expires {_date(order.expiration_date)}",
            f"  new CSR: {key} key, {len(plan.hosts)} host(s); DCV method per host:",
            *rows,
            *gone,
            "  The order goes back to the CA (REQ) until every host is validated again.",
        ]
    )


async def _reissue(args: argparse.Namespace) -> int:
    from tui_app.core.atomic_files import AtomicWriteError
    from tui_app.core.host_set import order_host_set
    from tui_app.core.lifecycle import LifecycleError, parse_dcv_option, plan_reissue
    from tui_app.core.new_key import NewKeyError, new_key

    if args.new_key is not None:
        refuse_existing_key(args.new_key, args.force)
    csr_text = _read_csr_file(args.csr) if args.csr is not None else ""
    try:
        overrides = [parse_dcv_option(text) for text in args.dcv]
    except LifecycleError as exc:
        raise CommandError(exc.problems[0], USAGE) from None
    async with _writable(args) as cli:
        order = await _order(cli, args.id, "reissue")
        made = None
        if args.new_key is not None:
            hosts = order_host_set(order).csr_hosts or (order.common_name,)
            try:
                made = new_key(hosts[0], hosts[1:], args.key_type)
            except NewKeyError as exc:
                raise CommandError(f"cannot make a CSR for this order: {exc}", FAILED) from None
            csr_text = made.csr
        try:
            plan = plan_reissue(order, csr_text, overrides)
        except LifecycleError as exc:
            raise CommandError(
                "nothing was sent:\n  " + "\n  ".join(exc.problems), FAILED
            ) from None
        key = made.description if made else plan.csr.key_description
        say(_reissue_summary(order, plan, key))
        confirm(f"Reissue order {order.id}?", yes=args.yes)
        if made is not None:
            try:
                made.save(args.new_key, overwrite=args.force)
            except AtomicWriteError as exc:
                raise CommandError(f"{exc.message}; nothing was sent.", FAILED) from None
            say(f"Private key ({made.description}) written to {args.new_key}.")
        await _send(order.id, "reissue", lambda: cli.client.reissue_order(order.id, plan.fields))
        print(f"Order {order.id} reissued: {await _status_after(cli, order.id)}.")
        if made is not None:
            print(f"Once it is ACT: opssl cert download {order.id} --dir DIR --key {args.new_key}")
    return OK


def _renew_summary(order: Order) -> str:
    from tui_app.core.lifecycle import RENEW_TERMS, renewed_expiry

    period = order.period or 1
    expires = order.expiration_date
    after = _date(renewed_expiry(expires, period)) if expires else "a year after the renewal"
    return (
        f"Renew order {order.id} ({order.common_name}):\n"
        f"  product: {order.product_name or order.product_id}, period "
        f"{period} year{'s' if period != 1 else ''}\n"
        f"  expires: {_date(expires)} now, {after} after the renewal\n"
        + textwrap.indent(textwrap.fill(RENEW_TERMS, 76), "  ")
    )


def _cancel_summary(order: Order) -> str:
    from tui_app.core.lifecycle import cancel_terms

    lines = "\n".join(textwrap.fill(t, 76) for t in cancel_terms(order.status))
    return (
        f"Cancel order {order.id} ({order.common_name}, {order.product_name}, "
        f"{order.status}):\n" + textwrap.indent(lines, "  ")
    )


async def _renew(args: argparse.Namespace) -> int:
    async with _writable(args) as cli:
        order = await _order(cli, args.id, "renew")
        say(_renew_summary(order))
        confirm(f"Renew order {order.id}?", yes=args.yes)
        await _send(order.id, "renew", lambda: cli.client.renew_order(order.id))
        print(f"Order {order.id} renewed: {await _status_after(cli, order.id)}.")
    return OK


async def _cancel(args: argparse.Namespace) -> int:
    async with _writable(args) as cli:
        order = await _order(cli, args.id, "cancel")
        say(_cancel_summary(order))
        confirm(f"Cancel order {order.id}?", yes=args.yes, expect=order.common_name)
        await _send(order.id, "cancel", lambda: cli.client.cancel_order(order.id))
        print(f"Order {order.id} cancelled: {await _status_after(cli, order.id, expiry=False)}.")
    return OK


def run(args: argparse.Namespace) -> int:
    handlers = {"reissue": _reissue, "renew": _renew, "cancel": _cancel}
    handler = handlers[args.orders_command]
    code = session.run(f"orders {args.orders_command}", lambda: handler(args))
    sys.stdout.flush()
    return code
