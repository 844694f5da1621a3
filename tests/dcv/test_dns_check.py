"""The dns checks against real authoritative servers (nsd), as the CA would ask them."""

from __future__ import annotations

import dns.name

from tests.dcv.world import GOOD, SILENT, STALE, TOKEN, VIEW, A, B, World
from tui_app.core.dcv_check.checker import check_targets
from tui_app.core.dcv_check.dns_check import find_zone
from tui_app.core.dcv_check.dns_query import DnsView
from tui_app.core.dcv_check.model import HostResult
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.core.dcv_check.target import DnsTarget, HostTarget


def _dns(name: str, value: str = GOOD, rdtype: str = "CNAME") -> HostTarget:
    return HostTarget(name, "dns", dns=DnsTarget(name, rdtype, value))


async def _check(settings: CheckSettings, *targets: HostTarget) -> list[HostResult]:
    return [r async for r in check_targets(list(targets), settings)]


async def _one(settings: CheckSettings, target: HostTarget) -> HostResult:
    (result,) = await _check(settings, target)
    return result


def _servers(result: HostResult) -> set[tuple[str, str, str, str]]:
    return {(s.server, s.address, s.state, s.seen) for s in result.servers}


async def test_every_authoritative_server_serving_the_cname_is_published(world: World) -> None:
    result = await _one(world.settings(), _dns("_good.agree.test"))
    assert result.state == "published"
    assert _servers(result) == {
        ("ns1.agree.test", A, "published", GOOD),
        ("ns2.agree.test", B, "published", GOOD),
    }
    assert "zone agree.test" in result.detail
    assert result.expected == GOOD


async def test_a_view_that_is_itself_authoritative_gives_the_same_answer(world: World) -> None:
    via_parent = await _one(world.settings(VIEW), _dns("_rec.split.test"))
    via_child = await _one(world.settings(A), _dns("_rec.split.test"))
    assert _servers(via_parent) == _servers(via_child)


async def test_servers_that_disagree_make_the_host_partial_and_say_what_each_serves(
    world: World,
) -> None:
    result = await _one(world.settings(), _dns("_rec.split.test"))
    assert result.state == "partial"
    assert _servers(result) == {
        ("ns1.split.test", A, "published", GOOD),
        ("ns2.split.test", B, "different", STALE),
    }
    assert "1 of 2 authoritative servers" in result.detail


async def test_a_record_on_one_server_only_is_partial(world: World) -> None:
    result = await _one(world.settings(), _dns("_half.split.test"))
    assert result.state == "partial"
    assert ("ns2.split.test", B, "missing", "NXDOMAIN: no such name") in _servers(result)


async def test_a_wrong_value_everywhere_is_different_and_names_it(world: World) -> None:
    result = await _one(world.settings(), _dns("_wrong.agree.test"))
    assert result.state == "different"
    assert {s.seen for s in result.servers} == {STALE}
    assert result.detail.endswith("the servers serve another value.")


async def test_two_hosts_wanting_other_values_at_one_name_are_told(world: World) -> None:
    wildcard = HostTarget("*.agree.test", "dns", dns=DnsTarget("_good.agree.test", "CNAME", STALE))
    apex = HostTarget("agree.test", "dns", dns=DnsTarget("_good.agree.test", "CNAME", GOOD))
    results = {r.host: r for r in await _check(world.settings(), wildcard, apex)}
    assert results["agree.test"].state == "published"
    assert results["*.agree.test"].state == "different"
    for host, other in (("agree.test", "*.agree.test"), ("*.agree.test", "agree.test")):
        assert results[host].detail.endswith(
            f" {other} needs another value at the same name: ask the CA for one value, "
            "or validate one of them another way."
        )


async def test_no_record_anywhere_is_missing(world: World) -> None:
    result = await _one(world.settings(), _dns("_absent.agree.test"))
    assert result.state == "missing"
    assert {s.state for s in result.servers} == {"missing"}


async def test_values_compare_without_case_or_a_trailing_dot(world: World) -> None:
    result = await _one(world.settings(), _dns("_GOOD.Agree.Test", GOOD.upper() + "."))
    assert result.state == "published"


async def test_a_server_that_never_answers_is_unreachable(world: World) -> None:
    result = await _one(world.settings(), _dns("_rec.dead.test"))
    assert result.state == "partial"
    assert ("ns2.dead.test", SILENT, "unreachable", "no answer within 1 s") in _servers(result)


