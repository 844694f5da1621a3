"""Typed views of what the API returns, built by tolerant parsers.

The real API leaves fields out, sends ``""`` for unset values, and sends numbers as
strings in some places and strings as numbers in others. Every ``from_api`` here
accepts all of that and never raises on a field's shape; a body that is not an object
at all is the caller's ``ProtocolError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")

STATUSES = ("PAI", "REQ", "ACT", "REJ", "FAI", "EXP")
DCV_METHODS = ("email", "dns", "http", "https")

# ``orderReissueOrderRequest`` but ``id`` (always sent) and the deprecated, never sent
# ``signature_hash_algorithm``.
REISSUE_FIELDS = frozenset(
    {
        "csr",
        "approver_email",
        "domain_validation_methods",
        "enable_dns_automation",
        "host_names",
        "organization_handle",
        "software_id",
    }
)

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def as_str(value: Any) -> str:
    """A string for any scalar; ``""`` for null, containers and booleans-as-unset."""
    if type(value) is str:  # most values: a page of orders asks this ~5,000 times
        return value
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_int(value: Any, default: int | None = None) -> int | None:
    """An int from an int, an integral float or a numeric string; else ``default``."""
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else default
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d+\.0*", text):
            return int(float(text))
    return default


def as_bool(value: Any) -> bool:
    """True for ``true``, ``1``, ``"on"``, ``"yes"``, ``"true"``; everything else is False."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return False


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if type(value) is dict or isinstance(value, Mapping) else {}


def as_date(value: Any) -> datetime | None:
    """Parse ``YYYY-MM-DD HH:MM:SS`` (also ``0:00:01`` with one hour digit); ``""`` is None."""
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value)
    if not match:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    try:
        return datetime(*parts)  # type: ignore[arg-type]
    except ValueError:
        return None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(s for s in (as_str(v).strip() for v in as_list(value)) if s)


@dataclass(frozen=True, slots=True)
class ApiWarning:
    """One entry of a response's ``warnings[]``: shown to the user as sent."""

    code: int
    desc: str
    data: str = ""

    @classmethod
    def from_api(cls, raw: Any) -> ApiWarning:
        item = as_mapping(raw)
        if not item:
            return cls(code=0, desc=as_str(raw))
        data = item.get("data")
        if isinstance(data, (dict, list)):
            data_text = json.dumps(data, sort_keys=True)
        else:
            data_text = as_str(data)
        return cls(
            code=as_int(item.get("code"), 0) or 0, desc=as_str(item.get("desc")), data=data_text
        )


@dataclass(frozen=True, slots=True)
class DcvMethod:
    """One host's domain-control-validation method, as in ``domain_validation_methods``."""

    host_name: str
    method: str

    @classmethod
    def from_api(cls, raw: Any) -> DcvMethod | None:
        item = as_mapping(raw)
        host = as_str(item.get("host_name")).strip()
        if not host:
            return None
        return cls(host_name=host, method=as_str(item.get("method")).strip())

    def to_api(self) -> dict[str, str]:
        return {"host_name": self.host_name, "method": self.method}


@dataclass(frozen=True, slots=True)
class DcvData:
    """One element of ``additional_data``: what the CA wants published for a host.

    Kept exactly as the API sent it; the app never computes these values itself.
    """

    domain: str
    dns_record: str = ""
    dns_value: str = ""
    file_location: str = ""
    file_contents: str = ""
    md5: str = ""
    sha1: str = ""
    sha256: str = ""
    dns: str = ""
    file_name: str = ""
    file_content: str = ""
    token: str = ""
    url: str = ""

    @classmethod
    def from_api(cls, raw: Any) -> DcvData | None:
        item = as_mapping(raw)
        if not item:
            return None
        return cls(
            domain=as_str(item.get("domain")).strip(),
            dns_record=as_str(item.get("dns_record")),
            dns_value=as_str(item.get("dns_value")),
            file_location=as_str(item.get("file_location")),
            file_contents=as_str(item.get("file_contents")),
            md5=as_str(item.get("md5")),
            sha1=as_str(item.get("sha1")),
            sha256=as_str(item.get("sha256")),
            dns=as_str(item.get("dns")),
            file_name=as_str(item.get("file_name")),
            file_content=as_str(item.get("file_content")),
            token=as_str(item.get("token")),
            url=as_str(item.get("url")),
        )

    @property
    def contents(self) -> str:
        """The validation file's text: ``file_contents``, else the older ``file_content``."""
        return self.file_contents or self.file_content


