"""The sandbox refuses what the real API refuses (status and DCV rules) and accepts the rest."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import error_of, find
from tests.support.csrs import make_test_csr
from tui_app.sandbox import Sandbox


def put(http: httpx.Client, order_id: int, body: dict[str, object]) -> httpx.Response:
    return http.put(f"ssl/orders/{order_id}", json={"id": order_id, **body})


def methods(order_hosts: dict[str, str]) -> list[dict[str, str]]:
    return [{"host_name": h, "method": m} for h, m in order_hosts.items()]


def test_req_refuses_a_csr_change_with_http_500_and_a_code(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    order = find(sandbox, lambda o: o.status == "REQ")
    response = put(http, order.id, {"csr": order.csr})
    code, desc = error_of(response)
    assert code == 1003
    assert "csr cannot be changed while the order is REQ" in desc


@pytest.mark.parametrize(
    ("status", "field", "value"),
    [
        ("REQ", "organization_handle", "AB123456-NL"),
        ("REQ", "software_id", "windows"),
        ("REQ", "approver_email", "admin@example.com"),
        ("ACT", "domain_validation_methods", []),
        ("ACT", "technical_handle", "AB123456-NL"),
    ],
)
def test_fields_not_changeable_in_a_status(
    sandbox: Sandbox, http: httpx.Client, status: str, field: str, value: object
) -> None:
    order = find(sandbox, lambda o: o.status == status)
    code, desc = error_of(put(http, order.id, {field: value}))
    assert code == 1003
    assert field in desc and status in desc


def test_req_approver_email_refusal_points_to_its_own_call(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    order = find(sandbox, lambda o: o.status == "REQ")
    _, desc = error_of(put(http, order.id, {"approver_email": f"admin@{order.common_name}"}))
    assert "/approver-email" in desc


@pytest.mark.parametrize("status", ["REJ", "FAI", "EXP"])
def test_closed_orders_refuse_everything(sandbox: Sandbox, http: httpx.Client, status: str) -> None:
    order = find(sandbox, lambda o: o.status == status)
    code, desc = error_of(put(http, order.id, {"autorenew": "on"}))
    assert code == 1003 and "cannot be changed" in desc
    assert order.autorenew is False


def test_autorenew_changes_in_pai_req_and_act(sandbox: Sandbox, http: httpx.Client) -> None:
    for status in ("PAI", "REQ", "ACT"):
        order = find(sandbox, lambda o, s=status: o.status == s)
        wanted = "off" if order.autorenew else "on"
        response = put(http, order.id, {"autorenew": wanted})
        assert response.status_code == 200 and response.json()["code"] == 0
        assert response.json()["data"] == {"id": order.id}
        assert order.autorenew is (wanted == "on")


def test_pai_accepts_a_full_edit_and_start_provision(sandbox: Sandbox, http: httpx.Client) -> None:
    order = find(
        sandbox,
        lambda o: (
            o.status == "PAI" and not o.product.multi_domain and not o.common_name.startswith("*")
        ),
    )
    pem = make_test_csr("shop.example.org", ["shop.example.org"])
    body = {
        "csr": pem,
        "organization_handle": "ZZ654321-DE",
        "technical_handle": "YY111111-NL",
        "approver_email": "hostmaster@example.org",
        "software_id": "windows",
        "autorenew": "on",
        "domain_validation_methods": [{"host_name": "shop.example.org", "method": "http"}],
        "start_provision": True,
    }
    response = put(http, order.id, body)
    assert response.status_code == 200, response.text
    warnings = response.json()["warnings"]
    assert [w["code"] for w in warnings] == [1102]
    got = http.get(f"ssl/orders/{order.id}").json()["data"]
    assert got["status"] == "REQ"
    assert got["common_name"] == "shop.example.org"
    assert got["csr"] == pem
    assert got["email_approver"] == "hostmaster@example.org"
    assert got["software"] == "windows"
    assert (got["organization_handle"], got["technical_handle"]) == ("ZZ654321-DE", "YY111111-NL")
    assert got["domain_validation_methods"] == [{"host_name": "shop.example.org", "method": "http"}]
    assert [d["domain"] for d in got["additional_data"]] == ["shop.example.org"]


def test_new_csr_without_matching_dcv_is_refused(sandbox: Sandbox, http: httpx.Client) -> None:
    order = find(sandbox, lambda o: o.status == "PAI" and not o.product.multi_domain)
    pem = make_test_csr("other.example.net", [])
    code, desc = error_of(put(http, order.id, {"csr": pem}))
    assert code == 1010 and "other.example.net" in desc
    assert order.common_name != "other.example.net", "nothing was applied"


def test_mangled_csr_is_code_1030(sandbox: Sandbox, http: httpx.Client) -> None:
    order = find(sandbox, lambda o: o.status == "PAI")
    mangled = order.csr.replace("\n", "\\n")
    code, desc = error_of(put(http, order.id, {"csr": mangled}))
    assert code == 1030 and "Invalid CSR" in desc


@pytest.mark.parametrize(
    ("change", "code", "needle"),
    [
        ("extra", 1010, "remove: unknown.example.com"),
        ("missing", 1010, "No DCV method for"),
        ("duplicate", 1010, "more than one DCV row"),
        ("unknown-method", 1011, "unknown DCV method 'cname'"),
        ("uppercase", 1011, "unknown DCV method 'DNS'"),
    ],
)
def test_dcv_rules_on_req(
    sandbox: Sandbox, http: httpx.Client, change: str, code: int, needle: str
) -> None:
    order = find(sandbox, lambda o: o.status == "REQ" and len(o.hosts) > 1)
    rows = methods({h: order.dcv[h] for h in order.hosts})
    if change == "extra":
        rows.append({"host_name": "unknown.example.com", "method": "dns"})
    elif change == "missing":
        rows.pop()
    elif change == "duplicate":
        rows.append(dict(rows[0]))
    elif change == "unknown-method":
        rows[0]["method"] = "cname"
    else:
        rows[0]["method"] = "DNS"
    got_code, desc = error_of(put(http, order.id, {"domain_validation_methods": rows}))
    assert got_code == code
    assert needle in desc


@pytest.mark.parametrize("method", ["http", "https"])
def test_wildcard_hosts_cannot_use_file_validation(
    sandbox: Sandbox, http: httpx.Client, method: str
) -> None:
    order = find(sandbox, lambda o: o.status == "REQ" and o.common_name.startswith("*."))
    rows = methods({h: (method if h.startswith("*.") else order.dcv[h]) for h in order.hosts})
    code, desc = error_of(put(http, order.id, {"domain_validation_methods": rows}))
    assert code == 1012
    assert "wildcard cannot use" in desc and "dns or email" in desc


def test_email_method_needs_an_approver(sandbox: Sandbox, http: httpx.Client) -> None:
    order = find(sandbox, lambda o: o.status == "REQ")
    order.email_approver = ""
    rows = methods({h: "email" for h in order.hosts})
    code, desc = error_of(put(http, order.id, {"domain_validation_methods": rows}))
    assert code == 1013 and "approver" in desc


def test_dcv_change_regenerates_that_hosts_data_with_a_warning(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    order = find(
        sandbox,
        lambda o: o.status == "REQ" and len(o.hosts) > 1 and not o.hosts[-1].startswith("*."),
    )
    before = {
        d["domain"]: d for d in http.get(f"ssl/orders/{order.id}").json()["data"]["additional_data"]
    }
    target = order.hosts[-1]
    old = order.dcv[target]
    new = "https" if old != "https" else "dns"
    rows = methods({h: (new if h == target else order.dcv[h]) for h in order.hosts})
    response = put(http, order.id, {"domain_validation_methods": rows})
    assert response.status_code == 200
    assert response.json()["warnings"] == [
        {
            "code": 1101,
            "desc": "Domain validation method changed; the CA issued new validation data",
            "data": f"{target}: {old} -> {new}",
        }
    ]
    after = {
        d["domain"]: d for d in http.get(f"ssl/orders/{order.id}").json()["data"]["additional_data"]
    }
    assert after[target]["dns_value"] != before[target]["dns_value"]
    assert after[target]["file_contents"] != before[target]["file_contents"]
    others = [h for h in order.hosts if h != target]
    assert all(after[h] == before[h] for h in others)


def test_legacy_email_address_as_method_sets_the_approver(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    order = find(sandbox, lambda o: o.status == "REQ" and len(o.hosts) == 1)
    approver = f"webmaster@{order.common_name.removeprefix('*.')}"
    response = put(
        http,
        order.id,
        {"domain_validation_methods": [{"host_name": order.hosts[0], "method": approver}]},
    )
    assert response.status_code == 200, response.text
    assert order.dcv == {order.hosts[0]: "email"} and order.email_approver == approver


def test_host_names_only_on_multi_domain_products(sandbox: Sandbox, http: httpx.Client) -> None:
    single = find(sandbox, lambda o: o.status == "PAI" and not o.product.multi_domain)
    code, desc = error_of(put(http, single.id, {"host_names": ["www.example.com"]}))
    assert code == 1027 and "not a multi-domain product" in desc
    multi = find(sandbox, lambda o: o.status == "PAI" and o.product.multi_domain)
    new_host = f"extra.{multi.common_name}"
    rows = methods({**{h: multi.dcv[h] for h in multi.hosts}, new_host: "dns"})
    response = put(
        http,
        multi.id,
        {"host_names": [*multi.host_names, new_host], "domain_validation_methods": rows},
    )
    assert response.status_code == 200, response.text
    assert new_host in multi.hosts


def test_bad_handles_software_and_autorenew_values(sandbox: Sandbox, http: httpx.Client) -> None:
    order = find(sandbox, lambda o: o.status == "PAI")
    assert error_of(put(http, order.id, {"technical_handle": "ab12-x"}))[0] == 1025
    assert error_of(put(http, order.id, {"software_id": "solaris"}))[0] == 1026
    assert error_of(put(http, order.id, {"autorenew": True}))[0] == 1002
    assert error_of(put(http, order.id, {"approver_email": "root@elsewhere.example"}))[0] == 1020
    assert error_of(put(http, order.id, {"colour": "blue"}))[0] == 1004


def test_approver_email_call_only_in_req(sandbox: Sandbox, http: httpx.Client) -> None:
    pai = find(sandbox, lambda o: o.status == "PAI")
    response = http.put(
        f"ssl/orders/{pai.id}/approver-email",
        json={"id": pai.id, "approver_email": f"admin@{pai.common_name.removeprefix('*.')}"},
    )
    code, desc = error_of(response)
    assert code == 1021 and "REQ" in desc and "PUT /ssl/orders/{id}" in desc
    req = find(sandbox, lambda o: o.status == "REQ")
    email = f"postmaster@{req.common_name.removeprefix('*.')}"
    response = http.put(
        f"ssl/orders/{req.id}/approver-email", json={"id": str(req.id), "approver_email": email}
    )
    assert response.status_code == 200, response.text
    assert req.email_approver == email


def test_body_id_must_match_the_path(sandbox: Sandbox, http: httpx.Client) -> None:
    order = find(sandbox, lambda o: o.status == "ACT")
    response = http.put(f"ssl/orders/{order.id}", json={"id": order.id + 1, "autorenew": "on"})
    assert error_of(response)[0] == 1002


def test_unknown_order_and_product(http: httpx.Client) -> None:
    assert error_of(http.get("ssl/orders/999"))[0] == 1001
    assert error_of(http.get("ssl/products/999"))[0] == 1040
