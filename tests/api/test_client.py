"""The client against the sandbox over real loopback HTTP: every call, filter and sort."""

from __future__ import annotations

import ssl
from datetime import timedelta

import httpx
import pytest

from tests.conftest import TODAY
from tui_app import __version__
from tui_app.api import (
    AuthenticationError,
    InsecureURLError,
    OpenproviderClient,
    normalize_base_url,
)
from tui_app.sandbox import Sandbox


async def test_login_returns_a_token_that_later_calls_use(sandbox: Sandbox) -> None:
    async with OpenproviderClient(sandbox.base_url) as client:
        assert not client.has_token
        result = await client.login("demo", "demo", ip="0.0.0.0")
        assert len(result.data) == 32
        assert client.has_token
        page = await client.list_orders(limit=5)
    assert page.data.total == 40
    login = sandbox.received("POST", "/auth/login")
    assert [r.body for r in login] == [{"username": "demo", "password": "demo", "ip": "0.0.0.0"}]
    assert not login[0].authorized
    assert sandbox.received("GET", "/ssl/orders")[0].authorized


async def test_wrong_password_is_code_196(sandbox: Sandbox) -> None:
    async with OpenproviderClient(sandbox.base_url) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.login("demo", "wrong")
    assert caught.value.code == 196
    assert caught.value.http_status == 500
    assert "Authentication/Authorization Failed" in caught.value.message
    assert not client.has_token


