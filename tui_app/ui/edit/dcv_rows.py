"""The DCV rows: one per host, its method switched with one key on the focused row.

``e`` email, ``d`` dns, ``h`` http, ``H`` https; ``a`` then one of them sets every row.
A wildcard row refuses http/https and says why on that row, where the user is looking.
Rows the CSR or host names add and remove come from ``core.host_set.follow_hosts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui_app.core.dcv_rules import FILE_METHODS, METHOD_HELP, METHODS, method_problem
from tui_app.core.draft import OrderDraft, draft_from_order, set_all_methods
from tui_app.core.draft_checks import FieldError
from tui_app.core.fields import DCV_METHODS
from tui_app.core.value_checks import is_wildcard
from tui_app.ui.edit.field_base import FieldLabel, FormField, labelled
from tui_app.ui.edit.row_list import RowList
from tui_app.ui.formatting import safe

METHOD_KEYS: dict[str, str] = {"e": "email", "d": "dns", "h": "http", "H": "https"}
KEYS_HINT = "e email · d dns · h http · H https · a then a key: every row"
ALL_HINT = "Every row to: e email · d dns · h http · H https (any other key cancels)"
HOST_WIDTH = 34
APPROVER_REMINDER = labelled(
    "Note", "email validation needs an approver address; choose one under Approver email"
)
# One footer entry for the four method keys: "e d h H method".
METHOD_GROUP = Binding.Group("method")


def _key(host: str) -> str:
    return host.strip().lower()


def fit_host(host: str, width: int) -> str:
    if len(host) <= width:
        return host.ljust(width)
    return host[: width - 1] + "…"


class DcvList(RowList):
    """The rows themselves; the field around it adds the title, hints and notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"set_method('{method}')",
                method,
                tooltip=f"The highlighted host validates by {method}: {METHOD_HELP[method]}",
                id=f"edit.dcv.{method}",
                group=METHOD_GROUP,
            )
            for key, method in METHOD_KEYS.items()
        ),
        Binding(
            "a",
            "set_all",
            "all rows",
            tooltip="Then e, d, h or H: every host at once (wildcards keep dns or email)",
            id="edit.dcv.all",
        ),
    ]

    class MethodsChanged(Message):
        """The user set ``method`` on ``hosts`` (one row, or every row it could)."""

        def __init__(
            self,
            dcv_list: DcvList,
            hosts: tuple[str, ...],
            method: str,
            skipped: str | None = None,
        ) -> None:
            super().__init__()
            self.dcv_list = dcv_list
            self.hosts = hosts
            self.method = method
            self.skipped = skipped

        @property
        def control(self) -> DcvList:
            return self.dcv_list

    class ModeChanged(Message):
        """``a`` was pressed (or the choice was cancelled): the hint line changes."""

    def __init__(
        self, rows: Sequence[tuple[str, str]], saved: dict[str, str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, str]] = list(rows)
        self.saved = saved
        self.all_pending = False
        self.notes: dict[str, Text] = {}
        self.errors: dict[str, list[str]] = {}
        self._host_width: int | None = None  # see ``host_width``

    # -- rows --------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self.rows)

    def empty_text(self) -> Text:
        return Text("No hosts: paste a CSR to get rows.", style="dim")

    def host_width(self) -> int:
        """The host column's width, from the longest host (kept until the rows are set
        again, ``sync_rows``: every row asks, and a key changes a method, never a host)."""
        if self._host_width is None:
            longest = max((len(h.strip()) for h, _ in self.rows), default=10)
            self._host_width = max(10, min(longest, HOST_WIDTH))
        return self._host_width

    def sync_rows(self) -> None:
        self._host_width = None
        super().sync_rows()

    def render_row(self, index: int) -> Text:
        host, method = self.rows[index]
        name = host.strip()
        current = method.strip().lower()
        text = Text(safe(fit_host(name, self.host_width())))
        text.append("  ")
        wildcard = is_wildcard(name)
        for option in METHODS:
            if option == current:
                text.append(f"[{option}]", style="bold reverse")
            elif wildcard and option in FILE_METHODS:
                text.append(f" {option} ", style="dim strike")
            else:
                text.append(f" {option} ")
        if current not in METHODS:
            text.append(f" [{safe(current) or 'none'}]", style="bold")
        before = self.saved.get(_key(name))
        if before is None:
            text.append("  new host", style="italic")
        elif before != current:
            text.append(f"  was {safe(before)}", style="italic")
        elif wildcard:
            text.append("  wildcard: dns or email", style="dim")
        return text

    def row_notes(self, index: int) -> list[Text]:
        key = _key(self.rows[index][0])
        note = self.notes.get(key)
        errors = [labelled("Error", message) for message in self.errors.get(key, [])]
        return [note, *errors] if note is not None else errors

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        self.rows = list(rows)
        kept = {_key(h) for h, _ in self.rows}
        self.notes = {h: n for h, n in self.notes.items() if h in kept}
        self.errors = {h: e for h, e in self.errors.items() if h in kept}
        self.sync_rows()

    def set_errors(self, errors: dict[str, list[str]]) -> None:
        if errors == self.errors:
            return  # the same errors (none, as a rule, at each review): the rows stand
        self.errors = errors
        self.sync_rows()

    def note(self, host: str, text: Text | None) -> None:
        """A note under one row (a refusal, a reminder); None removes it."""
        key = _key(host)
        if text is None:
            self.notes.pop(key, None)
        else:
            self.notes[key] = text
        for index, (name, _) in enumerate(self.rows):
            if _key(name) == key:
                self.refresh_row(index)

    def cursor_moved(self, old: int) -> None:
        """A note belongs to the moment: it goes when the cursor leaves its row."""
        if 0 <= old < len(self.rows):
            key = _key(self.rows[old][0])
            if key in self.notes:
                del self.notes[key]
                self.refresh_row(old)

    @property
    def current_host(self) -> str | None:
        return self.rows[self.cursor][0] if self.rows else None

    # -- keys --------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Any key but a method key cancels ``a``; escape then only cancels it."""
        if self.all_pending and event.key not in METHOD_KEYS:
            self._set_pending(False)
            if event.key == "escape":
                event.stop()
                event.prevent_default()

    def _set_pending(self, pending: bool) -> None:
        self.all_pending = pending
        self.set_class(pending, "-all-pending")
        self.post_message(self.ModeChanged())

    def action_set_all(self) -> None:
        if self.rows:
            self._set_pending(True)

    def action_set_method(self, method: str) -> None:
        if self.all_pending:
            self._set_pending(False)
            self.set_every_row(method)
            return
        if not self.rows:
            return
        host, _ = self.rows[self.cursor]
        problem = method_problem(host.strip().lower(), method)
        if problem is not None:
            self.note(host, labelled("Refused", problem.message))
            self.app.bell()
            return
        self.rows[self.cursor] = (host, method)
        self.notes.pop(_key(host), None)
        self.errors.pop(_key(host), None)
        self.refresh_row(self.cursor)
        self.post_message(self.MethodsChanged(self, (host,), method))

    def set_every_row(self, method: str) -> None:
        """Set ``method`` on every row it can validate; the message says what was skipped."""
        result = set_all_methods(OrderDraft(dcv=tuple(self.rows)), method)
        pairs = zip(self.rows, result.draft.dcv, strict=True)
        changed = tuple(new[0] for old, new in pairs if old[1] != new[1])
        self.rows = list(result.draft.dcv)
        for host in changed:
            self.errors.pop(_key(host), None)
        self.notes.clear()
        self.sync_rows()
        self.post_message(self.MethodsChanged(self, changed, method, result.message))


