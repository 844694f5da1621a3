"""The DCV pre-flight screen: every host of one order, checked the way the CA will look.

Pushed by ``v`` in the browser and the edit form. A worker reads the order afresh (a
check never writes) and runs ``core.dcv_check``; each host's block fills in as its
result arrives. ``v`` checks again (a running check is cancelled first), ``escape``
goes back. A failed read goes through ``OpsslApp.handle_api_error``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static

from tui_app.api import Order
from tui_app.core.dcv_check.model import HostResult
from tui_app.core.dcv_check.settings import CheckSettings, resolve_settings
from tui_app.core.dcv_check.target import HostTarget, order_targets
from tui_app.ui.boundary import caught
from tui_app.ui.connection_bar import ConnectionBar
from tui_app.ui.dcv_check.host_block import HostBlock
from tui_app.ui.dcv_check.render import progress, view_line
from tui_app.ui.formatting import safe, status_label
from tui_app.ui.problems import Problem
from tui_app.ui.screen_base import OpsslScreen

if TYPE_CHECKING:
    from collections.abc import Iterator


CHECK_ERRORS = "reading the order to check"


class _DemoServersStarting(Exception):
    """The demo's DCV servers are not listening yet (``DemoDcv``)."""


class OrderRead(Message):
    def __init__(self, order: Order, targets: list[HostTarget]) -> None:
        super().__init__()
        self.order = order
        self.targets = targets


class HostChecked(Message):
    def __init__(self, run: int, result: HostResult) -> None:
        super().__init__()
        self.run = run
        self.result = result


class CheckDone(Message):
    def __init__(self, run: int) -> None:
        super().__init__()
        self.run = run


