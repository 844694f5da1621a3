"""One layout pass where Textual does two: for screens whose widgets all take their size
from the layout (the edit form).

In a layout pass Textual gives every widget its new size (``Widget._size_updated``)
and sets its ``virtual_size`` as a reactive declared ``layout=True``: each widget whose
size moved (one that appears, the body when a notice takes a line) asks for a layout
again, and the whole screen is laid out and repainted a second time (~10-15 ms at
160x48 on the edit form) with the same result. The first pass already measured every
widget at its new width, and what depends on the virtual size (scrollbars, the scroll
offset) is updated in the same call (``_scroll_update``; a scrollbar that appears or goes
asks for its own layout), so on these screens the virtual size is set without that
second request, as Textual itself does when it reflows after a scroll
(``_size_updated(..., layout=False)``). Resize events are sent as before.

Written against textual 8.2.8 (pinned in pyproject.toml); tests/ui/test_one_pass.py
checks that the second pass is gone and that a scrollbar still comes when the form
outgrows the body.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import _time, messages
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

ResultType = TypeVar("ResultType")
_one_pass = False
_size_updated = Widget._size_updated


def _size_updated_once(
    self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
) -> bool:
    """``Widget._size_updated``; inside a ``OnePassLayout`` screen's pass, with no second
    layout asked for by the virtual size."""
    return _size_updated(self, size, virtual_size, container_size, layout and not _one_pass)


Widget._size_updated = _size_updated_once  # type: ignore[method-assign]


def _answered(widget: Widget) -> None:
    """What the widget would do on its next idle (``Widget._check_refresh``), short of
    posting its request: the cached arrangements it changes are dropped."""
    widget._layout_required = False
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if not ancestor.styles.auto_dimensions:
            break


class OnePassLayout(Screen[ResultType], Generic[ResultType]):
    """A screen laid out in one pass (see the module's docstring).

    A request for a layout made before a whole pass is answered by that pass: widgets
    mounted in the handler that ran just before it (the form built before the screen's
    first layout) post their requests only after it, and each would have cost one more
    pass for nothing. Those requests are dropped, not the ones made since.
    """

    _passed_at = float("-inf")  # when the last whole pass began (Textual's clock)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        global _one_pass
        if not scroll:  # a whole pass: what was asked until now is answered by it
            self._passed_at = _time.get_time()
            self._layout_required = False
            for widget in self.walk_children(Widget):
                if widget._layout_required:
                    _answered(widget)
        _one_pass = True
        try:
            super()._refresh_layout(size, scroll)
        finally:
            _one_pass = False

    async def _on_layout(self, message: messages.Layout) -> None:
        if message.time < self._passed_at:
            message.stop()
            message.prevent_default()
            return
        await super()._on_layout(message)
