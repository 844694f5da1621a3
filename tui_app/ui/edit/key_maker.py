"""The reissue form's key made here: ask (``NewKeyDialog``), make it in a thread, save it
0600 (``core.new_key``), and put its CSR in the CSR box, where the DCV rows follow it.

The key itself never reaches a widget, a message or a log: the worker hands back the
CSR and the path only.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.message import Message
from textual.widgets import TextArea

from tui_app.core.atomic_files import AtomicWriteError
from tui_app.core.host_set import order_host_set
from tui_app.core.new_key import KEY_TYPES, NewKeyError, new_key
from tui_app.ui.edit.form_screen import FormScreen
from tui_app.ui.edit.new_key_dialog import KeyRequest, NewKeyDialog, default_key_path
from tui_app.ui.formatting import safe


class KeyMade(Message):
    """The key is saved at ``path``; ``csr`` is its CSR (public)."""

    def __init__(self, csr: str, path: Path, key_type: str) -> None:
        super().__init__()
        self.csr = csr
        self.path = path
        self.key_type = key_type


class KeyFailed(Message):
    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class MakesKey(FormScreen):
    """ctrl+n on the reissue form."""

    def action_new_key(self) -> None:
        order = self.order
        if order is None or self.form is None or self.check_action("new_key", ()) is not True:
            return
        hosts = order_host_set(order).hosts

        def chosen(request: KeyRequest | None) -> None:
            if request is not None:
                self.notices.set(
                    "key", "Making a key", f"{KEY_TYPES[request.key_type]} for {hosts[0]}…"
                )
                self._make_key(request, hosts)

        dialog = NewKeyDialog(order.id, hosts, default_key_path(order.common_name))
        self.app.push_screen(dialog, chosen)

    @work(group="edit-key", exclusive=True, thread=True, description="making a key")
    def _make_key(self, request: KeyRequest, hosts: tuple[str, ...]) -> None:
        try:
            made = new_key(hosts[0], hosts[1:], request.key_type)
            made.save(request.path)
        except (NewKeyError, AtomicWriteError, OSError) as exc:
            self.post_message(KeyFailed(str(exc)))
            return
        self.post_message(KeyMade(made.csr, request.path, request.key_type))

    def on_key_made(self, message: KeyMade) -> None:
        editor = self.query("#csr-text").results(TextArea)
        box = next(editor, None)
        if box is None:
            self.notices.set("key", "Key saved", f"{message.path}; the form is gone", "warning")
            return
        box.replace(message.csr, (0, 0), box.document.end)
        self.notices.set(
            "key",
            "Key saved",
            safe(
                f"{KEY_TYPES[message.key_type]} key in {message.path} (mode 0600, never sent); "
                "its CSR is in the CSR box. ctrl+s reviews the reissue."
            ),
        )

    def on_key_failed(self, message: KeyFailed) -> None:
        self.notices.set("key", "No key made", safe(message.problem), "error")
