"""Reissue, renew, cancel and the CA's steps, as the API's rules say, over raw HTTP."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

import tui_app
from tests.support.csrs import make_test_csr
from tui_app.sandbox import Sandbox
from tui_app.sandbox.orders import StoredOrder

from .conftest import error_of, find

SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _act(sandbox: Sandbox) -> StoredOrder:
    """An issued order with no wildcard and no email validation (no approver needed)."""
    return find(
        sandbox,
        lambda o: (
            o.status == "ACT"
            and "email" not in o.dcv.values()
            and not any(h.startswith("*.") for h in o.hosts)
        ),
    )


def _chain(http: httpx.Client, order_id: int) -> tuple[x509.Certificate, list[x509.Certificate]]:
    data = http.get(f"ssl/orders/{order_id}").json()["data"]
    leaf = x509.load_pem_x509_certificate(data["certificate"].encode())
    intermediates = x509.load_pem_x509_certificates(data["intermediate_certificate"].encode())
    root = x509.load_pem_x509_certificate(data["root_certificate"].encode())
    return leaf, [*intermediates, root]


def _advance(sandbox: Sandbox, order_id: int) -> httpx.Response:
    admin = sandbox.base_url.rsplit("/", 1)[0]
    return httpx.post(f"{admin}/_sandbox/orders/{order_id}/advance")


def test_every_seeded_certificate_has_a_chain_that_verifies(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    issued = [o for o in sandbox.store.orders.values() if o.status in ("ACT", "EXP")]
    assert len(issued) >= 10
    for order in issued:
        leaf, chain = _chain(http, order.id)
        leaf.verify_directly_issued_by(chain[0])
        chain[0].verify_directly_issued_by(chain[1])
        chain[1].verify_directly_issued_by(chain[2])
        chain[2].verify_directly_issued_by(chain[2])  # the root signs itself
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert tuple(names.get_values_for_type(x509.DNSName)) == order.hosts
        csr = x509.load_pem_x509_csr(order.csr.encode())
        assert leaf.public_key().public_bytes(*SPKI) == csr.public_key().public_bytes(*SPKI)


def test_orders_not_issued_have_no_certificate_fields(sandbox: Sandbox, http: httpx.Client) -> None:
    for status in ("PAI", "REQ", "REJ", "FAI"):
        order = find(sandbox, lambda o, s=status: o.status == s)
        data = http.get(f"ssl/orders/{order.id}").json()["data"]
        assert (data["certificate"], data["intermediate_certificate"]) == ("", ""), status
        assert data["root_certificate"] == ""


def test_reissue_moves_an_active_order_to_req_and_the_ca_issues_for_the_new_key(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    order = _act(sandbox)
    old_leaf, _ = _chain(http, order.id)
    csr = make_test_csr(order.common_name, list(order.hosts))
    answer = http.post(f"ssl/orders/{order.id}/reissue", json={"id": order.id, "csr": csr})
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"] == {"id": order.id}
    assert answer.json()["warnings"][0]["code"] == 1102
    data = http.get(f"ssl/orders/{order.id}").json()["data"]
    assert (data["status"], data["certificate"], data["csr"]) == ("REQ", "", csr)
    step = _advance(sandbox, order.id).json()["data"]
    assert (step["from"], step["status"]) == ("REQ", "ACT")
    leaf, chain = _chain(http, order.id)
    leaf.verify_directly_issued_by(chain[0])
    new_key = x509.load_pem_x509_csr(csr.encode()).public_key()
    assert leaf.public_key().public_bytes(*SPKI) == new_key.public_bytes(*SPKI)
    assert leaf.serial_number != old_leaf.serial_number
    assert leaf.not_valid_after_utc == old_leaf.not_valid_after_utc  # a reissue keeps the expiry


def test_reissue_needs_a_valid_csr(sandbox: Sandbox, http: httpx.Client) -> None:
    order = _act(sandbox)
    path = f"ssl/orders/{order.id}/reissue"
    assert error_of(http.post(path, json={"id": order.id}))[0] == 1002
    code, text = error_of(http.post(path, json={"id": order.id, "csr": "-----BEGIN junk"}))
    assert (code, text.split()[0]) == (1030, "Invalid")
    mangled = make_test_csr(order.common_name, []).replace("\n", "\\n")
    assert error_of(http.post(path, json={"id": order.id, "csr": mangled}))[0] == 1030
    assert sandbox.store.orders[order.id].status == "ACT"


def test_reissue_dcv_rows_must_follow_the_new_csr(sandbox: Sandbox, http: httpx.Client) -> None:
    order = _act(sandbox)
    path = f"ssl/orders/{order.id}/reissue"
    new_host = f"new.{order.common_name.removeprefix('*.')}"
    csr = make_test_csr(order.common_name, [*order.hosts, new_host])
    code, text = error_of(http.post(path, json={"id": order.id, "csr": csr}))
    assert code == 1010 and new_host in text
    rows = [{"host_name": h, "method": "dns"} for h in order.hosts]
    code, text = error_of(
        http.post(path, json={"id": order.id, "csr": csr, "domain_validation_methods": rows})
    )
    assert code == 1010 and f"missing: {new_host}" in text
    wildcard = f"*.{order.common_name.removeprefix('*.')}"
    wild_csr = make_test_csr(order.common_name, [*order.hosts, wildcard])
    wild_rows = [*rows, {"host_name": wildcard, "method": "http"}]
    body = {"id": order.id, "csr": wild_csr, "domain_validation_methods": wild_rows}
    assert error_of(http.post(path, json=body))[0] == 1012
    assert sandbox.store.orders[order.id].status == "ACT"
    rows.append({"host_name": new_host, "method": "dns"})
    body = {"id": order.id, "csr": csr, "domain_validation_methods": rows}
    assert http.post(path, json=body).status_code == 200
    stored = sandbox.store.orders[order.id]
    assert (stored.status, stored.hosts[-1], stored.dcv[new_host]) == ("REQ", new_host, "dns")


@pytest.mark.parametrize("status", ["PAI", "REQ", "REJ", "FAI", "EXP"])
def test_only_an_active_order_is_reissued_or_renewed(
    sandbox: Sandbox, http: httpx.Client, status: str
) -> None:
    order = find(sandbox, lambda o: o.status == status)
    csr = make_test_csr(order.common_name, list(order.hosts))
    reissue = http.post(f"ssl/orders/{order.id}/reissue", json={"id": order.id, "csr": csr})
    assert error_of(reissue)[0] == 1021
    assert error_of(http.post(f"ssl/orders/{order.id}/renew", json={"id": order.id}))[0] == 1021
    assert sandbox.store.orders[order.id].status == status


def test_renew_too_early_is_25001_and_in_the_window_adds_the_period(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    today = sandbox.store.today
    late = find(
        sandbox,
        lambda o: o.status == "ACT" and o.expiration_date > today + timedelta(days=31),
    )
    code, text = error_of(http.post(f"ssl/orders/{late.id}/renew", json={"id": late.id}))
    assert code == 25001 and "cannot be renewed yet" in text
    opens = late.expiration_date - timedelta(days=30)
    assert f"Renewal opens on {opens:%Y-%m-%d}" in text
    soon = find(
        sandbox,
        lambda o: o.status == "ACT" and o.expiration_date <= today + timedelta(days=30),
    )
    expires, period = soon.expiration_date, soon.period
    old_leaf, _ = _chain(http, soon.id)
    body = {"id": soon.id, "enable_dns_automation": False}
    assert http.post(f"ssl/orders/{soon.id}/renew", json=body).status_code == 200
    assert soon.status == "ACT"
    assert soon.expiration_date == expires.replace(year=expires.year + period)
    leaf, _ = _chain(http, soon.id)
    assert leaf.not_valid_after_utc.replace(tzinfo=None) == soon.expiration_date
    assert leaf.serial_number != old_leaf.serial_number


@pytest.mark.parametrize("status", ["PAI", "REQ", "ACT"])
def test_cancel_goes_to_rej_and_the_ca_closes_it(
    sandbox: Sandbox, http: httpx.Client, status: str
) -> None:
    order = find(sandbox, lambda o: o.status == status)
    answer = http.post(f"ssl/orders/{order.id}/cancel", json={"id": str(order.id)})
    assert answer.status_code == 200, answer.text
    assert answer.json()["warnings"][0]["code"] == 1105
    data = http.get(f"ssl/orders/{order.id}").json()["data"]
    assert (data["status"], data["certificate"]) == ("REJ", "")
    assert _advance(sandbox, order.id).json()["data"]["status"] == "FAI"
    assert error_of(http.post(f"ssl/orders/{order.id}/cancel", json={"id": order.id}))[0] == 1021
    refused = _advance(sandbox, order.id)
    assert refused.status_code == 400 and refused.json()["code"] == 1021


@pytest.mark.parametrize("status", ["REJ", "FAI", "EXP"])
def test_cancel_refuses_closed_orders(sandbox: Sandbox, http: httpx.Client, status: str) -> None:
    order = find(sandbox, lambda o: o.status == status)
    code, text = error_of(http.post(f"ssl/orders/{order.id}/cancel", json={"id": order.id}))
    assert code == 1021 and f"Order {order.id} cannot be cancelled" in text
    assert order.status == status


def test_bodies_are_checked_like_the_api(sandbox: Sandbox, http: httpx.Client) -> None:
    order = _act(sandbox)
    other = order.id + 1
    assert error_of(http.post(f"ssl/orders/{order.id}/cancel", json={"id": other}))[0] == 1002
    extra = {"id": order.id, "period": 2}
    assert error_of(http.post(f"ssl/orders/{order.id}/renew", json=extra))[0] == 1004
    flag = {"id": order.id, "enable_dns_automation": "yes"}
    assert error_of(http.post(f"ssl/orders/{order.id}/renew", json=flag))[0] == 1002
    assert error_of(http.post("ssl/orders/999/cancel", json={"id": 999}))[0] == 1001
    assert order.status == "ACT"


def test_a_new_order_sent_to_the_ca_is_issued_by_the_admin_step(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    order = find(sandbox, lambda o: o.status == "PAI" and "email" not in o.dcv.values())
    body = {"id": order.id, "start_provision": True}
    assert http.put(f"ssl/orders/{order.id}", json=body).status_code == 200
    assert _advance(sandbox, order.id).status_code == 200
    data = http.get(f"ssl/orders/{order.id}").json()["data"]
    assert data["status"] == "ACT"
    assert data["active_date"].startswith(f"{sandbox.store.today:%Y-%m-%d}")
    leaf, chain = _chain(http, order.id)
    leaf.verify_directly_issued_by(chain[0])


def test_the_lifecycle_modules_read_the_api_on_their_own() -> None:
    """The simulator is the API's stand-in: its new rules do not come from the client's core."""
    package = Path(tui_app.__file__).parent / "sandbox"
    for name in ("ca.py", "lifecycle.py", "reissue.py"):
        tree = ast.parse((package / name).read_text())
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        } | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not [m for m in imported if m.startswith("tui_app.core")], name
