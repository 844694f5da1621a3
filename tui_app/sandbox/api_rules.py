"""The API's own rules, as the simulator reads them: what each call accepts and refuses.

Written from the API notes (``../shared/openprovider/API-NOTES.md``; sections cited as
§), not from the client's ``core``: the client and the simulator are two independent
readings of the same documents, and the suite compares them (tests/sandbox/
test_agrees_with_core.py). Only the formats' facts are shared (``tui_app.formats``).
Where the notes are silent and this reading infers, the comment says "inferred".

Every check either returns the value as the API keeps it or raises ``SandboxError`` with
the code the simulator answers with (``codes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import tui_app.sandbox.codes as codes
from tui_app.formats.csr_parse import CsrError, decode_csr
from tui_app.formats.hostnames import check_hostname
from tui_app.sandbox.answers import SandboxError, Warning_
from tui_app.sandbox.products import SOFTWARE, ProductSpec

# -- statuses and what PUT /ssl/orders/{id} may change ----------------------------------

# §6.1: no other status values appear in any source.
STATUSES = ("PAI", "REQ", "ACT", "REJ", "FAI", "EXP")
STATUS_MEANINGS = {
    "PAI": "paid, not sent to the CA yet",
    "REQ": "at the CA, waiting for validation",
    "ACT": "issued",
    "REJ": "a cancel is waiting for the CA",
    "FAI": "closed at the CA",
    "EXP": "expired",
}

# §3.6: the body of ``orderUpdateOrderRequest`` (besides ``id``); a partial body is allowed.
UPDATE_FIELDS = (
    "approver_email",
    "autorenew",
    "csr",
    "domain_validation_methods",
    "enable_dns_automation",
    "host_names",
    "organization_handle",
    "signature_hash_algorithm",
    "software_id",
    "start_provision",
    "technical_handle",
)
# §3.4 "sha1 (deprecated)", §3.14 "Redundant field": taken in any open status, ignored.
IGNORED_FIELDS = frozenset({"signature_hash_algorithm"})

# §6.2, the update matrix. PAI: "all fields that are not connected with the product
# details". REQ: "domain_validation_methods only" (the approver has its own call, §3.11).
# PAI, REQ, ACT: autorenew. enable_dns_automation is how DNS validation is done (§3.4,
# §7 last point), so it goes with domain_validation_methods (inferred). REJ, FAI, EXP
# are not in the matrix: nothing changes.
CHANGEABLE: dict[str, frozenset[str]] = {
    "PAI": frozenset(UPDATE_FIELDS) - IGNORED_FIELDS,
    "REQ": frozenset({"domain_validation_methods", "enable_dns_automation", "autorenew"}),
    "ACT": frozenset({"autorenew"}),
}
_CHANGEABLE_WORDS = {"REQ": "domain_validation_methods and autorenew", "ACT": "autorenew"}

# §3.8: ``orderReissueOrderRequest`` is the update's body without what only a paid
# order's update sets (autorenew, start_provision, the technical handle).
REISSUE_FIELDS = frozenset(UPDATE_FIELDS) - {"autorenew", "start_provision", "technical_handle"}

# §3.7-§3.12 and §6.2: the other calls, by the statuses they are made in.
REISSUE_FROM = frozenset({"ACT"})
RENEW_FROM = frozenset({"ACT"})
CANCEL_FROM = frozenset({"PAI", "REQ", "ACT"})
APPROVER_CALLS_IN = frozenset({"REQ"})  # change the approver (§3.11), resend (§3.12)
# §3.9: renewal opens 30 days before the expiration date (a newer revision says 90).
RENEW_WINDOW_DAYS = 30


def is_closed(status: str) -> bool:
    """REJ, FAI, EXP (and anything unknown) take no update at all."""
    return status not in CHANGEABLE


def refuse_update_fields(status: str, order_id: int, fields: Sequence[str]) -> None:
    """The update's fields against the matrix: unknown fields, a closed order, locked ones."""
    unknown = [f for f in fields if f not in UPDATE_FIELDS]
    if unknown:
        raise SandboxError(
            codes.UNKNOWN_FIELD, f"Unknown field(s) in the update: {', '.join(unknown)}"
        )
    if is_closed(status):
        meaning = STATUS_MEANINGS.get(status, "unknown")
        raise SandboxError(
            codes.FIELD_NOT_CHANGEABLE,
            f"Order {order_id} is {status} ({meaning}); it cannot be changed",
        )


def refuse_locked_fields(status: str, fields: Sequence[str]) -> None:
    """Fields this status does not let change (§6.2), named, with what may change."""
    allowed = CHANGEABLE.get(status, frozenset()) | IGNORED_FIELDS
    locked = [f for f in fields if f not in allowed]
    if not locked:
        return
    hint = ""
    if locked == ["approver_email"] and status in APPROVER_CALLS_IN:
        hint = " (use PUT /ssl/orders/{id}/approver-email)"
    raise SandboxError(
        codes.FIELD_NOT_CHANGEABLE,
        f"{', '.join(locked)} cannot be changed while the order is {status}; "
        f"only {_CHANGEABLE_WORDS.get(status, 'nothing')} can change{hint}",
    )


