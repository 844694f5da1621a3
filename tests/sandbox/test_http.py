"""The envelope, auth and list quirks of the real API, checked with a raw HTTP client."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.sandbox.conftest import error_of
from tui_app.sandbox import Sandbox


def test_success_envelope(http: httpx.Client) -> None:
    response = http.get("ssl/orders", params={"limit": 2})
    body = response.json()
    assert response.status_code == 200
    assert (body["code"], body["desc"]) == (0, "")
    assert set(body["data"]) == {"results", "total"}
    assert "maintenance" not in body


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer 00000000000000000000000000000000", "Basic abc"]
)
def test_missing_or_unknown_token_is_196_as_http_500(sandbox: Sandbox, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = httpx.get(f"{sandbox.base_url}/ssl/orders", headers=headers)
    assert response.status_code == 500
    assert response.json() == {"desc": "Authentication/Authorization Failed", "code": 196}


def test_login_then_use_then_expire(sandbox: Sandbox) -> None:
    login = httpx.post(
        f"{sandbox.base_url}/auth/login", json={"username": "demo", "password": "demo"}
    )
    token = login.json()["data"]["token"]
    assert len(token) == 32 and int(token, 16) >= 0
    assert login.json()["data"]["reseller_id"] > 0
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{sandbox.base_url}/ssl/products", headers=headers).status_code == 200
    expired = httpx.post(sandbox.base_url.replace("/v1beta", "/_sandbox/expire-tokens"))
    assert expired.status_code == 200
    again = httpx.get(f"{sandbox.base_url}/ssl/products", headers=headers)
    assert again.json()["code"] == 196


def test_limit_defaults_to_100_and_is_capped_at_1000() -> None:
    from tests.conftest import TODAY

    with Sandbox(orders=1200, seed=2, today=TODAY) as sb:
        headers = {"Authorization": f"Bearer {sb.issue_token()}"}
        url = f"{sb.base_url}/ssl/orders"
        default = httpx.get(url, headers=headers, params={"order_by.common_name": "asc"}).json()
        assert len(default["data"]["results"]) == 100 and default["data"]["total"] == 1200
        too_many = httpx.get(url, headers=headers, params={"limit": 1001})
        code, desc = error_of(too_many)
        assert code == 1002 and "between 0 and 1000" in desc
        last = httpx.get(url, headers=headers, params={"limit": 1000, "offset": 1000}).json()
        assert len(last["data"]["results"]) == 200


def test_bad_list_parameters_are_refused(http: httpx.Client) -> None:
    assert error_of(http.get("ssl/orders", params={"status": "NEW"}))[0] == 1002
    assert error_of(http.get("ssl/orders", params={"order_by.colour": "asc"}))[0] == 1002
    assert error_of(http.get("ssl/orders", params={"order_by.status": "up"}))[0] == 1002
    assert error_of(http.get("ssl/orders", params={"offset": "x"}))[0] == 1002


def test_star_pattern_is_case_insensitive_and_anchored(http: httpx.Client) -> None:
    all_names = [o["common_name"] for o in http.get("ssl/orders").json()["data"]["results"]]
    some = all_names[0].split(".")[-2][:3]
    found = http.get("ssl/orders", params={"common_name_pattern": f"*{some.upper()}*"}).json()
    names = [o["common_name"] for o in found["data"]["results"]]
    assert names and all(some in n for n in names)
    assert sorted(names) == sorted(n for n in all_names if some in n)
    literal = http.get("ssl/orders", params={"common_name_pattern": some}).json()
    assert literal["data"]["total"] == 0, "without * the pattern matches the whole name"


def test_products_omit_software_unless_asked(http: httpx.Client) -> None:
    plain = http.get("ssl/products").json()["data"]["results"][0]
    with_sw = http.get("ssl/products", params={"with_supported_software": "true"}).json()
    assert "supported_software" not in plain
    assert with_sw["data"]["results"][0]["supported_software"][0] == {
        "id": "linux",
        "title": "Linux",
    }
    by_name = http.get("ssl/products", params={"order_by.name": "desc"}).json()["data"]["results"]
    assert [p["name"] for p in by_name] == sorted((p["name"] for p in by_name), reverse=True)


def test_approver_emails_are_data_results(http: httpx.Client) -> None:
    body = http.get(
        "ssl/approver-emails", params={"product_id": 5, "domain": "shop.example.com"}
    ).json()
    assert body["data"]["results"][:5] == [
        "admin@shop.example.com",
        "administrator@shop.example.com",
        "hostmaster@shop.example.com",
        "postmaster@shop.example.com",
        "webmaster@shop.example.com",
    ]
    assert "admin@example.com" in body["data"]["results"]


def test_fault_knobs(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.faults.update(maintenance=True)
    assert http.get("ssl/products").json()["maintenance"] is True
    sandbox.faults.update(maintenance=False, html_next=1)
    html = http.get("ssl/products")
    assert html.status_code == 500 and html.headers["content-type"] == "text/html"
    sandbox.faults.update(malformed_next=1)
    with pytest.raises(ValueError):
        http.get("ssl/products").json()
    sandbox.faults.update(fail_next=1)
    assert http.get("ssl/products").status_code == 503
    sandbox.faults.update(error_next=1, error_code=10005, error_desc="Access denied.")
    assert http.get("ssl/products").json() == {"desc": "Access denied.", "code": 10005}
    sandbox.faults.update(fail_next=1, methods=["PUT"])
    assert http.get("ssl/products").status_code == 200, "only PUT is affected"
    assert http.get("ssl/products").status_code == 200


def test_paths_limit_the_faults_to_some_calls(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.faults.update(error_next=1, error_code=10005, paths=[r"/ssl/approver-emails"])
    assert http.get("ssl/products").json()["code"] == 0, "another path is not affected"
    refused = http.get("ssl/approver-emails", params={"product_id": 5, "domain": "acme.com"})
    assert refused.json()["code"] == 10005
    assert sandbox.faults.error_next == 0


def test_hold_keeps_a_request_in_flight_until_released(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.faults.update(hold=True)
    answers: list[int] = []
    worker = threading.Thread(target=lambda: answers.append(http.get("ssl/products").status_code))
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and answers == [], "the request was answered while held"
    sandbox.faults.update(hold=False)
    worker.join(5)
    assert answers == [200]


def test_fault_knobs_over_http(sandbox: Sandbox) -> None:
    admin = sandbox.base_url.replace("/v1beta", "/_sandbox/faults")
    assert httpx.post(admin, json={"maintenance": True}).json()["data"]["maintenance"] is True
    assert sandbox.faults.maintenance is True
    refused = httpx.post(admin, json={"no_such_knob": 1})
    assert refused.status_code == 400 and "no_such_knob" in refused.json()["desc"]


def test_unknown_paths_and_methods(sandbox: Sandbox, http: httpx.Client) -> None:
    assert http.get("ssl/nothing").status_code == 404
    assert http.delete("ssl/orders/1306001").status_code == 405
    assert httpx.get(sandbox.base_url.replace("/v1beta", "/v2/ssl/orders")).status_code == 404
