"""A new CSR with another common name: the approver addresses are read again for it, so
the local check accepts what the API will accept and refuses what it will refuse."""

from __future__ import annotations

from textual.widgets import Select

from tests.core.factories import make_csr
from tests.ui.edit.helpers import PAI_SINGLE, TALL, dialog_text, focus_field, open_form, text
from tests.ui.edit.test_pai import paste_csr
from tests.ui.helpers import running, settle
from tui_app.sandbox import Sandbox
from tui_app.ui.edit.diff_dialog import DiffDialog
from tui_app.ui.edit.screen import EditScreen

NEW_CN_CSR = make_csr("globex.net", ())


def approver_requests(sandbox: Sandbox) -> list[str]:
    return [r.query["domain"][0] for r in sandbox.received("GET", "/ssl/approver-emails")]


async def test_a_csr_for_another_name_reads_that_names_approvers(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[PAI_SINGLE]
    assert stored.common_name == "massive.com" and stored.email_approver
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        assert isinstance(screen, EditScreen)
        assert approver_requests(sandbox) == ["massive.com"]
        await paste_csr(pilot, app, NEW_CN_CSR)
        await settle(pilot)
        assert approver_requests(sandbox) == ["massive.com", "globex.net"]
        options = screen.context.approver_options if screen.context else None
        assert options is not None and "admin@globex.net" in options
        assert not any(o.endswith("massive.com") for o in options)

        # The old address is refused locally, naming the new domain.
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = text(app)
        assert f"{stored.email_approver} is not an approver address for globex.net" in shown
        assert not isinstance(app.screen, DiffDialog)

        # One of the new list is accepted and goes to the review.
        select = screen.query_one("#approver-select", Select)
        await focus_field(pilot, app, "field-approver")
        select.value = "admin@globex.net"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffDialog)
        assert "admin@globex.net" in dialog_text(app)


async def test_back_to_the_orders_own_csr_uses_its_list_again(sandbox: Sandbox) -> None:
    stored = sandbox.store.orders[PAI_SINGLE]
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        await paste_csr(pilot, app, NEW_CN_CSR)
        await paste_csr(pilot, app, stored.csr)
        await settle(pilot)
        options = screen.context.approver_options if screen.context else None
        assert options is not None and stored.email_approver in options
        assert approver_requests(sandbox)[-1] in ("massive.com", "globex.net")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not an approver address" not in text(app)
