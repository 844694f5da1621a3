"""Command line entry point: ``opssl`` (the app), ``opssl sandbox`` and friends."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

from tui_app import __version__


def _day(text: str) -> datetime:
    """``--today``: a date, as noon of that day (argparse says what is wrong, exit 2)."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(hour=12)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date as YYYY-MM-DD, e.g. 2026-11-29 (got {text!r})"
        ) from None


def _sandbox_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sandbox",
        help="run the local Openprovider API simulator",
        description="Serve a simulated Openprovider SSL API on 127.0.0.1 until interrupted.",
    )
    p.add_argument("--port", type=int, default=8443, help="port to listen on (0 picks a free one)")
    p.add_argument("--username", default="demo", help="API username it accepts (default: demo)")
    p.add_argument("--password", default="demo", help="API password it accepts (default: demo)")
    p.add_argument("--orders", type=int, default=40, help="how many orders to seed (default: 40)")
    p.add_argument("--seed", type=int, default=1, help="seed for the generated account")
    p.add_argument(
        "--token-ttl",
        type=float,
        default=2 * 24 * 3600,
        metavar="SECONDS",
        help="token lifetime (default: two days, as the real API)",
    )
    p.add_argument("--today", type=_day, help="the sandbox's date, YYYY-MM-DD (default: today)")
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    p.add_argument("--fail-rate", type=float, default=0.0, help="share of requests answered 503")
    p.add_argument("--maintenance", action="store_true", help="report the maintenance flag")
    p.add_argument("-v", "--verbose", action="store_true", help="log each request to stderr")


def _orders_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``opssl orders ACTION``: list and show (``commands/orders.py``); reissue, renew and
    cancel (``commands/lifecycle.py``)."""
    from tui_app.commands import lifecycle
    from tui_app.commands import orders as orders_commands

    p = sub.add_parser(
        "orders",
        help="list, show, reissue, renew or cancel orders (for scripts: --json, --csv)",
        description="Orders from the command line; the global options go before 'orders'.",
    )
    actions = p.add_subparsers(dest="orders_command", metavar="ACTION")
    orders_commands.add_parsers(actions)
    lifecycle.add_parsers(actions)


def _dcv_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``opssl dcv ACTION``: set (``commands/dcv.py``), check (``commands/dcv_check.py``)."""
    from tui_app.commands import dcv as dcv_commands
    from tui_app.commands import dcv_check

    p = sub.add_parser(
        "dcv",
        help="switch DCV methods of one order or many, or check what the CA will see",
        description="DCV from the command line; the global options go before 'dcv'.",
    )
    actions = p.add_subparsers(dest="dcv_command", metavar="ACTION")
    dcv_commands.add_parsers(actions)
    dcv_check.add_parsers(actions)


