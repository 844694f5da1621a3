"""The words of a DCV check on screen: states as upper-case words, one block per host.

Colour only repeats what the word says (``NO_COLOR=1`` loses nothing). Everything that
came from the API or from a server on the network goes through ``safe`` first.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from tui_app.core.dcv_check.model import (
    BLOCKED,
    DIFFERENT,
    MISSING,
    PARTIAL,
    PUBLISHED,
    SKIPPED,
    UNREACHABLE,
    HostResult,
    ServerResult,
    state_counts,
)
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.ui.formatting import count_phrase, safe

STATE_STYLE = {
    PUBLISHED: "bold green",
    PARTIAL: "bold yellow",
    MISSING: "bold red",
    DIFFERENT: "bold red",
    UNREACHABLE: "bold red",
    BLOCKED: "bold red",
    SKIPPED: "bold",
}


def heading(host: str, method: str, state: str | None) -> Text:
    """``www.example.com  dns  PUBLISHED`` (``checking…`` while there is no result)."""
    text = Text.assemble((safe(host), "bold"), "  ", safe(method or "no method"), "  ")
    if state is None:
        text.append("checking…", style="dim")
    else:
        text.append(state.upper(), style=STATE_STYLE.get(state, "bold"))
    return text


def expected(result: HostResult) -> Text | None:
    """What the CA expects, once (a file's first line, then "…")."""
    lines = result.expected.strip().splitlines()
    if not lines or result.state == SKIPPED:
        return None
    more = " …" if len(lines) > 1 else ""
    return Text.assemble(("expects ", "dim"), safe(lines[0]) + more)


def server_line(result: HostResult, server: ServerResult) -> Text:
    """One server (NS name and address) or web address, its state and what it served.

    What a ``published`` server serves is the expected value, shown once above.
    """
    who = f"{server.server} {server.address}" if result.method == "dns" else server.address
    text = Text.assemble(
        ("• ", "dim"),
        safe(who.strip() or server.server),
        "  ",
        (server.state, STATE_STYLE.get(server.state, "bold")),
    )
    if server.seen and server.state != PUBLISHED:
        text.append("  " + safe(server.seen))
    return text


def progress(results: Iterable[HostResult], total: int, running: bool) -> Text:
    """``3 of 4 hosts checked: 1 published, 1 missing, 1 skipped`` (and whether it runs)."""
    found = list(results)
    words = state_counts(found)
    text = f"{len(found)} of {count_phrase(total, 'host')} checked"
    if words:
        text += f": {words}"
    if running:
        text += " · checking…"
    return Text(text, style="bold")


def view_line(settings: CheckSettings) -> Text:
    """Which DNS view answers, and the ports when the simulator moved them."""
    text = Text(f"DNS view {safe(settings.view_label)}", style="dim")
    if settings.show_ports and settings.moved_ports:
        text.append(f" · ports {settings.moved_ports}", style="dim")
    return text
