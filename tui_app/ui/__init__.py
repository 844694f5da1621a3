"""The Textual user interface. Only this package imports ``textual``.

``OpsslApp`` is loaded on first use: start-up code sends the first request (with
``core.order_pages``) before Textual is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui_app.ui.app import OpsslApp

__all__ = ["OpsslApp"]


def __getattr__(name: str) -> Any:
    if name == "OpsslApp":
        from tui_app.ui.app import OpsslApp

        return OpsslApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
