"""The sandbox's state and the API's rules: what is listed, read, accepted and refused.

Every refusal is a ``SandboxError`` with an API-style code and a ``desc`` that names
what was wrong, the way a user of the real API would want it named.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from operator import attrgetter
from typing import Any

from tui_app.core.csr import CsrError, decode_csr
from tui_app.core.dcv_rules import check_dcv, expected_hosts
from tui_app.core.fields import (
    APPROVER_EMAIL,
    AUTORENEW,
    CSR,
    DCV_METHODS,
    ENABLE_DNS_AUTOMATION,
    FIELD_LABELS,
    HOST_NAMES,
    ORGANIZATION_HANDLE,
    SOFTWARE_ID,
    START_PROVISION,
    TECHNICAL_HANDLE,
    UPDATE_FIELDS,
    is_read_only,
    refused_fields,
)
from tui_app.core.statuses import STATUS_MEANINGS
from tui_app.core.value_checks import check_email, check_handle, check_hostname
from tui_app.sandbox import codes
from tui_app.sandbox.orders import StoredOrder, bare_domain
from tui_app.sandbox.products import BY_ID, PRODUCTS, SOFTWARE
from tui_app.sandbox.seed import seed_orders

STATUSES = ("PAI", "REQ", "ACT", "REJ", "FAI", "EXP")
ORDER_SORT_FIELDS = (
    "common_name",
    "order_date",
    "active_date",
    "expiration_date",
    "status",
    "product_name",
)
PRODUCT_SORT_FIELDS = (
    "name",
    "brand_name",
    "category",
    "sub_category",
    "brand_seqno",
    "product_seqno",
)
_PRODUCT_SORT_ATTRS = {"brand_seqno": "seqno", "product_seqno": "seqno", "sub_category": "category"}
APPROVER_LOCALS = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
TWO_DAYS = 2 * 24 * 3600.0


class SandboxError(Exception):
    def __init__(self, code: int, desc: str, data: str = "") -> None:
        super().__init__(desc)
        self.code = code
        self.desc = desc
        self.data = data


@dataclass(frozen=True)
class Warning_:
    code: int
    desc: str
    data: str = ""

    def to_api(self) -> dict[str, Any]:
        return {"code": self.code, "desc": self.desc, "data": self.data}


@dataclass
class Outcome:
    """What a handler returns: ``data`` for the envelope plus any warnings."""

    data: Any
    warnings: list[Warning_] = field(default_factory=list)


def approver_candidates(domain: str) -> list[str]:
    """The five generic addresses for the host and every parent domain (as Sectigo allows)."""
    labels = bare_domain(domain.strip().lower()).split(".")
    result: list[str] = []
    for start in range(len(labels) - 1):
        suffix = ".".join(labels[start:])
        result += [f"{local}@{suffix}" for local in APPROVER_LOCALS]
    return result


def _first(query: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = query.get(key)
    return values[-1] if values else None


def _int_param(
    query: Mapping[str, Sequence[str]], key: str, default: int, low: int, high: int
) -> int:
    raw = _first(query, key)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SandboxError(
            codes.INVALID_PARAMETER, f"Parameter {key} must be a number, got {raw!r}"
        ) from None
    if not low <= value <= high:
        raise SandboxError(
            codes.INVALID_PARAMETER, f"Parameter {key} must be between {low} and {high}"
        )
    return value


def _bool_param(query: Mapping[str, Sequence[str]], key: str) -> bool:
    raw = (_first(query, key) or "").lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise SandboxError(codes.INVALID_PARAMETER, f"Parameter {key} must be true or false")


def _sort_specs(
    query: Mapping[str, Sequence[str]], allowed: Sequence[str]
) -> list[tuple[str, bool]]:
    specs: list[tuple[str, bool]] = []
    for key, values in query.items():
        if not key.startswith("order_by."):
            continue
        name = key[len("order_by.") :]
        if name not in allowed:
            raise SandboxError(
                codes.INVALID_PARAMETER,
                f"Cannot sort by {name!r}; use one of: {', '.join(allowed)}",
            )
        direction = (values[-1] if values else "").lower()
        if direction not in ("asc", "desc"):
            raise SandboxError(codes.INVALID_PARAMETER, f"order_by.{name} must be asc or desc")
        specs.append((name, direction == "desc"))
    return specs


def _pattern_matcher(pattern: str) -> re.Pattern[str]:
    """``*`` is the API's wildcard; everything else matches literally, ignoring case."""
    parts = (re.escape(p) for p in pattern.strip().lower().split("*"))
    return re.compile(".*".join(parts))