def build_parser() -> argparse.ArgumentParser:
    """Every command's parser: their modules are imported here, not at start-up."""
    from tui_app.auth import commands as auth_commands
    from tui_app.commands import cert as cert_commands
    from tui_app.commands import csr_new
    from tui_app.commands import history as history_commands

    parser = _app_parser(argparse.ArgumentParser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _sandbox_parser(sub)
    auth_commands.add_parsers(sub)
    _orders_parser(sub)
    _dcv_parser(sub)
    history_commands.add_parser(sub)
    cert_commands.add_parsers(sub)
    csr_new.add_parsers(sub)
    sub.add_parser(
        "keys",
        help="list the app's keys by binding id, and check [keys] in the config file",
        description="Every key of the app by its binding id, as [keys] in the config file "
        "leaves them; exit status 1 if an entry of [keys] cannot be applied.",
    )
    return parser


class _NotTheApp(Exception):
    """The arguments are not the app's own options alone: the whole parser reads them."""


class _AppOnlyParser(argparse.ArgumentParser):
    """The app's options alone; no ``-h`` (help lists the commands: the whole parser's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs, add_help=False)

    def error(self, message: str) -> NoReturn:
        raise _NotTheApp(message)


def _app_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The app's options when ``argv`` holds nothing else (the usual ``opssl``), read
    without importing every command's module and building its parser (~20 ms of the
    app's start); None for anything else (a command, help, any mistake)."""
    try:
        args, rest = _app_parser(_AppOnlyParser).parse_known_args(argv)
    except _NotTheApp:
        return None
    if rest:
        return None
    args.command = None
    return args


def _app_parser(kind: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = kind(
        prog="opssl",
        description="Manage Openprovider SSL certificate orders from the terminal.",
        epilog=(
            "The token comes from OPSSL_TOKEN if set (this session only; the keyring is not "
            "touched), else from the OS keyring, else the app asks you to sign in. The first "
            "start with no config file offers to create a profile."
        ),
    )
    parser.add_argument("--version", action="version", version=f"opssl {__version__}")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--demo", action="store_true", help="open the app on a built-in sandbox with sample orders"
    )
    which.add_argument(
        "--profile",
        metavar="NAME",
        help="a profile from the config file (default: the default one)",
    )
    which.add_argument(
        "--base-url",
        metavar="URL",
        help="any API base URL, e.g. https://api.cte.openprovider.eu/v1beta, without a profile",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="send no changes in this session, whatever the profile says",
    )
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    from tui_app.sandbox import Faults, Sandbox

    sandbox = Sandbox(
        port=args.port,
        orders=args.orders,
        seed=args.seed,
        today=args.today,
        username=args.username,
        password=args.password,
        token_ttl=args.token_ttl,
        faults=Faults(latency=args.latency, fail_rate=args.fail_rate, maintenance=args.maintenance),
        verbose=args.verbose,
    )
    try:
        sandbox.bind()
    except OSError as exc:
        print(
            f"opssl sandbox: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 2
    # Ctrl+C and a service manager's SIGTERM both stop it cleanly, even when the shell that
    # started it in the background left SIGINT ignored (Python then installs no handler).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        dcv = sandbox.start_dcv()
        print(f"Openprovider sandbox with {args.orders:,} orders")
        print(f"  base URL:  {sandbox.base_url}")
        print(f"  username:  {args.username}")
        print(f"  password:  {args.password}")
        print(f"  try:       opssl --base-url {sandbox.base_url}")
        print(
            f"  faults:    curl -X POST {sandbox.base_url.rsplit('/', 1)[0]}/_sandbox/faults "
            "-d '{\"latency\": 1}'"
        )
        print(f"  DCV:       DNS 127.0.0.1:{dcv.dns}, http port {dcv.http}, https port {dcv.https}")
        print(
            f"  check:     OPSSL_DNS_SERVER=127.0.0.1:{dcv.dns} OPSSL_DCV_PORTS={dcv.env()} "
            f"opssl --base-url {sandbox.base_url} dcv check ORDER"
        )
        print("Press Ctrl+C to stop.", flush=True)
        sandbox.serve_forever()
    except KeyboardInterrupt:
        print("\nSandbox stopped.")
    finally:
        sandbox.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _app_arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        return run_command(build_parser(), argv)
    from tui_app.startup import run_tui

    return run_tui(
        demo=args.demo, base_url=args.base_url, profile=args.profile, read_only=args.read_only
    )


def run_command(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    from tui_app.auth import commands as auth_commands
    from tui_app.commands import cert as cert_commands
    from tui_app.commands import csr_new, dcv_check, lifecycle
    from tui_app.commands import dcv as dcv_commands
    from tui_app.commands import history as history_commands
    from tui_app.commands import orders as orders_commands

    args = parser.parse_args(argv)
    if args.command is not None:
        gc.enable()  # off for the start-up's imports (``entry.py``); the TUI enables it later
    if args.command == "sandbox":
        return run_sandbox(args)
    if args.command in auth_commands.COMMANDS:
        return auth_commands.run(args)
    if args.command == "dcv" and args.dcv_command == "check":
        return dcv_check.run(args)
    if args.command == "orders" and args.orders_command in lifecycle.COMMANDS:
        return lifecycle.run(args)
    if args.command == "orders":
        return orders_commands.run_orders(args)
    if args.command == "dcv":
        return dcv_commands.run_dcv(args)
    if args.command == "history":
        return history_commands.run_history(args)
    if args.command in cert_commands.COMMANDS:
        return cert_commands.run(args)
    if args.command in csr_new.COMMANDS:
        return csr_new.run(args)
    if args.command == "keys":
        from tui_app.ui.key_list import run

        return run(warn=lambda line: print(line, file=sys.stderr))
    if args.command is None:
        from tui_app.startup import run_tui

        return run_tui(
            demo=args.demo, base_url=args.base_url, profile=args.profile, read_only=args.read_only
        )
    parser.print_help()
    return 0
