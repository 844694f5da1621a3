"""Check every host of an order, a few at a time, each result as soon as it is known.

``check_targets`` is an async iterator of ``HostResult``: the UI shows each host as it
arrives and the CLI collects them. Each query has ``query_timeout`` (3 s), each host
``host_timeout`` (10 s); at most ``concurrency`` hosts are checked at once. Nothing is
sent to the Openprovider API: the order is only read from.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import dns.name

from tui_app.core.dcv_check.dns_check import check_dns
from tui_app.core.dcv_check.dns_query import DnsFailure, DnsView
from tui_app.core.dcv_check.http_check import check_file
from tui_app.core.dcv_check.model import SKIPPED, UNREACHABLE, HostResult, same_name
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.core.dcv_check.target import HostTarget


async def _mail_servers(view: DnsView, domain: str) -> str:
    try:
        records = await view.follow(dns.name.from_text(domain), "MX")
    except DnsFailure as exc:
        return f"its MX records could not be read ({exc.reason})"
    if not records:
        return f"{domain} has no MX record: mail to it may not arrive"
    names = sorted(records, key=lambda r: int(r.split()[0]) if r.split()[0].isdigit() else 0)
    shown = ", ".join(r.split()[-1].rstrip(".") for r in names[:3])
    return f"{domain} has an MX record ({shown})"


async def _check_email(view: DnsView, target: HostTarget) -> HostResult:
    domain = target.approver.rpartition("@")[2]
    mail = await _mail_servers(view, domain) if domain else "the address has no domain"
    detail = f"Nothing to publish: the CA mails {target.approver}; {mail}."
    return HostResult(target.host, target.method, SKIPPED, target.approver, detail)


async def check_host(view: DnsView, target: HostTarget) -> HostResult:
    """One host, whatever its method; never raises for what the network does."""
    if target.problem:
        return HostResult(
            target.host, target.method, SKIPPED, detail=f"Not checked: {target.problem}."
        )
    try:
        if target.dns is not None:
            return await check_dns(view, target.host, target.method, target.dns)
        if target.file is not None:
            return await check_file(view, target.host, target.method, target.file)
        return await _check_email(view, target)
    except DnsFailure as exc:
        return HostResult(target.host, target.method, UNREACHABLE, detail=exc.reason)


def _expected(target: HostTarget) -> str:
    if target.dns is not None:
        return target.dns.value
    if target.file is not None:
        return target.file.contents
    return target.approver


async def _bounded(
    view: DnsView, target: HostTarget, limit: asyncio.Semaphore, timeout: float
) -> HostResult:
    async with limit:
        try:
            return await asyncio.wait_for(check_host(view, target), timeout)
        except TimeoutError:
            return HostResult(
                target.host,
                target.method,
                UNREACHABLE,
                _expected(target),
                f"No result within {timeout:g} s: the servers are too slow or do not answer.",
            )


def _shared_names(targets: list[HostTarget]) -> dict[str, str]:
    """Hosts whose record name another host uses with another value (a name holds one
    CNAME, so at most one of them can be published), with a note saying so."""
    notes: dict[str, str] = {}
    for target in targets:
        for other in targets:
            if (
                target.dns is not None
                and other.dns is not None
                and other is not target
                and same_name(target.dns.name, other.dns.name)
                and not same_name(target.dns.value, other.dns.value)
            ):
                notes[target.host] = (
                    f" {other.host} needs another value at the same name: ask the CA for "
                    "one value, or validate one of them another way."
                )
    return notes


async def check_targets(
    targets: list[HostTarget], settings: CheckSettings
) -> AsyncIterator[HostResult]:
    """The hosts' results in the order they finish."""
    notes = _shared_names(targets)
    async for result in _check_all(targets, settings):
        note = notes.get(result.host)
        yield replace(result, detail=result.detail + note) if note else result


async def _check_all(
    targets: list[HostTarget], settings: CheckSettings
) -> AsyncIterator[HostResult]:
    try:
        view = DnsView.from_settings(settings)
    except DnsFailure as exc:
        for target in targets:
            yield HostResult(target.host, target.method, UNREACHABLE, _expected(target), exc.reason)
        return
    limit = asyncio.Semaphore(max(1, settings.concurrency))
    tasks = [
        asyncio.ensure_future(_bounded(view, t, limit, settings.host_timeout)) for t in targets
    ]
    try:
        for finished in asyncio.as_completed(tasks):
            yield await finished
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
