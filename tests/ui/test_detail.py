"""The detail pane: fields, per-host DCV instructions exactly as the API sent them, copy."""

from __future__ import annotations

from typing import Any

from tests.ui.helpers import (
    browser,
    detail,
    loaded_ids,
    move_to_order,
    notifications,
    running,
    screen_text,
    settle,
)
from tui_app.sandbox import Sandbox


def find_order(sandbox: Sandbox, method: str, *, position: int = 0, multi: bool = False) -> int:
    """An order whose host at ``position`` uses ``method`` (and with several hosts if asked)."""
    for order in sorted(sandbox.store.orders.values(), key=lambda o: o.id):
        hosts = order.hosts
        if multi and len(hosts) < 2:
            continue
        if len(hosts) > position and order.dcv.get(hosts[position]) == method:
            return order.id
    raise AssertionError(f"the seeded account has no order with {method} at host {position}")


def flat(text: str) -> str:
    """Wrapped pane text as one line of single-spaced words."""
    return " ".join(text.split())


def api_order(sandbox: Sandbox, order_id: int) -> dict[str, Any]:
    with sandbox.store.lock:
        return sandbox.store.orders[order_id].to_api()


def additional(sandbox: Sandbox, order_id: int, host: str) -> dict[str, Any]:
    data = api_order(sandbox, order_id)["additional_data"]
    return next(d for d in data if d["domain"] == host)


async def test_detail_pane_shows_the_dns_record_to_publish(sandbox: Sandbox) -> None:
    order_id = find_order(sandbox, "dns")
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order_id)
        pane = detail(app)
        assert pane.order is not None and pane.order.id == order_id
        assert sandbox.received("GET", rf"/ssl/orders/{order_id}")
        entry = pane.entries[0]
        raw = api_order(sandbox, order_id)
        assert entry.host == raw["common_name"]
        assert entry.method == "dns"
        expected = additional(sandbox, order_id, entry.host)
        assert [(i.label, i.value) for i in entry.items] == [
            ("DNS record", expected["dns_record"]),
            ("DNS value", expected["dns_value"]),
        ]
        text = pane.text.replace("\n", "")
        assert "publish a DNS CNAME record" in flat(pane.text)
        assert expected["dns_record"] in text.replace(" ", "")
        assert expected["dns_value"] in text.replace(" ", "")


async def test_detail_pane_shows_every_field(sandbox: Sandbox) -> None:
    order_id = find_order(sandbox, "email")
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        await move_to_order(pilot, app, order_id)
        raw = api_order(sandbox, order_id)
        text = detail(app).text
        for label in (
            "Common name",
            "Product",
            "Status",
            "Ordered",
            "Active",
            "Expires",
            "Paid until",
            "Reissue",
            "Autorenew",
            "Software",
            "Organization",
            "Technical",
            "Admin",
            "Billing",
            "Approver",
            "Host names",
            "CSR",
        ):
            assert label in text, label
        assert raw["product_name"] in text and raw["brand_name"] in text
        for handle in ("organization_handle", "technical_handle", "administrative_handle"):
            assert raw[handle] in text
        assert raw["email_approver"] in text
        assert raw["order_date"][:16] in text
        status = raw["status"]
        from tui_app.core.statuses import STATUS_MEANINGS, STATUS_WORDS

        assert f"{status} {STATUS_WORDS[status]}: {STATUS_MEANINGS[status]}" in flat(text)
        assert f"CN {raw['common_name']}" in flat(text)  # the CSR was decoded locally


async def test_detail_pane_for_an_http_host_shows_the_file_and_its_contents(
    sandbox: Sandbox,
) -> None:
    order_id = find_order(sandbox, "http")
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        await move_to_order(pilot, app, order_id)
        pane = detail(app)
        host = next(e for e in pane.entries if e.method == "http")
        expected = additional(sandbox, order_id, host.host)
        items = {i.label: i.value for i in host.items}
        assert items == {
            "URL": expected["url"],
            "file": expected["file_location"],
            "contents": expected["file_contents"],
        }
        assert host.value is not None and host.value.value == expected["file_contents"]
        assert host.name is not None and host.name.value == expected["url"]


