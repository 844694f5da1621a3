"""An http or https host: fetch the validation file the way the CA does.

The CA's user agent (Openprovider's help centre: test with ``curl -A "COMODO DCV"``),
ports 80 and 443 only, redirects only 301/302/307/308 (Baseline Requirements 3.2.2.4.18)
between http and https and between ``www.`` and the bare name (Openprovider's help
centre), and at most ``MAX_REDIRECTS`` of them. The host's addresses come from the DNS
view and every one is fetched: the CA may reach any. The certificate is never required
to be valid, only reported.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import dns.name
import httpx

from tui_app.core.dcv_check.cert_state import certificate_state
from tui_app.core.dcv_check.dns_query import DnsFailure, DnsView
from tui_app.core.dcv_check.model import (
    BLOCKED,
    DIFFERENT,
    MISSING,
    PARTIAL,
    PUBLISHED,
    UNREACHABLE,
    HostResult,
    ServerResult,
    host_state,
)
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.core.dcv_check.target import FileTarget, content_lines

CA_USER_AGENT = "COMODO DCV"
# http -> https, then bare name <-> www: the two moves the CA allows, one hop each.
MAX_REDIRECTS = 2
FOLLOWED = (301, 302, 307, 308)
MAX_BODY = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_ADDRESSES = 4


@dataclass(frozen=True, slots=True)
class _Fetch:
    """How one address's fetch ended; ``certificate`` for the first https hop."""

    state: str
    seen: str
    certificate: str = ""


def _address_order(address: str) -> tuple[int, int]:
    ip = ipaddress.ip_address(address)
    return (ip.version, int(ip))


def _www_swap(host: str) -> str:
    return host[4:] if host.startswith("www.") else f"www.{host}"


