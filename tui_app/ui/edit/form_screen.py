"""What every part of the edit screen shares: the session, the order, the form, the notices,
the heading's "unsent" line and the keys the footer offers.

The edit screen is assembled from parts (``loading``, ``submitting``, ``resend``,
``leaving``, ``approvers``, ``quit_after_send``), each a subclass of ``FormScreen``; the
session (``core.edit_session``) decides what each key may do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Label

from tui_app.api import OpenproviderClient, Order
from tui_app.core.changes import compute_changes
from tui_app.core.draft import OrderDraft
from tui_app.core.draft_checks import FieldError
from tui_app.core.edit_session import EditSession, Phase
from tui_app.core.environment import Connection
from tui_app.core.fields import EDIT, FIELD_LABELS, Form
from tui_app.ui.edit.context import FormContext
from tui_app.ui.edit.dcv_rows import DcvField, DcvList
from tui_app.ui.edit.field_base import FormField
from tui_app.ui.edit.kept_edits import KeptEdits
from tui_app.ui.edit.notices import Notices
from tui_app.ui.edit.order_form import OrderForm
from tui_app.ui.edit.read_only import read_only_reason
from tui_app.ui.edit.warnings_panel import WarningsPanel
from tui_app.ui.one_pass import OnePassLayout
from tui_app.ui.screen_base import OpsslFooter
from tui_app.ui.typeahead import TypeAheadScreen

# Longer lists of unsent fields are counted instead, so the heading keeps its room.
DIRTY_WIDTH = 32


class FormScreen(OnePassLayout[None], TypeAheadScreen[None]):
    """The edit screen's shared state; its parts add loading, sending, resending, leaving."""

    def __init__(
        self,
        order_id: int,
        *,
        on_saved: Callable[[int], object] | None = None,
        form: Form = EDIT,
        on_read: Callable[[Order], object] | None = None,
        listed: Order | None = None,
    ) -> None:
        """``on_saved`` is told when the order changed on the server (the browser reloads
        when it shows again); ``on_read`` gets every copy of the order the form reads
        (the browser shows the latest in its row meanwhile). ``form``: the registry form
        this screen edits (``EDIT``, or ``REISSUE_FORM``: the same screen, review and send
        over the reissue's fields). ``listed``: the order as the list shows it; its
        product and approver list are read beside the order (checked against it)."""
        super().__init__()
        self.listed = listed
        self.order_id = order_id
        self.form_spec = form
        self.on_saved = on_saved
        self.on_read = on_read
        self.context: FormContext | None = None
        self.session = EditSession()
        self._field_errors: tuple[FieldError, ...] = ()
        self._binding_states: tuple[bool | None, ...] = ()
        self._dirty_text = Text()
        self._heading = Text()
        self._rule = Text()
        self._form: OrderForm | None = None
        self._unbuilt = KeptEdits()
        self._send_key = f"edit {order_id}: send"
        self._load_key = f"edit {order_id}: load"
        self._resend_key = f"edit {order_id}: resend"

    @property
    def client(self) -> OpenproviderClient:
        """The app's client, read each time: a sign-in may have given it a new token."""
        return self.opssl.client

    @property
    def connection(self) -> Connection:
        """The app's connection, read each time (read-only flag, production)."""
        return self.opssl.connection

    @property
    def state(self) -> str:
        """``loading``, ``failed`` (no form), or ``ready`` (the form is up)."""
        phase = self.session.phase
        return phase.value if phase in (Phase.LOADING, Phase.FAILED) else Phase.READY.value

    @property
    def sending(self) -> bool:
        return self.session.phase is Phase.SENDING

    @property
    def notices(self) -> Notices:
        return self.query_one("#edit-notices", Notices)

    @property
    def warnings_panel(self) -> WarningsPanel:
        return self.query_one("#edit-warnings", WarningsPanel)

    @property
    def form(self) -> OrderForm | None:
        form = self._form
        return form if form is not None and form.is_attached else None

    @property
    def order(self) -> Order | None:
        return self.context.order if self.context else None

    @property
    def read_only(self) -> bool:
        return read_only_reason(self.order, self.connection, self.form_spec) is not None

    @property
    def reissue(self) -> bool:
        """This screen is a reissue (its send makes the order REQ)."""
        return self.form_spec.main is not EDIT.main

    def current_draft(self) -> OrderDraft | None:
        form = self.form
        return form.to_draft() if form is not None else None

    def _update_dirty(self) -> None:
        """The heading's "unsent: ..." (re-drawn only when it changes: that re-lays out)."""
        order, draft, session = self.order, self.current_draft(), self.session
        text: Text
        if self.sending:
            text = Text("sending…", style="bold")
        elif session.is_sent(draft):
            done = "sent" if session.answered else "outcome unknown"
            text = Text(f"{done}; reading the order back…", style="dim")
        elif (
            order is None
            or draft is None
            or (self.reissue and not self.form_spec.open_in(order.status))
        ):
            text = Text()
        else:
            changes = compute_changes(order, draft, self.form_spec)
            fields = changes.to_send if self.reissue else changes.fields
            names = ", ".join(FIELD_LABELS[f] for f in fields)
            if len(names) > DIRTY_WIDTH:
                names = f"{len(fields)} fields"
            if fields:
                word = "to send: " if self.reissue else "unsent: "
                text = Text.assemble((word, "bold"), names)
            else:
                text = Text("no unsent changes", style="dim")
        if text == self._dirty_text:
            return
        # Its width follows the text: the screen is laid out again only when that moved.
        layout = text.cell_len != self._dirty_text.cell_len
        self._dirty_text = text
        label = self.query_one("#edit-dirty", Label)
        label.update(text, layout=layout)
        label.set_class(text.plain.startswith(("unsent", "to send")), "-dirty")

    def _bindings_changed(self) -> None:
        """Redraw the footer only when an action's state moved (a redraw rebuilds it)."""
        states = tuple(
            self.check_action(action, ()) for action in ("submit", "resend", "retry_load")
        )
        if states != self._binding_states:
            self._binding_states = states
            self.refresh_bindings()

    async def keys_now(self) -> None:
        """The footer shows the keys as they are now (inside a ``batch_update``: in the
        same layout and frame as the widgets that changed them)."""
        footer = next(self.query(OpsslFooter).results(OpsslFooter), None)
        if footer is not None:
            await footer.update_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        order = self.order
        status = order.status if order is not None else None
        return self.session.allows(action, status=status, read_only=self.read_only)

    # -- errors and focus -------------------------------------------------------------

    def _show_field_errors(self, errors: Sequence[FieldError]) -> list[FormField]:
        form = self.form
        return form.show_errors(errors) if form is not None else []

    def _focused_field(self) -> str | None:
        node: DOMNode | None = self.focused
        while node is not None and node is not self:
            if isinstance(node, FormField):
                return node.field_name
            node = node.parent
        return None

    def _dcv_cursor(self) -> int:
        rows = next(self.query(DcvList).results(DcvList), None)
        return rows.cursor if rows is not None else 0

    def _focus_field(self, name: str | None, dcv_cursor: int = 0) -> None:
        """Focus a field's editor (or the first the status allows); read-only: the body."""
        form = self.form
        if form is None:
            return
        field = (form.field(name) if name else None) or form.first_field()
        if field is None:
            self.query_one("#edit-body", VerticalScroll).focus()
            return
        editor = field.editor
        if editor.focusable and self.focused is not editor:
            # Now rather than after the refresh (as ``focus`` would): the footer's keys
            # follow the focus, and come in the same frame as the form (``keys_now``).
            self.set_focus(editor, scroll_visible=False)
        field.focus_editor()
        rows = next(self.query(DcvList).results(DcvList), None)
        if rows is not None and dcv_cursor:
            # The row the user was on, scrolled to only if the rows have the focus.
            scroll = isinstance(field, DcvField)
            self.call_after_refresh(rows.move_to, dcv_cursor, scroll=scroll)
