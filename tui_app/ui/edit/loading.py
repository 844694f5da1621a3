"""Reading the order for the form: first on open, then after a send, a refusal or f5.

A worker reads the order, its product and the approver list (``context.fetch_context``).
The first answer builds the form; a later one rebuilds it on the order as the server has
it now, with the user's edits on top (``core.rebase``), and says what moved.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from tui_app.api import Order
from tui_app.core.changes import compute_changes
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.edit_session import Event, Phase
from tui_app.core.fields import CSR, EDIT, Form, is_read_only, lock_reason
from tui_app.core.rebase import changed_on_server, rebase_draft
from tui_app.core.statuses import STATUS_MEANINGS
from tui_app.ui.boundary import caught, guarded
from tui_app.ui.edit.context import FormContext, fetch_context
from tui_app.ui.edit.field_base import sentence
from tui_app.ui.edit.form_screen import FormScreen
from tui_app.ui.edit.messages import ContextFailed, ContextLoaded
from tui_app.ui.edit.order_form import OrderForm
from tui_app.ui.edit.row_list import RowList
from tui_app.ui.formatting import safe, status_label
from tui_app.ui.problems import Problem


def rule_text(order: Order, form: Form = EDIT) -> Text:
    """What the status allows, in the core's words, e.g. "REQ: only DCV methods ..."."""
    status = order.status
    if form is not EDIT:
        reason = lock_reason(status, CSR, form=form)
        if reason is not None:
            return Text.assemble(("Read-only  ", "bold"), safe(reason))
        return Text(
            "A new CSR (always sent) and what goes with it; after the reissue the order "
            "is REQ and the CA validates every host again."
        )
    if status == "PAI":
        return Text(f"PAI: {STATUS_MEANINGS['PAI']}")
    reason = lock_reason(status, CSR) or ""
    if is_read_only(status):
        return Text.assemble(("Read-only  ", "bold"), safe(reason))
    return Text(safe(reason))


# How long the screen, once mounted, waits for the order it started reading before it is
# first drawn: an answer within this comes up as the form, without a "Loading" pane drawn
# (and laid out) for a few milliseconds before it; a slower one shows the pane after it.
OPEN_WAIT = 0.1


def _consume(task: asyncio.Task[FormContext]) -> None:
    if not task.cancelled():
        task.exception()


