"""The browser's questions before a renewal, a cancellation or a certificate download.

Each says what will happen before anything is sent or written: the renewal its product,
period and both expiry dates; the cancellation that the CA revokes the certificate for
good, confirmed only by typing the order's common name; the download where the files go.
Problems show inside the dialog, where the user is looking, and nothing is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from tui_app.api import Order
from tui_app.core.atomic_files import AtomicWriteError
from tui_app.core.cert_files import CertInstall, InstallError, plan_install
from tui_app.core.lifecycle import RENEW_TERMS, cancel_terms, renewed_expiry
from tui_app.ui.formatting import day, safe


def _rows(*pairs: tuple[str, str]) -> Text:
    text = Text()
    for label, value in pairs:
        text.append(f"{label:<14}", style="bold")
        text.append(safe(value) + "\n")
    text.rstrip()
    return text


class RenewDialog(ModalScreen[bool]):
    """Dismissed with True to renew (enter or y), False to go back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "yes", "Renew", priority=True, id="browser.renew.yes"),
        Binding("escape,n", "no", "Back", id="browser.renew.no"),
    ]

    def __init__(self, order: Order) -> None:
        super().__init__(classes="dialog-screen", id="renew-dialog")
        self.order = order

    def compose(self) -> ComposeResult:
        order = self.order
        years = order.period or 1
        expires = order.expiration_date
        after = renewed_expiry(expires, order.period) if expires else None
        with VerticalScroll(classes="dialog", id="renew-box") as dialog:
            dialog.border_title = f"Renew order {order.id}?"
            yield Static(
                _rows(
                    ("Common name", order.common_name or "(none)"),
                    ("Product", order.product_name or "?"),
                    ("Period", f"{years} year{'s' if years != 1 else ''}"),
                    ("Expires now", day(order.expiration_date)),
                    ("After renewal", day(after) if after else "the CA sets it"),
                ),
                classes="confirm-body",
            )
            yield Static(RENEW_TERMS, classes="confirm-body", markup=False)
            yield Static(
                "enter or y renews · escape or n goes back", classes="dialog-help", markup=False
            )
        yield Footer(compact=True)

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class CancelDialog(ModalScreen[bool]):
    """Dismissed with True only after the exact common name was typed; escape: False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no", "Back, send nothing", id="browser.cancel.no"),
    ]

    def __init__(self, order: Order) -> None:
        super().__init__(classes="dialog-screen", id="cancel-dialog")
        self.order = order

    def compose(self) -> ComposeResult:
        order = self.order
        with VerticalScroll(classes="dialog", id="cancel-box") as dialog:
            dialog.border_title = f"Cancel order {order.id}?"
            yield Static(
                _rows(
                    ("Common name", order.common_name or "(none)"),
                    ("Product", order.product_name or "?"),
                    ("Status", order.status or "?"),
                    ("Expires", day(order.expiration_date)),
                ),
                classes="confirm-body",
            )
            cannot_undo, then = cancel_terms(order.status)
            yield Static(
                Text.assemble((cannot_undo, "bold"), " ", then),
                classes="confirm-body",
                id="cancel-what",
            )
            yield Static("Type the common name to confirm:", markup=False)
            yield Input(placeholder=order.common_name, compact=True, id="cancel-name")
            yield Static("", id="cancel-problem", markup=False)
            yield Static(
                "enter cancels the order once the name matches · escape sends nothing",
                classes="dialog-help",
                markup=False,
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#cancel-name", Input).focus()

    @on(Input.Submitted, "#cancel-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() == self.order.common_name and self.order.common_name:
            self.dismiss(True)
            return
        self.query_one("#cancel-problem", Static).update(
            Text(
                f"That is not {self.order.common_name!r}: nothing was sent. Type it exactly, "
                "or escape.",
                style="bold",
            )
        )
        self.app.bell()

    def action_no(self) -> None:
        self.dismiss(False)


class DownloadDialog(ModalScreen[CertInstall | None]):
    """Asks for the directory, checks and writes the files there; dismissed with what was
    written, or None (escape). A problem stays in the dialog and nothing is written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="browser.download.cancel"),
    ]

    def __init__(self, order: Order, directory: Path) -> None:
        super().__init__(classes="dialog-screen", id="download-dialog")
        self.order = order
        self.directory = directory

    def compose(self) -> ComposeResult:
        order = self.order
        with VerticalScroll(classes="dialog", id="download-box") as dialog:
            dialog.border_title = f"Certificate of order {order.id} ({safe(order.common_name)})"
            yield Static(
                "Writes cert.pem, chain.pem and fullchain.pem into this directory, each "
                "atomically, after checking the chain and the names. A privkey.pem there "
                "must match the certificate.",
                classes="confirm-body",
                markup=False,
            )
            yield Input(str(self.directory), compact=True, id="download-dir")
            yield Static("", id="download-problem", markup=False)
            yield Static(
                "enter writes the files · escape writes nothing",
                classes="dialog-help",
                markup=False,
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#download-dir", Input).focus()

    @on(Input.Submitted, "#download-dir")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._problem("Give a directory.")
            return
        self._write(Path(text).expanduser())

    @work(group="download", exclusive=True, thread=True, description="writing the certificate")
    def _write(self, directory: Path) -> None:
        try:
            install = plan_install(self.order, directory)
            install.write()
        except (InstallError, AtomicWriteError) as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self._problem, f"{directory}: {exc.strerror or exc}")
            return
        self.app.call_from_thread(self.dismiss, install)

    def _problem(self, message: str) -> None:
        self.query_one("#download-problem", Static).update(
            Text.assemble(("Nothing written  ", "bold"), safe(message))
        )
        self.app.bell()

    def action_cancel(self) -> None:
        self.dismiss(None)
