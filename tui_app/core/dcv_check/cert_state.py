"""What state a web server's certificate is in, said in words (https hosts only).

The CA fetches the file whatever the certificate, so the check never requires a valid
one; but a self-signed, expired or wrong-name certificate is worth knowing about, and
it is reported beside the file's state.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
from datetime import UTC, datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

VALID = "valid"


def _names(cert: x509.Certificate) -> tuple[list[str], list[str]]:
    """(DNS names, IP addresses) the certificate is for; the CN when it has no SANs."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return [str(a.value) for a in common], []
    dns_names = san.get_values_for_type(x509.DNSName)
    ips = [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    return dns_names, ips


def name_matches(pattern: str, host: str) -> bool:
    """RFC 6125 matching: exact, or ``*.example.com`` for exactly one more label."""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern == host:
        return True
    if pattern.startswith("*."):
        first, _, rest = host.partition(".")
        return bool(first) and rest == pattern[2:]
    return False


def problems(der: bytes, host: str, now: datetime | None = None) -> list[str]:
    """What is wrong with the certificate for ``host``, in words; empty when nothing is."""
    cert = x509.load_der_x509_certificate(der)
    now = now or datetime.now(UTC)
    found: list[str] = []
    if cert.issuer == cert.subject:
        found.append("self-signed")
    if now > cert.not_valid_after_utc:
        found.append(f"expired on {cert.not_valid_after_utc:%Y-%m-%d}")
    elif now < cert.not_valid_before_utc:
        found.append(f"not valid before {cert.not_valid_before_utc:%Y-%m-%d}")
    dns_names, ips = _names(cert)
    try:
        matched = str(ipaddress.ip_address(host)) in ips
    except ValueError:
        matched = any(name_matches(n, host) for n in dns_names)
    if not matched:
        shown = ", ".join((dns_names + ips)[:3]) or "no name"
        found.append(f"name mismatch (it is for {shown})")
    return found


async def trust_problem(
    address: str, port: int, host: str, timeout: float, cafile: str | None = None
) -> str | None:
    """Why a verifying TLS client would refuse this server (issuer not trusted), or None."""
    context = ssl.create_default_context(cafile=cafile)
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(address, port, ssl=context, server_hostname=host), timeout
        )
    except ssl.SSLCertVerificationError as exc:
        return f"not trusted ({exc.verify_message})"
    except (OSError, TimeoutError, ssl.SSLError) as exc:
        return f"not verified ({exc.__class__.__name__})"
    writer.close()
    with contextlib.suppress(OSError, TimeoutError, ssl.SSLError):
        await asyncio.wait_for(writer.wait_closed(), timeout)
    return None


async def certificate_state(
    der: bytes, address: str, port: int, host: str, timeout: float, cafile: str | None
) -> str:
    """``valid``, or what is wrong (``self-signed, name mismatch (...)``)."""
    found = problems(der, host)
    if found:
        return ", ".join(found)
    return await trust_problem(address, port, host, timeout, cafile) or VALID
