"""One DCV method for many orders: read them, review every change, send, show results.

A dialog over the browser that goes through its phases in place: ``reading`` (each
order read afresh, then ``core.bulk.plan_bulk`` checks every switch), ``review`` (each
order's change; invalid orders named with why; nothing is sent unless confirmed, and
with invalid orders only ``s`` sends the rest, as the CLI's ``--skip-invalid``),
``sending`` (``core.bulk.run_bulk`` in a worker: one PUT per order in turn, a progress
bar, never a retry; escape stops after the current order) and ``results``. Workers
report with messages; failures to read become UI through ``OpsslApp.handle_api_error``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, ProgressBar, Static

from tui_app.api import OpenproviderClient, Order
from tui_app.core.bulk import BulkPlan, BulkProgress, BulkSummary, plan_bulk, run_bulk
from tui_app.ui.boundary import caught, start_worker
from tui_app.ui.bulk.words import Lines, result_lines, review_keys, review_lines
from tui_app.ui.formatting import safe
from tui_app.ui.vim_keys import JkScroll

if TYPE_CHECKING:
    from tui_app.ui.app import OpsslApp

Phase = Literal["reading", "review", "sending", "results", "broken"]
READING = "reading the orders to switch"
SENDING = "sending the DCV switches"


class Planned(Message):
    def __init__(self, plan: BulkPlan) -> None:
        super().__init__()
        self.plan = plan


class ReadFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class Stepped(Message):
    def __init__(self, step: BulkProgress) -> None:
        super().__init__()
        self.step = step


class Finished(Message):
    def __init__(self, summary: BulkSummary) -> None:
        super().__init__()
        self.summary = summary


class RunBroke(Message):
    """Not an API answer (those are in the summary): a bug, or the run was cancelled."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class BulkScreen(ModalScreen[bool]):
    """Dismissed with True when requests went out (the list is read again); ``summary``
    says what became of each order."""

    CSS_PATH = Path(__file__).with_name("bulk.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "Send", id="bulk.send"),
        Binding("s", "send_valid", "Send the valid ones", id="bulk.send-valid"),
        Binding("escape", "stop", "Stop after this order", id="bulk.stop"),
        Binding("escape", "cancel", "Cancel", id="bulk.cancel"),
        Binding("escape,enter", "close", "Close", id="bulk.close"),
    ]

    def __init__(
        self, client: OpenproviderClient, order_ids: Sequence[int], method: str, where: str
    ) -> None:
        """``where``: the API in the header's words (``PRODUCTION`` in capitals)."""
        super().__init__(classes="dialog-screen", id="bulk-screen")
        self.where = where
        self.client = client
        self.order_ids = tuple(order_ids)
        self.method = method
        self.phase: Phase = "reading"
        self.plan: BulkPlan | None = None
        self.summary: BulkSummary | None = None
        self._stop = False
        self.started = False
        self._done: list[str] = []

    @property
    def opssl(self) -> OpsslApp:
        return cast("OpsslApp", self.app)

    def compose(self) -> ComposeResult:
        with JkScroll(classes="dialog", id="bulk-dialog") as dialog:
            count = len(self.order_ids)
            dialog.border_title = (
                f"DCV to {self.method}: {count} order{'s' * (count != 1)} on {self.where}"
            )
            yield Static(Text(f"Reading {count} order(s)…"), id="bulk-body")
            yield ProgressBar(total=1, show_eta=False, id="bulk-progress")
            yield Static("", id="bulk-keys", classes="dialog-help", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#bulk-progress", ProgressBar).display = False
        start_worker(self, self._read, group="bulk-read", description=READING)

    # -- reading and checking ---------------------------------------------------------

    async def _read(self) -> None:
        try:
            orders: list[Order] = []
            for order_id in self.order_ids:
                orders.append((await self.client.get_order(order_id)).data)
            plan = plan_bulk(orders, self.method)
        except Exception as error:
            self.post_message(ReadFailed(caught(error, READING)))
            return
        self.post_message(Planned(plan))

    def on_planned(self, message: Planned) -> None:
        self.plan = message.plan
        self._set_phase("review")
        self._body(review_lines(message.plan))
        self._keys(review_keys(message.plan))

    def on_read_failed(self, message: ReadFailed) -> None:
        self._set_phase("broken")
        problem = self.opssl.handle_api_error(message.error, where=READING, show=lambda p: None)
        self._body(Text.assemble((f"{problem.title}\n", "bold"), problem.summary))
        self._keys("Nothing was sent. escape closes.")

    # -- sending ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        plan = self.plan
        if action == "send":
            return (
                self.phase == "review"
                and plan is not None
                and bool(plan.to_send)
                and (not plan.invalid)
            )
        if action == "send_valid":
            return (
                self.phase == "review"
                and plan is not None
                and bool(plan.invalid)
                and bool(plan.to_send)
            )
        if action == "stop":
            return self.phase == "sending"
        if action == "cancel":
            return self.phase in ("reading", "review")
        if action == "close":
            return self.phase in ("results", "broken")
        return True

    def action_send(self) -> None:
        self._start()

    def action_send_valid(self) -> None:
        self._start()

    def _start(self) -> None:
        plan = self.plan
        assert plan is not None
        self.started = True
        self._set_phase("sending")
        bar = self.query_one("#bulk-progress", ProgressBar)
        bar.update(total=len(plan.to_send), progress=0)
        bar.display = True
        self._body(Text(f"Sending {len(plan.to_send)} request(s), one at a time…"))
        self._keys("escape stops after the order being sent; nothing is ever retried.")
        start_worker(self, self._send, group="bulk-send", description=SENDING)

    async def _send(self) -> None:
        plan = self.plan
        assert plan is not None
        try:
            summary = await run_bulk(
                self.client,
                plan,
                skip_invalid=True,  # only offered (``s``) after the invalid were named
                on_progress=self._progress,
                should_stop=lambda: self._stop,
            )
        except BaseException as error:  # a cancellation too: say what is known, then go on
            self.post_message(RunBroke(error))
            if not isinstance(error, Exception):
                raise
            return
        self.post_message(Finished(summary))

    def _progress(self, step: BulkProgress) -> None:
        self.post_message(Stepped(step))

    def on_stepped(self, message: Stepped) -> None:
        step = message.step
        order = f"{step.switch.order.id} {safe(step.switch.order.common_name)}"
        if step.result is None:
            text = Text(f"Sending {step.index + 1} of {step.total}: order {order}…\n")
        else:
            self.query_one("#bulk-progress", ProgressBar).update(progress=step.index + 1)
            self._done.append(f"  {'sent' if step.result.ok else 'FAILED'}  {order}\n")
            text = Text(f"Sent {step.index + 1} of {step.total}.\n")
        for line in self._done:
            text.append(line)
        self._body(text)

    def action_stop(self) -> None:
        self._stop = True
        self._keys("Stopping after the order being sent…")

    def on_finished(self, message: Finished) -> None:
        self.summary = message.summary
        self._set_phase("results")
        self._body(result_lines(message.summary))
        self._keys("enter or escape closes; the list reloads.")

    def on_run_broke(self, message: RunBroke) -> None:
        self._set_phase("broken")
        problem = self.opssl.handle_api_error(message.error, where=SENDING, show=lambda p: None)
        text = Text.assemble(("The run stopped: ", "bold"), problem.summary, "\n")
        text.append("Done before it stopped:\n" if self._done else "Nothing was done.\n")
        for line in self._done:
            text.append(line)
        self._body(text)
        self._keys("Nothing was retried. escape closes; the list reloads.")

    # -- leaving ------------------------------------------------------------------------

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "bulk-read")
        self.dismiss(False)

    def action_close(self) -> None:
        self.dismiss(self.started)

    # -- drawing ------------------------------------------------------------------------

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self.query_one("#bulk-progress", ProgressBar).display = phase == "sending"
        self.refresh_bindings()

    def _body(self, text: Text | Lines) -> None:
        self.query_one("#bulk-body", Static).update(text)

    def _keys(self, words: str) -> None:
        self.query_one("#bulk-keys", Static).update(words)
