"""The one boundary between a worker and its screen: any exception becomes a failure.

Workers catch every ``Exception`` (not only the client's typed errors) and report it with
their ``...Failed`` message; the handler of their ``...Loaded`` message is wrapped with
``guarded``, so a failure while applying an answer is reported the same way. Either way
the screen shows its error state (what failed, which key retries) and stays able to
retry. Only a bug reaches here without a typed error: its traceback goes to the log,
never to the screen.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker

from tui_app.api import OpsslApiError

log = logging.getLogger(__name__)

S = TypeVar("S")
M = TypeVar("M", bound=Message)
Handler = Callable[[S, M], Awaitable[None] | None]


def caught(error: Exception, where: str = "a request") -> Exception:
    """``error`` as a worker reports it; a bug (not the API's answer) is logged first."""
    if not isinstance(error, OpsslApiError):
        log.error("unexpected failure while %s", where, exc_info=error)
    return error


def start_worker(
    node: DOMNode,
    work: Callable[[], Coroutine[Any, Any, None]],
    *,
    group: str,
    description: str,
    exclusive: bool = False,
) -> Worker[None]:
    """Run ``work`` in a worker of ``node`` (as ``@work`` would, for a method of another
    object): it reports with messages, so its errors never end the app."""
    worker: Worker[None] = node.run_worker(
        work, group=group, description=description, exclusive=exclusive, exit_on_error=False
    )
    return worker


def handling_failed(error: Exception, message: object) -> Exception:
    """``error``, raised while applying ``message`` (a worker's answer), as its failure."""
    return caught(error, f"handling {type(message).__name__}")


def guarded(fail: str) -> Callable[[Handler[S, M]], Callable[[S, M], Awaitable[None]]]:
    """Wrap the handler of a worker's answer: if applying the answer raises, the screen's
    method named ``fail`` gets ``(message, error)`` and shows it as that request's failure.
    """

    def wrap(handler: Handler[S, M]) -> Callable[[S, M], Awaitable[None]]:
        @functools.wraps(handler)
        async def run(self: S, message: M) -> None:
            try:
                result = handler(self, message)
                if inspect.isawaitable(result):
                    await result
            except Exception as error:
                failed: Callable[[M, Exception], Any] = getattr(self, fail)
                shown = failed(message, handling_failed(error, message))
                if inspect.isawaitable(shown):
                    await shown

        return run

    return wrap