class SandboxStore:
    """All orders, tokens and rules, behind one lock (the server is threaded)."""

    def __init__(
        self,
        *,
        orders: int = 40,
        seed: int = 1,
        today: datetime | None = None,
        username: str = "demo",
        password: str = "demo",
        token_ttl: float = TWO_DAYS,
    ) -> None:
        self.today = (today or datetime.now()).replace(microsecond=0)
        self.username = username
        self.password = password
        self.token_ttl = token_ttl
        self.lock = threading.RLock()
        self.orders: dict[int, StoredOrder] = {
            o.id: o for o in seed_orders(orders, seed, self.today)
        }
        self._tokens: dict[str, float] = {}
        self._issued: list[str] = []
        self.resent: list[int] = []

    # -- tokens -------------------------------------------------------------------

    def login(self, body: Any) -> Outcome:
        item = body if isinstance(body, Mapping) else {}
        username, password = item.get("username"), item.get("password")
        if username != self.username or password != self.password:
            raise SandboxError(codes.AUTHENTICATION, codes.DESC_AUTHENTICATION)
        ip = item.get("ip")
        if ip not in (None, "") and not isinstance(ip, str):
            raise SandboxError(codes.INVALID_PARAMETER, "ip must be a string")
        return Outcome({"token": self.issue_token(), "reseller_id": 255401})

    def check_token(self, token: str | None) -> None:
        with self.lock:
            issued = self._tokens.get(token or "")
        if issued is None or time.monotonic() - issued >= self.token_ttl:
            raise SandboxError(codes.AUTHENTICATION, codes.DESC_AUTHENTICATION)

    def expire_tokens(self) -> None:
        """Every token issued so far stops working at once (a two-day expiry, now)."""
        with self.lock:
            self._tokens.clear()

    def issue_token(self) -> str:
        """A valid token without a login call (for tests and ``--demo``)."""
        token = secrets.token_hex(16)
        with self.lock:
            self._tokens[token] = time.monotonic()
            self._issued.append(token)
        return token

    def issued_tokens(self) -> list[str]:
        """Every token handed out so far, expired ones too: what must never show anywhere."""
        with self.lock:
            return list(self._issued)

    # -- products -----------------------------------------------------------------

    def list_products(self, query: Mapping[str, Sequence[str]]) -> Outcome:
        limit = _int_param(query, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT)
        offset = _int_param(query, "offset", 0, 0, 2**31 - 1)
        with_software = _bool_param(query, "with_supported_software")
        products = list(PRODUCTS)
        for name, desc in reversed(_sort_specs(query, PRODUCT_SORT_FIELDS)):
            products.sort(key=attrgetter(_PRODUCT_SORT_ATTRS.get(name, name)), reverse=desc)
        page = products[offset : offset + limit]
        return Outcome(
            {
                "results": [p.to_api(with_software=with_software) for p in page],
                "total": len(products),
            }
        )

    def get_product(self, product_id: int) -> Outcome:
        product = BY_ID.get(product_id)
        if product is None:
            raise SandboxError(codes.PRODUCT_NOT_FOUND, f"Product {product_id} not found")
        return Outcome(product.to_api())

    # -- orders -------------------------------------------------------------------

    def _order(self, order_id: int) -> StoredOrder:
        order = self.orders.get(order_id)
        if order is None:
            raise SandboxError(codes.ORDER_NOT_FOUND, f"SSL order {order_id} not found")
        return order

    def list_orders(self, query: Mapping[str, Sequence[str]]) -> Outcome:
        limit = _int_param(query, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT)
        offset = _int_param(query, "offset", 0, 0, 2**31 - 1)
        statuses = [s.upper() for v in query.get("status", []) for s in v.split(",") if s]
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise SandboxError(
                codes.INVALID_PARAMETER,
                f"Unknown status {bad[0]!r}; use {', '.join(STATUSES)}",
            )
        pattern = _first(query, "common_name_pattern")
        matcher = _pattern_matcher(pattern) if pattern else None
        handle = (_first(query, "contact_handle") or "").strip().upper()
        expiring = _bool_param(query, "show_expiring")
        specs = _sort_specs(query, ORDER_SORT_FIELDS) or [("order_date", True)]
        horizon = self.today + timedelta(days=30)
        with self.lock:
            rows = list(self.orders.values())
        if statuses:
            wanted = set(statuses)
            rows = [o for o in rows if o.status in wanted]
        if matcher:
            rows = [o for o in rows if matcher.fullmatch(o.common_name.lower())]
        if handle:
            rows = [
                o
                for o in rows
                if handle
                in (
                    o.organization_handle,
                    o.technical_handle,
                    o.administrative_handle,
                    o.billing_handle,
                )
            ]
        if expiring:
            rows = [
                o
                for o in rows
                if o.expiration_date is not None and self.today <= o.expiration_date <= horizon
            ]
        rows.sort(key=lambda o: o.id)
        for name, desc in reversed(specs):
            rows.sort(key=partial(_sort_value, name=name), reverse=desc)
            if name.endswith("_date"):
                # An order without the date (no expiry before it is issued) comes last
                # either way: "expiry, soonest first" starts with what expires soonest.
                rows.sort(key=partial(_date_unset, name=name))
        page = rows[offset : offset + limit]
        with self.lock:
            results = [o.to_api() for o in page]
        return Outcome({"results": results, "total": len(rows)})

    def get_order(self, order_id: int) -> Outcome:
        with self.lock:
            return Outcome(self._order(order_id).to_api())

    def approver_emails(self, query: Mapping[str, Sequence[str]]) -> Outcome:
        product_id = _int_param(query, "product_id", -1, -1, 2**31 - 1)
        if product_id not in BY_ID:
            raise SandboxError(codes.PRODUCT_NOT_FOUND, f"Product {product_id} not found")
        domain = (_first(query, "domain") or "").strip().lower()
        problem = check_hostname(domain)
        if problem:
            raise SandboxError(codes.INVALID_PARAMETER, f"Invalid domain: {problem}")
        return Outcome({"results": approver_candidates(domain)})

    def update_order(self, order_id: int, body: Any) -> Outcome:
        with self.lock:
            order = self._order(order_id)
            return _OrderUpdate(order, _body(body, order_id)).apply()

    def update_approver_email(self, order_id: int, body: Any) -> Outcome:
        with self.lock:
            order = self._order(order_id)
            item = _body(body, order_id)
            extra = set(item) - {"id", "approver_email"}
            if extra:
                raise SandboxError(
                    codes.UNKNOWN_FIELD, f"Unknown field(s): {', '.join(sorted(extra))}"
                )
            if order.status != "REQ":
                raise SandboxError(
                    codes.WRONG_STATUS,
                    f"The approver email can only change through this call while the order is "
                    f"REQ; order {order.id} is {order.status}"
                    + (
                        " (change it with PUT /ssl/orders/{id} instead)"
                        if order.status == "PAI"
                        else ""
                    ),
                )
            email = _approver(order.common_name, item.get("approver_email"))
            order.email_approver = email
            return Outcome(
                {"id": order.id},
                [Warning_(codes.WARN_APPROVER_RESENT, "The CA sends a new approval email", email)],
            )

    def resend_approver_email(self, order_id: int, body: Any) -> Outcome:
        with self.lock:
            order = self._order(order_id)
            _body(body, order_id, allow_empty=True)
            if order.status != "REQ":
                raise SandboxError(
                    codes.WRONG_STATUS,
                    f"Approval emails can only be resent while the order is REQ; "
                    f"order {order.id} is {order.status}",
                )
            if "email" not in order.dcv.values():
                raise SandboxError(
                    codes.WRONG_STATUS,
                    f"No host of order {order.id} uses email validation; nothing to resend",
                )
            self.resent.append(order.id)
            return Outcome({"id": order.id})


