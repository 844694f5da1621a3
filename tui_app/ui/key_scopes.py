"""Where keys are active together: each screen with the widgets that can have the focus on
it. A key the user rebinds must not end on another binding of the same screen (a clash),
and every binding id must be one of these (``ui/keymap.py`` checks both at start).

The edit form's modules import cryptography: this module is imported only where every
screen is needed at once (the check of ``[keys]``, ``opssl keys``), in a thread at start.
A test keeps the list complete: every class of the package with bindings is in a scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, RadioSet, Select, Switch


@dataclass(frozen=True)
class KeyScope:
    """A screen and the widgets that take keys on it."""

    where: str
    screen: type[Screen[Any]]
    widgets: tuple[type[DOMNode], ...] = ()

    @property
    def modal(self) -> bool:
        """Over another screen: the app's keys reach it only if they have priority."""
        return issubclass(self.screen, ModalScreen)

    @property
    def holders(self) -> tuple[type[DOMNode], ...]:
        return (self.screen, *self.widgets)


def key_scopes() -> list[KeyScope]:
    """Every screen of the app with its focusable widgets, in the order help lists them."""
    from tui_app.ui.browser.detail_pane import OrderDetail
    from tui_app.ui.browser.lifecycle_dialogs import CancelDialog, DownloadDialog, RenewDialog
    from tui_app.ui.browser.order_table import OrderTable
    from tui_app.ui.browser.screen import BrowserScreen
    from tui_app.ui.browser.search_box import SearchInput
    from tui_app.ui.browser.sort_menu import SortMenuScreen
    from tui_app.ui.browser.status_filter import StatusFilterScreen
    from tui_app.ui.bulk.history_screen import HistoryScreen
    from tui_app.ui.bulk.method_prompt import MethodPrompt
    from tui_app.ui.bulk.screen import BulkScreen
    from tui_app.ui.dcv_check.screen import DcvCheckScreen
    from tui_app.ui.edit.confirm_dialog import ConfirmDialog, LeaveDialog, ResendDialog
    from tui_app.ui.edit.csr_editor import CsrEditor
    from tui_app.ui.edit.dcv_rows import DcvList
    from tui_app.ui.edit.diff_dialog import DiffDialog
    from tui_app.ui.edit.host_names import HostList
    from tui_app.ui.edit.new_key_dialog import NewKeyDialog
    from tui_app.ui.edit.quit_after_send import QuitWhileSendingDialog
    from tui_app.ui.edit.screen import EditScreen
    from tui_app.ui.edit.toggles import Choices, TickBox
    from tui_app.ui.help_screen import HelpScreen
    from tui_app.ui.marked_toggles import MarkedCheckbox, MarkedRadioButton
    from tui_app.ui.signin.form import SignInInput
    from tui_app.ui.signin.keyring_screen import KeyringProblemScreen
    from tui_app.ui.signin.reauth_dialog import ReauthDialog
    from tui_app.ui.signin.setup_screen import SetupScreen
    from tui_app.ui.signin.signin_screen import SignInScreen
    from tui_app.ui.signin.wait_screen import KeyringWaitScreen
    from tui_app.ui.vim_keys import JkOptionList, JkScroll

    return [
        KeyScope("the order list", BrowserScreen, (OrderTable, OrderDetail, SearchInput)),
        KeyScope("the status filter", StatusFilterScreen, (JkOptionList,)),
        KeyScope("the sort menu", SortMenuScreen, (JkOptionList,)),
        KeyScope(
            "the edit form",
            EditScreen,
            (DcvList, HostList, CsrEditor, Choices, TickBox, Input, Select, Switch),
        ),
        KeyScope("the review of changes", DiffDialog),
        KeyScope("the new key of a reissue", NewKeyDialog, (Input, RadioSet)),
        KeyScope("the renewal", RenewDialog),
        KeyScope("the cancellation", CancelDialog, (Input,)),
        KeyScope("the certificate download", DownloadDialog, (Input,)),
        KeyScope("the question before leaving the form", LeaveDialog),
        KeyScope("the question before resending the email", ResendDialog),
        KeyScope("a yes/no question", ConfirmDialog),
        KeyScope("the question before quitting during a send", QuitWhileSendingDialog),
        KeyScope("the DCV check", DcvCheckScreen),
        KeyScope("the method for marked orders", MethodPrompt),
        KeyScope("the bulk DCV switch", BulkScreen, (JkScroll,)),
        KeyScope("an order's journal", HistoryScreen, (JkScroll,)),
        KeyScope("the help", HelpScreen, (JkScroll,)),
        KeyScope("the sign-in screen", SignInScreen, (SignInInput,)),
        KeyScope("the sign-in dialog", ReauthDialog, (SignInInput,)),
        KeyScope(
            "the first-start form",
            SetupScreen,
            (Input, RadioSet, MarkedRadioButton, MarkedCheckbox, OptionList),
        ),
        KeyScope("the keyring problem", KeyringProblemScreen),
        KeyScope("the keyring wait", KeyringWaitScreen),
    ]
