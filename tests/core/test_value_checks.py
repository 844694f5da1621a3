"""Shape checks for typed values: host names, handles, approver addresses."""

from __future__ import annotations

import pytest

from tui_app.core.value_checks import (
    check_email,
    check_handle,
    check_hostname,
    has_control_chars,
    is_wildcard,
)


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "WWW.Example.COM",
        "*.example.com",
        "a-b.c-d.example.co.uk",
        "xn--bcher-kva.de",
        " shop.example.nl ",
        "1password.com",
    ],
)
def test_valid_host_names(host: str) -> None:
    assert check_hostname(host) is None


@pytest.mark.parametrize(
    ("host", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("localhost", "not a fully qualified"),
        ("*.com", "not a fully qualified"),
        ("www.*.example.com", "wildcard may only be the leftmost"),
        ("-bad.example.com", "not a valid label"),
        ("bad-.example.com", "not a valid label"),
        ("under_score.example.com", "not a valid label"),
        ("exa mple.com", "spaces or control characters"),
        ("exam\x00ple.com", "spaces or control characters"),
        ("bücher.de", "punycode"),
        ("192.168.1.10", "IP address"),
        ("a" * 64 + ".example.com", "not a valid label"),
        (("abc." * 64) + "com", "longer than 253"),
        ("example.com.", "not a valid label"),
    ],
)
def test_invalid_host_names(host: str, fragment: str) -> None:
    problem = check_hostname(host)
    assert problem is not None
    assert fragment in problem


def test_is_wildcard() -> None:
    assert is_wildcard("*.example.com")
    assert not is_wildcard("example.com")
    assert not is_wildcard("www*.example.com")


@pytest.mark.parametrize("handle", ["XY123456-CC", "  AB000001-NL  "])
def test_valid_handles(handle: str) -> None:
    assert check_handle(handle) is None


@pytest.mark.parametrize(
    ("handle", "fragment"),
    [
        ("", "required"),
        ("xy123456-cc", "XY123456-CC"),
        ("XY12345-CC", "not a handle"),
        ("XY1234567-CC", "not a handle"),
        ("XY123456CC", "not a handle"),
        ("X1123456-CC", "not a handle"),
        ("XY123456-C", "not a handle"),
    ],
)
def test_invalid_handles(handle: str, fragment: str) -> None:
    problem = check_handle(handle)
    assert problem is not None
    assert fragment in problem


@pytest.mark.parametrize(
    "email", ["admin@example.com", "first.last+ssl@sub.example.co.uk", " Admin@Example.com "]
)
def test_valid_emails(email: str) -> None:
    assert check_email(email) is None


@pytest.mark.parametrize(
    ("email", "fragment"),
    [
        ("", "required"),
        ("admin", "not an email address"),
        ("@example.com", "not an email address"),
        ("admin@", "not an email address"),
        ("ad min@example.com", "spaces or control"),
        ("admin\x1b@example.com", "spaces or control"),
        (".admin@example.com", "before @"),
        ("ad..min@example.com", "before @"),
        ("admin@localhost", "not a valid domain"),
        ("admin@*.example.com", "not a valid domain"),
        ("a(b)@example.com", "before @"),
    ],
)
def test_invalid_emails(email: str, fragment: str) -> None:
    problem = check_email(email)
    assert problem is not None
    assert fragment in problem


def test_control_characters_but_not_tabs_or_newlines() -> None:
    assert not has_control_chars("line\nnext\r\n\tindent")
    assert has_control_chars("bell\x07")
    assert has_control_chars("esc\x1b[31m")
    assert has_control_chars("del\x7f")