@dataclass(frozen=True, slots=True)
class DcvStatus:
    """The order-level ``domain_validation_statuses`` object (there is no per-host status)."""

    status: str = ""
    ca_status: str = ""
    ca_order_status: str = ""
    ca_operation: str = ""

    @classmethod
    def from_api(cls, raw: Any) -> DcvStatus:
        item = as_mapping(raw)
        return cls(
            status=as_str(item.get("status")),
            ca_status=as_str(item.get("ca_status")),
            ca_order_status=as_str(item.get("ca_order_status")),
            ca_operation=as_str(item.get("ca_operation")),
        )


@dataclass(frozen=True, slots=True)
class Order:
    """An SSL order. Output names are kept (``email_approver``, ``software``)."""

    id: int
    common_name: str = ""
    status: str = ""
    product_id: int | None = None
    product_name: str = ""
    brand_name: str = ""
    validation_method: str = ""
    period: int | None = None
    order_date: datetime | None = None
    active_date: datetime | None = None
    expiration_date: datetime | None = None
    order_ends_at: datetime | None = None
    reissue_at: datetime | None = None
    autorenew: bool = False
    csr: str = ""
    certificate: str = ""
    intermediate_certificate: str = ""
    root_certificate: str = ""
    software: str = ""
    host_names: tuple[str, ...] = ()
    domain_validation_methods: tuple[DcvMethod, ...] = ()
    domain_validation_statuses: DcvStatus = field(default_factory=DcvStatus)
    email_approver: str = ""
    email_reissue: str = ""
    organization_handle: str = ""
    technical_handle: str = ""
    administrative_handle: str = ""
    billing_handle: str = ""
    vendor_order_id: str = ""
    additional_data: tuple[DcvData, ...] = ()

    @classmethod
    def from_api(cls, raw: Any) -> Order | None:
        """None when the item has no usable id (it cannot be shown or edited)."""
        item = as_mapping(raw)
        order_id = as_int(item.get("id"))
        if order_id is None:
            return None
        return cls(
            id=order_id,
            common_name=as_str(item.get("common_name")).strip(),
            status=as_str(item.get("status")).strip().upper(),
            product_id=as_int(item.get("product_id")),
            product_name=as_str(item.get("product_name")),
            brand_name=as_str(item.get("brand_name")),
            validation_method=as_str(item.get("validation_method")),
            period=as_int(item.get("period")),
            order_date=as_date(item.get("order_date")),
            active_date=as_date(item.get("active_date")),
            expiration_date=as_date(item.get("expiration_date")),
            order_ends_at=as_date(item.get("order_ends_at")),
            reissue_at=as_date(item.get("reissue_at")),
            autorenew=as_bool(item.get("autorenew")),
            csr=as_str(item.get("csr")),
            certificate=as_str(item.get("certificate")),
            intermediate_certificate=as_str(item.get("intermediate_certificate")),
            root_certificate=as_str(item.get("root_certificate")),
            software=as_str(item.get("software")),
            host_names=_strings(item.get("host_names")),
            domain_validation_methods=tuple(
                m
                for m in map(DcvMethod.from_api, as_list(item.get("domain_validation_methods")))
                if m
            ),
            domain_validation_statuses=DcvStatus.from_api(item.get("domain_validation_statuses")),
            email_approver=as_str(item.get("email_approver")).strip(),
            email_reissue=as_str(item.get("email_reissue")).strip(),
            organization_handle=as_str(item.get("organization_handle")).strip(),
            technical_handle=as_str(item.get("technical_handle")).strip(),
            administrative_handle=as_str(item.get("administrative_handle")).strip(),
            billing_handle=as_str(item.get("billing_handle")).strip(),
            vendor_order_id=as_str(item.get("vendor_order_id")),
            additional_data=tuple(
                d for d in map(DcvData.from_api, as_list(item.get("additional_data"))) if d
            ),
        )

    def dcv_hosts(self) -> list[tuple[str, str]]:
        """(host, method) for each host once: hosts with a method first (API order), then
        the common name and ``host_names`` that have none (method ``""``)."""
        hosts: dict[str, tuple[str, str]] = {}
        for dcv in self.domain_validation_methods:
            hosts.setdefault(dcv.host_name.lower(), (dcv.host_name, dcv.method))
        for host in (self.common_name, *self.host_names):
            if host:
                hosts.setdefault(host.lower(), (host, ""))
        return list(hosts.values())

    def dcv_data_for(self, host: str) -> DcvData | None:
        """The ``additional_data`` entry for a host, matched case-insensitively."""
        wanted = host.lower()
        for data in self.additional_data:
            if data.domain.lower() == wanted:
                return data
        return None


