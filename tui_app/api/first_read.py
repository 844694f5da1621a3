"""A client's first read, sent over asyncio's own streams before httpx is imported.

Importing httpx and building its client take ~55 ms of CPU, more than the first page's
round trip to a nearby API, and the start-up pays them before the first rows can be
drawn. So a client's first request, when it is a read, goes out as one plain HTTP/1.1
``GET`` (``Connection: close``, no compression) over ``asyncio.open_connection``, with the
client's own TLS context (``tls.py``: the same trust as httpx). Every later request, and
this one whenever it cannot be sent this way, goes through httpx.

What comes back is the raw answer (status, content type, body); the client decodes it
exactly as it decodes httpx's (``answers.decode_envelope``), so an error answer is
reported the same way. Anything at the transport level (no connection, a reset, a
timeout, a malformed or compressed answer, a body too large) returns ``None``: the
client then sends the same read through httpx, which reports the failure in its usual
words. A read may be repeated; a write never comes here.

Not used when a proxy is configured (httpx honours ``*_PROXY``; this does not), on
platforms whose system proxy settings httpx would read, or when the client was given an
httpx transport (the tests').
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import ssl
import sys
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

log = logging.getLogger(__name__)

# An order list page of 1,000 full orders is ~5 MB; anything far larger is not an answer.
MAX_BODY = 64 * 1024 * 1024
_PROXY_VARIABLES = frozenset({"http_proxy", "https_proxy", "all_proxy"})
_PRINTABLE = re.compile(r"[\x20-\x7e]*")


@dataclass(frozen=True, slots=True)
class RawAnswer:
    status: int
    content_type: str
    content: bytes


class _Unusable(Exception):
    """The answer cannot be read here; httpx sends the read again."""


def can_send_first_read() -> bool:
    """No proxy settings that httpx would honour and this would not."""
    if sys.platform in ("darwin", "win32"):  # urllib reads the system's proxy settings there
        return False
    return not any(value and name.lower() in _PROXY_VARIABLES for name, value in os.environ.items())


async def first_read(
    base_url: str,
    path: str,
    params: list[tuple[str, str]] | None,
    headers: dict[str, str],
    tls: ssl.SSLContext | None,
    timeout: float,
) -> RawAnswer | None:
    """``GET base_url/path?params``; ``None`` when it could not be read here."""
    try:
        async with asyncio.timeout(timeout):
            return await _get(base_url, path, params, headers, tls)
    except (OSError, TimeoutError, EOFError, ValueError, UnicodeError, _Unusable) as exc:
        # Never the request or its headers in the message: the token is among them.
        log.debug("first read of /%s not sent over the plain path (%s)", path, type(exc).__name__)
        return None


async def _get(
    base_url: str,
    path: str,
    params: list[tuple[str, str]] | None,
    headers: dict[str, str],
    tls: ssl.SSLContext | None,
) -> RawAnswer:
    url = urlsplit(base_url)
    host = url.hostname or ""
    secure = url.scheme == "https"
    if secure and tls is None:
        raise _Unusable("no TLS context for an HTTPS URL")
    port = url.port or (443 if secure else 80)
    target = f"{url.path.rstrip('/')}/{path}"
    if params:
        target += "?" + urlencode(params)
    authority = f"[{host}]" if ":" in host else host
    if url.port is not None:
        authority += f":{port}"
    if not all(_PRINTABLE.fullmatch(value) for value in headers.values()):
        # A value httpx may refuse to send (a token with a line break): let it decide.
        raise _Unusable("a header value that is not printable ASCII")
    lines = [f"GET {target} HTTP/1.1", f"Host: {authority}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["Accept-Encoding: identity", "Connection: close", "", ""]
    request = "\r\n".join(lines).encode("ascii")
    reader, writer = await asyncio.open_connection(
        host, port, ssl=tls if secure else None, server_hostname=host if secure else None
    )
    try:
        writer.write(request)
        await writer.drain()
        return await _answer(reader)
    finally:
        writer.close()
        # The answer is already read: a reset or a missing TLS close_notify is no matter.
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def _answer(reader: asyncio.StreamReader) -> RawAnswer:
    status_line = (await reader.readline()).decode("latin-1")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise _Unusable("not an HTTP/1.x status line")
    status = int(parts[1])
    if status < 200:
        raise _Unusable("an interim answer")
    fields: dict[str, str] = {}
    while True:
        line = (await reader.readline()).decode("latin-1")
        if not line.endswith("\n"):
            raise _Unusable("the header ended early")
        if line in ("\r\n", "\n"):
            break
        name, sep, value = line.partition(":")
        if not sep:
            raise _Unusable("a malformed header line")
        fields[name.strip().lower()] = value.strip()
    if fields.get("content-encoding", "identity").lower() != "identity":
        raise _Unusable("a compressed answer")
    if "chunked" in fields.get("transfer-encoding", "").lower():
        content = await _chunks(reader)
    elif "content-length" in fields:
        length = int(fields["content-length"])
        if not 0 <= length <= MAX_BODY:
            raise _Unusable("a body too large")
        content = await reader.readexactly(length)
    else:
        content = await _to_the_end(reader)
    return RawAnswer(status, fields.get("content-type", ""), content)


async def _to_the_end(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while block := await reader.read(65536):
        body += block
        if len(body) > MAX_BODY:
            raise _Unusable("a body too large")
    return bytes(body)


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size_line = await reader.readline()
        if not size_line.endswith(b"\n"):
            raise _Unusable("a chunk ended early")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            return bytes(body)  # trailers, if any, are not read: the connection closes
        if len(body) + size > MAX_BODY:
            raise _Unusable("a body too large")
        body += await reader.readexactly(size)
        if await reader.readexactly(2) != b"\r\n":
            raise _Unusable("a malformed chunk")
