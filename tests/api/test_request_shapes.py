"""What the client sends uses the official spec's field names and JSON types.

The expected shapes live in ``tests/fixtures/openprovider_requests.json``, written from the
official Swagger files; every request the sandbox records is checked against them.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.csrs import make_test_csr
from tui_app.api import OpenproviderClient
from tui_app.sandbox import RecordedRequest, Sandbox

SHAPES = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "openprovider_requests.json").read_text()
)

JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "object": (dict,),
}


def _route(request: RecordedRequest) -> str:
    path = re.sub(r"/\d+", "/{id}", request.api_path)
    return f"{request.method} {path}"


def _check_value(value: Any, kind: Any, where: str) -> None:
    if isinstance(kind, dict) and "array_of" in kind:
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check_value(item, kind["array_of"], f"{where}[{i}]")
    elif isinstance(kind, dict):
        assert isinstance(value, dict), where
        assert set(value) <= set(kind), f"{where}: {set(value) - set(kind)} not in the spec"
        for key, item in value.items():
            _check_value(item, kind[key], f"{where}.{key}")
    else:
        allowed = JSON_TYPES[kind]
        assert isinstance(value, allowed) and not (kind == "integer" and isinstance(value, bool)), (
            f"{where}: {value!r} is not {kind}"
        )


def _check_query(value: str, kind: Any, where: str) -> None:
    if kind == "integer":
        assert re.fullmatch(r"\d+", value), where
    elif kind == "boolean":
        assert value in ("true", "false"), where
    elif "?order_by." in where:
        assert value in ("asc", "desc"), where


async def _exercise_every_call(client: OpenproviderClient, sandbox: Sandbox) -> None:
    await client.login("demo", "demo", ip="0.0.0.0")
    await client.list_orders(
        common_name_pattern="*a*",
        statuses=["REQ", "ACT"],
        show_expiring=True,
        contact_handle="AB123456-NL",
        order_by="expiration_date",
        descending=True,
        limit=10,
        offset=5,
    )
    for field in ("common_name", "order_date", "active_date", "status", "product_name"):
        await client.list_orders(order_by=field)  # type: ignore[arg-type]
    orders = {o.id: o for o in sandbox.store.orders.values()}
    req = next(o for o in orders.values() if o.status == "REQ" and "email" in o.dcv.values())
    pai = next(o for o in orders.values() if o.status == "PAI" and o.product.multi_domain)
    await client.get_order(req.id)
    await client.list_approver_emails(req.product.id, req.common_name)
    await client.update_approver_email(req.id, f"admin@{req.common_name.removeprefix('*.')}")
    await client.resend_approver_email(req.id)
    await client.update_order(
        pai.id,
        {
            "autorenew": "on",
            "technical_handle": "AB123456-NL",
            "organization_handle": "AB123456-NL",
            "software_id": "windows",
            "host_names": list(pai.host_names),
            "domain_validation_methods": [{"host_name": h, "method": "dns"} for h in pai.hosts],
            "start_provision": True,
        },
    )
    await client.list_products()
    await client.get_product(pai.product.id)
    await _exercise_the_lifecycle(client, sandbox)


async def _exercise_the_lifecycle(client: OpenproviderClient, sandbox: Sandbox) -> None:
    orders = list(sandbox.store.orders.values())
    act = next(
        o
        for o in orders
        if o.status == "ACT" and o.product.multi_domain and not o.common_name.startswith("*.")
    )
    await client.reissue_order(
        act.id,
        {
            "csr": make_test_csr(act.common_name, [act.common_name, *act.csr_sans]),
            "approver_email": f"admin@{act.common_name}",
            "domain_validation_methods": [{"host_name": h, "method": "dns"} for h in act.hosts],
            "enable_dns_automation": False,
            "host_names": list(act.host_names),
            "organization_handle": "AB123456-NL",
            "software_id": "linux",
        },
    )
    soon = next(
        o
        for o in orders
        if o.status == "ACT"
        and o.expiration_date is not None
        and o.expiration_date <= sandbox.store.today + timedelta(days=30)
    )
    await client.renew_order(soon.id, enable_dns_automation=False)
    await client.cancel_order(next(o for o in orders if o.status == "PAI").id)


async def test_every_request_matches_the_spec(sandbox: Sandbox) -> None:
    async with OpenproviderClient(sandbox.base_url) as client:
        await _exercise_every_call(client, sandbox)
    recorded = sandbox.received()
    assert all(r.status == 200 for r in recorded), [(r.api_path, r.code) for r in recorded]
    checked_bodies = set()
    assert {r.body["id"] for r in recorded if r.method == "PUT"} <= set(sandbox.store.orders)
    assert not [r for r in recorded if "signature_hash_algorithm" in (r.body or {})]
    for request in recorded:
        route = _route(request)
        if request.body is not None:
            shape = SHAPES["bodies"][route]
            _check_value(request.body, shape, route)
            checked_bodies.add(route)
        if request.method == "GET" and route in SHAPES["query"]:
            params = SHAPES["query"][route]
            for key, values in request.query.items():
                assert key in params, f"{route}: query {key} is not in the spec"
                kind = params[key]
                if not (isinstance(kind, dict) and "array_of" in kind):
                    assert len(values) == 1, f"{route}: {key} repeated"
                for value in values:
                    _check_query(value, kind, f"{route}?{key}")
    assert checked_bodies == set(SHAPES["bodies"])


async def test_the_client_refuses_a_reissue_the_spec_does_not_describe(sandbox: Sandbox) -> None:
    """No CSR, or the deprecated hash algorithm: a programming error, and nothing is sent."""
    async with OpenproviderClient(sandbox.base_url, sandbox.issue_token()) as client:
        with pytest.raises(ValueError, match="needs a csr"):
            await client.reissue_order(1, {"software_id": "linux"})
        with pytest.raises(ValueError, match="signature_hash_algorithm"):
            await client.reissue_order(1, {"csr": "x", "signature_hash_algorithm": "sha2"})
    assert sandbox.received() == []
