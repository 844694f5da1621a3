"""The send path routes each of a plan's calls by its registry operation, over real HTTP:
the edit form's two calls in order, and a reissue form's plan to ``POST …/reissue``."""

from __future__ import annotations

from dataclasses import replace

from tests.core.factories import has_wildcard, is_multi, make_csr
from tui_app.api import OpenproviderClient, Order
from tui_app.core.draft import draft_from_order
from tui_app.core.fields import REISSUE_FORM
from tui_app.core.host_set import follow_hosts, order_host_set
from tui_app.core.request_plan import plan_requests
from tui_app.sandbox import Sandbox
from tui_app.sandbox.store import approver_candidates
from tui_app.ui.edit.sending import send_plan


async def _order(client: OpenproviderClient, sandbox: Sandbox, status: str, **want: bool) -> Order:
    for order_id in sandbox.store.orders:
        order = (await client.get_order(order_id)).data
        if order.status != status or not order.email_approver or has_wildcard(order):
            continue
        if want.get("multi") is not None and is_multi(order) != want["multi"]:
            continue
        return order
    raise AssertionError(f"no {status} order")


async def test_a_req_approver_and_dcv_change_is_two_calls_in_order(
    sandbox: Sandbox, client: OpenproviderClient
) -> None:
    order = await _order(client, sandbox, "REQ")
    other = next(a for a in approver_candidates(order.common_name) if a != order.email_approver)
    draft = draft_from_order(order)
    host, method = draft.dcv[0]
    draft = replace(
        draft.with_method(host, "dns" if method != "dns" else "http"), approver_email=other
    )
    await send_plan(client, plan_requests(order, draft))
    sent = [(r.method, r.path) for r in sandbox.received() if r.method != "GET"]
    assert sent == [
        ("PUT", f"/v1beta/ssl/orders/{order.id}/approver-email"),
        ("PUT", f"/v1beta/ssl/orders/{order.id}"),
    ]


async def test_a_reissue_plan_is_posted_to_the_reissue_call(
    sandbox: Sandbox, client: OpenproviderClient
) -> None:
    order = await _order(client, sandbox, "ACT", multi=False)
    csr = make_csr(order.common_name, order_host_set(order).csr_hosts)
    draft = follow_hosts(order, replace(draft_from_order(order), csr=csr)).draft
    plan = plan_requests(order, draft, REISSUE_FORM)
    await send_plan(client, plan)
    (post,) = [r for r in sandbox.received() if r.method != "GET"]
    assert (post.method, post.path) == ("POST", f"/v1beta/ssl/orders/{order.id}/reissue")
    assert post.body == {"id": order.id, "csr": plan.body["csr"]}
    assert (await client.get_order(order.id)).data.status == "REQ"