# -- values -------------------------------------------------------------------------

_HANDLE = re.compile(r"[A-Z]{2}\d{6}-[A-Z]{2}")  # §4: customer handles "XX123456-XX"
SOFTWARE_IDS = frozenset(s["id"] for s in SOFTWARE)  # §3.4: linux | windows
APPROVER_LOCALS = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")


def check_handle(name: str, value: Any) -> str:
    """A customer handle as kept (surrounding blanks dropped), or 1025."""
    label = name.replace("_", " ")
    if not isinstance(value, str):
        raise SandboxError(codes.INVALID_HANDLE, f"Invalid {label}: {name} must be a string")
    handle = value.strip()
    if not _HANDLE.fullmatch(handle):
        raise SandboxError(
            codes.INVALID_HANDLE,
            f"Invalid {label}: {handle!r} is not a handle "
            "(two letters, six digits, '-', two letters: XY123456-CC)",
        )
    return handle


def check_software(value: Any, product: ProductSpec) -> str:
    if not isinstance(value, str) or value not in SOFTWARE_IDS:
        raise SandboxError(
            codes.INVALID_SOFTWARE,
            f"software_id {value!r} is not supported by {product.name}; use linux or windows",
        )
    return value


def check_bool(body: dict[str, Any], name: str) -> None:
    if name in body and not isinstance(body[name], bool):
        raise SandboxError(codes.INVALID_PARAMETER, f"{name} must be true or false")


def ignored_algorithm(body: dict[str, Any]) -> Warning_ | None:
    """``signature_hash_algorithm``: sha2 or sha1 (§3.4), taken and ignored with a warning."""
    algorithm = body.get("signature_hash_algorithm")
    if algorithm not in (None, "", "sha2", "sha1"):
        raise SandboxError(codes.INVALID_PARAMETER, "signature_hash_algorithm must be sha2")
    if not algorithm:
        return None
    return Warning_(
        codes.WARN_DEPRECATED_FIELD,
        "signature_hash_algorithm is deprecated and was ignored",
        str(algorithm),
    )


def approver_candidates(domain: str) -> list[str]:
    """§3.10: admin@, administrator@, hostmaster@, postmaster@, webmaster@ the domain, for
    the host and every parent domain (as Sectigo allows); no WHOIS addresses here."""
    labels = domain.strip().lower().removeprefix("*.").split(".")
    result: list[str] = []
    for start in range(len(labels) - 1):
        suffix = ".".join(labels[start:])
        result += [f"{local}@{suffix}" for local in APPROVER_LOCALS]
    return result


def check_approver(common_name: str, value: Any) -> str:
    """The approver as kept (lower case), or 1020: it must be one of the listed addresses."""
    if not isinstance(value, str):
        raise SandboxError(codes.INVALID_APPROVER_EMAIL, "approver_email must be a string")
    email = value.strip().lower()
    allowed = approver_candidates(common_name)
    if email not in allowed:
        raise SandboxError(
            codes.INVALID_APPROVER_EMAIL,
            f"{email or 'An empty address'} is not an approver address for {common_name}",
            ", ".join(allowed[:5]),
        )
    return email


# -- hosts --------------------------------------------------------------------------


def refuse_host_names(product: ProductSpec) -> None:
    """§3.4: ``host_names`` are "only for multi-domain products"."""
    if not product.multi_domain:
        raise SandboxError(
            codes.HOST_NAMES_NOT_ALLOWED,
            f"{product.name} is not a multi-domain product: host_names cannot be set",
        )


def read_host_names(raw: Any, product: ProductSpec) -> list[str]:
    """The SANs beyond the CN, as kept (lower case), each a host name; at most the
    product's ``max_domains`` of them (§5)."""
    if not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
        raise SandboxError(codes.INVALID_PARAMETER, "host_names must be a list of strings")
    names = [h.strip().lower() for h in raw]
    for host in names:
        problem = check_hostname(host)
        if problem:
            raise SandboxError(codes.INVALID_PARAMETER, f"Invalid host name: {problem}")
    if len(set(names)) > product.max_domains:
        raise SandboxError(
            codes.INVALID_PARAMETER,
            f"{product.name} takes at most {product.max_domains} host names",
        )
    return names


def dcv_hosts(
    common_name: str, csr_sans: Iterable[str], host_names: Iterable[str]
) -> tuple[str, ...]:
    """§3.4: the DCV host names "must equal the CSR CN and SANs plus host_names"; in that
    order, each once."""
    named = (common_name, *csr_sans, *host_names)
    return tuple(dict.fromkeys(n.strip().lower() for n in named if n.strip()))


@dataclass(frozen=True)
class NewCsr:
    """A CSR from a request, as the API reads it: the text kept as sent."""

    text: str
    der: bytes
    common_name: str
    sans: tuple[str, ...]  # without the common name


