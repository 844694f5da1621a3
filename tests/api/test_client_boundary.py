"""Whatever goes wrong between the client and the API ends as one of its typed errors,
inside the time budget, and never carries the token or a password from the URL."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.support.rewriting import RewritingTransport, json_rewrite
from tui_app.api import (
    ApiError,
    ConnectionFailed,
    InsecureURLError,
    OpenproviderClient,
    OpsslApiError,
    ProtocolError,
    RequestNotSent,
    RequestTimeout,
    normalize_base_url,
)
from tui_app.api.answers import failure_for
from tui_app.api.client import DEFAULT_BUDGET
from tui_app.api.errors import outcome_unknown
from tui_app.core.environment import Connection, Kind
from tui_app.sandbox import Sandbox


async def test_an_answer_that_cannot_be_decoded_is_a_protocol_error(sandbox: Sandbox) -> None:
    """A proxy that labels a plain body as gzip: httpx raises DecodingError on reading it."""
    sandbox.faults.update(bad_encoding_next=5)
    async with OpenproviderClient(sandbox.base_url, sandbox.issue_token(), backoff=0) as client:
        with pytest.raises(ProtocolError) as caught:
            await client.list_orders()
    assert "could not be decoded" in caught.value.message


@pytest.mark.parametrize("token", ["t\u00f6ken-" + "0" * 26, "abc\ndef", "abc\x00def"])
async def test_a_token_no_header_can_carry_is_not_sent(sandbox: Sandbox, token: str) -> None:
    async with OpenproviderClient(sandbox.base_url, token) as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.list_orders()
    error = caught.value
    assert "token" in error.message and "not sent" in error.message
    assert token not in repr(error) and token not in error.message
    assert error.__cause__ is None and error.__context__ is None  # no header text rides along
    assert sandbox.received() == []


async def test_a_body_that_cannot_be_encoded_is_not_sent(client: OpenproviderClient) -> None:
    with pytest.raises(RequestNotSent) as caught:
        await client.update_order(1306001, {"csr": "broken \ud800 paste"})
    assert "not sent" in caught.value.message


async def test_json_nested_too_deep_is_a_protocol_error(sandbox: Sandbox) -> None:
    transport = RewritingTransport()
    transport.arm(lambda m, p, b: b'{"code":0,"data":' + b"[" * 200_000 + b"]" * 200_000 + b"}")
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), transport=transport
    ) as client:
        with pytest.raises(ProtocolError):
            await client.list_orders()


async def test_a_parser_surprise_is_a_protocol_error(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_app.api import models

    def broken(raw: object) -> models.Order | None:
        raise ZeroDivisionError("a parser bug")

    monkeypatch.setattr(models.Order, "from_api", staticmethod(broken))
    async with OpenproviderClient(sandbox.base_url, sandbox.issue_token()) as client:
        with pytest.raises(ProtocolError) as caught:
            await client.get_order(1306001)
    assert "unexpected shape" in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "https://alice:s3cret@api.example.net/v1beta",
        "https://alice@api.example.net/v1beta",
        "http://u:s3cret@127.0.0.1:8443/v1beta",
    ],
)
def test_a_url_with_credentials_is_refused_without_showing_them(url: str) -> None:
    with pytest.raises(InsecureURLError) as caught:
        normalize_base_url(url)
    message = str(caught.value)
    assert "s3cret" not in message and "alice" not in message and "u:" not in message
    assert "user name or password" in message


def test_the_header_label_never_shows_credentials() -> None:
    connection = Connection("https://alice:s3cret@api.example.net:8443/v1beta", Kind.CUSTOM, "")
    assert connection.label == "api.example.net:8443"


async def test_a_hanging_read_gives_up_within_the_budget(sandbox: Sandbox) -> None:
    """Each try waits at most what is left of the budget; no retry starts without room."""
    sandbox.faults.update(hold=True)
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), timeout=0.25, budget=0.6, backoff=0.01
    ) as client:
        async with asyncio.timeout(5):  # a guard against a hang, not a speed measure
            with pytest.raises(RequestTimeout):
                await client.list_orders()
    sandbox.faults.update(hold=False)
    await asyncio.sleep(0.2)  # the held requests are answered now and recorded
    assert len(sandbox.received("GET", "/ssl/orders")) == 2


async def test_the_per_try_timeout_is_capped_by_the_budget(sandbox: Sandbox) -> None:
    sandbox.faults.update(hold=True)
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), timeout=30, budget=0.3
    ) as client:
        async with asyncio.timeout(5):
            with pytest.raises(RequestTimeout):
                await client.update_order(1306001, {"autorenew": "on"})
    sandbox.faults.update(hold=False)


def test_the_default_budget_is_fifteen_seconds() -> None:
    assert DEFAULT_BUDGET == 15
    client = OpenproviderClient("https://api.example.net/v1beta")
    assert client.budget == DEFAULT_BUDGET
    assert client.timeout <= DEFAULT_BUDGET


def _subclasses(cls: type[BaseException]) -> set[type[BaseException]]:
    found = {cls}
    for sub in cls.__subclasses__():
        found |= _subclasses(sub)
    return found


def test_every_exception_httpx_can_raise_becomes_a_typed_error_without_the_token() -> None:
    """Every httpx exception class (and what encoding a request raises) maps to the
    client's hierarchy, and the message never repeats what the exception quoted."""
    secret = "Bearer s3cret-token-value"
    classes = _subclasses(httpx.HTTPError) | {httpx.InvalidURL, UnicodeEncodeError, ValueError}
    assert len(classes) > 15  # httpx's whole tree, not a handful
    request = httpx.Request("GET", "http://127.0.0.1/v1beta/ssl/orders")
    for cls in sorted(classes, key=lambda c: c.__name__):
        if cls is UnicodeEncodeError:
            exc: Exception = UnicodeEncodeError("ascii", secret, 0, 1, "not ascii")
        elif issubclass(cls, httpx.RequestError):
            exc = cls(secret, request=request)
        elif issubclass(cls, httpx.HTTPStatusError):
            exc = cls(secret, request=request, response=httpx.Response(500, request=request))
        else:
            exc = cls(secret)
        failure = failure_for(exc, "http://127.0.0.1/v1beta", "the API", with_token=True)
        assert isinstance(failure, OpsslApiError), cls
        assert "s3cret" not in str(failure), cls