def _literal(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def redirect_problem(location: str, original_host: str, hop: int) -> str | None:
    """Why the CA would not follow a redirect to ``location``, or None."""
    url = urlsplit(location)
    if url.scheme not in DEFAULT_PORTS:
        return f"{url.scheme or 'no'} scheme: the CA follows only http and https"
    if url.port is not None and url.port != DEFAULT_PORTS[url.scheme]:
        return f"port {url.port}: the CA uses only 80 (http) and 443 (https)"
    host = (url.hostname or "").lower()
    if host not in (original_host, _www_swap(original_host)):
        return f"another host: the CA follows only {original_host} and {_www_swap(original_host)}"
    if hop > MAX_REDIRECTS:
        return f"redirect number {hop}: the CA follows at most {MAX_REDIRECTS}"
    return None


def _where(location: str, url: str) -> str:
    """The redirect's target; when only the scheme, host or port changed, just those."""
    target, current = urlsplit(location), urlsplit(url)
    if (target.path, target.query) == (current.path, current.query):
        return f"{target.scheme}://{target.netloc} (same path)"
    return location


def _short(line: str) -> str:
    return line if len(line) <= 80 else line[:77] + "..."


def _first_line(body: str) -> str:
    lines = content_lines(body)
    return _short(lines[0]) if lines else "an empty file"


def _difference(body: str, wanted: tuple[str, ...]) -> str:
    """The first line served; when that one is right, the first line that is not."""
    served = content_lines(body)
    if not served or not wanted or served[0] != wanted[0]:
        return _first_line(body)
    for number, (got, want) in enumerate(zip(served, wanted, strict=False), start=1):
        if got != want:
            return f"line {number}: {_short(got)}"
    extra = len(served) - len(wanted)
    if extra > 0:
        return f"{extra} more line(s) than expected: {_short(served[len(wanted)])}"
    return f"only {len(served)} of {len(wanted)} lines"


class _Fetcher:
    """The fetches of one host, sharing one HTTP client."""

    def __init__(self, view: DnsView, target: FileTarget, client: httpx.AsyncClient) -> None:
        self.view = view
        self.target = target
        self.client = client
        self.settings: CheckSettings = view.settings
        self._addresses: dict[str, list[str]] = {}

    async def addresses(self, host: str) -> list[str]:
        if host not in self._addresses:
            self._addresses[host] = await self.view.addresses(dns.name.from_text(host))
        return self._addresses[host]

    def _port(self, scheme: str) -> int:
        return self.settings.https_port if scheme == "https" else self.settings.http_port

    async def _get(self, url: str, address: str) -> tuple[httpx.Response, bytes, bytes | None]:
        """GET ``url`` from ``address``: the URL's Host header and SNI, the moved port."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        wire = f"{parts.scheme}://{_literal(address)}:{self._port(parts.scheme)}{path}"
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        headers = {"Host": host, "User-Agent": CA_USER_AGENT, "Accept": "*/*"}
        async with self.client.stream("GET", wire, headers=headers, extensions=extensions) as r:
            der = None
            if parts.scheme == "https":
                tls = r.extensions["network_stream"].get_extra_info("ssl_object")
                der = tls.getpeercert(binary_form=True) if tls is not None else None
            body = b""
            async for chunk in r.aiter_bytes():
                body += chunk
                if len(body) >= MAX_BODY:
                    break
            return r, body[:MAX_BODY], der

    async def fetch(self, address: str) -> _Fetch:
        """Follow the chain from ``address`` as the CA would, and judge where it ends."""
        url, host = self.target.url, self.target.host
        certificate = ""
        for hop in range(MAX_REDIRECTS + 2):
            try:
                response, body, der = await self._get(url, address)
            except httpx.TimeoutException:
                return _Fetch(
                    UNREACHABLE, f"no answer within {self.settings.query_timeout:g} s", certificate
                )
            except httpx.HTTPError as exc:
                return _Fetch(UNREACHABLE, f"{exc.__class__.__name__}: {exc}", certificate)
            if der and not certificate:
                certificate = await certificate_state(
                    der,
                    address,
                    self._port("https"),
                    urlsplit(url).hostname or host,
                    self.settings.query_timeout,
                    self.settings.trust_cafile,
                )
            status = response.status_code
            if status in FOLLOWED or 300 <= status < 400:
                location = urljoin(url, response.headers.get("location", ""))
                problem = (
                    f"the CA follows only {', '.join(map(str, FOLLOWED))}"
                    if status not in FOLLOWED
                    else redirect_problem(location, host, hop + 1)
                )
                if problem:
                    seen = f"hop {hop + 1}: {status} to {_where(location, url)} ({problem})"
                    return _Fetch(BLOCKED, seen, certificate)
                next_host = urlsplit(location).hostname or host
                if next_host != urlsplit(url).hostname:
                    try:
                        found = await self.addresses(next_host)
                    except DnsFailure as exc:
                        return _Fetch(UNREACHABLE, f"{next_host}: {exc.reason}", certificate)
                    if not found:
                        return _Fetch(UNREACHABLE, f"{next_host} has no address", certificate)
                    address = found[0]
                url = location
                continue
            if status in (404, 410):
                return _Fetch(MISSING, f"HTTP {status} (no such file)", certificate)
            if not 200 <= status < 300:
                return _Fetch(UNREACHABLE, f"HTTP {status}", certificate)
            text = body.decode("utf-8", "replace")
            if content_lines(text) == self.target.lines:
                return _Fetch(PUBLISHED, _first_line(text), certificate)
            return _Fetch(DIFFERENT, _difference(text, self.target.lines), certificate)
        raise AssertionError("redirect_problem stops every chain longer than MAX_REDIRECTS")


def _summary(target: FileTarget, results: list[ServerResult], state: str, cert: str) -> str:
    total = len(results)
    has = sum(1 for r in results if r.state == PUBLISHED)
    words = {
        PUBLISHED: f"every address ({total}) serves the file",
        PARTIAL: f"{has} of {total} addresses serve the file; the CA may reach any",
        DIFFERENT: "the file has other contents",
        MISSING: "the file is not there",
        BLOCKED: "a redirect the CA will not follow",
        UNREACHABLE: "no address answered",
    }
    text = f"{target.url}: {words.get(state, state)}."
    if cert:
        text += f" Certificate: {cert}."
    return text


def _client(settings: CheckSettings) -> httpx.AsyncClient:
    # The CA does not require a valid certificate: the fetch never verifies one.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return httpx.AsyncClient(
        verify=context,
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(settings.query_timeout),
    )


async def check_file(view: DnsView, host: str, method: str, target: FileTarget) -> HostResult:
    base = HostResult(host, method, UNREACHABLE, target.contents, where=target.url)
    async with _client(view.settings) as client:
        fetcher = _Fetcher(view, target, client)
        try:
            addresses = await fetcher.addresses(target.host)
        except DnsFailure as exc:
            return replace(
                base, detail=f"Could not find the address of {target.host}: {exc.reason}"
            )
        if not addresses:
            return replace(base, detail=f"{target.host} has no address (no A or AAAA record).")
        addresses = sorted(set(addresses), key=_address_order)
        fetches = await asyncio.gather(*(fetcher.fetch(a) for a in addresses[:MAX_ADDRESSES]))
    results = [
        ServerResult(target.url, a, f.state, f.seen)
        for a, f in zip(addresses, fetches, strict=False)
    ]
    state = host_state(r.state for r in results)
    cert = next((f.certificate for f in fetches if f.certificate), "")
    return HostResult(
        host,
        method,
        state,
        target.contents,
        _summary(target, results, state, cert),
        tuple(results),
        target.url,
    )
