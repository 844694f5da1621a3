"""Why the form sends nothing: the session (``--read-only``, a read-only profile) or the
order's status (REJ, FAI, EXP). The footer then offers no Send or Resend, and the keys,
pressed anyway, say why instead of doing nothing.
"""

from __future__ import annotations

from textual.binding import Binding

from tui_app.api import Order
from tui_app.core.environment import Connection
from tui_app.core.fields import CSR, EDIT, Form, lock_reason

# Enabled only while the form is read-only; no description, so help lists only the real
# ctrl+s and ctrl+r.
WHY_READ_ONLY = Binding("ctrl+s,ctrl+r", "why_read_only", "", show=False, id="edit.read-only")


def read_only_reason(order: Order | None, connection: Connection, form: Form = EDIT) -> str | None:
    """The words for a read-only form, naming where it comes from; None when it is not.
    ``form``: a reissue form is read-only on any order but an ACT one."""
    if connection.read_only:
        return connection.read_only_reason
    if order is not None and not form.open_in(order.status):
        why = lock_reason(order.status, CSR, form=form) or order.status
        return f"Read-only (order {order.id} is {why}): opssl sends nothing for it."
    return None
