"""The TLS context of a client: one for httpx and for the first read (``first_read.py``).

For HTTPS it is made the way httpx makes its verified default (``SSL_CERT_FILE``,
``SSL_CERT_DIR``, else certifi's CA list), so both ways of sending trust exactly the same
certificates. A plain-HTTP base URL (allowed only to this machine, ``normalize_base_url``)
never uses TLS: every request goes to a path under it and redirects are not followed. It
gets a context that trusts no certificate at all (so it could never connect over TLS)
instead of the default one, whose loading of every CA certificate costs ~25 ms at start-up,
before the first request can be sent.
"""

from __future__ import annotations

import os
import ssl
from urllib.parse import urlsplit


def tls_context(base_url: str) -> ssl.SSLContext:
    if urlsplit(base_url).scheme != "http":
        if os.environ.get("SSL_CERT_FILE"):
            return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
        if os.environ.get("SSL_CERT_DIR"):
            return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, and trusts nothing
