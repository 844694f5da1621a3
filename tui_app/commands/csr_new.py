"""``opssl csr new``: a private key and a CSR made on this machine; the key never leaves it.

The key goes only to ``--key-out`` (mode 0600, atomically, never over an existing file
without ``--force``); the CSR to ``--csr-out`` or standard output, ready for
``opssl orders reissue ID --csr FILE`` or the web panel. No API call, no token needed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_app.commands import session
from tui_app.commands.session import FAILED, OK, CommandError, say

COMMANDS = frozenset({"csr"})
KEY_TYPE_CHOICES = ("ec256", "ec384", "rsa2048", "rsa3072", "rsa4096")


def add_key_type_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key-type",
        choices=KEY_TYPE_CHOICES,
        default="ec256",
        help="the new key: EC P-256 (default), P-384, or RSA 2048/3072/4096",
    )


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    csr = sub.add_parser(
        "csr",
        help="make a private key and CSR on this machine",
        description="Make keys and CSRs locally: the private key is never sent anywhere.",
    )
    csr_sub = csr.add_subparsers(dest="csr_command", metavar="SUBCOMMAND", required=True)
    new = csr_sub.add_parser(
        "new",
        help="a new private key and a CSR for the given names",
        description=(
            "Make a private key and a CSR whose subject is the common name and whose SANs "
            "are the common name and every --san. The key is written to --key-out with "
            "mode 0600; the CSR goes to --csr-out or standard output."
        ),
    )
    new.add_argument("--cn", required=True, metavar="NAME", help="the common name")
    new.add_argument(
        "--san",
        action="append",
        default=[],
        metavar="NAME",
        help="another host name for the certificate (repeat for more)",
    )
    add_key_type_option(new)
    new.add_argument(
        "--key-out", required=True, type=Path, metavar="FILE", help="where to write the key"
    )
    new.add_argument("--csr-out", type=Path, metavar="FILE", help="where to write the CSR")
    new.add_argument("--force", action="store_true", help="replace an existing key file")


def refuse_existing_key(path: Path, force: bool) -> None:
    """Stop before any work when the key file exists: an old key is never lost by accident."""
    if not force and (path.exists() or path.is_symlink()):
        raise CommandError(
            f"{path} already exists; it was left as it is. Choose another file, or add "
            "--force to replace it.",
            FAILED,
        )


async def _new(args: argparse.Namespace) -> int:
    from tui_app.core.atomic_files import CERT_MODE, AtomicWriteError, write_file
    from tui_app.core.new_key import NewKeyError, new_key

    refuse_existing_key(args.key_out, args.force)
    try:
        made = new_key(args.cn, args.san, args.key_type)
    except NewKeyError as exc:
        raise CommandError(f"{exc}; nothing was written", FAILED) from None
    try:
        made.save(args.key_out, overwrite=args.force)
    except AtomicWriteError as exc:
        raise CommandError(f"{exc.message}; nothing was written", FAILED) from None
    say(f"Private key ({made.description}) written to {args.key_out}; keep it there.")
    if args.csr_out is None:
        sys.stdout.write(made.csr)
        sys.stdout.flush()
        return OK
    try:
        write_file(args.csr_out, made.csr.encode("ascii"), new_mode=CERT_MODE)
    except AtomicWriteError as exc:
        raise CommandError(f"{exc.message} (the key is in {args.key_out})", FAILED) from None
    say(f"CSR for {', '.join(made.hosts)} written to {args.csr_out}")
    return OK


def run(args: argparse.Namespace) -> int:
    return session.run("csr new", lambda: _new(args))
