"""The DCV rules: the host set, the methods, wildcards, the approver, reconciliation."""

from __future__ import annotations

import pytest

from tui_app.core.dcv_rules import (
    METHOD_HELP,
    METHODS,
    check_dcv,
    default_method,
    expected_hosts,
    method_problem,
    reconcile,
)


def kinds(rows: list[tuple[str, str]], expected: tuple[str, ...], approver: str = "") -> list[str]:
    return [p.kind for p in check_dcv(rows, expected, approver)]


def test_expected_hosts_is_cn_then_sans_then_host_names_each_once() -> None:
    hosts = expected_hosts(
        "Example.com",
        ["example.com", "WWW.example.com"],
        [" shop.example.com ", "www.example.com", ""],
    )
    assert hosts == ("example.com", "www.example.com", "shop.example.com")
    assert expected_hosts("", ["a.example.com"]) == ("a.example.com",)


def test_methods_are_the_four_lowercase_ones() -> None:
    assert METHODS == ("email", "dns", "http", "https")
    assert set(METHOD_HELP) == set(METHODS)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_fits_a_plain_host(method: str) -> None:
    assert method_problem("www.example.com", method) is None


@pytest.mark.parametrize("method", ["http", "https"])
def test_wildcard_cannot_use_file_methods_and_says_why(method: str) -> None:
    problem = method_problem("*.example.com", method)
    assert problem is not None
    assert problem.kind == "wildcard"
    assert "cannot prove" in problem.message
    assert "use dns or email" in problem.message


@pytest.mark.parametrize("method", ["dns", "email"])
def test_wildcard_may_use_dns_or_email(method: str) -> None:
    assert method_problem("*.example.com", method) is None


@pytest.mark.parametrize("method", ["DNS", "cname", "", "admin@example.com"])
def test_unknown_methods(method: str) -> None:
    problem = method_problem("example.com", method)
    assert problem is not None
    assert problem.kind == "method"


def test_matching_rows_pass() -> None:
    rows = [("example.com", "dns"), ("WWW.example.com", "http")]
    assert check_dcv(rows, ("example.com", "www.example.com"), "") == []


def test_missing_and_extra_hosts() -> None:
    problems = check_dcv(
        [("example.com", "dns"), ("old.example.com", "dns")], ("example.com", "new.example.com"), ""
    )
    assert [(p.kind, p.host) for p in problems] == [("missing", None), ("extra", None)]
    assert "new.example.com" in problems[0].message
    assert "old.example.com" in problems[1].message


def test_duplicate_and_empty_rows() -> None:
    rows = [("example.com", "dns"), ("Example.com ", "email"), ("  ", "dns")]
    assert kinds(rows, ("example.com",)) == ["duplicate", "empty"]


def test_invalid_host_row() -> None:
    problems = check_dcv([("bad host.com", "dns")], ("bad host.com",), "")
    assert [p.kind for p in problems] == ["host"]


def test_email_needs_an_approver() -> None:
    rows = [("example.com", "email")]
    assert kinds(rows, ("example.com",), "") == ["approver"]
    assert kinds(rows, ("example.com",), "   ") == ["approver"]
    assert kinds(rows, ("example.com",), "admin@example.com") == []


def test_wildcard_row_with_http_is_reported_with_its_host() -> None:
    problems = check_dcv([("*.example.com", "http")], ("*.example.com",), "")
    assert [(p.kind, p.host) for p in problems] == [("wildcard", "*.example.com")]


def test_default_method_never_puts_a_file_method_on_a_wildcard() -> None:
    assert default_method("*.example.com", "http") == "dns"
    assert default_method("*.example.com", "email") == "email"
    assert default_method("example.com", "https") == "https"
    assert default_method("example.com", "bogus") == "dns"


def test_reconcile_keeps_methods_adds_and_removes() -> None:
    rows = [("example.com", "email"), ("old.example.com", "http"), ("*.example.com", "dns")]
    result = reconcile(rows, ("example.com", "*.example.com", "new.example.com"), "http")
    assert result.rows == (
        ("example.com", "email"),
        ("*.example.com", "dns"),
        ("new.example.com", "http"),
    )
    assert result.added == ("new.example.com",)
    assert result.removed == ("old.example.com",)


def test_reconcile_gives_a_new_wildcard_dns_even_if_http_is_preferred() -> None:
    result = reconcile([], ("*.example.com", "example.com"), "http")
    assert result.rows == (("*.example.com", "dns"), ("example.com", "http"))
