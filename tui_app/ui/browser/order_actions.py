"""The browser's keys for an order's later life: reissue (R), renew (N), cancel (X) and the
certificate's download (w).

Each reads the order afresh (``GET /ssl/orders/{id}``) before it asks anything, so the
dialogs say what is true now; the status rules are ``core.lifecycle``'s. A read-only
session refuses the three writes with its own words and sends nothing (the download only
reads, and writes local files). A write is sent once, never retried; its answer or
refusal (the API's code and desc) goes through ``OpsslApp.handle_api_error``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding, Binding, BindingType
from textual.message import Message

from tui_app.api import ApiWarning, Order
from tui_app.core.environment import Kind
from tui_app.ui.boundary import caught, start_worker

if TYPE_CHECKING:
    from tui_app.core.cert_files import CertInstall
    from tui_app.ui.browser.screen import BrowserScreen

WRITES = ("reissue", "renew", "cancel")
# Which statuses show each key (the footer has no room for keys that cannot apply).
SHOWN_IN: dict[str, tuple[str, ...]] = {
    "reissue": ("ACT",),
    "renew": ("ACT",),
    "cancel": ("PAI", "REQ", "ACT"),
    "download": ("ACT",),
}
DONE = {"renew": "renewed", "cancel": "cancelled"}
# Footer keys an ACT order's R takes the place of, at 80 columns (they still work).
FOOTER_GIVES_WAY = ("copy_value", "check_dcv")
ORDER_BINDINGS: list[BindingType] = [
    Binding(
        "R",
        "order_action('reissue')",
        "Reissue",
        tooltip="ACT: a new CSR (paste one, or make a key here); the order goes to REQ",
        id="browser.reissue",
    ),
    Binding(
        "w",
        "order_action('download')",
        "Cert",
        show=False,  # at 80 columns the footer has room for R only
        tooltip="ACT: write cert.pem, chain.pem and fullchain.pem into a directory",
        id="browser.download",
    ),
    Binding(
        "N",
        "order_action('renew')",
        "Renew",
        show=False,
        tooltip="ACT: renew the order (the API refuses before the renewal window)",
        id="browser.renew",
    ),
    Binding(
        "X",
        "order_action('cancel')",
        "Cancel order",
        show=False,
        tooltip="PAI, REQ or ACT: cancel at the CA (an ACT certificate is revoked)",
        id="browser.cancel",
    ),
]


class OrderRead(Message):
    """The order, read for ``action``."""

    def __init__(self, order: Order, action: str) -> None:
        super().__init__()
        self.order = order
        self.action = action


class ActionSent(Message):
    """The API took the renewal or the cancellation."""

    def __init__(
        self, order: Order, action: str, maintenance: bool, warnings: tuple[ApiWarning, ...]
    ) -> None:
        super().__init__()
        self.order = order
        self.action = action
        self.maintenance = maintenance
        self.warnings = warnings


class ActionFailed(Message):
    def __init__(self, order_id: int, action: str, error: Exception, doing: str) -> None:
        super().__init__()
        self.order_id = order_id
        self.action = action
        self.error = error
        self.doing = doing


class OrderActions:
    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen
        # The demo's orders are not the user's: their directories stay in this session.
        self._demo_dirs: dict[int, Path] = {}

    def applies(self, action: str) -> bool:
        """The highlighted order's status takes ``action`` (False before the table is up)."""
        screen = self.screen
        table = next(screen.query("#orders").results(), None) if screen.is_mounted else None
        row = getattr(table, "current_row", None)
        return row is not None and row.status in SHOWN_IN[action]

    def footer(self, active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
        """On an ACT order the footer shows R (reissue) where c and v were: at 80 columns
        there is no room for all three. c and v still work there (help lists them)."""
        if not self.applies("reissue"):
            return active
        return {
            key: item._replace(binding=replace(item.binding, show=False))
            if item.binding.action in FOOTER_GIVES_WAY
            else item
            for key, item in active.items()
        }

    async def _open_reissue(self, order_id: int) -> None:
        screen = self.screen
        await screen.opssl.preload.ready()
        from tui_app.core.fields import REISSUE_FORM
        from tui_app.ui.edit.screen import EditScreen

        screen.app.push_screen(
            EditScreen(
                order_id, on_saved=screen.order_saved, on_read=screen.order_read, form=REISSUE_FORM
            )
        )

    def start(self, action: str) -> None:
        """The key was pressed: refuse (read-only, no order), or read the order first."""
        screen = self.screen
        row = screen.table.current_row
        if row is None:
            screen.notify("No order is highlighted yet.", title="Nothing to do", markup=False)
            return
        reason = screen.connection.read_only_reason
        if action in WRITES and reason:
            screen.notify(reason, title="Nothing is sent", severity="warning", markup=False)
            return
        order_id = row.id

        async def read() -> None:
            try:
                order = (await screen.client.get_order(order_id)).data
            except Exception as error:
                doing = f"reading order {order_id}"
                screen.post_message(ActionFailed(order_id, action, caught(error, doing), doing))
                return
            screen.post_message(OrderRead(order, action))

        doing = f"reading order {order_id}"  # a second press while reading asks once
        start_worker(screen, read, group="order-action", description=doing, exclusive=True)

    async def order_read(self, message: OrderRead) -> None:
        """Ask, with the order as it is now."""
        screen, order, action = self.screen, message.order, message.action
        # What follows imports cryptography: the preload thread has it loaded (or will).
        await screen.opssl.preload.ready()
        from tui_app.core.lifecycle import refusal
        from tui_app.ui.browser.lifecycle_dialogs import CancelDialog, RenewDialog

        problem = refusal(action, order) if action in WRITES else None
        if problem:
            screen.notify(problem, title="Not possible", severity="warning", markup=False)
            return
        if action == "reissue":
            screen.call_later(self._open_reissue, order.id)
        elif action in ("renew", "cancel"):
            dialog = RenewDialog(order) if action == "renew" else CancelDialog(order)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._send(order, action)

            screen.app.push_screen(dialog, answered)
        else:
            self._download(order)

    def _send(self, order: Order, action: str) -> None:
        screen = self.screen
        if screen.connection.read_only:  # it may have become read-only meanwhile
            return
        call = screen.client.renew_order if action == "renew" else screen.client.cancel_order
        doing = f"{'renewing' if action == 'renew' else 'cancelling'} order {order.id}"

        async def send() -> None:
            try:
                answer = await call(order.id)
            except Exception as error:
                screen.post_message(ActionFailed(order.id, action, caught(error, doing), doing))
                return
            screen.post_message(ActionSent(order, action, answer.maintenance, answer.warnings))

        start_worker(screen, send, group="order-write", description=doing)

    def sent(self, message: ActionSent) -> None:
        order = message.order
        self.screen.note_answer(message.maintenance, message.warnings)
        self.screen.notify(
            f"Order {order.id} ({order.common_name}) {DONE[message.action]}.",
            title="Sent",
            markup=False,
        )
        self.screen.reload()

    def failed(self, message: ActionFailed) -> None:
        # Never retried by itself: a refused write is shown, and the user decides.
        self.screen.opssl.handle_api_error(message.error, where=message.doing)
        if message.action in ("renew", "cancel"):
            self.screen.reload()

    # -- the certificate's download ---------------------------------------------------------

    def _download(self, order: Order) -> None:
        from tui_app.auth.cert_dirs import remember_dir, remembered_dir
        from tui_app.ui.browser.lifecycle_dialogs import DownloadDialog

        screen = self.screen
        demo = screen.connection.kind is Kind.DEMO
        known = self._demo_dirs.get(order.id) if demo else remembered_dir(order.id)
        directory = known or Path.cwd()

        def written(install: CertInstall | None) -> None:
            if install is None:
                return
            names = ", ".join(path.name for path, _, _ in install.files)
            note = ""
            try:
                if demo:
                    self._demo_dirs[order.id] = install.directory
                else:
                    remember_dir(order.id, install.directory)
            except Exception as exc:  # the files are written; only the memory failed
                note = f" (the directory was not remembered: {exc})"
            screen.notify(
                f"Wrote {names} to {install.directory}{note}.",
                title=f"Certificate of order {order.id}",
                markup=False,
            )

        screen.app.push_screen(DownloadDialog(order, directory), written)
