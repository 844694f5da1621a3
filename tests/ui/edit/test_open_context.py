"""Opening the form reads the order, its product and approver list side by side when the
list's copy names them (issue 11), and never trusts that copy: what the form gets is
always the fresh order's product and approver list.

Against the sandbox over loopback HTTP; the requests it received show what was read.
"""

from __future__ import annotations

from dataclasses import replace

from tests.ui.edit.helpers import ACT_SINGLE, PAI_SINGLE, REQ_MULTI
from tests.ui.helpers import make_client
from tui_app.sandbox import Sandbox
from tui_app.ui.edit.context import approver_domain, fetch_context


def reads(sandbox: Sandbox, since: int) -> list[str]:
    """The API paths (with the approver list's query) the sandbox got since ``since``."""
    found = []
    for request in sandbox.received("GET")[since:]:
        domain = request.query.get("domain")
        found.append(f"{request.api_path}?{domain[0]}" if domain else request.api_path)
    return found


async def test_a_listed_copy_naming_the_same_product_and_domain_is_used(
    sandbox: Sandbox,
) -> None:
    async with make_client(sandbox) as client:
        order = (await client.get_order(REQ_MULTI)).data
        assert order.product_id is not None
        since = len(sandbox.received())
        context = await fetch_context(client, REQ_MULTI, listed=order)
    assert context.order == order
    assert context.product is not None and context.product.id == order.product_id
    assert context.approver_options and context.approver_domain == approver_domain(order)
    assert sorted(reads(sandbox, since)) == sorted(
        [
            f"/ssl/orders/{REQ_MULTI}",
            f"/ssl/products/{order.product_id}",
            f"/ssl/approver-emails?{approver_domain(order)}",
        ]
    )


async def test_a_listed_copy_naming_another_product_is_read_again_for_the_fresh_order(
    sandbox: Sandbox,
) -> None:
    async with make_client(sandbox) as client:
        order = (await client.get_order(REQ_MULTI)).data
        other = (await client.get_order(PAI_SINGLE)).data
        assert other.product_id != order.product_id
        stale = replace(order, product_id=other.product_id, common_name=other.common_name)
        since = len(sandbox.received())
        context = await fetch_context(client, REQ_MULTI, listed=stale)
    assert context.product is not None and context.product.id == order.product_id
    assert context.approver_domain == approver_domain(order) != approver_domain(other)
    assert context.approver_options and all(
        a.endswith("@" + approver_domain(order)) for a in context.approver_options
    )
    got = reads(sandbox, since)
    # The guess was read beside the order, then the fresh order's own product and list.
    assert got[-2:] in (
        [f"/ssl/products/{order.product_id}", f"/ssl/approver-emails?{approver_domain(order)}"],
        [f"/ssl/approver-emails?{approver_domain(order)}", f"/ssl/products/{order.product_id}"],
    )
    assert f"/ssl/products/{other.product_id}" in got[:-2]


async def test_a_listed_status_that_needs_no_approver_list_is_not_trusted(
    sandbox: Sandbox,
) -> None:
    async with make_client(sandbox) as client:
        order = (await client.get_order(REQ_MULTI)).data
        act = (await client.get_order(ACT_SINGLE)).data
        listed = replace(order, status=act.status)  # the list still said ACT
        context = await fetch_context(client, REQ_MULTI, listed=listed)
        # And the other way: the list said REQ, the order is ACT now (no list wanted).
        fresh_act = await fetch_context(client, ACT_SINGLE, listed=replace(act, status="REQ"))
    assert context.approver_options and context.approver_domain == approver_domain(order)
    assert fresh_act.approver_options is None and fresh_act.approver_domain == ""
    assert fresh_act.product is not None and fresh_act.product.id == act.product_id