def read_csr(value: Any) -> NewCsr:
    """The CSR as sent (§8.10: real newlines; a mangled PEM is 1030 "Invalid CSR", §2.3),
    naming at least one host, each a valid host name."""
    if not isinstance(value, str):
        raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, "csr must be a string")
    try:
        info = decode_csr(value)
    except CsrError as exc:
        raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, str(exc)) from None
    for host in info.hosts:
        problem = check_hostname(host)
        if problem:
            raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, problem)
    common_name = info.common_name or info.sans[0]
    sans = tuple(dict.fromkeys(s for s in info.sans if s != common_name))
    return NewCsr(value, info.der, common_name, sans)


# -- domain control validation (§7) ---------------------------------------------------

METHODS = ("email", "dns", "http", "https")  # lower case; no "cname" (§7)
# A file on one web server cannot prove control of every subdomain: the CA/Browser Forum
# ended file validation for wildcards on 2021-11-22 (docs/DCV-CHECKS.md).
FILE_METHODS = frozenset({"http", "https"})
_ROW_CODES = {
    "host": codes.DCV_HOSTS_MISMATCH,
    "method": codes.DCV_INVALID_METHOD,
    "wildcard": codes.DCV_WILDCARD_FILE,
    "approver": codes.DCV_APPROVER_MISSING,
}


def read_dcv_rows(raw: Any, common_name: str, approver: str) -> tuple[list[tuple[str, str]], str]:
    """``[{host_name, method}]`` as (host, method) rows, and the approver after them: the
    legacy form, the approver's address as the method, means email with that approver
    (§7, inferred from the XML API and the WHMCS module)."""
    if not isinstance(raw, list):
        raise SandboxError(codes.INVALID_PARAMETER, "domain_validation_methods must be a list")
    rows: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, dict) or set(item) - {"host_name", "method"}:
            raise SandboxError(
                codes.INVALID_PARAMETER,
                "Each domain_validation_methods entry is {host_name, method}",
            )
        host, method = item.get("host_name"), item.get("method")
        if not isinstance(host, str) or not isinstance(method, str):
            raise SandboxError(codes.INVALID_PARAMETER, "host_name and method must be strings")
        if "@" in method:
            approver, method = check_approver(common_name, method), "email"
        rows.append((host.strip().lower(), method))
    return rows, approver


def _row_problem(host: str, method: str, approver: str) -> tuple[str, str] | None:
    """(kind, words) for one row with a host name, or None."""
    problem = check_hostname(host)
    if problem:
        return "host", problem
    if method not in METHODS:
        return "method", f"{host}: unknown DCV method {method!r} (use email, dns, http or https)"
    if method in FILE_METHODS and host.startswith("*."):
        return (
            "wildcard",
            f"{host}: a wildcard cannot use {method}: a file on one web server does not "
            "prove every subdomain; use dns or email",
        )
    if method == "email" and not approver.strip():
        return "approver", f"{host}: email validation needs an approver email address"
    return None


def check_dcv_rows(
    rows: Sequence[tuple[str, str]], hosts: Sequence[str], approver: str
) -> dict[str, str]:
    """Host -> method, in row order, when the rows are one per host of the order with a
    method that can validate it; else the first problem's code, the others in ``data``."""
    problems: list[tuple[int, str]] = []
    methods: dict[str, str] = {}
    for host, method in rows:
        if not host:
            problems.append((codes.DCV_HOSTS_MISMATCH, "A DCV row has no host name"))
        elif host in methods:
            problems.append((codes.DCV_HOSTS_MISMATCH, f"{host} appears in more than one DCV row"))
        else:
            methods[host] = method
            found = _row_problem(host, method, approver)
            if found:
                problems.append((_ROW_CODES[found[0]], found[1]))
    missing = [h for h in hosts if h not in methods]
    extra = sorted(set(methods) - set(hosts))
    if missing:
        count = f"{len(missing)} host{'s' if len(missing) > 1 else ''}"
        words = f"No DCV method for {count} of the order; missing: {', '.join(missing)}"
        problems.append((codes.DCV_HOSTS_MISMATCH, words))
    if extra:
        problems.append(
            (codes.DCV_HOSTS_MISMATCH, f"Not in the CSR or host names, remove: {', '.join(extra)}")
        )
    if problems:
        (code, first), *others = problems
        raise SandboxError(code, first, "; ".join(words for _, words in others))
    return methods


def kept_methods(current: dict[str, str], hosts: Sequence[str]) -> dict[str, str]:
    """No rows sent: every host keeps its method, so every host must have one already."""
    kept = {h: m for h, m in current.items() if h in hosts}
    missing = [h for h in hosts if h not in kept]
    if missing:
        raise SandboxError(
            codes.DCV_HOSTS_MISMATCH,
            "The host set changed; send domain_validation_methods covering: " + ", ".join(missing),
        )
    return kept
