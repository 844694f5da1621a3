"""The DCV rules: which hosts need a method, which methods fit which host.

The client's reading of the API notes (§7), checked before anything is sent. The
simulator reads the same notes on its own (``sandbox/api_rules.py``); the suite compares
the two readings (``tests/sandbox/test_agrees_with_core*.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_app.core.value_checks import check_hostname, is_wildcard

METHODS: tuple[str, ...] = ("email", "dns", "http", "https")
FILE_METHODS = frozenset({"http", "https"})

METHOD_HELP: dict[str, str] = {
    "email": "an approval link is mailed to the approver address",
    "dns": "publish a DNS CNAME record",
    "http": "publish a file on the site over http://",
    "https": "publish a file on the site over https://",
}


@dataclass(frozen=True, slots=True)
class DcvProblem:
    """One broken DCV rule; ``host`` is None for a problem with the set as a whole.

    ``kind`` is one of: empty, duplicate, host, method, wildcard, approver, missing, extra.
    """

    host: str | None
    message: str
    kind: str


def expected_hosts(
    common_name: str, csr_sans: Iterable[str], host_names: Iterable[str] = ()
) -> tuple[str, ...]:
    """Common name, then the CSR's SANs, then ``host_names``: lower-cased, each once."""
    seen: dict[str, None] = {}
    for host in (common_name, *csr_sans, *host_names):
        name = host.strip().lower()
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def method_problem(host: str, method: str) -> DcvProblem | None:
    """Why this method cannot validate this host, or None."""
    if method not in METHODS:
        return DcvProblem(
            host, f"{host}: unknown DCV method {method!r} (use email, dns, http or https)", "method"
        )
    if method in FILE_METHODS and is_wildcard(host):
        return DcvProblem(
            host,
            f"{host}: a wildcard cannot use {method}. A file on one web server cannot prove "
            "control of every subdomain; use dns or email",
            "wildcard",
        )
    return None


def check_dcv(
    rows: Sequence[tuple[str, str]], expected: Sequence[str], approver_email: str
) -> list[DcvProblem]:
    """Every problem with a list of (host, method) rows against the hosts the order covers."""
    problems: list[DcvProblem] = []
    seen: set[str] = set()
    for host, method in rows:
        name = host.strip().lower()
        if not name:
            problems.append(DcvProblem(None, "A DCV row has no host name", "empty"))
            continue
        if name in seen:
            problems.append(
                DcvProblem(name, f"{name} appears in more than one DCV row", "duplicate")
            )
            continue
        seen.add(name)
        bad_host = check_hostname(name)
        if bad_host:
            problems.append(DcvProblem(name, bad_host, "host"))
            continue
        bad_method = method_problem(name, method)
        if bad_method:
            problems.append(bad_method)
        elif method == "email" and not approver_email.strip():
            problems.append(
                DcvProblem(
                    name, f"{name}: email validation needs an approver email address", "approver"
                )
            )
    wanted = {h.lower() for h in expected}
    missing = [h for h in expected if h.lower() not in seen]
    extra = sorted(seen - wanted)
    if missing:
        problems.append(DcvProblem(None, "No DCV method for: " + ", ".join(missing), "missing"))
    if extra:
        problems.append(
            DcvProblem(None, "Not in the CSR or host names, remove: " + ", ".join(extra), "extra")
        )
    return problems


@dataclass(frozen=True, slots=True)
class Reconciled:
    rows: tuple[tuple[str, str], ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]


def default_method(host: str, preferred: str = "dns") -> str:
    """A method valid for the host: the preferred one, unless it is file-based on a wildcard."""
    if preferred in FILE_METHODS and is_wildcard(host):
        return "dns"
    return preferred if preferred in METHODS else "dns"


def reconcile(
    rows: Sequence[tuple[str, str]], expected: Sequence[str], preferred: str = "dns"
) -> Reconciled:
    """Make the rows follow the host set: keep kept hosts' methods, add and remove the rest."""
    current = {h.strip().lower(): m for h, m in rows if h.strip()}
    wanted = tuple(dict.fromkeys(h.strip().lower() for h in expected if h.strip()))
    new_rows = tuple((h, current.get(h) or default_method(h, preferred)) for h in wanted)
    added = tuple(h for h in wanted if h not in current)
    removed = tuple(h for h in current if h not in wanted)
    return Reconciled(rows=new_rows, added=added, removed=removed)
