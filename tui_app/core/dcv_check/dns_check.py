"""A dns host: find the zone, ask every authoritative server, recursion off, for the record.

The way lego and the CAs look: the zone comes from an SOA walk through the DNS view (a
name that is itself a CNAME is not a zone cut), its servers from its NS set, and then
each server's address is asked directly. Every server must serve the value, because
the CA asks from several places and may reach any of them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

import dns.name
import dns.rcode
import dns.rdatatype

from tui_app.core.dcv_check.dns_query import (
    DnsFailure,
    DnsView,
    answer_rrset,
    ask,
    cname_target,
    referral,
)
from tui_app.core.dcv_check.model import (
    DIFFERENT,
    MISSING,
    PARTIAL,
    PUBLISHED,
    UNREACHABLE,
    HostResult,
    ServerResult,
    host_state,
    same_name,
)
from tui_app.core.dcv_check.settings import DnsServer
from tui_app.core.dcv_check.target import DnsTarget

MAX_DELEGATIONS = 3


@dataclass(frozen=True, slots=True)
class _Answer:
    """One server's answer; ``cname`` is set when a TXT name turned out to be a CNAME."""

    result: ServerResult
    cname: str = ""


def _text(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True)


async def find_zone(view: DnsView, name: dns.name.Name) -> dns.name.Name:
    """The closest zone holding ``name``: SOA at the name, or named by a negative answer."""
    current = name
    while True:
        response = await view.resolve(current, "SOA")
        if any(r.name == current and r.rdtype == dns.rdatatype.SOA for r in response.answer):
            return current
        if cname_target(response, current) is None:
            for rrset in response.authority:
                if rrset.rdtype == dns.rdatatype.SOA and current.is_subdomain(rrset.name):
                    return rrset.name
        if current == dns.name.root or current.parent() == dns.name.root:
            raise DnsFailure(f"no zone holds {_text(name)} (no SOA record above it)")
        current = current.parent()


async def zone_servers(view: DnsView, zone: dns.name.Name) -> list[tuple[str, list[str]]]:
    """Each NS name of the zone with its addresses (A, then AAAA), through the view."""
    names = sorted({dns.name.from_text(n) for n in await view.follow(zone, "NS")})
    if not names:
        raise DnsFailure(f"the zone {_text(zone)} has no NS records")

    async def addresses(ns: dns.name.Name) -> list[str]:
        try:
            return await view.addresses(ns)
        except DnsFailure:
            return []

    found = await asyncio.gather(*(addresses(n) for n in names))
    return [(_text(n), a) for n, a in zip(names, found, strict=True)]


def _txt_values(rrset: dns.rrset.RRset) -> list[str]:
    return [b"".join(r.strings).decode("utf-8", "replace") for r in rrset]


async def _ask_server(
    view: DnsView, target: DnsTarget, ns: str, address: str, name: dns.name.Name
) -> _Answer:
    server = DnsServer(address, view.settings.auth_port)
    try:
        response = await ask(
            server, name, target.rdtype, recurse=False, timeout=view.settings.query_timeout
        )
    except DnsFailure as exc:
        return _Answer(ServerResult(ns, address, UNREACHABLE, exc.reason))
    if response.rcode() == dns.rcode.NXDOMAIN and not response.answer:
        return _Answer(ServerResult(ns, address, MISSING, "NXDOMAIN: no such name"))
    delegation = referral(response, name)
    if delegation is not None:
        seen = f"not authoritative: refers to {_text(delegation.name)}"
        return _Answer(ServerResult(ns, address, UNREACHABLE, seen))
    points_to = cname_target(response, name)
    if target.rdtype == "CNAME":
        if points_to is None:
            return _Answer(ServerResult(ns, address, MISSING, "no CNAME record at this name"))
        state = PUBLISHED if same_name(points_to.to_text(), target.value) else DIFFERENT
        return _Answer(ServerResult(ns, address, state, _text(points_to)))
    if points_to is not None:
        # The name is a CNAME: its TXT record is the target's, in the target's zone, and
        # only that zone's servers speak for it (whatever else this server sent along).
        seen = f"CNAME to {_text(points_to)}"
        return _Answer(ServerResult(ns, address, DIFFERENT, seen), _text(points_to))
    rrset = answer_rrset(response, name, "TXT")
    if rrset is None:
        return _Answer(ServerResult(ns, address, MISSING, "no TXT record at this name"))
    values = _txt_values(rrset)
    state = PUBLISHED if any(same_name(v, target.value) for v in values) else DIFFERENT
    return _Answer(ServerResult(ns, address, state, ", ".join(f'"{v}"' for v in values)))


def _summary(target: DnsTarget, zone: str, results: list[ServerResult], state: str) -> str:
    where = f"{target.rdtype} {target.name} (zone {zone})"
    if target.relative:
        where += ", the API's record name taken as relative to the host"
    total = len(results)
    has = sum(1 for r in results if r.state == PUBLISHED)
    if state == PUBLISHED:
        return f"{where}: every authoritative server ({total}) serves it."
    if state == PARTIAL:
        return f"{where}: {has} of {total} authoritative servers serve it; the CA may ask any."
    if state == DIFFERENT:
        return f"{where}: the servers serve another value."
    if state == MISSING:
        return f"{where}: no authoritative server has it yet."
    return f"{where}: no authoritative server answered."


async def check_dns(
    view: DnsView, host: str, method: str, target: DnsTarget, depth: int = 0
) -> HostResult:
    """Ask every authoritative server of the record's zone; TXT names that are CNAMEs
    into another zone are followed there (the CA follows them too)."""
    name = dns.name.from_text(target.name)
    base = HostResult(
        host, method, UNREACHABLE, target.value, where=f"{target.name} {target.rdtype}"
    )
    try:
        zone = await find_zone(view, name)
        servers = await zone_servers(view, zone)
    except DnsFailure as exc:
        return replace(base, detail=f"Could not find the servers of {target.name}: {exc.reason}")
    asks = []
    results_without_address: list[ServerResult] = []
    for ns, addresses in servers:
        if not addresses:
            results_without_address.append(
                ServerResult(ns, "", UNREACHABLE, "no address found for this server")
            )
        asks += [_ask_server(view, target, ns, address, name) for address in addresses]
    answers = list(await asyncio.gather(*asks))
    cnames = {a.cname for a in answers if a.result.state != UNREACHABLE}
    if len(cnames) == 1 and "" not in cnames and depth < MAX_DELEGATIONS:
        points_to = cnames.pop()
        followed = await check_dns(
            view, host, method, DnsTarget(points_to, target.rdtype, target.value), depth + 1
        )
        note = f"{target.name} is a CNAME to {points_to}; the TXT record is checked there. "
        return replace(followed, detail=note + followed.detail, where=base.where)
    results = [a.result for a in answers] + results_without_address
    state = host_state(r.state for r in results)
    return HostResult(
        host,
        method,
        state,
        target.value,
        _summary(target, _text(zone), results, state),
        tuple(results),
        base.where,
    )
