"""The approver addresses follow the draft's common name.

The API lists approver addresses per domain (``GET /ssl/approver-emails``). A new CSR
for another common name has other addresses: the form reads them again, so the local
check accepts what the API will accept and refuses what it will refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import work
from textual.message import Message

from tui_app.api import AuthenticationError, OpenproviderClient, OpsslApiError
from tui_app.core.draft import OrderDraft
from tui_app.core.fields import APPROVER_EMAIL, lock_reason
from tui_app.core.host_set import draft_host_set
from tui_app.ui.edit.context import FormContext, approver_list_problem
from tui_app.ui.edit.form_screen import FormScreen
from tui_app.ui.formatting import safe


def wanted_domain(context: FormContext, draft: OrderDraft) -> str | None:
    """The domain whose addresses the form should offer now, when that is not the one it
    has; None when nothing is to be read (approver locked, no product, CSR unreadable)."""
    order = context.order
    if order.product_id is None or lock_reason(order.status, APPROVER_EMAIL) is not None:
        return None
    info = draft_host_set(order, draft).csr
    if info is None:
        return None
    domain = info.common_name.strip().lower().removeprefix("*.")
    return domain if domain and domain != context.approver_domain else None


@dataclass(frozen=True, slots=True)
class ApproverList:
    """The addresses for ``domain``, or why they could not be read (``error`` too)."""

    domain: str
    options: tuple[str, ...] | None
    problem: str | None = None
    error: Exception | None = None

    def applied(self, context: FormContext) -> FormContext:
        return replace(
            context,
            approver_options=self.options,
            approver_problem=self.problem,
            approver_domain=self.domain,
        )


async def read_approvers(client: OpenproviderClient, product_id: int, domain: str) -> ApproverList:
    """Never raises: a failure is a note at the field (and ``error``, for a refused token)."""
    try:
        result = await client.list_approver_emails(product_id, domain)
    except Exception as error:
        why = error.message if isinstance(error, OpsslApiError) else type(error).__name__
        return ApproverList(domain, None, approver_list_problem(safe(why)), error)
    return ApproverList(domain, result.data)


class ApproversRead(Message):
    def __init__(self, found: ApproverList) -> None:
        super().__init__()
        self.found = found


class FollowsApprovers(FormScreen):
    """The edit screen's part: read the list again when the draft's common name moves.

    ``session.approvers_pending`` is the domain being read; ctrl+s stays off meanwhile,
    so no check runs against the list of the old name.
    """

    def follow_approvers(self) -> None:
        context, draft = self.context, self.current_draft()
        domain = wanted_domain(context, draft) if context and draft else None
        if domain is None or domain == self.session.approvers_pending or context is None:
            return
        assert context.order.product_id is not None
        self.session.approvers_pending = domain
        self._read_approvers(context.order.product_id, domain)
        self._bindings_changed()

    @work(group="edit-approvers", exclusive=True, exit_on_error=False)
    async def _read_approvers(self, product_id: int, domain: str) -> None:
        self.post_message(
            ApproversRead(await read_approvers(self.opssl.client, product_id, domain))
        )

    def on_approvers_read(self, message: ApproversRead) -> None:
        found = message.found
        if found.domain != self.session.approvers_pending:
            return  # the name moved on meanwhile; its own read is on the way
        self.session.approvers_pending = None
        if isinstance(found.error, AuthenticationError):
            self.opssl.handle_api_error(found.error, where="reading the approver addresses")
        form = self.form
        if self.context is not None and form is not None:
            self.context = form.context = found.applied(self.context)
            form.offer_approvers(self.context)
        self._bindings_changed()
