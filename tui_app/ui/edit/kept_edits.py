"""The edits of a form that is being rebuilt, held until the new form is up.

The form is rebuilt on every fresh read of the order (after a send, a refusal, f5). If
that fails half-way, the old form may be gone already; the next successful read puts
these edits back, moved onto the order as it is then (``rebase_draft``).
"""

from __future__ import annotations

from tui_app.api import Order
from tui_app.core.draft import OrderDraft
from tui_app.core.rebase import rebase_draft
from tui_app.ui.edit.context import FormContext


class KeptEdits:
    def __init__(self) -> None:
        self._order: Order | None = None
        self._draft: OrderDraft | None = None

    def keep(self, context: FormContext | None, draft: OrderDraft | None) -> None:
        """Hold the edits of the form about to be replaced (nothing if there is none)."""
        if context is not None and draft is not None:
            self._order, self._draft = context.order, draft

    def clear(self) -> None:
        self._order = self._draft = None

    def onto(self, context: FormContext) -> OrderDraft | None:
        """The held edits on the freshly read order; None when nothing is held."""
        if self._order is None or self._draft is None:
            return None
        return rebase_draft(self._order, context.order, self._draft, product=context.product).draft
