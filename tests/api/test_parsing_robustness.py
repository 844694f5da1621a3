"""Whatever the server sends, the client returns a model or raises one of its documented errors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tui_app.api import ApiResult, OpenproviderClient, OpsslApiError, Order, Page, Product

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
order_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.integers() | st.text(max_size=8) | st.none(),
        "common_name": json_values,
        "status": json_values,
        "autorenew": json_values,
        "order_date": st.text(max_size=25) | json_values,
        "host_names": json_values,
        "domain_validation_methods": st.lists(
            st.fixed_dictionaries({}, optional={"host_name": json_values, "method": json_values})
            | json_values,
            max_size=3,
        ),
        "additional_data": st.lists(
            st.dictionaries(st.sampled_from(["domain", "dns_value", "md5"]), json_values)
            | json_values,
            max_size=3,
        ),
        "supported_software": json_values,
        "product_id": json_values,
    },
)
data_values = (
    json_values
    | order_like
    | st.fixed_dictionaries(
        {},
        optional={
            "results": st.lists(order_like | json_values, max_size=4) | json_values,
            "total": json_values,
            "token": json_values,
            "id": json_values,
        },
    )
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "code": st.integers(-5, 20_000) | st.text(max_size=5) | st.none() | st.booleans(),
        "desc": json_values,
        "data": data_values,
        "warnings": json_values
        | st.lists(
            st.dictionaries(st.sampled_from(["code", "desc", "data"]), json_values), max_size=3
        ),
        "maintenance": json_values,
    },
)
# Success envelopes whose data is nearly right, so most examples reach the model parsers.
near_valid = st.fixed_dictionaries(
    {
        "code": st.sampled_from([0, "0", 0.0]),
        "data": order_like
        | st.fixed_dictionaries(
            {"results": st.lists(order_like, max_size=4)},
            optional={"total": st.integers(-3, 50) | st.text(max_size=3)},
        )
        | st.fixed_dictionaries({"token": st.text(max_size=40) | json_values})
        | st.fixed_dictionaries({"id": st.integers() | st.text(max_size=6)}),
    },
    optional={"warnings": json_values, "maintenance": json_values, "desc": json_values},
)
bodies = (
    near_valid.map(lambda e: json.dumps(e).encode())
    | near_valid.map(lambda e: json.dumps(e).encode())
    | envelopes.map(lambda e: json.dumps(e).encode())
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=64)
    | st.sampled_from([b"", b"<html><title>502 Bad Gateway</title></html>", b'{"code":0,"data":{'])
)
statuses = st.sampled_from(
    [200, 200, 200, 200, 200, 201, 301, 400, 401, 403, 404, 429, 500, 502, 503]
)

Call = Callable[[OpenproviderClient], Awaitable[ApiResult[Any]]]
CALLS: dict[str, tuple[Call, Callable[[Any], bool]]] = {
    "login": (lambda c: c.login("u", "p"), lambda d: isinstance(d, str) and d != ""),
    "list_orders": (
        lambda c: c.list_orders(),
        lambda d: isinstance(d, Page) and all(isinstance(o, Order) for o in d.results),
    ),
    "get_order": (lambda c: c.get_order(1), lambda d: isinstance(d, Order)),
    "update_order": (
        lambda c: c.update_order(1, {"autorenew": "on"}),
        lambda d: isinstance(d, int),
    ),
    "list_approver_emails": (
        lambda c: c.list_approver_emails(5, "example.com"),
        lambda d: isinstance(d, tuple) and all(isinstance(e, str) for e in d),
    ),
    "resend_approver_email": (lambda c: c.resend_approver_email(1), lambda d: isinstance(d, int)),
    "list_products": (
        lambda c: c.list_products(),
        lambda d: isinstance(d, Page) and all(isinstance(p, Product) for p in d.results),
    ),
    "get_product": (lambda c: c.get_product(5), lambda d: isinstance(d, Product)),
}


async def _call(name: str, status: int, body: bytes) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body)

    call, is_model = CALLS[name]
    async with OpenproviderClient(
        "https://api.example.test/v1beta", "t", transport=httpx.MockTransport(answer), backoff=0.0
    ) as client:
        try:
            result = await call(client)
        except OpsslApiError as exc:
            assert exc.message
            event(f"error: {type(exc).__name__}")
            return
    event("model")
    assert isinstance(result, ApiResult)
    assert is_model(result.data), (name, result.data)
    assert isinstance(result.maintenance, bool)
    assert all(isinstance(w.code, int) and isinstance(w.desc, str) for w in result.warnings)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(CALLS)), status=statuses, body=bodies)
def test_any_answer_gives_a_model_or_a_documented_error(
    name: str, status: int, body: bytes
) -> None:
    asyncio.run(_call(name, status, body))