@dataclass(frozen=True, slots=True)
class Software:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Product:
    """An SSL product: what an order may hold (several hosts, wildcards, which software)."""

    id: int
    name: str = ""
    brand_name: str = ""
    category: str = ""
    validation_method: str = ""
    max_period: int | None = None
    number_of_domains: int | None = None
    included_domains_count: int | None = None
    max_domains: int | None = None
    is_wildcard_supported: bool = False
    is_wildcard_multidomain_supported: bool = False
    supported_software: tuple[Software, ...] = ()

    @classmethod
    def from_api(cls, raw: Any) -> Product | None:
        item = as_mapping(raw)
        product_id = as_int(item.get("id"))
        if product_id is None:
            return None
        software = []
        for entry in as_list(item.get("supported_software")):
            sw = as_mapping(entry)
            sw_id = as_str(sw.get("id")).strip() if sw else as_str(entry).strip()
            if sw_id:
                software.append(Software(id=sw_id, title=as_str(sw.get("title")) or sw_id))
        return cls(
            id=product_id,
            name=as_str(item.get("name")),
            brand_name=as_str(item.get("brand_name")),
            category=as_str(item.get("category")),
            validation_method=as_str(item.get("validation_method")),
            max_period=as_int(item.get("max_period")),
            number_of_domains=as_int(item.get("number_of_domains")),
            included_domains_count=as_int(item.get("included_domains_count")),
            max_domains=as_int(item.get("max_domains")),
            is_wildcard_supported=as_bool(item.get("is_wildcard_supported")),
            is_wildcard_multidomain_supported=as_bool(
                item.get("is_wildcard_multidomain_supported")
            ),
            supported_software=tuple(software),
        )

    @property
    def is_multi_domain(self) -> bool:
        """Whether ``host_names`` may be edited: a product that protects more than one host."""
        if self.category == "multi_domain":
            return True
        return (self.max_domains or 0) > 1

    @property
    def is_wildcard(self) -> bool:
        return self.is_wildcard_supported or self.included_domains_count == -1


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list call; ``total`` counts every match, not just this page.

    ``unreadable``: where in the page the API sent items that could not be read (no id);
    they are left out of ``results``, and their positions are kept here.
    """

    results: tuple[T, ...]
    total: int
    unreadable: tuple[int, ...] = ()

    def in_place(self) -> list[T | None]:
        """The page as the API sent it: None where an item could not be read."""
        found = iter(self.results)
        size = len(self.results) + len(self.unreadable)
        return [None if i in self.unreadable else next(found) for i in range(size)]


@dataclass(frozen=True, slots=True)
class ApiResult(Generic[T]):
    """A successful answer: the parsed ``data`` plus what the envelope said beside it."""

    data: T
    warnings: tuple[ApiWarning, ...] = ()
    maintenance: bool = False


def parse_warnings(raw: Any) -> tuple[ApiWarning, ...]:
    items: Iterable[Any] = as_list(raw) if not isinstance(raw, Mapping) else [raw]
    return tuple(ApiWarning.from_api(w) for w in items if w not in (None, ""))
