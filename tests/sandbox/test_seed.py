"""Seed data: deterministic, realistic, and covering every status, product kind and method."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import TODAY
from tui_app.core.csr import decode_csr
from tui_app.core.value_checks import check_email, check_handle
from tui_app.sandbox.orders import DATE_FORMAT
from tui_app.sandbox.seed import seed_orders
from tui_app.sandbox.store import approver_candidates


def test_same_seed_same_account() -> None:
    first = [o.to_api() for o in seed_orders(40, seed=3, today=TODAY)]
    again = [o.to_api() for o in seed_orders(40, seed=3, today=TODAY)]
    other = [o.to_api() for o in seed_orders(40, seed=4, today=TODAY)]
    assert first == again
    assert first != other


def test_default_account_covers_everything() -> None:
    orders = seed_orders(40, seed=1, today=TODAY)
    assert len(orders) >= 40
    assert {o.status for o in orders} == {"PAI", "REQ", "ACT", "REJ", "FAI", "EXP"}
    assert {m for o in orders for m in o.dcv.values()} == {"email", "dns", "http", "https"}
    assert any(o.product.multi_domain for o in orders)
    assert any(o.common_name.startswith("*.") for o in orders)
    assert any(not o.product.multi_domain and len(o.hosts) == 1 for o in orders)
    assert any(o.host_names for o in orders)
    assert any(o.email_approver for o in orders)
    assert {o.key_kind for o in orders} == {"ec256", "ec384", "rsa2048"}
    # Every status has a DNS-validated order with more than one host somewhere in the REQ set.
    assert any(o.status == "REQ" and len(o.hosts) > 1 for o in orders)


def test_csrs_parse_and_name_exactly_the_orders_hosts() -> None:
    for order in seed_orders(40, seed=1, today=TODAY):
        info = decode_csr(order.csr)
        assert info.common_name == order.common_name
        csr_hosts = set(info.hosts)
        assert csr_hosts | set(order.host_names) == set(order.hosts)
        assert list(order.dcv) == list(order.hosts)


def test_fields_have_the_apis_shapes() -> None:
    for order in seed_orders(40, seed=1, today=TODAY):
        data = order.to_api()
        for name in ("order_date", "active_date", "expiration_date", "order_ends_at", "reissue_at"):
            if data[name]:
                datetime.strptime(data[name], DATE_FORMAT)
        for name in (
            "organization_handle",
            "technical_handle",
            "administrative_handle",
            "billing_handle",
        ):
            assert check_handle(data[name]) is None, data[name]
        if data["email_approver"]:
            assert check_email(data["email_approver"]) is None
            assert data["email_approver"] in approver_candidates(data["common_name"])
        assert data["autorenew"] in ("on", "off")
        assert data["status"] in ("PAI", "REQ", "ACT", "REJ", "FAI", "EXP")
        if data["status"] in ("ACT", "EXP"):
            assert data["active_date"] and data["expiration_date"]
            assert data["certificate"].startswith("-----BEGIN CERTIFICATE-----")
        if data["status"] == "PAI":
            assert data["certificate"] == "" and data["active_date"] == ""
        for method in data["domain_validation_methods"]:
            if method["host_name"].startswith("*."):
                assert method["method"] in ("dns", "email")


def test_a_large_account_is_made_without_signing_every_csr() -> None:
    orders = seed_orders(10_000, seed=7, today=TODAY)
    assert len(orders) == 10_000
    assert len({o.id for o in orders}) == 10_000
    assert all(o._csr is None for o in orders), "CSRs are made on first use"