def _date_unset(order: StoredOrder, *, name: str) -> bool:
    return getattr(order, name) is None


def _sort_value(order: StoredOrder, *, name: str) -> Any:
    if name == "product_name":
        return order.product.name.lower()
    value = getattr(order, name)
    if name.endswith("_date"):
        return value or datetime.min
    return value.lower() if isinstance(value, str) else value


def _body(body: Any, order_id: int, *, allow_empty: bool = False) -> dict[str, Any]:
    if body is None and allow_empty:
        return {}
    if not isinstance(body, dict):
        raise SandboxError(codes.INVALID_PARAMETER, "The request body must be a JSON object")
    if "id" in body:
        raw = body["id"]
        given = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if isinstance(raw, str) and raw.strip().isdigit():
            given = int(raw)
        if given != order_id:
            raise SandboxError(
                codes.INVALID_PARAMETER,
                f"Body id {raw!r} does not match order {order_id} in the path",
            )
    return body


def _approver(common_name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise SandboxError(codes.INVALID_APPROVER_EMAIL, "approver_email must be a string")
    email = value.strip().lower()
    problem = check_email(email)
    if problem:
        raise SandboxError(codes.INVALID_APPROVER_EMAIL, f"Invalid approver email: {problem}")
    allowed = approver_candidates(common_name)
    if email not in allowed:
        raise SandboxError(
            codes.INVALID_APPROVER_EMAIL,
            f"{email} is not an approver address for {common_name}",
            ", ".join(allowed[:5]),
        )
    return email


_DCV_CODES = {
    "empty": codes.DCV_HOSTS_MISMATCH,
    "duplicate": codes.DCV_HOSTS_MISMATCH,
    "host": codes.DCV_HOSTS_MISMATCH,
    "missing": codes.DCV_HOSTS_MISMATCH,
    "extra": codes.DCV_HOSTS_MISMATCH,
    "method": codes.DCV_INVALID_METHOD,
    "wildcard": codes.DCV_WILDCARD_FILE,
    "approver": codes.DCV_APPROVER_MISSING,
}


class _OrderUpdate:
    """One ``PUT /ssl/orders/{id}``: every check first, then every change, or nothing."""

    def __init__(self, order: StoredOrder, body: dict[str, Any]) -> None:
        self.order = order
        self.body = body
        self.fields = [k for k in body if k != "id"]
        self.warnings: list[Warning_] = []

    def refuse_fields(self) -> None:
        order = self.order
        unknown = [f for f in self.fields if f not in UPDATE_FIELDS]
        if unknown:
            raise SandboxError(
                codes.UNKNOWN_FIELD, f"Unknown field(s) in the update: {', '.join(unknown)}"
            )
        if is_read_only(order.status):
            raise SandboxError(
                codes.FIELD_NOT_CHANGEABLE,
                f"Order {order.id} is {order.status} ({STATUS_MEANINGS[order.status]}); "
                "it cannot be changed",
            )
        multi = order.product.multi_domain
        if HOST_NAMES in self.fields and not multi:
            raise SandboxError(
                codes.HOST_NAMES_NOT_ALLOWED,
                f"{order.product.name} is not a multi-domain product: host_names cannot be set",
            )
        refused = refused_fields(
            order.status, [f for f in self.fields if f != "signature_hash_algorithm"]
        )
        if refused:
            allowed = {"REQ": "domain_validation_methods and autorenew", "ACT": "autorenew"}
            hint = (
                " (use PUT /ssl/orders/{id}/approver-email)" if refused == [APPROVER_EMAIL] else ""
            )
            raise SandboxError(
                codes.FIELD_NOT_CHANGEABLE,
                f"{', '.join(refused)} cannot be changed while the order is {order.status}; "
                f"only {allowed.get(order.status, 'nothing')} can change{hint}",
            )

    def apply(self) -> Outcome:
        self.refuse_fields()
        order, body = self.order, self.body
        cn, sans, csr_info, csr_text = order.common_name, order.csr_sans, None, None
        if CSR in body:
            csr_text = body[CSR]
            if not isinstance(csr_text, str):
                raise SandboxError(
                    codes.INVALID_CSR, codes.DESC_INVALID_CSR, "csr must be a string"
                )
            try:
                csr_info = decode_csr(csr_text)
            except CsrError as exc:
                raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, str(exc)) from None
            for host in csr_info.hosts:
                problem = check_hostname(host)
                if problem:
                    raise SandboxError(codes.INVALID_CSR, codes.DESC_INVALID_CSR, problem)
            cn = csr_info.common_name or csr_info.sans[0]
            sans = tuple(s for s in csr_info.sans if s != cn)
        host_names = list(order.host_names)
        if HOST_NAMES in body:
            raw = body[HOST_NAMES]
            if not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
                raise SandboxError(codes.INVALID_PARAMETER, "host_names must be a list of strings")
            host_names = [h.strip().lower() for h in raw]
            for host in host_names:
                problem = check_hostname(host)
                if problem:
                    raise SandboxError(codes.INVALID_PARAMETER, f"Invalid host name: {problem}")
            if len(set(host_names)) > order.product.max_domains:
                raise SandboxError(
                    codes.INVALID_PARAMETER,
                    f"{order.product.name} takes at most {order.product.max_domains} host names",
                )
        for name in (ORGANIZATION_HANDLE, TECHNICAL_HANDLE):
            if name in body:
                value = body[name]
                problem = (
                    check_handle(value) if isinstance(value, str) else f"{name} must be a string"
                )
                if problem:
                    raise SandboxError(
                        codes.INVALID_HANDLE, f"Invalid {FIELD_LABELS[name]}: {problem}"
                    )
        software = body.get(SOFTWARE_ID)
        if SOFTWARE_ID in body and (
            not isinstance(software, str) or software not in {s["id"] for s in SOFTWARE}
        ):
            raise SandboxError(
                codes.INVALID_SOFTWARE,
                f"software_id {body[SOFTWARE_ID]!r} is not supported by {order.product.name}; "
                "use linux or windows",
            )
        if AUTORENEW in body and body[AUTORENEW] not in ("on", "off"):
            raise SandboxError(codes.INVALID_PARAMETER, "autorenew must be 'on' or 'off'")
        for name in (START_PROVISION, ENABLE_DNS_AUTOMATION):
            if name in body and not isinstance(body[name], bool):
                raise SandboxError(codes.INVALID_PARAMETER, f"{name} must be true or false")
        algorithm = body.get("signature_hash_algorithm")
        if algorithm is not None and algorithm not in ("sha2", "sha1", ""):
            raise SandboxError(codes.INVALID_PARAMETER, "signature_hash_algorithm must be sha2")
        approver = order.email_approver
        if APPROVER_EMAIL in body:
            approver = _approver(cn, body[APPROVER_EMAIL])
        hosts = expected_hosts(cn, sans, host_names)
        methods, approver = self._methods(cn, hosts, approver)
        provision = body.get(START_PROVISION) is True
        if provision and "email" in methods.values() and not approver:
            raise SandboxError(
                codes.DCV_APPROVER_MISSING, "Email validation needs an approver email address"
            )
        # Everything checked: apply.
        if csr_info is not None and csr_text is not None:
            order.replace_csr(csr_text, csr_info)
            order.common_name, order.csr_sans = cn, sans
            for host in hosts:
                order.regenerate_dcv(host)
        order.host_names = host_names
        for host, method in methods.items():
            old = order.dcv.get(host)
            if old is not None and old != method:
                order.regenerate_dcv(host)
                self.warnings.append(
                    Warning_(
                        codes.WARN_DCV_DATA_CHANGED,
                        "Domain validation method changed; the CA issued new validation data",
                        f"{host}: {old} -> {method}",
                    )
                )
        order.dcv = methods
        order.email_approver = approver
        if ORGANIZATION_HANDLE in body:
            order.organization_handle = body[ORGANIZATION_HANDLE].strip()
        if TECHNICAL_HANDLE in body:
            order.technical_handle = body[TECHNICAL_HANDLE].strip()
        if SOFTWARE_ID in body:
            order.software = body[SOFTWARE_ID]
        if AUTORENEW in body:
            order.autorenew = body[AUTORENEW] == "on"
        if algorithm:
            self.warnings.append(
                Warning_(
                    codes.WARN_DEPRECATED_FIELD,
                    "signature_hash_algorithm is deprecated and was ignored",
                    str(algorithm),
                )
            )
        if provision:
            order.status = "REQ"
            self.warnings.append(
                Warning_(
                    codes.WARN_SENT_TO_CA,
                    "The order was sent to the CA; complete domain validation for every host",
                    ", ".join(f"{h}: {m}" for h, m in methods.items()),
                )
            )
        return Outcome({"id": order.id}, self.warnings)

    def _methods(
        self, common_name: str, hosts: tuple[str, ...], approver: str
    ) -> tuple[dict[str, str], str]:
        """The host -> method map and approver after this update, checked against the rules.

        The legacy form, an approver address given as the method, sets that approver.
        """
        order, body = self.order, self.body
        if DCV_METHODS not in body:
            current = {h: m for h, m in order.dcv.items() if h in hosts}
            missing = [h for h in hosts if h not in current]
            if missing:
                raise SandboxError(
                    codes.DCV_HOSTS_MISMATCH,
                    "The host set changed; send domain_validation_methods covering: "
                    + ", ".join(missing),
                )
            return current, approver
        raw = body[DCV_METHODS]
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
            if "@" in method:  # legacy form: the approver address itself as the method
                approver = _approver(common_name, method)
                method = "email"
            rows.append((host.strip().lower(), method))
        problems = check_dcv(rows, hosts, approver)
        if problems:
            first = problems[0]
            raise SandboxError(
                _DCV_CODES[first.kind],
                first.message,
                "; ".join(p.message for p in problems[1:]),
            )
        return dict(rows), approver
