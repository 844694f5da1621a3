"""``opssl cert download``: an issued certificate installed as files, then a reload command.

Reads the order (a read: read-only sessions may download), verifies the chain, the names
and the key, and writes ``cert.pem``, ``chain.pem``, ``fullchain.pem`` (and
``privkey.pem`` with ``--key``) atomically; any failed check writes nothing. When the
files already hold this certificate nothing is written and the reload is not run, so a
daily cron job reloads the server only when the certificate changed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from tui_app.commands import session
from tui_app.commands.lifecycle import order_id
from tui_app.commands.session import FAILED, OK, CommandError, say

COMMANDS = frozenset({"cert"})


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cert = sub.add_parser(
        "cert",
        help="install an issued certificate as files",
        description="Work with issued certificates on this machine.",
    )
    cert_sub = cert.add_subparsers(dest="cert_command", metavar="SUBCOMMAND", required=True)
    download = cert_sub.add_parser(
        "download",
        help="write cert.pem, chain.pem and fullchain.pem for an active order",
        description=(
            "Verify an ACT order's certificate chain (signatures, the order's names, the key) "
            "and write cert.pem (leaf), chain.pem (intermediates, no root), fullchain.pem "
            "(leaf + intermediates) and, with --key, privkey.pem into DIR, each atomically. "
            "New files are 0644 (the key 0600); existing files keep their mode and owner. "
            "Nothing is written if a check fails."
        ),
    )
    download.add_argument("id", type=order_id, help="the order id")
    download.add_argument("--dir", required=True, type=Path, metavar="DIR", help="where to write")
    download.add_argument(
        "--key",
        type=Path,
        metavar="FILE",
        help="the certificate's private key: checked, then installed as DIR/privkey.pem",
    )
    download.add_argument(
        "--reload-cmd",
        metavar="CMD",
        help="run by /bin/sh after the files are in place, with CERT_PATH, CHAIN_PATH, "
        "FULLCHAIN_PATH and KEY_PATH set (e.g. 'systemctl reload nginx')",
    )


def run_reload(command: str, env: dict[str, str]) -> int:
    """Run the reload command with the paths in its environment; its output passes through."""
    try:
        return subprocess.run(
            ["/bin/sh", "-c", command], env={**os.environ, **env}, check=False
        ).returncode
    except OSError as exc:
        raise CommandError(f"cannot run the reload command: {exc.strerror}", FAILED) from None


async def _download(args: argparse.Namespace) -> int:
    from tui_app.api.errors import OpsslApiError
    from tui_app.core.atomic_files import AtomicWriteError
    from tui_app.core.cert_files import InstallError, plan_install

    cli = session.open_session(args)
    try:
        order = (await cli.client.get_order(args.id)).data
    except OpsslApiError as exc:
        raise session.api_failure(exc, f"reading order {args.id}") from None
    finally:
        await cli.aclose()
    try:
        install = plan_install(order, args.dir, args.key)
    except InstallError as exc:
        raise CommandError(f"{exc.message}; nothing was written.", FAILED) from None
    for note in install.chain.left_out:
        say(f"Left out of the chain: {note}")
    if install.unchanged():
        say(
            f"{install.directory} already holds this certificate; nothing was written"
            + (" and the reload command was not run." if args.reload_cmd else ".")
        )
        return OK
    try:
        install.write()
    except AtomicWriteError as exc:
        kept = "no file was replaced" if not exc.replaced else "some files were replaced"
        raise CommandError(f"{exc.message}; {kept}.", FAILED) from None
    expires = install.chain.leaf.not_valid_after_utc
    for path, _, _ in install.files:
        print(path)
    say(
        f"Order {order.id}: certificate for {order.common_name} (expires "
        f"{expires:%Y-%m-%d}) and {len(install.chain.intermediates)} intermediate(s) written."
    )
    if args.reload_cmd:
        code = run_reload(args.reload_cmd, install.reload_env())
        if code != 0:
            how = f"exit code {code}" if code > 0 else f"signal {-code}"
            raise CommandError(
                f"the reload command failed ({how}); the new files are in place.", FAILED
            )
        say("Reload command done.")
    return OK


def run(args: argparse.Namespace) -> int:
    return session.run("cert download", lambda: _download(args))
