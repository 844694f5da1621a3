"""Every error class, produced for real by the sandbox's fault knobs; reads retry, writes never."""

from __future__ import annotations

import logging
import socket

import pytest

from tui_app.api import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    ConnectionFailed,
    OpenproviderClient,
    ProtocolError,
    RateLimitError,
    RequestTimeout,
)
from tui_app.sandbox import Sandbox


async def test_expired_token_is_an_authentication_error(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    sandbox.expire_tokens()
    with pytest.raises(AuthenticationError) as caught:
        await client.list_orders()
    assert caught.value.code == 196
    assert len(sandbox.received("GET", "/ssl/orders")) == 1, "an API error is not retried"


async def test_missing_token_is_an_authentication_error(sandbox: Sandbox) -> None:
    async with OpenproviderClient(sandbox.base_url) as client:
        with pytest.raises(AuthenticationError):
            await client.get_order(1306001)


async def test_short_token_ttl_expires(sandbox: Sandbox) -> None:
    sandbox.store.token_ttl = 0.0
    async with OpenproviderClient(sandbox.base_url, sandbox.issue_token()) as client:
        with pytest.raises(AuthenticationError):
            await client.list_products()


async def test_class_is_decided_by_code_not_http_status(sandbox: Sandbox) -> None:
    """With 196 sent as HTTP 401 instead of 500 the class is the same."""
    sandbox.auth_error_status = 401
    async with OpenproviderClient(sandbox.base_url, "0" * 32) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.list_orders()
    assert caught.value.http_status == 401


@pytest.mark.parametrize(
    ("code", "desc", "cls"),
    [
        (50, "Calls limit has been reached", RateLimitError),
        (10005, "Access denied.", AccessDeniedError),
        (1099, "Something else", ApiError),
    ],
)
async def test_api_error_codes(
    client: OpenproviderClient, sandbox: Sandbox, code: int, desc: str, cls: type[ApiError]
) -> None:
    sandbox.faults.update(error_next=1, error_code=code, error_desc=desc)
    with pytest.raises(cls) as caught:
        await client.list_orders()
    assert type(caught.value) is cls
    assert (caught.value.code, caught.value.desc, caught.value.http_status) == (code, desc, 500)
    assert desc in caught.value.message and str(code) in caught.value.message
    assert len(sandbox.received("GET", "/ssl/orders")) == 1, "an explained error is not retried"


async def test_html_error_page_is_retried_then_explained(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    sandbox.faults.update(html_next=10)
    with pytest.raises(ProtocolError) as caught:
        await client.list_orders()
    assert caught.value.http_status == 500
    assert (
        "HTML page" in caught.value.message and "500 Internal Server Error" in caught.value.message
    )
    assert len(sandbox.received("GET", "/ssl/orders")) == 1 + client.read_retries


async def test_a_read_recovers_from_one_unexplained_5xx(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    sandbox.faults.update(fail_next=1)
    result = await client.list_orders(limit=3)
    assert len(result.data.results) == 3
    assert [r.status for r in sandbox.received("GET", "/ssl/orders")] == [503, 200]


async def test_malformed_json_is_a_protocol_error(
    client: OpenproviderClient, sandbox: Sandbox
) -> None:
    sandbox.faults.update(malformed_next=1)
    with pytest.raises(ProtocolError) as caught:
        await client.list_orders()
    assert "not valid JSON" in caught.value.message
    assert caught.value.http_status == 200


async def test_a_write_is_never_retried(client: OpenproviderClient, sandbox: Sandbox) -> None:
    order = next(o for o in sandbox.store.orders.values() if o.status == "ACT")
    sandbox.faults.update(fail_next=1, methods=["PUT"])
    with pytest.raises(ProtocolError):
        await client.update_order(order.id, {"autorenew": "on"})
    assert len(sandbox.received("PUT", r"/ssl/orders/\d+")) == 1


async def test_a_timed_out_write_is_not_sent_again(sandbox: Sandbox) -> None:
    order = next(o for o in sandbox.store.orders.values() if o.status == "ACT")
    sandbox.faults.update(latency=0.5)
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), timeout=0.1, backoff=0.0
    ) as client:
        with pytest.raises(RequestTimeout):
            await client.update_order(order.id, {"autorenew": "on"})
    sandbox.faults.update(latency=0.0)
    assert len(sandbox.received("PUT", r"/ssl/orders/\d+")) <= 1


async def test_read_timeout_is_retried_then_reported(sandbox: Sandbox) -> None:
    sandbox.faults.update(latency=0.4)
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), timeout=0.1, read_retries=1, backoff=0.0
    ) as client:
        with pytest.raises(RequestTimeout) as caught:
            await client.get_order(1306001)
    assert "timed out" in caught.value.message
    sandbox.faults.update(latency=0.0)


async def test_refused_connection_says_so() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with OpenproviderClient(
        f"http://127.0.0.1:{port}/v1beta", "t", read_retries=1, backoff=0.0
    ) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.list_orders()
    assert "refused" in caught.value.message
    assert f"127.0.0.1:{port}" in caught.value.message


async def test_the_token_never_shows_in_reprs_messages_or_logs(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = sandbox.issue_token()
    errors: list[Exception] = []
    async with OpenproviderClient(sandbox.base_url, token, backoff=0.0) as client:
        assert token not in repr(client)
        for knob in ({"html_next": 5}, {"malformed_next": 1}, {"error_next": 1}):
            sandbox.faults.update(**knob)
            try:
                await client.list_orders()
            except Exception as exc:
                errors.append(exc)
        sandbox.expire_tokens()
        try:
            await client.get_order(1306001)
        except Exception as exc:
            errors.append(exc)
    assert len(errors) == 4
    for exc in errors:
        assert token not in str(exc) and token not in repr(exc)
        assert token not in repr(exc.__cause__) and token not in repr(exc.__context__)
    assert caplog.records, "debug logging was captured"
    assert all(token not in r.getMessage() for r in caplog.records)