async def test_user_agent_names_opssl_and_its_version(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    await client.list_products()
    assert sandbox.received()[-1].user_agent == f"opssl/{__version__}"


async def test_list_orders_default_page_and_total(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    result = await client.list_orders()
    assert result.data.total == 40
    assert len(result.data.results) == 40
    assert sandbox.received("GET", "/ssl/orders")[-1].query == {"limit": ["100"], "offset": ["0"]}
    dates = [o.order_date for o in result.data.results]
    assert all(d is not None for d in dates)
    assert dates == sorted(dates, reverse=True), "order_date desc is the API's default"


async def test_several_statuses_go_as_repeated_keys(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    result = await client.list_orders(statuses=["REQ", "PAI"])
    assert sandbox.received("GET", "/ssl/orders")[-1].query["status"] == ["REQ", "PAI"]
    assert result.data.results
    assert {o.status for o in result.data.results} == {"REQ", "PAI"}
    every = await client.list_orders()
    assert result.data.total == sum(o.status in ("REQ", "PAI") for o in every.data.results)


async def test_common_name_pattern_with_wildcard(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    result = await client.list_orders(common_name_pattern="*.nl")
    assert sandbox.received("GET", "/ssl/orders")[-1].query["common_name_pattern"] == ["*.nl"]
    assert result.data.total > 0
    assert all(o.common_name.endswith(".nl") for o in result.data.results)
    exact = await client.list_orders(common_name_pattern=result.data.results[0].common_name)
    assert [o.id for o in exact.data.results] == [result.data.results[0].id]


async def test_show_expiring_means_within_thirty_days(client: OpenproviderClient) -> None:
    result = await client.list_orders(show_expiring=True)
    assert result.data.total > 0
    for order in result.data.results:
        assert order.expiration_date is not None
        assert TODAY <= order.expiration_date <= TODAY + timedelta(days=30)


async def test_contact_handle_filter(client: OpenproviderClient, sandbox: Sandbox) -> None:
    handle = next(iter(sandbox.store.orders.values())).technical_handle
    result = await client.list_orders(contact_handle=handle)
    assert result.data.total > 0
    for order in result.data.results:
        assert handle in (
            order.organization_handle,
            order.technical_handle,
            order.administrative_handle,
            order.billing_handle,
        )


@pytest.mark.parametrize("field", ["common_name", "order_date", "expiration_date", "status"])
@pytest.mark.parametrize("descending", [False, True])
async def test_sorting_both_ways(
    client: OpenproviderClient, sandbox: Sandbox, field: str, descending: bool
) -> None:
    result = await client.list_orders(order_by=field, descending=descending)  # type: ignore[arg-type]
    query = sandbox.received("GET", "/ssl/orders")[-1].query
    assert query[f"order_by.{field}"] == ["desc" if descending else "asc"]
    values = [getattr(o, field) for o in result.data.results]
    keyed = [v.lower() if isinstance(v, str) else (v.isoformat() if v else "") for v in values]
    known = [k for k in keyed if k]  # an unset date comes last either way
    assert keyed == sorted(known, reverse=descending) + [""] * (len(keyed) - len(known))
    assert len(set(keyed)) > 1


async def test_paging_to_the_end_of_a_ten_thousand_order_account(big_sandbox: Sandbox) -> None:
    seen: list[int] = []
    async with OpenproviderClient(big_sandbox.base_url, big_sandbox.issue_token()) as client:
        offset = 0
        while True:
            page = await client.list_orders(order_by="common_name", limit=1000, offset=offset)
            assert page.data.total == 10_000
            seen += [o.id for o in page.data.results]
            offset += len(page.data.results)
            if not page.data.results or offset >= page.data.total:
                break
        last = await client.list_orders(order_by="common_name", limit=100, offset=9_990)
    assert len(seen) == 10_000 == len(set(seen))
    assert [o.id for o in last.data.results] == seen[-10:]


async def test_get_order_parses_everything_the_detail_pane_needs(
    client: OpenproviderClient,
) -> None:
    listed = (await client.list_orders(statuses=["ACT"], limit=1)).data.results[0]
    order = (await client.get_order(listed.id)).data
    assert order.id == listed.id and order.status == "ACT"
    assert order.csr.startswith("-----BEGIN CERTIFICATE REQUEST-----")
    assert order.certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert order.expiration_date and order.active_date and order.order_date
    assert order.organization_handle and order.technical_handle
    assert order.domain_validation_methods
    for method in order.domain_validation_methods:
        data = order.dcv_data_for(method.host_name)
        assert data is not None
        assert data.dns_record.startswith("_") and data.dns_value.endswith(".sectigo.com")
        assert "/.well-known/pki-validation/" in data.file_location


async def test_update_order_sends_only_the_given_fields(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    order = (await client.list_orders(statuses=["ACT"], limit=1)).data.results[0]
    result = await client.update_order(order.id, {"autorenew": "off" if order.autorenew else "on"})
    assert result.data == order.id
    put = sandbox.received("PUT", r"/ssl/orders/\d+")
    assert [r.body for r in put] == [
        {"id": order.id, "autorenew": "off" if order.autorenew else "on"}
    ]
    assert (await client.get_order(order.id)).data.autorenew is not order.autorenew


async def test_dcv_switch_on_req_returns_the_cas_warning_and_new_data(
    client: OpenproviderClient,
) -> None:
    orders = (await client.list_orders(statuses=["REQ"])).data.results
    order = next(
        o
        for o in orders
        if len(o.domain_validation_methods) > 1 and o.domain_validation_methods[-1].method != "dns"
    )
    target = order.domain_validation_methods[-1]
    new_method = "dns"
    before = order.dcv_data_for(target.host_name)
    methods = [
        {"host_name": m.host_name, "method": new_method if m == target else m.method}
        for m in order.domain_validation_methods
    ]
    result = await client.update_order(order.id, {"domain_validation_methods": methods})
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.code == 1101
    assert warning.data == f"{target.host_name}: {target.method} -> {new_method}"
    after = (await client.get_order(order.id)).data
    assert {m.host_name: m.method for m in after.domain_validation_methods}[target.host_name] == (
        new_method
    )
    new_data = after.dcv_data_for(target.host_name)
    assert before is not None and new_data is not None
    assert new_data.dns_value != before.dns_value
    untouched = order.domain_validation_methods[0]
    assert after.dcv_data_for(untouched.host_name) == order.dcv_data_for(untouched.host_name)


async def test_approver_email_list_change_and_resend(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    orders = (await client.list_orders(statuses=["REQ"])).data.results
    order = next(o for o in orders if any(m.method == "email" for m in o.domain_validation_methods))
    assert order.product_id is not None
    choices = (await client.list_approver_emails(order.product_id, order.common_name)).data
    assert len(choices) >= 5
    new = next(c for c in choices if c != order.email_approver)
    result = await client.update_approver_email(order.id, new)
    assert result.data == order.id and result.warnings
    assert (await client.get_order(order.id)).data.email_approver == new
    await client.resend_approver_email(order.id)
    assert sandbox.store.resent == [order.id]
    assert sandbox.received("PUT", r"/ssl/orders/\d+/approver-email")[0].body == {
        "id": order.id,
        "approver_email": new,
    }
    assert sandbox.received("POST", r"/ssl/orders/\d+/approver-email/resend")[0].body == {
        "id": order.id
    }


async def test_products_list_and_get(client: OpenproviderClient, sandbox: Sandbox) -> None:
    products = (await client.list_products()).data
    assert products.total == len(products.results) >= 6
    assert sandbox.received("GET", "/ssl/products")[-1].query["with_supported_software"] == ["true"]
    assert any(p.is_multi_domain for p in products.results)
    assert any(p.is_wildcard for p in products.results)
    assert all(p.supported_software for p in products.results)
    one = (await client.get_product(43)).data
    assert one.is_multi_domain and {s.id for s in one.supported_software} == {"linux", "windows"}


async def test_approver_emails_as_a_bare_list_are_accepted() -> None:
    """Older documentation shows ``data`` as a bare array; the client takes both."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"code": 0, "desc": "", "data": ["admin@example.com"]})

    async with OpenproviderClient(
        "https://api.example.test/v1beta", "t", transport=httpx.MockTransport(answer)
    ) as client:
        assert (await client.list_approver_emails(5, "example.com")).data == ("admin@example.com",)


def test_https_is_required_unless_loopback() -> None:
    with pytest.raises(InsecureURLError, match="plain HTTP"):
        OpenproviderClient("http://api.openprovider.eu/v1beta")
    with pytest.raises(InsecureURLError):
        normalize_base_url("ftp://example.com")
    assert normalize_base_url("https://api.openprovider.eu/v1beta/") == (
        "https://api.openprovider.eu/v1beta"
    )
    for url in ("http://127.0.0.1:8443/v1beta", "http://localhost/v1beta", "http://[::1]:1/v1beta"):
        assert normalize_base_url(url) == url


def _tls_context(client: OpenproviderClient) -> ssl.SSLContext:
    context = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


@pytest.mark.parametrize("url", ["https://api.openprovider.eu/v1beta", "HTTPS://api.example.test"])
def test_https_verifies_against_the_ca_certificates(url: str) -> None:
    context = _tls_context(OpenproviderClient(url))
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0


def test_a_plain_http_loopback_api_gets_a_tls_context_that_trusts_nothing() -> None:
    """It never uses TLS; if it did, no certificate could pass (and no CA list is loaded
    at start-up for it)."""
    context = _tls_context(OpenproviderClient("http://127.0.0.1:8443/v1beta"))
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