class LoadsOrder(FormScreen):
    """The edit screen's part that reads the order and builds (or rebuilds) the form."""

    if TYPE_CHECKING:

        def follow_approvers(self) -> None: ...

    _opening: asyncio.Task[FormContext] | None = None

    def read_ahead(self) -> None:
        """Start reading the order (and its product and approver list) now, before the
        screen is pushed and composed: the answer is there when the screen asks for it."""
        task = asyncio.create_task(fetch_context(self.client, self.order_id, None, self.listed))
        task.add_done_callback(_consume)  # a screen never mounted never asks for it
        self._opening = task

    async def open_if_near(self) -> bool:
        """Build the form now, before the screen's first layout, if the order read ahead
        answers within ``OPEN_WAIT``; False when it did not (or failed: ``_load`` shows
        that as it shows any failed read)."""
        opening = self._opening
        if opening is None:
            return False
        done, _ = await asyncio.wait({opening}, timeout=OPEN_WAIT)
        if not done or opening.cancelled() or opening.exception() is not None:
            return False
        self._opening = None
        await self.on_context_loaded(ContextLoaded(opening.result(), "open"))
        return True

    def loading_text(self) -> Text:
        """What the loading pane says while the order is read (on opening and on ``r``)."""
        return Text(f"Loading order {self.order_id}…")

    def on_unmount(self) -> None:
        if self._opening is not None:
            self._opening.cancel()

    def _load(self, reason: str) -> None:
        self._fetch(reason)

    @work(group="edit-load", exclusive=True, exit_on_error=False, description="loading the order")
    async def _fetch(self, reason: str) -> None:
        try:
            # After a send only the order is read again (the product and list stay).
            previous = self.context if reason == "saved" else None
            opening, self._opening = self._opening, None
            if reason == "open" and opening is not None:
                context = await opening
            else:
                listed = self.listed if reason == "open" else None
                context = await fetch_context(self.client, self.order_id, previous, listed)
        except Exception as error:
            self.post_message(ContextFailed(self.order_id, caught(error, "loading"), reason))
            return
        self.post_message(ContextLoaded(context, reason))

    async def _context_broke(self, message: ContextLoaded, error: Exception) -> None:
        """Showing the order failed: if no form is left, back to the loading pane (r)."""
        if self.form is None:
            self.context, self._form = None, None
            body = self.query_one("#edit-body", VerticalScroll)
            await body.remove_children()
            await body.mount(Static(id="edit-loading"))
        self.on_context_failed(ContextFailed(self.order_id, error, message.reason))

    @guarded("_context_broke")
    async def on_context_loaded(self, message: ContextLoaded) -> None:
        context = message.context
        self.opssl.forget_retry(self._load_key)
        # The form, its focus and the footer's keys in one layout and one frame.
        with self.app.batch_update():
            self.notices.clear("reread")
            self.hold_keys()
            if self.context is None or self.form is None:
                await self._build(
                    context, self._unbuilt.onto(context) or draft_from_order(context.order)
                )
                self._focus_field(None)
            else:
                await self._rebase(context, message.reason)
            self.session.handle(Event.LOADED)  # read back: whatever was sent is in it now
            if self.on_read is not None:
                self.on_read(context.order)  # the list under the form shows this copy
            self.follow_approvers()  # the form's CSR may name another domain than the order
            self.take_keys()
            self._context_notes(context)
            self._update_dirty()
            self._bindings_changed()
            await self.keys_now()

    async def _build(self, context: FormContext, draft: OrderDraft) -> None:
        # Kept until the new form is up: a failure in between must not lose the edits.
        self._unbuilt.keep(self.context, self.current_draft())
        self.context = context
        body = self.query_one("#edit-body", VerticalScroll)
        await body.remove_children()
        reason = self.connection.read_only_reason
        self._form = OrderForm(
            context, draft, form=self.form_spec, read_only=reason, id="order-form"
        )
        with self.app.batch_update():  # one frame for the whole form, not one per field
            await body.mount(self._form)
            self.fit_body()
        self._unbuilt.clear()
        self._update_header()
        self._update_dirty()
        if self._field_errors:
            errors = self._field_errors
            self.call_after_refresh(self._show_field_errors, errors)

    async def _reload(self, context: FormContext, draft: OrderDraft) -> None:
        """The form shows the order read again: its widgets take the new values in place
        (``OrderForm.load``: the same widgets, focus and cursors when the status did not
        change; only the fields whose rule changed are mounted or removed when it did)."""
        form = self.form
        if form is None or form.read_only != self.connection.read_only_reason:
            focused, cursor = self._focused_field(), self._dcv_cursor()
            await self._build(context, draft)
            self._focus_field(focused, cursor)
            return
        focused = self._focused_field()
        self._unbuilt.keep(self.context, self.current_draft())
        self.context = context
        with self.app.batch_update():
            await form.load(context, draft)
            self.fit_body()
        self._unbuilt.clear()
        self._update_header()
        if focused is not None and form.field(focused) is None:
            self._focus_field(None)  # its field became locked: the first the status allows
        if self._field_errors:
            self.call_after_refresh(self._show_field_errors, self._field_errors)

    def fit_body(self) -> None:
        """The body's scroll bar from the first layout when the form cannot fit: more
        rows than the body has lines. Left to appear by itself, it comes only after a
        first layout and frame at the full width, and narrows the body: every line of a
        250-host form was laid out and drawn twice. (A form that may fit keeps the
        scroll bar that comes and goes with its height.)"""
        body = self.query_one("#edit-body", VerticalScroll)
        rows = sum(rows.row_count() for rows in body.query(RowList).results(RowList))
        # Before the screen's first layout the body has no height yet (the terminal's is
        # more than it will have), and Textual shows a scroll bar only once a layout gave
        # the body its size: a body known to be tall has it from that first layout.
        lines = body.size.height or self.app.size.height
        tall = 0 < lines < rows
        if tall == body.has_class("-tall"):
            return
        # The class sets the body's own overflow only: the body is restyled, not every
        # widget of the form under it (as ``set_class`` does: ~10 ms for 250 rows).
        body.set_class(tall, "-tall", update=False)
        self.app.stylesheet.update_nodes([body], animate=False)
        if tall and not body.size:
            body.show_vertical_scrollbar = True

    def on_row_list_rows_changed(self) -> None:
        self.fit_body()

    def _update_header(self) -> None:
        order = self.order
        if order is None:
            return
        title = f"Reissue order {order.id}" if self.reissue else f"Order {order.id}"
        heading = Text(f"{title}  ", style="bold")
        heading.append(safe(order.common_name or "(no common name)"))
        heading.append(f"  {status_label(order.status)}")
        if order.product_name:
            heading.append(f"  {safe(order.product_name)}", style="dim")
        if heading != self._heading:  # one line of a fixed width: a repaint, no layout
            self._heading = heading
            self.query_one("#edit-heading", Label).update(heading, layout=False)
        rule = rule_text(order, self.form_spec)
        if rule != self._rule:  # it wraps: a new rule may take another line
            self._rule = rule
            self.query_one("#edit-rule", Static).update(rule)
        self.set_class(not self.form_spec.open_in(order.status), "-read-only")

    async def _rebase(self, context: FormContext, reason: str) -> None:
        """Put the edits on the order as the server has it now (after a send or refusal)."""
        assert self.context is not None
        old, new = self.context.order, context.order
        draft = self.current_draft() or draft_from_order(old)
        sent = self.session.sent_draft if reason == "saved" else None
        spec = self.form_spec
        done = compute_changes(old, sent, spec).fields if sent is not None else ()
        rebased = rebase_draft(old, new, draft, product=context.product, sent=done, form=spec)
        result = rebased.draft
        if reason == "saved":
            result = replace(result, start_provision=False)
        if rebased.message:
            self.notices.set("status", "Status changed", rebased.message, "warning")
        elif new != old and reason != "saved":
            self.notices.set(
                "status",
                "Changed on the server",
                f"{sentence(changed_on_server(old, new))} changed since the form loaded; "
                "the form now shows the current values, with your edits on top.",
                "warning",
            )
        if reason == "saved" or new != old or context != self.context:
            await self._reload(context, result)
        else:
            self.context = context
        if new != old and reason != "saved" and self.on_saved is not None:
            self.on_saved(self.order_id)

    def _context_notes(self, context: FormContext) -> None:
        self.opssl.maintenance = context.maintenance
        if context.product_problem:
            self.notices.set("product", "Note", context.product_problem, "warning")
        else:
            self.notices.clear("product")
        if context.maintenance:
            self.notices.set(
                "maintenance",
                "Maintenance",
                "the API reports maintenance: changes may be refused, try again later.",
                "warning",
            )
        else:
            self.notices.clear("maintenance")

    def on_context_failed(self, message: ContextFailed) -> None:
        reason = message.reason
        if self.context is None:
            self.session.handle(Event.LOAD_FAILED)
            self.drop_keys()
            self.opssl.handle_api_error(
                message.error,
                where=f"loading order {self.order_id}",
                retry=self.action_retry_load,
                show=self._show_load_problem,
                key=self._load_key,
            )
        else:
            self.opssl.handle_api_error(
                message.error,
                where=f"reading order {self.order_id} again",
                retry=lambda: self._load(reason),
                show=self._show_reread_problem,
                key=self._load_key,
            )
        self._bindings_changed()

    def _show_load_problem(self, problem: Problem) -> None:
        text = Text()
        text.append(problem.title + "\n", style="bold")
        text.append(f"{problem.detail}\n(while {problem.where})\n\n")
        text.append("r retries · escape goes back to the list", style="bold")
        loading = self.query("#edit-loading").results(Static)
        widget = next(loading, None)
        if widget is not None:
            widget.update(text)
            widget.add_class("-problem")

    def _show_reread_problem(self, problem: Problem) -> None:
        message = f"{problem.detail} (while {problem.where}). f5 reads it again."
        if self.session.phase is Phase.STALE:
            message += " ctrl+s stays off until then, so nothing is sent twice."
        self.notices.set("reread", "Not re-read", message, "warning")

    def action_retry_load(self) -> None:
        loading = next(self.query("#edit-loading").results(Static), None)
        if loading is not None:
            loading.update(self.loading_text())
            loading.remove_class("-problem")
        self.session.handle(Event.RETRY)
        self._bindings_changed()
        self._load("open")

    def action_reload(self) -> None:
        if not self.sending:
            self._load("reload")
