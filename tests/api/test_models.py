"""Parsing tolerates what the real API sends: missing fields, "" for unset, numbers as strings."""

from __future__ import annotations

from datetime import datetime

from tui_app.api.models import (
    ApiWarning,
    Order,
    Product,
    as_bool,
    as_date,
    as_int,
    parse_warnings,
)


def test_numbers_as_strings_and_strings_as_numbers() -> None:
    order = Order.from_api(
        {"id": "1306772", "product_id": "5", "period": 2.0, "vendor_order_id": 123456789}
    )
    assert order is not None
    assert order.id == 1306772
    assert order.product_id == 5
    assert order.period == 2
    assert order.vendor_order_id == "123456789"


def test_empty_strings_are_unset_and_unknown_fields_ignored() -> None:
    order = Order.from_api(
        {
            "id": 7,
            "active_date": "",
            "expiration_date": "",
            "certificate": "",
            "autorenew": "off",
            "brand_new_field": {"nested": [1, 2]},
            "host_names": ["", "www.example.com", None],
        }
    )
    assert order is not None
    assert order.active_date is None and order.expiration_date is None
    assert order.autorenew is False
    assert order.host_names == ("www.example.com",)


def test_missing_id_is_not_an_order() -> None:
    assert Order.from_api({"common_name": "example.com"}) is None
    assert Order.from_api("not an object") is None
    assert Order.from_api({"id": True}) is None


def test_dates_in_the_api_format_including_one_digit_hours() -> None:
    assert as_date("2019-01-01 0:00:01") == datetime(2019, 1, 1, 0, 0, 1)
    assert as_date("2026-11-29 13:05:00") == datetime(2026, 11, 29, 13, 5)
    assert as_date("2026-02-30 00:00:00") is None
    assert as_date("") is None
    assert as_date(20260101) is None


def test_scalar_coercions() -> None:
    assert as_int("  42 ") == 42
    assert as_int("4.0") == 4
    assert as_int("4.5") is None
    assert as_int(False) is None
    assert as_bool("on") and as_bool("true") and as_bool(1)
    assert not as_bool("off") and not as_bool("") and not as_bool(None)


def test_dcv_fields_and_additional_data() -> None:
    order = Order.from_api(
        {
            "id": 1,
            "status": "req",
            "domain_validation_methods": [
                {"host_name": "example.com", "method": "dns"},
                {"host_name": "", "method": "email"},
                "garbage",
            ],
            "additional_data": [
                {
                    "domain": "Example.com",
                    "dns_record": "_abc.example.com",
                    "dns_value": "x.sectigo.com",
                }
            ],
        }
    )
    assert order is not None
    assert order.status == "REQ"
    assert [(m.host_name, m.method) for m in order.domain_validation_methods] == [
        ("example.com", "dns")
    ]
    data = order.dcv_data_for("example.com")
    assert data is not None and data.dns_value == "x.sectigo.com"


def test_product_flags() -> None:
    multi = Product.from_api(
        {
            "id": "43",
            "category": "multi_domain",
            "max_domains": "250",
            "supported_software": [{"id": "linux", "title": "Linux"}, {"id": "windows"}],
        }
    )
    wildcard = Product.from_api({"id": 41, "included_domains_count": -1, "max_domains": 1})
    assert multi is not None and multi.is_multi_domain and not multi.is_wildcard
    assert [s.id for s in multi.supported_software] == ["linux", "windows"]
    assert multi.supported_software[1].title == "windows"
    assert wildcard is not None and wildcard.is_wildcard and not wildcard.is_multi_domain


def test_warnings_in_any_shape() -> None:
    assert parse_warnings(None) == ()
    assert parse_warnings([{"code": "1101", "desc": "changed", "data": "a -> b"}]) == (
        ApiWarning(1101, "changed", "a -> b"),
    )
    assert parse_warnings({"code": 5, "desc": "single"}) == (ApiWarning(5, "single", ""),)
    assert parse_warnings(["plain text"]) == (ApiWarning(0, "plain text", ""),)
    assert (
        parse_warnings([{"code": 1, "desc": "d", "data": {"host": "x"}}])[0].data == '{"host": "x"}'
    )
