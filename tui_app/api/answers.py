"""What came back from the API, turned into an envelope or one of the typed errors.

Every exception httpx (or encoding the request) can raise ends here as an
``OpsslApiError``; an answer that is not the API's JSON envelope is described in words.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui_app.api.errors import (
    ConnectionFailed,
    OpsslApiError,
    ProtocolError,
    RequestNotSent,
    RequestTimeout,
    api_error_for,
)
from tui_app.api.models import as_int, as_str

if TYPE_CHECKING:
    import httpx


def _html_title(text: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if match:
        return " ".join(match.group(1).split())[:80]
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.IGNORECASE | re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())[:80] if match else ""


def _describe_non_json(status: int, content_type: str, content: bytes) -> str:
    ctype = content_type.split(";")[0].strip() or "no content type"
    text = content.decode("utf-8", "replace") if content else ""
    if "html" in ctype or text.lstrip().lower().startswith(("<!doctype", "<html")):
        title = _html_title(text)
        detail = f" ({title})" if title else ""
        return (
            f"The server answered HTTP {status} with an HTML page{detail} instead of the API's "
            "JSON. A proxy or gateway in between may be failing; try again shortly."
        )
    if not text.strip():
        return f"The server answered HTTP {status} with an empty body instead of the API's JSON."
    return (
        f"The server answered HTTP {status} with a body that is not valid JSON ({ctype}). "
        "The API may be having problems; try again shortly."
    )


def failure_for(exc: Exception, base_url: str, where: str, *, with_token: bool) -> OpsslApiError:
    """The typed error for whatever httpx (or encoding the request) raised."""
    import httpx  # loaded already: it raised

    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeout(f"No answer from {where} in time (timed out).")
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailed(
            f"Cannot connect to {base_url}: {_connect_reason(exc)}.", reached=False
        )
    if isinstance(exc, (httpx.LocalProtocolError, httpx.InvalidURL, UnicodeError, ValueError)):
        return RequestNotSent(_not_sent(exc, with_token))
    if isinstance(exc, httpx.DecodingError):
        return ProtocolError(
            f"The answer from {where} could not be decoded (its content encoding is "
            "broken). A proxy in between may be failing; try again shortly.",
            200,
        )
    if isinstance(exc, httpx.TransportError):
        return ConnectionFailed(f"The connection to {base_url} failed ({type(exc).__name__}).")
    return ProtocolError(f"The exchange with {where} failed ({type(exc).__name__}).", 0)


def _not_sent(exc: Exception, with_token: bool) -> str:
    """Why a request never left, without the value that could not be encoded."""
    import httpx

    if with_token and isinstance(exc, (httpx.LocalProtocolError, UnicodeEncodeError)):
        return (
            "The request was not sent: the token holds characters an HTTP header cannot "
            "carry (check OPSSL_TOKEN), or a value could not be encoded. Sign in again "
            "for a new token ('Sign in again' in the command palette)."
        )
    return (
        "The request was not sent: a value in it could not be encoded "
        f"({type(exc).__name__}). Check what was pasted into the form."
    )


def _connect_reason(exc: httpx.ConnectError) -> str:
    """The root cause in words; httpx wraps it as 'All connection attempts failed'."""
    causes: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(causes) < 10:
        causes.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused (is the server running and the port right?)"
    if any(isinstance(c, socket.gaierror) for c in causes):
        return "the host name could not be resolved"
    if any(isinstance(c, ssl.SSLError) for c in causes):
        return "the TLS handshake failed (certificate not trusted?)"
    if any(isinstance(c, (TimeoutError, socket.timeout)) for c in causes):
        return "the connection timed out"
    return "the connection could not be made"


def envelope_of(response: httpx.Response) -> Mapping[str, Any]:
    """Decode the JSON envelope and raise the error it describes, if any."""
    return decode_envelope(
        response.status_code, response.headers.get("content-type", ""), response.content
    )


def decode_envelope(status: int, content_type: str, content: bytes) -> Mapping[str, Any]:
    """``envelope_of`` for an answer read without httpx (``first_read.py``)."""
    try:
        body = json.loads(content) if content else None
    except (ValueError, RecursionError):  # also a body nested too deep to decode
        raise ProtocolError(_describe_non_json(status, content_type, content), status) from None
    if not isinstance(body, Mapping):
        if body is None:
            raise ProtocolError(_describe_non_json(status, content_type, content), status)
        raise ProtocolError(
            f"The server answered HTTP {status} with JSON that is not the API's envelope.", status
        )
    code = as_int(body.get("code"))
    if code is None:
        if 200 <= status < 300 and "data" in body:
            return body
        raise ProtocolError(
            f"The server answered HTTP {status} without the API's result code.", status
        )
    if code != 0:
        raise api_error_for(code, as_str(body.get("desc")), body.get("data"), status)
    if status >= 400:
        raise ProtocolError(f"The server answered HTTP {status} with a success envelope.", status)
    return body
