"""Turn any failure into words a sysadmin can act on: what failed, why, and what to press.

Only ``OpsslApp.handle_api_error`` calls this; screens never format errors themselves.
Messages come from the client's error types, which never carry the token.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_app.api import (
    ApiError,
    AuthenticationError,
    OpsslApiError,
    RateLimitError,
)
from tui_app.api.errors import data_text
from tui_app.ui.formatting import safe


@dataclass(frozen=True, slots=True)
class Problem:
    """A failure ready to show: ``title`` in bold, then ``detail``, then ``hint``."""

    title: str
    detail: str
    where: str
    hint: str
    code: int | None = None

    @property
    def summary(self) -> str:
        """One paragraph, for a toast or a log line."""
        return f"{self.detail} (while {self.where}). {self.hint}".strip()


def describe(error: BaseException, *, where: str, retry_key: str | None) -> Problem:
    problem = _describe(error, where=where, retry_key=retry_key)
    # Server text can hold anything, an escape sequence included: never pass it raw.
    return Problem(
        safe(problem.title), safe(problem.detail), safe(problem.where), problem.hint, problem.code
    )


def _sentence(text: str) -> str:
    """End with a full stop, unless the API's desc already did ("Access denied." stays)."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _describe(error: BaseException, *, where: str, retry_key: str | None) -> Problem:
    retry = f"Press {retry_key} to retry." if retry_key else ""
    if isinstance(error, AuthenticationError):
        return Problem(
            title=error.title,
            detail=(
                f"The API refused the token: code {error.code}, {error.desc or 'no description'}. "
                "Tokens last two days; this one has expired or is not valid for this API."
            ),
            where=where,
            hint=(
                f"Sign in again in the dialog; if you closed it, {retry_key} retries and opens it."
                if retry_key
                else "Sign in again: 'Sign in again' in the command palette (ctrl+p)."
            ),
            code=error.code,
        )
    if isinstance(error, RateLimitError):
        return Problem(
            title=error.title,
            detail=_sentence(
                f"The API answered code {error.code}: {error.desc or 'calls limit reached'}"
            ),
            where=where,
            hint=f"Wait a minute before asking again. {retry}".strip(),
            code=error.code,
        )
    if isinstance(error, ApiError):
        detail = f"The API answered code {error.code}: {error.desc or 'no description'}"
        if error.data not in (None, "", [], {}):
            detail = f"{detail} ({data_text(error.data)})"
        return Problem(error.title, _sentence(detail), where, retry, code=error.code)
    if isinstance(error, OpsslApiError):
        return Problem(error.title, error.message, where, retry)
    # A bug in opssl, not an API answer: name it without a traceback (that goes to the log).
    return Problem(
        "Something went wrong in opssl",
        f"{type(error).__name__}: {error}",
        where,
        retry,
    )
