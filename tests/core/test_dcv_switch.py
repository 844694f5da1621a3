"""A DCV switch is checked exactly as the edit form checks it, from the order alone."""

from __future__ import annotations

import pytest

from tui_app.api import OpenproviderClient, OpsslApiError
from tui_app.core.dcv_rules import METHODS
from tui_app.core.dcv_switch import UnknownHosts, switch_all, switch_hosts
from tui_app.core.review import review_draft
from tui_app.ui.edit.context import fetch_context


async def test_the_forms_full_context_decides_nothing_more_for_a_dcv_switch(
    client: OpenproviderClient,
) -> None:
    """The form also reads the product and the approver list; for every seeded order and
    every method, its checks with them say exactly what the switch says without them."""
    page = await client.list_orders(limit=1000)
    compared = 0
    for order in page.data.results:
        try:
            context = await fetch_context(client, order.id)
        except OpsslApiError:
            continue
        assert context.product is not None
        for method in METHODS:
            switch = switch_all(order, method)
            form = review_draft(
                context.order,
                switch.draft,
                product=context.product,
                approver_options=context.approver_options,
            )
            assert form.errors == switch.errors, (order.id, method)
            assert form.plan == switch.plan and form.lines == switch.lines
            compared += 1
    assert compared == 40 * len(METHODS)


async def test_named_hosts_only_and_known_methods_only(client: OpenproviderClient) -> None:
    order = (await client.get_order(1306010)).data
    with pytest.raises(UnknownHosts, match=r"order 1306010 has no host nope\.example"):
        switch_hosts(order, {"nope.example": "dns"})
    with pytest.raises(ValueError, match="unknown DCV method"):
        switch_hosts(order, {"cyberdyne.com": "fax"})
    switch = switch_hosts(order, {"CYBERDYNE.com": "dns"})
    assert switch.sends and switch.plan is not None
    assert list(switch.plan.body) == ["domain_validation_methods"]
    assert [(d.label, d.old, d.new) for d in switch.lines] == [("cyberdyne.com", "email", "dns")]
