"""Where a check looks: the DNS view, the ports, the time limits. No dnspython import here.

The DNS view is the server used to find zones and addresses: the system resolver, or
the one named by ``--dns-server``, ``OPSSL_DNS_SERVER`` or a profile's ``dns_server`` (for
split-horizon networks, where the inside view differs from the one the CA sees). The
authoritative servers are then asked at their own addresses.

``OPSSL_DCV_PORTS`` (e.g. ``dns=5353,http=8080,https=8443``) moves the ports the
authoritative servers and web servers are asked on; the URLs and Host headers stay the
CA's. It exists for the simulator (``opssl --demo``, ``opssl sandbox``) and the tests,
which cannot listen on 53, 80 or 443; the CA itself always uses those.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, replace

DNS_SERVER_ENV = "OPSSL_DNS_SERVER"
PORTS_ENV = "OPSSL_DCV_PORTS"

QUERY_TIMEOUT = 3.0
HOST_TIMEOUT = 10.0
CONCURRENCY = 4
_PORT_NAMES = ("dns", "http", "https")


@dataclass(frozen=True, slots=True)
class DnsServer:
    """One DNS server: an IP address and a port."""

    address: str
    port: int = 53

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return host if self.port == 53 else f"{host}:{self.port}"


def _port(text: str, what: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"{what}: {text!r} is not a port number (1-65535)")
    return int(text)


def parse_dns_server(text: str) -> DnsServer:
    """``IP``, ``IP:PORT``, ``[IPv6]`` or ``[IPv6]:PORT``; ValueError says what is wrong."""
    value = text.strip()
    if not value:
        raise ValueError("a DNS server is an IP address, optionally with :PORT")
    address, port = value, "53"
    if value.startswith("["):
        address, sep, rest = value[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"{text!r}: write an IPv6 server as [ADDRESS] or [ADDRESS]:PORT")
        port = rest[1:] if rest else "53"
    elif value.count(":") == 1:
        address, port = value.split(":")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise ValueError(
            f"{text!r} is not an IP address (a DNS server is given as IP or IP:PORT, "
            "not a name: a name would need a DNS server to find it)"
        ) from None
    return DnsServer(str(ip), _port(port, text))


def parse_ports(text: str) -> dict[str, int]:
    """``dns=5353,http=8080,https=8443`` (any of the three) into a dict."""
    ports: dict[str, int] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        name = name.strip().lower()
        if not sep or name not in _PORT_NAMES:
            raise ValueError(
                f"{PORTS_ENV}: {item.strip()!r} is not NAME=PORT with NAME one of "
                + ", ".join(_PORT_NAMES)
            )
        ports[name] = _port(value.strip(), PORTS_ENV)
    return ports


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """How a check runs. ``dns_server`` None means the system resolver.

    ``auth_port``, ``http_port`` and ``https_port`` are the CA's 53, 80 and 443 except
    for the simulator and the tests (see the module docstring). ``trust_cafile`` names
    the CAs a certificate is judged against (default: the system's); ``view_label``
    says where the DNS view came from, for the screen, and ``show_ports`` whether the
    screen names the moved ports.
    """

    dns_server: DnsServer | None = None
    auth_port: int = 53
    http_port: int = 80
    https_port: int = 443
    query_timeout: float = QUERY_TIMEOUT
    host_timeout: float = HOST_TIMEOUT
    concurrency: int = CONCURRENCY
    trust_cafile: str | None = None
    view_label: str = "the system resolver"
    # False in the demo: its ports are free ones picked at start, meaningless to its user.
    show_ports: bool = True

    @property
    def moved_ports(self) -> str:
        """The ports that differ from the CA's, in words ("" when none do)."""
        moved = [
            f"{name} {port}"
            for name, port, usual in (
                ("dns", self.auth_port, 53),
                ("http", self.http_port, 80),
                ("https", self.https_port, 443),
            )
            if port != usual
        ]
        return ", ".join(moved)

    def with_ports(self, ports: Mapping[str, int]) -> CheckSettings:
        return replace(
            self,
            auth_port=ports.get("dns", self.auth_port),
            http_port=ports.get("http", self.http_port),
            https_port=ports.get("https", self.https_port),
        )


def resolve_settings(
    *,
    flag: str | None = None,
    environ: Mapping[str, str],
    profile_value: str = "",
    profile: str | None = None,
) -> CheckSettings:
    """The view from ``--dns-server``, else ``OPSSL_DNS_SERVER``, else the profile's key.

    Raises ValueError naming the source when a value is malformed.
    """
    settings = CheckSettings()
    env_value = environ.get(DNS_SERVER_ENV, "").strip()
    sources = (
        (flag, "--dns-server"),
        (env_value, DNS_SERVER_ENV),
        (profile_value, f"profile {profile} (dns_server)" if profile else "dns_server"),
    )
    for value, label in sources:
        if value and value.strip():
            try:
                server = parse_dns_server(value)
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
            settings = replace(settings, dns_server=server, view_label=f"{server} ({label})")
            break
    ports = environ.get(PORTS_ENV, "").strip()
    return settings.with_ports(parse_ports(ports)) if ports else settings
