"""One host of a DCV check: its state, what was looked up, and each server's answer.

Separate lines (``Static``s) so that long values wrap under their own indent at 80
columns; the block is recomposed when the host's result arrives.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui_app.core.dcv_check.model import HostResult
from tui_app.core.dcv_check.target import HostTarget
from tui_app.ui.dcv_check.render import expected, heading, server_line
from tui_app.ui.formatting import safe


class HostBlock(Vertical):
    DEFAULT_CSS = """
    HostBlock {
        height: auto;
        margin-bottom: 1;
    }
    HostBlock .dcv-line {
        padding-left: 2;
    }
    HostBlock .dcv-server {
        padding-left: 4;
    }
    """

    def __init__(self, target: HostTarget) -> None:
        super().__init__(classes="dcv-host")
        self.target = target
        self.result: HostResult | None = None

    def compose(self) -> ComposeResult:
        result = self.result
        if result is None:
            yield Static(heading(self.target.host, self.target.method, None))
            return
        yield Static(heading(result.host, result.method, result.state))
        if result.detail:
            yield Static(Text(safe(result.detail)), classes="dcv-line")
        wanted = expected(result)
        if wanted is not None:
            yield Static(wanted, classes="dcv-line")
        for server in result.servers:
            yield Static(server_line(result, server), classes="dcv-server")

    def show(self, result: HostResult) -> None:
        self.result = result
        for state in ("published", "partial", "missing", "different", "unreachable"):
            self.set_class(result.state == state, f"-{state}")
        self.refresh(recompose=True)
