"""One DNS question to one server, and the DNS view that finds zones and addresses.

Every answer comes from a real query: UDP first, TCP when the answer is truncated
(``dns.asyncquery.udp_with_fallback``). ``DnsView.resolve`` asks the view with recursion
desired; when the view is itself authoritative (a parent zone's server, or the
simulator) and answers with a referral, the referral is followed by asking the named
servers directly, recursion off, so the same code works against a resolver and against
authoritative servers.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.resolver

from tui_app.core.dcv_check.settings import CheckSettings, DnsServer

MAX_REFERRALS = 6
MAX_CNAMES = 8


class DnsFailure(Exception):
    """A server gave no usable answer; ``reason`` says why in words (for ``seen``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ECONNREFUSED:
        return "connection refused"
    if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
        return "no route to it from this machine"
    return exc.strerror or str(exc)


async def ask(
    server: DnsServer, qname: dns.name.Name, rdtype: str, *, recurse: bool, timeout: float
) -> dns.message.Message:
    """Ask one server one question. REFUSED, SERVFAIL and the like raise ``DnsFailure``;
    NXDOMAIN and empty answers are answers."""
    query = dns.message.make_query(
        qname, rdtype, flags=dns.flags.RD if recurse else 0, use_edns=0, payload=1232
    )
    try:
        response, _tcp = await dns.asyncquery.udp_with_fallback(
            query, server.address, timeout=timeout, port=server.port
        )
    except dns.exception.Timeout:
        raise DnsFailure(f"no answer within {timeout:g} s") from None
    except OSError as exc:
        raise DnsFailure(_os_reason(exc)) from None
    except dns.exception.DNSException as exc:
        raise DnsFailure(f"a broken answer ({exc})") from None
    rcode = response.rcode()
    if rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        raise DnsFailure(f"answered {dns.rcode.to_text(rcode)}")
    return response


def cname_target(response: dns.message.Message, qname: dns.name.Name) -> dns.name.Name | None:
    """Where ``qname`` points when the answer holds a CNAME for it."""
    for rrset in response.answer:
        if rrset.name == qname and rrset.rdtype == dns.rdatatype.CNAME:
            return rrset[0].target  # type: ignore[no-any-return]
    return None


def answer_rrset(
    response: dns.message.Message, qname: dns.name.Name, rdtype: str
) -> dns.rrset.RRset | None:
    """The records of ``rdtype`` at ``qname``, after the CNAMEs the answer itself holds."""
    wanted = dns.rdatatype.from_text(rdtype)
    name = qname
    for _ in range(MAX_CNAMES):
        for rrset in response.answer:
            if rrset.name == name and rrset.rdtype == wanted:
                return rrset
        target = cname_target(response, name)
        if target is None or wanted == dns.rdatatype.CNAME:
            return None
        name = target
    return None


def referral(response: dns.message.Message, qname: dns.name.Name) -> dns.rrset.RRset | None:
    """The NS set of a referral (a delegation below the answering server), else None."""
    if response.answer or response.flags & dns.flags.AA or response.rcode() != dns.rcode.NOERROR:
        return None
    for rrset in response.authority:
        # An "upward" referral to the root is a lame server's, not a delegation.
        if (
            rrset.rdtype == dns.rdatatype.NS
            and rrset.name != dns.name.root
            and qname.is_subdomain(rrset.name)
        ):
            return rrset
    return None


def glue(response: dns.message.Message, names: Sequence[dns.name.Name]) -> list[str]:
    found: list[str] = []
    for rrset in response.additional:
        if rrset.name in names and rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
            found.extend(r.address for r in rrset)
    return found


@dataclass
class DnsView:
    """The servers that find zones and addresses, and how to ask them."""

    servers: list[DnsServer]
    settings: CheckSettings

    @classmethod
    def from_settings(cls, settings: CheckSettings) -> DnsView:
        """The named server, else the system resolver's (``/etc/resolv.conf``)."""
        if settings.dns_server is not None:
            return cls([settings.dns_server], settings)
        try:
            system = dns.resolver.Resolver()
        except dns.resolver.NoResolverConfiguration:
            raise DnsFailure(
                "this machine has no DNS resolver configured; name one with --dns-server"
            ) from None
        servers = [
            DnsServer(str(getattr(ns, "address", ns)), int(getattr(ns, "port", system.port)))
            for ns in system.nameservers
        ]
        return cls(servers, settings)

    async def _first_answer(
        self, servers: Sequence[DnsServer], qname: dns.name.Name, rdtype: str, recurse: bool
    ) -> dns.message.Message:
        """The first of ``servers`` that answers; else why none did."""
        reasons: list[str] = []
        for server in servers:
            try:
                return await ask(
                    server, qname, rdtype, recurse=recurse, timeout=self.settings.query_timeout
                )
            except DnsFailure as exc:
                reasons.append(f"{server}: {exc.reason}")
        who = "the DNS view" if recurse else "no server of the delegation"
        raise DnsFailure(f"{who} gave no answer (" + "; ".join(reasons) + ")")

    async def resolve(
        self, qname: dns.name.Name, rdtype: str, depth: int = 0
    ) -> dns.message.Message:
        """The view's answer, following referrals to the servers they name."""
        response = await self._first_answer(self.servers, qname, rdtype, recurse=True)
        for _ in range(MAX_REFERRALS):
            delegation = referral(response, qname)
            if delegation is None:
                return response
            names = [r.target for r in delegation]
            addresses = glue(response, names)
            if not addresses and depth < 2:
                for name in names:
                    addresses += await self.addresses(name, depth + 1)
            if not addresses:
                raise DnsFailure(f"{delegation.name} is delegated to servers with no address")
            servers = [DnsServer(a, self.settings.auth_port) for a in addresses]
            response = await self._first_answer(servers, qname, rdtype, recurse=False)
        raise DnsFailure(f"too many referrals for {qname}")

    async def follow(self, qname: dns.name.Name, rdtype: str, depth: int = 0) -> list[str]:
        """The values of ``rdtype`` records at ``qname``, following CNAMEs into other zones."""
        name = qname
        for _ in range(MAX_CNAMES):
            response = await self.resolve(name, rdtype, depth)
            rrset = answer_rrset(response, name, rdtype)
            if rrset is not None:
                return [r.to_text() for r in rrset]
            if response.rcode() == dns.rcode.NXDOMAIN and not response.answer:
                return []
            target = cname_target(response, name)
            while target is not None and cname_target(response, target) is not None:
                target = cname_target(response, target)
            if target is None:
                return []
            name = target
        raise DnsFailure(f"{qname} has a CNAME chain longer than {MAX_CNAMES}")

    async def addresses(self, host: dns.name.Name, depth: int = 0) -> list[str]:
        """IPv4 then IPv6 addresses of a host, through the view."""
        found: list[str] = []
        for rdtype in ("A", "AAAA"):
            found += await self.follow(host, rdtype, depth)
        return found
