"""What a DCV check looks for and where: targets from additional_data, the DNS view, states."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.factories import seeded_orders
from tui_app.api.models import DcvData, DcvMethod, Order
from tui_app.core.dcv_check.model import host_state, same_name
from tui_app.core.dcv_check.settings import (
    DnsServer,
    parse_dns_server,
    parse_ports,
    resolve_settings,
)
from tui_app.core.dcv_check.target import content_lines, order_targets, record_type


@pytest.mark.parametrize(
    ("text", "server"),
    [
        ("10.0.0.53", DnsServer("10.0.0.53", 53)),
        (" 127.0.0.1:5353 ", DnsServer("127.0.0.1", 5353)),
        ("::1", DnsServer("::1", 53)),
        ("[2001:db8::53]:5300", DnsServer("2001:db8::53", 5300)),
        ("[::1]", DnsServer("::1", 53)),
    ],
)
def test_a_dns_server_is_an_ip_and_a_port(text: str, server: DnsServer) -> None:
    assert parse_dns_server(text) == server


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "an IP address"),
        ("ns.example.net", "not an IP address"),
        ("10.0.0.53:0", "not a port number"),
        ("10.0.0.53:dns", "not a port number"),
        ("[::1", "[ADDRESS]"),
    ],
)
def test_a_bad_dns_server_says_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("[", r"\[")):
        parse_dns_server(text)


def test_the_flag_wins_over_the_variable_which_wins_over_the_profile() -> None:
    env = {"OPSSL_DNS_SERVER": "10.0.0.2"}
    both = resolve_settings(flag="10.0.0.1", environ=env, profile_value="10.0.0.3")
    assert both.dns_server == DnsServer("10.0.0.1")
    assert both.view_label == "10.0.0.1 (--dns-server)"
    assert resolve_settings(environ=env, profile_value="10.0.0.3").dns_server == DnsServer(
        "10.0.0.2"
    )
    profile = resolve_settings(environ={}, profile_value="10.0.0.3:5300", profile="prod")
    assert profile.view_label == "10.0.0.3:5300 (profile prod (dns_server))"
    system = resolve_settings(environ={})
    assert system.dns_server is None and system.view_label == "the system resolver"
    assert (system.auth_port, system.http_port, system.https_port) == (53, 80, 443)


def test_the_simulators_ports_come_from_opssl_dcv_ports() -> None:
    settings = resolve_settings(environ={"OPSSL_DCV_PORTS": "dns=5353, https=8443"})
    assert (settings.auth_port, settings.http_port, settings.https_port) == (5353, 80, 8443)
    assert settings.moved_ports == "dns 5353, https 8443"
    with pytest.raises(ValueError, match="NAME=PORT"):
        parse_ports("smtp=25")
    with pytest.raises(ValueError, match="OPSSL_DNS_SERVER: 'x' is not an IP address"):
        resolve_settings(environ={"OPSSL_DNS_SERVER": "x"})


def test_targets_come_from_additional_data_exactly() -> None:
    """Every seeded host: the record and value, or the file and contents, as the API sent."""
    checked = 0
    for order in seeded_orders():
        for target in order_targets(order):
            data = order.dcv_data_for(target.host)
            assert data is not None
            if target.dns is not None:
                assert target.dns.name == data.dns_record
                assert target.dns.value == data.dns_value
                assert target.dns.rdtype == "CNAME"  # Sectigo's host-name values
                checked += 1
            if target.file is not None:
                assert target.file.url == f"{target.method}://{data.file_location}"
                assert target.file.contents == data.file_contents
                checked += 1
            if target.method == "email":
                assert target.approver == order.email_approver
    assert checked > 40


def _order(method: str, **data: str) -> Order:
    return Order(
        id=1,
        common_name="example.com",
        domain_validation_methods=(DcvMethod("example.com", method),),
        email_approver="admin@example.com",
        additional_data=(DcvData(domain="example.com", **data),),
    )


def test_a_token_value_is_a_txt_record_and_a_bare_name_is_relative_to_the_host() -> None:
    (apex,) = order_targets(_order("dns", dns_record="example.com", dns_value="0453ff74c9c"))
    assert apex.dns is not None
    assert (apex.dns.name, apex.dns.rdtype, apex.dns.relative) == ("example.com", "TXT", False)
    (label,) = order_targets(_order("dns", dns_record="_abc", dns_value="x.sectigo.com."))
    assert label.dns is not None
    assert (label.dns.name, label.dns.rdtype, label.dns.relative) == (
        "_abc.example.com",
        "CNAME",
        True,
    )
    assert record_type("a b") == "TXT" and record_type("a.b") == "CNAME"


def test_the_file_is_fetched_with_the_methods_scheme_and_the_older_fields_count() -> None:
    (target,) = order_targets(
        _order(
            "https",
            url="http://example.com/.well-known/pki-validation/X.txt",
            file_content="abc\nsectigo.com",
        )
    )
    assert target.file is not None
    assert target.file.url == "https://example.com/.well-known/pki-validation/X.txt"
    assert target.file.lines == ("abc", "sectigo.com")


def test_hosts_with_nothing_to_check_say_why() -> None:
    problems = {
        "dns": "the API sent no DNS record for this host",
        "http": "the API sent no validation file for this host",
        "": "no DCV method is set for this host",
        "fax": "opssl cannot check the method 'fax'",
    }
    for method, problem in problems.items():
        (target,) = order_targets(_order(method))
        assert target.problem == problem
    no_approver = replace(_order("email"), email_approver="")
    assert order_targets(no_approver)[0].problem == "no approver email is set on this order"
    (legacy,) = order_targets(_order("hostmaster@example.com"))
    assert (legacy.method, legacy.approver) == ("email", "hostmaster@example.com")


def test_host_state_from_its_servers() -> None:
    assert host_state(["published", "published"]) == "published"
    assert host_state(["published", "unreachable"]) == "partial"
    assert host_state(["missing", "different"]) == "different"
    assert host_state(["missing", "unreachable"]) == "missing"
    assert host_state(["blocked", "missing"]) == "blocked"
    assert host_state([]) == "unreachable"


@given(st.from_regex(r"[a-z0-9_-]{1,10}(\.[a-z0-9-]{1,10}){1,3}", fullmatch=True))
def test_names_compare_without_case_or_the_final_dot(name: str) -> None:
    assert same_name(name, name.upper() + ".")
    assert not same_name(name, name + "x")


def test_file_lines_are_trimmed_and_blank_lines_dropped() -> None:
    assert content_lines("  a \r\n\n b\t\n") == ("a", "b")