async def test_refused_and_lame_servers_are_unreachable_with_the_reason(world: World) -> None:
    refused, lame = await _check(
        world.settings(concurrency=1), _dns("_rec.refused.test"), _dns("_rec.lame.test")
    )
    assert ("ns2.refused.test", B, "unreachable", "answered REFUSED") in _servers(refused)
    assert (
        "ns2.lame.test",
        VIEW,
        "unreachable",
        "not authoritative: refers to lame.test",
    ) in _servers(lame)


async def test_a_cname_into_another_zone_is_itself_the_record(world: World) -> None:
    """Sectigo's DNS method: the CNAME at the name is compared, not where it leads."""
    result = await _one(world.settings(), _dns("_deleg.agree.test", "_deleg.other.test"))
    assert result.state == "published"
    assert {s.server for s in result.servers} == {"ns1.agree.test", "ns2.agree.test"}
    assert {s.seen for s in result.servers} == {"_deleg.other.test"}


async def test_a_txt_name_that_is_a_cname_is_checked_in_the_zone_it_points_to(
    world: World,
) -> None:
    result = await _one(world.settings(), _dns("_deleg.agree.test", TOKEN, "TXT"))
    assert result.state == "published"
    assert _servers(result) == {("ns1.other.test", B, "published", f'"{TOKEN}"')}
    assert result.detail.startswith("_deleg.agree.test is a CNAME to _deleg.other.test")


async def test_a_txt_record_is_found_and_a_large_answer_comes_over_tcp(world: World) -> None:
    txt = await _one(world.settings(), _dns("_txt.agree.test", TOKEN, "TXT"))
    assert txt.state == "published"
    # Over UDP _big's answer is truncated (empty): only the TCP retry can find the token.
    big = await _one(world.settings(), _dns("_big.agree.test", TOKEN, "TXT"))
    assert big.state == "published"
    assert {s.state for s in big.servers} == {"published"}


async def test_the_zone_walk_passes_over_a_name_that_is_a_cname(world: World) -> None:
    view = DnsView.from_settings(world.settings())
    for name in ("_deleg.agree.test", "_good.agree.test", "www.agree.test", "x.y.agree.test"):
        assert await find_zone(view, dns.name.from_text(name)) == dns.name.from_text("agree.test")
    assert await find_zone(view, dns.name.from_text("_deleg.other.test")) == (
        dns.name.from_text("other.test")
    )


async def test_a_view_that_does_not_answer_makes_the_host_unreachable(world: World) -> None:
    result = await _one(world.settings(SILENT), _dns("_good.agree.test"))
    assert result.state == "unreachable"
    assert "the DNS view gave no answer" in result.detail
    assert result.servers == ()


async def test_a_host_gets_at_most_its_time_limit(world: World) -> None:
    result = await _one(world.settings(host_timeout=0.5), _dns("_rec.dead.test"))
    assert result.state == "unreachable"
    assert result.detail.startswith("No result within 0.5 s")


async def test_results_come_as_each_host_finishes_a_few_hosts_at_a_time(world: World) -> None:
    targets = [_dns("_rec.dead.test"), _dns("_good.agree.test"), _dns("_absent.agree.test")]
    # All at once: the host that waits for a silent server comes last.
    together = [r.host for r in await _check(world.settings(), *targets)]
    assert together[-1] == "_rec.dead.test"
    assert sorted(together) == sorted(t.host for t in targets)
    # One at a time: in the order given.
    alone = [r.host for r in await _check(world.settings(concurrency=1), *targets)]
    assert alone == [t.host for t in targets]


async def test_an_email_host_is_skipped_and_says_whether_the_domain_takes_mail(
    world: World,
) -> None:
    with_mx, without = await _check(
        world.settings(concurrency=1),
        HostTarget("agree.test", "email", approver="admin@agree.test"),
        HostTarget("split.test", "email", approver="admin@split.test"),
    )
    assert with_mx.state == without.state == "skipped"
    assert with_mx.expected == "admin@agree.test"
    assert "agree.test has an MX record (mail.agree.test)" in with_mx.detail
    assert "split.test has no MX record" in without.detail


async def test_a_host_with_nothing_to_check_is_skipped_with_the_reason(world: World) -> None:
    result = await _one(
        world.settings(), HostTarget("x.test", "dns", problem="the API sent no DNS record")
    )
    assert result.state == "skipped"
    assert result.detail == "Not checked: the API sent no DNS record."