async def test_a_refused_connection_is_known_not_to_have_reached_the_api() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with OpenproviderClient(f"http://127.0.0.1:{port}/v1beta", "t", backoff=0) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.update_order(1, {"autorenew": "on"})
    assert caught.value.reached is False
    assert not outcome_unknown(caught.value)
    assert outcome_unknown(RequestTimeout("no answer"))
    assert outcome_unknown(RuntimeError("a bug after the request went out"))
    assert not outcome_unknown(RequestNotSent("never left"))


async def test_an_order_answered_for_another_id_is_a_protocol_error(sandbox: Sandbox) -> None:
    """Found by the property tests: the detail pane waited for ever for order 1306001
    when the answer said it was order 0."""

    def other_id(envelope: dict[str, object]) -> dict[str, object]:
        assert isinstance(envelope["data"], dict)
        envelope["data"]["id"] = 0
        return envelope

    transport = RewritingTransport()
    transport.arm(json_rewrite(other_id), r"/ssl/orders/\d+")
    async with OpenproviderClient(
        sandbox.base_url, sandbox.issue_token(), transport=transport
    ) as client:
        with pytest.raises(ProtocolError, match="order 0 when asked for order 1306001"):
            await client.get_order(1306001)


def test_the_data_of_an_error_is_quoted_short() -> None:
    error = ApiError(1099, "Something", {"results": ["x" * 5000]})
    assert len(error.message) < 400 and error.message.endswith("…")