async def test_detail_pane_for_an_email_host_shows_the_approver(sandbox: Sandbox) -> None:
    order_id = find_order(sandbox, "email")
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        await move_to_order(pilot, app, order_id)
        raw = api_order(sandbox, order_id)
        entry = next(e for e in detail(app).entries if e.method == "email")
        assert [(i.label, i.value) for i in entry.items] == [("approver", raw["email_approver"])]
        assert "an approval link is mailed to the approver address" in flat(detail(app).text)


async def test_c_copies_the_highlighted_hosts_value_and_says_what(sandbox: Sandbox) -> None:
    order_id = find_order(sandbox, "dns", multi=True)
    async with running(sandbox) as (app, pilot):
        await move_to_order(pilot, app, order_id)
        pane = detail(app)
        first = pane.entries[0]
        expected = additional(sandbox, order_id, first.host)
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == expected["dns_value"]
        assert any(f"DNS value for {first.host}" in n for n in notifications(app))
        await pilot.press("C")
        await settle(pilot)
        assert app.clipboard == expected["dns_record"]
        # Tab into the pane, pick the second host with the arrow key, copy its value.
        await pilot.press("tab", "down")
        await settle(pilot)
        assert pane.has_focus and pane.dcv_index == 1
        second = pane.entries[1]
        assert second.value is not None
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == second.value.value
        assert "▌" in screen_text(app)  # the picked host is marked by a glyph, not colour only


async def test_copy_with_no_details_loaded_says_there_is_nothing(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        await pilot.press("d", "j")  # hide the pane, then move: nothing is loaded for this row
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == ""
        assert any("Nothing to copy yet" in n for n in notifications(app))
        assert len(sandbox.received("GET", r"/ssl/orders/\d+")) == 1  # only the first row's


async def test_an_unreadable_csr_is_reported_in_the_pane(sandbox: Sandbox) -> None:
    order_id = find_order(sandbox, "dns")
    with sandbox.store.lock:
        stored = sandbox.store.orders[order_id]
        _ = stored.der  # keep the DCV hashes computable
        stored._csr = (
            "-----BEGIN CERTIFICATE REQUEST-----\nnot base64!\n-----END CERTIFICATE REQUEST-----\n"
        )
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        await move_to_order(pilot, app, order_id)
        text = detail(app).text
        assert "CSR cannot be read:" in flat(text)
        # The rest of the pane is intact.
        assert "Domain validation" in text
        assert detail(app).entries


async def test_api_text_is_never_parsed_as_markup(sandbox: Sandbox) -> None:
    ids = sorted(sandbox.store.orders)
    with sandbox.store.lock:
        sandbox.store.orders[ids[0]].common_name = "[bold red]evil[/] \x1b[31m.example"
    async with running(sandbox, size=(160, 48)) as (app, pilot):
        await move_to_order(pilot, app, ids[0])
        text = screen_text(app)
        assert "[bold red]evil[/]" in text
        assert "\x1b" not in text
        assert "[bold red]evil[/]" in detail(app).text


async def test_detail_toggle_and_layouts(sandbox: Sandbox) -> None:
    async with running(sandbox) as (app, pilot):
        screen = browser(app)
        grid, pane = screen.table, screen.detail
        # 80x24: the pane is below the table.
        assert pane.region.y > grid.region.y and pane.region.x == grid.region.x
        await pilot.press("d")
        await settle(pilot)
        assert not pane.display or pane.region.height == 0
        assert grid.region.height > 15
        await pilot.press("d")
        await settle(pilot)
        assert pane.order is not None
        # A wide terminal puts the pane beside the table.
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert pane.region.x > grid.region.x and pane.region.y == grid.region.y
        assert len(loaded_ids(app)) == 40