class DcvField(FormField):
    """Title and key hints, the rows, and a note line for what the rows did."""

    field_name = DCV_METHODS
    _note: Text | None = None  # what the note line under the rows says now

    def compose_field(self) -> ComposeResult:
        order = self.context.order
        saved = draft_from_order(order).methods
        with Horizontal(classes="field-head"):
            yield FieldLabel("DCV methods")
            yield Static(KEYS_HINT, classes="field-hint", id="dcv-hint", markup=False)
        yield DcvList(self.initial.dcv, saved, id="dcv-rows")
        note = Static("", classes="field-note", id="dcv-note", markup=False)
        note.display = False
        yield note

    @property
    def rows_widget(self) -> DcvList:
        return self.query_one(DcvList)

    @property
    def editor(self) -> Widget:
        return self.rows_widget

    def to_draft(self, draft: OrderDraft) -> OrderDraft:
        return draft.with_rows(self.rows_widget.rows)

    def load_value(self, draft: OrderDraft) -> None:
        """The rows as read back; "was …" now compares with the order as the server has it."""
        rows = self.rows_widget
        saved = draft_from_order(self.context.order).methods
        old_saved, old_rows = rows.saved, rows.rows
        noted = set(rows.notes) | set(rows.errors)
        rows.saved = saved
        rows.notes.clear()
        rows.errors = {}
        if [h for h, _ in old_rows] == [h for h, _ in draft.dcv]:
            # The same hosts: each row whose method, saved method or notes changed is
            # repainted alone (the form is laid out again only if a row's height changed,
            # e.g. a note gone), as a method key does; the others are drawn as they are.
            rows.rows = list(draft.dcv)
            for index, (host, method) in enumerate(rows.rows):
                key = _key(host)
                if (
                    method != old_rows[index][1]
                    or saved.get(key) != old_saved.get(key)
                    or key in noted
                ):
                    rows.refresh_row(index)
        else:
            rows.set_rows(draft.dcv)
        self.set_note(None)

    def set_note(self, text: Text | None) -> None:
        if text is None and self._note is None:
            return  # nothing shown, nothing to hide (an update re-lays out the form)
        note = self.query_one("#dcv-note", Static)
        note.update(text or "")
        note.display = text is not None
        self._note = text

    def follow(self, rows: Sequence[tuple[str, str]], message: str | None) -> None:
        """The host set moved: new rows, and the form says which hosts came and went."""
        self.rows_widget.set_rows(rows)
        self.set_note(labelled("Rows", message) if message else None)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        by_host: dict[str, list[str]] = {}
        general: list[str] = []
        hosts = {_key(h) for h, _ in self.rows_widget.rows}
        for error in errors:
            if error.host and _key(error.host) in hosts:
                by_host.setdefault(_key(error.host), []).append(error.message)
            else:
                general.append(error.message)
        self.rows_widget.set_errors(by_host)
        self.show_messages(general)
        self.set_class(bool(errors), "-invalid")

    def set_every_row(self, method: str) -> None:
        self.rows_widget.set_every_row(method)

    def remind_approver(self, hosts: Sequence[str]) -> None:
        """Rows just switched to email, with no approver yet: say so where the user is."""
        if len(hosts) == 1:
            self.rows_widget.note(hosts[0], APPROVER_REMINDER)
        elif hosts:
            self.set_note(APPROVER_REMINDER)

    def forget_approver_reminder(self) -> None:
        rows = self.rows_widget
        for host, _ in rows.rows:
            if rows.notes.get(_key(host)) == APPROVER_REMINDER:
                rows.note(host, None)
        if self._note == APPROVER_REMINDER:
            self.set_note(None)

    @on(DcvList.ModeChanged)
    def _mode_changed(self) -> None:
        pending = self.rows_widget.all_pending
        hint = self.query_one("#dcv-hint", Static)
        hint.update(ALL_HINT if pending else KEYS_HINT)
        hint.set_class(pending, "-pending")

    @on(DcvList.MethodsChanged)
    def _methods_changed(self, event: DcvList.MethodsChanged) -> None:
        if event.skipped:
            self.set_note(labelled("Note", event.skipped))
        else:
            self.set_note(None)
        self.show_messages([])
        self.changed()
