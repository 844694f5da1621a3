"""Extra host names of a multi-domain order: a list, a line to add one, a key to remove.

Each change makes the DCV rows follow (the screen calls ``follow_hosts``), so adding a
name adds its row and removing one removes it, and the form says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from tui_app.core.draft import OrderDraft
from tui_app.core.draft_checks import FieldError
from tui_app.core.fields import HOST_NAMES
from tui_app.core.host_set import draft_host_set
from tui_app.core.normalize import normalize_host
from tui_app.core.value_checks import check_hostname
from tui_app.ui.edit.field_base import FieldLabel, FormField
from tui_app.ui.edit.row_list import RowList
from tui_app.ui.formatting import safe


class HostList(RowList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x,delete",
            "remove",
            "Remove host name",
            tooltip="Remove the highlighted host name (its DCV row goes too); enter in the "
            "line below adds one",
            id="edit.hosts.remove",
        ),
    ]

    class Removed(Message):
        def __init__(self, host: str) -> None:
            super().__init__()
            self.host = host

    def __init__(self, names: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.names: list[str] = list(names)
        self.errors: dict[str, list[str]] = {}

    def row_count(self) -> int:
        return len(self.names)

    def empty_text(self) -> Text:
        return Text("No extra host names: type one below.", style="dim")

    def render_row(self, index: int) -> Text:
        return Text(safe(self.names[index]))

    def row_notes(self, index: int) -> list[Text]:
        messages = self.errors.get(normalize_host(self.names[index]), [])
        return [Text(f"Error: {safe(message)}", style="bold") for message in messages]

    def add(self, name: str) -> None:
        self.names.append(name)
        self.sync_rows()
        self.can_focus = True

    def action_remove(self) -> None:
        if not self.names:
            return
        host = self.names.pop(self.cursor)
        self.sync_rows()
        if not self.names:
            self.can_focus = False  # the field moves the focus to the line that adds one
        self.post_message(self.Removed(host))


class HostNamesField(FormField):
    field_name = HOST_NAMES

    def compose_field(self) -> ComposeResult:
        with Horizontal(classes="field-head"):
            yield FieldLabel("Host names")
            yield Static(
                "extra hosts beyond the CSR · x removes the highlighted one",
                classes="field-hint",
                markup=False,
            )
        hosts = HostList(self.initial.host_names, id="host-list")
        hosts.can_focus = bool(self.initial.host_names)
        yield hosts
        yield Input(placeholder="add a host name, enter adds it", compact=True, id="host-add")

    @property
    def hosts(self) -> HostList:
        return self.query_one(HostList)

    @property
    def editor(self) -> Widget:
        return self.hosts if self.hosts.names else self.query_one("#host-add", Input)

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return replace(draft, host_names=tuple(self.hosts.names))

    def load_value(self, draft: OrderDraft) -> None:
        hosts = self.hosts
        hosts.errors = {}
        if hosts.names != list(draft.host_names):
            hosts.names = list(draft.host_names)
            hosts.can_focus = bool(hosts.names)
        hosts.sync_rows()

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        listed = {normalize_host(n) for n in self.hosts.names}
        by_host: dict[str, list[str]] = {}
        general: list[str] = []
        for error in errors:
            if error.host and normalize_host(error.host) in listed:
                by_host.setdefault(normalize_host(error.host), []).append(error.message)
            else:
                general.append(error.message)
        self.hosts.errors = by_host
        self.hosts.sync_rows()
        self.show_messages(general)
        self.set_class(bool(errors), "-invalid")

    @on(Input.Submitted, "#host-add")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        name = normalize_host(event.value)
        if not name:  # say so, rather than leave an older message standing
            self.show_messages(["The host name is empty: type one, e.g. shop.example.com"])
            return
        problem = check_hostname(name)
        if problem is None and name in {normalize_host(n) for n in self.hosts.names}:
            problem = f"{name} is already listed"
        if problem is None and name in self._csr_hosts():
            problem = f"{name} is already in the CSR: it is covered without an extra host name"
        if problem:
            self.show_messages([problem])
            return
        self.show_messages([])
        event.input.value = ""
        self.hosts.add(name)
        self.changed()

    def _csr_hosts(self) -> tuple[str, ...]:
        """The common name and SANs of the CSR in the form now (its box, else the order's)."""
        boxes = self.screen.query("#csr-text").results(TextArea)
        box = next(boxes, None)
        csr = box.text if box is not None else self.context.order.csr
        draft = replace(self.initial, csr=csr, host_names=())
        return draft_host_set(self.context.order, draft).csr_hosts

    @on(Input.Changed, "#host-add")
    def _typing(self, event: Input.Changed) -> None:
        event.stop()

    @on(HostList.Removed)
    def _removed(self, event: HostList.Removed) -> None:
        event.stop()
        self.hosts.errors.pop(normalize_host(event.host), None)
        if not self.hosts.names:
            # The last one went: the next keys type a new name, not into another field.
            self.screen.set_focus(self.query_one("#host-add", Input))
        self.changed()
