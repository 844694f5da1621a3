"""``opssl --demo``'s sandbox, in a process of its own (``python -m tui_app.sandbox.demo_child``).

The app's process (``tui_app/demo_process.py``) makes the listening socket and the
session's token, then starts this: the sandbox's imports, seeding and first page run on
another core while the app imports Textual, and the app's first request simply waits in
the socket's backlog until this process accepts it.

- ``--fd N``: the listening socket, inherited (``pass_fds``); ``--orders``, ``--today``:
  what the sandbox is seeded with (the app's moment, so its orders are the same).
- stdin: the first line is the token (never on the command line, where ``ps`` shows it);
  each later ``dcv`` line starts the DCV servers and answers ``dcv DNS HTTP HTTPS`` (or
  ``error WHY``); end of input (the app exits, crashes or is killed) stops the sandbox,
  which writes its CSR cache, and ends this process.
- stdout: ``ready`` once requests are served, then the answers above. Anything else
  written here or on stderr (a traceback) is what the app shows if this never got ready.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from datetime import datetime


def _arguments(argv: list[str]) -> dict[str, str]:
    """``--name value`` pairs (argparse would be a few more milliseconds before the first
    page; the only caller is ``demo_process``)."""
    if len(argv) % 2 or not all(name.startswith("--") for name in argv[::2]):
        raise SystemExit("usage: python -m tui_app.sandbox.demo_child --fd N --orders N --today T")
    return {name[2:]: value for name, value in zip(argv[::2], argv[1::2], strict=True)}


def _say(line: str) -> None:
    # A closed pipe: the app has gone; its stdin ends next, and with it this process.
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    # Its life is its stdin's: a Ctrl+C meant for the app (before the app owns the
    # terminal) must not end the sandbox under it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # as ``entry.py``: the imports and seeding make objects that live on
    import socket

    from tui_app.sandbox.csr_cache import default_path
    from tui_app.sandbox.server import Sandbox

    args = _arguments(argv)
    token = sys.stdin.readline().strip()
    if not token:
        return 0  # the app ended before it handed the token over
    listening = socket.socket(fileno=int(args["fd"]))
    sandbox = Sandbox(
        orders=int(args["orders"]),
        today=datetime.fromisoformat(args["today"]),
        csr_cache=default_path(),
    )
    sandbox.accept_token(token)
    sandbox.bind(listening).start()
    gc.freeze()
    gc.enable()
    _say("ready")
    try:
        for line in sys.stdin:
            if line.strip() == "dcv":
                try:
                    ports = sandbox.start_dcv()
                except OSError as exc:
                    _say(f"error the demo's DCV servers cannot listen: {exc.strerror or exc}")
                else:
                    _say(f"dcv {ports.dns} {ports.http} {ports.https}")
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
