"""Deterministic, realistic accounts: every status, product kind and DCV method.

The same (seed, count, today) always gives the same orders, so tests and snapshots
can rely on them. Dates are relative to ``today`` so "expiring soon" means something.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from tui_app.sandbox.csr_cache import CsrMaker
from tui_app.sandbox.keys import make_csr
from tui_app.sandbox.orders import StoredOrder, bare_domain
from tui_app.sandbox.products import MULTI, SINGLE, WILDCARD, ProductSpec

FIRST_ID = 1_306_001

_NAMES = (
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "wonka",
    "tyrell",
    "cyberdyne",
    "soylent",
    "aperture",
    "vandelay",
    "nakatomi",
    "oscorp",
    "monarch",
    "duff",
    "gringotts",
    "massive",
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "adventure",
    "litware",
    "proseware",
    "wingtip",
    "lucerne",
    "fourthcoffee",
    "woodgrove",
)
_TLDS = ("com", "nl", "eu", "net", "io", "org", "de", "be")
_SUBS = ("www", "shop", "api", "mail", "portal", "app", "cdn", "status", "admin", "vpn")
_ORGS = ("B.V.", "GmbH", "Ltd", "Inc.", "N.V.", "SAS")
_COUNTRIES = ("NL", "DE", "BE", "GB", "FR", "US")
_APPROVER_LOCALS = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")

# The first orders walk through these so that even a small account covers everything.
_STATUS_CYCLE = ("REQ", "ACT", "PAI", "REQ", "ACT", "EXP", "PAI", "ACT", "FAI", "REQ", "REJ", "ACT")
_KIND_CYCLE = ("single", "multi", "wildcard", "single", "multi")
_METHOD_CYCLE = ("dns", "email", "http", "https")


def _key_kind(i: int) -> str:
    """Mostly EC P-256, some RSA 2048 and EC P-384: signing RSA is slow for large accounts."""
    if i % 10 == 3:
        return "rsa2048"
    if i % 20 == 7:
        return "ec384"
    return "ec256"


def _handle(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    return f"{letters}{rng.randrange(100000, 999999)}-{rng.choice(_COUNTRIES)}"


def _domain(i: int, rng: random.Random) -> str:
    name = _NAMES[i % len(_NAMES)]
    tld = _TLDS[(i // len(_NAMES)) % len(_TLDS)]
    rounds = i // (len(_NAMES) * len(_TLDS))
    return f"{name}{rounds if rounds else ''}.{tld}"


def _product(kind: str, rng: random.Random) -> ProductSpec:
    pool = {"single": SINGLE, "multi": MULTI, "wildcard": WILDCARD}[kind]
    return rng.choice(pool)


def _hosts(
    kind: str, product: ProductSpec, domain: str, rng: random.Random
) -> tuple[str, tuple[str, ...], list[str]]:
    """(common name, CSR SANs beyond the CN, extra host_names)."""
    sans: tuple[str, ...]
    if kind == "wildcard":
        sans = (domain,) if rng.random() < 0.6 else ()
        return f"*.{domain}", sans, []
    if kind == "multi":
        subs = rng.sample(_SUBS, rng.randrange(2, 5))
        sans = tuple(f"{s}.{domain}" for s in subs)
        if product.wildcard_multidomain:
            sans = (f"*.{domain}", *sans[1:])
        extra = [f"{rng.choice(_SUBS)}.{_NAMES[rng.randrange(len(_NAMES))]}.{rng.choice(_TLDS)}"]
        host_names = list(sans[: rng.randrange(0, len(sans) + 1)])
        if rng.random() < 0.5:
            host_names += [h for h in extra if h not in sans and h != domain]
        return domain, sans, host_names
    cn = domain if rng.random() < 0.7 else f"{rng.choice(_SUBS)}.{domain}"
    return cn, (), []


def _method_for(host: str, i: int, j: int, rng: random.Random) -> str:
    method = _METHOD_CYCLE[(i + j) % len(_METHOD_CYCLE)] if i < 40 else rng.choice(_METHOD_CYCLE)
    if host.startswith("*.") and method in ("http", "https"):
        return "dns"
    return method


def _dates(
    status: str, today: datetime, period: int, rng: random.Random, expiring: bool
) -> dict[str, datetime | None]:
    year = timedelta(days=365)
    if status == "PAI":
        ordered = today - timedelta(days=rng.randrange(0, 20), hours=rng.randrange(24))
        return {"order_date": ordered, "order_ends_at": ordered + period * year}
    if status == "REQ":
        ordered = today - timedelta(days=rng.randrange(0, 10), hours=rng.randrange(24))
        return {"order_date": ordered, "order_ends_at": ordered + period * year}
    if status in ("ACT", "REJ", "FAI"):
        # A certificate lives at most a year: it was issued within the last year.
        if expiring:
            expires = today + timedelta(days=rng.randrange(1, 30), hours=rng.randrange(24))
        else:
            expires = today + timedelta(days=rng.randrange(31, 365), hours=rng.randrange(24))
        active = expires - year
        ordered = active - timedelta(days=rng.randrange(0, 3), hours=rng.randrange(1, 12))
        paid_until = ordered + period * year
        result: dict[str, datetime | None] = {
            "order_date": ordered,
            "order_ends_at": paid_until,
            "active_date": active if status != "FAI" else None,
            "expiration_date": expires if status != "FAI" else None,
        }
        if status == "ACT" and paid_until > expires + timedelta(days=30):
            # A multi-year order is reissued before each one-year certificate ends.
            result["reissue_at"] = expires - timedelta(days=15)
        return result
    expired = today - timedelta(days=rng.randrange(1, 400))
    return {
        "order_date": expired - year - timedelta(days=2),
        "order_ends_at": expired,
        "active_date": expired - year,
        "expiration_date": expired,
    }


def seed_orders(
    count: int = 40,
    seed: int = 1,
    today: datetime | None = None,
    csr_maker: CsrMaker = make_csr,
) -> list[StoredOrder]:
    """``count`` orders, newest first by id; the same for the same arguments. Their CSRs
    are made on first read, by ``csr_maker`` (the demo's reads them from its cache)."""
    rng = random.Random(seed)
    now = (today or datetime.now()).replace(microsecond=0)
    handles = [_handle(rng) for _ in range(6)]
    orders: list[StoredOrder] = []
    for i in range(count):
        status = (
            _STATUS_CYCLE[i % len(_STATUS_CYCLE)]
            if i < 48
            else rng.choices(
                ("ACT", "REQ", "PAI", "EXP", "FAI", "REJ"), weights=(50, 12, 8, 20, 7, 3)
            )[0]
        )
        kind = (
            _KIND_CYCLE[i % len(_KIND_CYCLE)]
            if i < 48
            else rng.choices(("single", "multi", "wildcard"), weights=(60, 25, 15))[0]
        )
        product = _product(kind, rng)
        domain = _domain(i, rng)
        cn, sans, host_names = _hosts(kind, product, domain, rng)
        hosts = list(dict.fromkeys(h.lower() for h in (cn, *sans, *host_names)))
        dcv = {h: _method_for(h, i, j, rng) for j, h in enumerate(hosts)}
        period = 2 if rng.random() < 0.3 else 1
        expiring = status == "ACT" and (i % 7 == 1 or rng.random() < 0.08)
        org_handle = rng.choice(handles)
        dates = _dates(status, now, period, rng, expiring)
        approver = ""
        if "email" in dcv.values() or rng.random() < 0.5:
            registrable = ".".join(bare_domain(cn).split(".")[-2:])
            approver = f"{rng.choice(_APPROVER_LOCALS)}@{registrable}"
        order = StoredOrder(
            id=FIRST_ID + i,
            product=product,
            status=status,
            common_name=cn.lower(),
            csr_sans=tuple(s.lower() for s in sans),
            host_names=[h.lower() for h in host_names],
            dcv=dcv,
            organization=f"{domain.split('.')[0].capitalize()} {rng.choice(_ORGS)}",
            key_kind=_key_kind(i),
            key_index=0 if _key_kind(i) == "rsa2048" else i % 4,
            email_approver=approver,
            organization_handle=org_handle,
            technical_handle=rng.choice(handles),
            administrative_handle=org_handle,
            billing_handle=handles[0],
            software="windows" if rng.random() < 0.2 else "linux",
            autorenew=status in ("ACT", "REQ") and rng.random() < 0.5,
            period=period,
            order_date=dates.get("order_date"),
            active_date=dates.get("active_date"),
            expiration_date=dates.get("expiration_date"),
            order_ends_at=dates.get("order_ends_at"),
            reissue_at=dates.get("reissue_at"),
            csr_maker=csr_maker,
        )
        orders.append(order)
    return orders
