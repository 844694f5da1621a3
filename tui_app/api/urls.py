"""Which base URLs the token may be sent to, and how a URL is shown without credentials."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tui_app.api.errors import InsecureURLError


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def without_credentials(url: str) -> str:
    """The URL with any ``user:password@`` taken out, for messages."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        return parts._replace(netloc=netloc).geturl()
    except ValueError:
        return url.rpartition("@")[2]


def normalize_base_url(url: str) -> str:
    """Check and tidy a base URL: HTTPS, or plain HTTP only to this machine.

    A URL with ``user:password@`` is refused: httpx would send it as Basic auth in place
    of the bearer token (every call then fails with 196), and the header would show the
    password. The message never repeats what came before the ``@``.
    """
    text = url.strip().rstrip("/")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        has_credentials = "@" in parts.netloc
    except ValueError:
        raise InsecureURLError(f"{without_credentials(url)!r} is not a valid URL") from None
    if has_credentials:
        raise InsecureURLError(
            f"{without_credentials(text)} has a user name or password in it (user:…@). opssl "
            "signs in with the API's token, never with credentials in the URL: remove them."
        )
    if parts.scheme not in ("http", "https") or not host:
        raise InsecureURLError(f"{url!r} is not an http(s) URL with a host name")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InsecureURLError(
            f"{url} uses plain HTTP: the token would cross the network unencrypted. "
            "Use https:// (plain http is only allowed to 127.0.0.1 / localhost)."
        )
    return text
