"""What the edit screen's workers report back. Workers never touch widgets."""

from __future__ import annotations

from textual.message import Message

from tui_app.api import ApiWarning
from tui_app.core.request_plan import RequestPlan
from tui_app.ui.edit.context import FormContext


class ContextLoaded(Message):
    """A fresh read of the order; ``reason`` is why it was read: open, saved or refused."""

    def __init__(self, context: FormContext, reason: str) -> None:
        super().__init__()
        self.context = context
        self.reason = reason


class ContextFailed(Message):
    def __init__(self, order_id: int, error: Exception, reason: str) -> None:
        super().__init__()
        self.order_id = order_id
        self.error = error
        self.reason = reason


class SubmitDone(Message):
    def __init__(self, plan: RequestPlan, warnings: tuple[ApiWarning, ...]) -> None:
        super().__init__()
        self.plan = plan
        self.warnings = warnings


class SubmitFailed(Message):
    def __init__(
        self,
        plan: RequestPlan,
        error: Exception,
        warnings: tuple[ApiWarning, ...],
        approver_sent: bool,
    ) -> None:
        super().__init__()
        self.plan = plan
        self.error = error
        self.warnings = warnings
        self.approver_sent = approver_sent


class ResendDone(Message):
    def __init__(self, email: str, warnings: tuple[ApiWarning, ...]) -> None:
        super().__init__()
        self.email = email
        self.warnings = warnings


class ResendFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