class ReadFailed(Message):
    """The read or the check broke: an API error, or a bug (the screen stays, v retries)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class DcvCheckScreen(OpsslScreen[None]):
    CSS_PATH = Path(__file__).with_name("dcv_check.tcss")
    HELP_TITLE = "DCV check (v in the browser or the form)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "recheck",
            "Check again",
            tooltip="Read the order again and check every host",
            id="dcv.recheck",
        ),
        Binding("escape", "back", "Back", id="dcv.back"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False, id="dcv.down"),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False, id="dcv.up"),
    ]

    def __init__(self, order_id: int) -> None:
        super().__init__()
        self.order_id = order_id
        self.order: Order | None = None
        self.targets: list[HostTarget] = []
        self.results: dict[str, HostResult] = {}
        self.running = False
        self._run = 0
        self._settings: CheckSettings | None = None

    def compose(self) -> ComposeResult:
        yield ConnectionBar(self.opssl.connection, id="connection")
        yield Label(Text(f"DCV check · order {self.order_id}"), id="dcv-title")
        yield Static(Text("Reading the order…", style="dim"), id="dcv-status")
        yield VerticalScroll(id="dcv-hosts")
        yield self.footer()

    def on_resize(self, event: events.Resize) -> None:
        self.fit_footer(event.size.width)

    def on_mount(self) -> None:
        self.query_one("#dcv-hosts", VerticalScroll).focus()
        self.action_recheck()

    # -- running a check -------------------------------------------------------------

    def settings(self) -> CheckSettings:
        """The demo's servers, else ``OPSSL_DNS_SERVER`` / the profile's ``dns_server``."""
        if self.opssl.dcv_settings is not None:
            return self.opssl.dcv_settings
        if self.opssl.demo_dcv is not None:
            raise _DemoServersStarting
        connection = self.opssl.connection
        return resolve_settings(
            environ=os.environ, profile_value=connection.dns_server, profile=connection.profile
        )

    def action_recheck(self) -> None:
        try:
            self._settings = self.settings()
        except _DemoServersStarting:
            self._when_demo_servers_listen()
            return
        except ValueError as exc:
            self._status(Text.assemble(("Cannot check: ", "bold"), safe(str(exc))))
            return
        self._run += 1
        self.running = True
        self.results = {}
        self._status(Text("Reading the order…", style="dim"))
        self._check(self._run, self._settings)

    @work(group="dcv-servers", exclusive=True, exit_on_error=False, description=CHECK_ERRORS)
    async def _when_demo_servers_listen(self) -> None:
        """The demo's DCV servers start after the first rows: the check waits for them
        (under "Reading the order…", as for any check)."""
        await self.opssl.check_settings()
        self.action_recheck()

    @work(group="dcv-check", exclusive=True, exit_on_error=False, description=CHECK_ERRORS)
    async def _check(self, run: int, settings: CheckSettings) -> None:
        from tui_app.core.dcv_check.checker import check_targets

        try:
            order = (await self.opssl.client.get_order(self.order_id)).data
            targets = order_targets(order)
            self.post_message(OrderRead(order, targets))
            async for result in check_targets(targets, settings):
                self.post_message(HostChecked(run, result))
        except Exception as error:
            self.post_message(ReadFailed(caught(error, CHECK_ERRORS)))
            return
        self.post_message(CheckDone(run))

    async def on_order_read(self, message: OrderRead) -> None:
        self.order, self.targets = message.order, message.targets
        self.opssl.forget_retry(CHECK_ERRORS)
        order = message.order
        title = Text(f"DCV check · order {order.id}  ", style="bold")
        title.append(safe(order.common_name or "(no common name)"))
        title.append(f"  {status_label(order.status)}")
        self.query_one("#dcv-title", Label).update(title)
        hosts = self.query_one("#dcv-hosts", VerticalScroll)
        await hosts.remove_children()
        await hosts.mount_all(HostBlock(t) for t in message.targets)
        if not message.targets:
            await hosts.mount(Static(Text("This order has no hosts to check.")))
        self._show_progress()

    def on_host_checked(self, message: HostChecked) -> None:
        if message.run != self._run:
            return
        result = message.result
        self.results[result.host.lower()] = result
        for block in self.query(HostBlock):
            if block.target.host.lower() == result.host.lower():
                block.show(result)
        self._show_progress()

    def on_check_done(self, message: CheckDone) -> None:
        if message.run == self._run:
            self.running = False
            self._show_progress()

    def on_read_failed(self, message: ReadFailed) -> None:
        self.running = False
        self.opssl.handle_api_error(
            message.error,
            where=f"checking order {self.order_id}",
            retry=self.action_recheck,
            show=self._show_problem,
            key=CHECK_ERRORS,
        )

    def _show_problem(self, problem: Problem) -> None:
        text = Text.assemble((problem.title, "bold"), f"  {problem.detail} ")
        text.append(problem.hint, style="bold")
        self._status(text)

    # -- what the status line says -----------------------------------------------------

    def _status(self, text: Text) -> None:
        self.query_one("#dcv-status", Static).update(text)

    def _show_progress(self) -> None:
        text = progress(self.results.values(), len(self.targets), self.running)
        self._status(Text("\n").join([text, view_line(self._settings or CheckSettings())]))

    # -- other keys ------------------------------------------------------------------------

    def action_scroll(self, direction: int) -> None:
        hosts = self.query_one("#dcv-hosts", VerticalScroll)
        if direction > 0:
            hosts.scroll_down(animate=False)
        else:
            hosts.scroll_up(animate=False)

    def action_back(self) -> None:
        self.workers.cancel_group(self, "dcv-check")
        self.opssl.forget_retry(CHECK_ERRORS)
        self.dismiss(None)

    def palette_commands(self) -> Iterator[SystemCommand]:
        async def run(action: str) -> None:
            await self.run_action(action)

        yield SystemCommand(
            "Check DCV again",
            "Read the order again and check every host (v)",
            lambda: run("recheck"),
        )
        yield SystemCommand("Back", "Close the DCV check (escape)", lambda: run("back"))
