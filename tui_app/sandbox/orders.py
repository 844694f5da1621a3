"""The sandbox's order record and how it renders as the API's order object."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography import x509

from tui_app.formats.csr_parse import decode_csr
from tui_app.sandbox.api_rules import dcv_hosts
from tui_app.sandbox.ca import PublicKey, authority, issue_leaf
from tui_app.sandbox.csr_cache import CsrMaker
from tui_app.sandbox.keys import make_csr, private_key
from tui_app.sandbox.products import ProductSpec

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def uuid_text(number: int) -> str:
    """``str(uuid.UUID(int=number))``: ``uuid`` imports ``platform``, ~2 ms before the
    demo's first page."""
    h = f"{number:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def fmt_date(value: datetime | None) -> str:
    """The API's date format; unset dates are ``""`` as in the real API."""
    return value.strftime(DATE_FORMAT) if value else ""


def bare_domain(host: str) -> str:
    return host[2:] if host.startswith("*.") else host


@dataclass
class StoredOrder:
    id: int
    product: ProductSpec
    status: str
    common_name: str
    csr_sans: tuple[str, ...]
    host_names: list[str]
    dcv: dict[str, str]
    organization: str
    key_kind: str = "ec256"
    key_index: int = 0
    email_approver: str = ""
    organization_handle: str = ""
    technical_handle: str = ""
    administrative_handle: str = ""
    billing_handle: str = ""
    software: str = "linux"
    autorenew: bool = False
    period: int = 1
    order_date: datetime | None = None
    active_date: datetime | None = None
    expiration_date: datetime | None = None
    order_ends_at: datetime | None = None
    reissue_at: datetime | None = None
    dcv_generation: dict[str, int] = field(default_factory=dict)
    issue_count: int = 0  # certificates issued after the seeded one (reissue, renewal)
    csr_given: bool = False  # the CSR came in a request: its key is not a derived one
    # ``keys.make_csr``, or the demo's ``CsrCache.make_csr`` (the same bytes, read back).
    csr_maker: CsrMaker = field(default=make_csr, repr=False, compare=False)
    _csr: str | None = None
    _der: bytes | None = None
    _certificate: str | None = None

    # -- CSR ----------------------------------------------------------------------

    @property
    def csr(self) -> str:
        """The CSR, made on first use: seeding 10,000 orders must not sign 10,000 CSRs."""
        if self._csr is None:
            self._csr, self._der = self.csr_maker(
                self.common_name, self.csr_sans, self.organization, self.key_kind, self.key_index
            )
        return self._csr

    @property
    def der(self) -> bytes:
        if self._der is None:
            self._der = decode_csr(self.csr).der
        return self._der

    def use_csr(self, text: str, der: bytes, common_name: str, sans: tuple[str, ...]) -> None:
        """A CSR from a request: its hosts become the order's, its key the next certificate's."""
        self._csr, self._der, self._certificate = text, der, None
        self.csr_given = True
        self.common_name = common_name
        self.csr_sans = tuple(s for s in sans if s != common_name)

    @property
    def hosts(self) -> tuple[str, ...]:
        return dcv_hosts(self.common_name, self.csr_sans, self.host_names)

    # -- DCV data -----------------------------------------------------------------

    def regenerate_dcv(self, host: str) -> None:
        """A new unique value for a host, as the CA issues on every method change."""
        self.dcv_generation[host] = self.dcv_generation.get(host, 0) + 1

    def dcv_data(self, host: str) -> dict[str, Any]:
        """The host's ``additional_data`` entry (also what the DCV servers publish)."""
        der = self.der
        md5 = hashlib.md5(der).hexdigest()
        sha1 = hashlib.sha1(der).hexdigest()
        sha256 = hashlib.sha256(der).hexdigest()
        generation = self.dcv_generation.get(host, 0)
        unique = hashlib.sha256(f"{self.id}:{host}:{generation}".encode()).hexdigest()[:16]
        domain = bare_domain(host)
        method = self.dcv.get(host, "")
        scheme = "https" if method == "https" else "http"
        file_name = f"{md5.upper()}.txt"
        return {
            "domain": host,
            "dns_record": f"_{md5}.{domain}",
            "dns_value": f"{sha256[:32]}.{sha256[32:]}.{unique}.sectigo.com",
            "file_location": f"{domain}/.well-known/pki-validation/{file_name}",
            "file_contents": f"{sha256}\nsectigo.com\n{unique}",
            "file_name": file_name,
            "file_content": f"{sha256}\nsectigo.com\n{unique}",
            "url": f"{scheme}://{domain}/.well-known/pki-validation/{file_name}",
            "md5": md5,
            "sha1": sha1,
            "sha256": sha256,
            "dns": "",
            "token": unique,
        }

    # -- rendering ----------------------------------------------------------------

    @property
    def certificate(self) -> str:
        """The leaf the sandbox CA issued, made on first read (seeding signs nothing)."""
        if self.status not in ("ACT", "EXP") or not self.active_date or not self.expiration_date:
            return ""
        if self._certificate is None:
            self._certificate = issue_leaf(
                self.common_name,
                self.hosts[1:],  # the CSR's SANs and the order's host names
                self.organization,
                self._public_key(),
                (self.active_date, self.expiration_date),
                (self.id << 16) + self.issue_count,
            )
        return self._certificate

    def _public_key(self) -> PublicKey:
        if self.csr_given:
            return x509.load_pem_x509_csr(self.csr.encode("ascii")).public_key()
        return private_key(self.key_kind, self.key_index).public_key()

    def new_certificate(self) -> None:
        """The CA issues again (reissue done, renewal): the next read makes a new leaf."""
        self.issue_count += 1
        self._certificate = None

    def validation_status(self) -> dict[str, str]:
        if self.status == "PAI":
            return {"ca_operation": "", "ca_order_status": "", "ca_status": "", "status": "open"}
        if self.status == "REQ":
            return {
                "ca_operation": "request",
                "ca_order_status": "in_progress",
                "ca_status": "requested",
                "status": "open",
            }
        if self.status == "ACT":
            return {
                "ca_operation": "request",
                "ca_order_status": "completed",
                "ca_status": "issued",
                "status": "closed",
            }
        return {
            "ca_operation": "",
            "ca_order_status": "closed",
            "ca_status": "",
            "status": "closed",
        }

    def to_api(self) -> dict[str, Any]:
        hosts = self.hosts
        issued = self.status in ("ACT", "EXP")
        product = self.product
        certificate = self.certificate
        ca = authority() if certificate else None
        return {
            "id": self.id,
            "common_name": self.common_name,
            "status": self.status,
            "product_id": product.id,
            "product_name": product.name,
            "brand_name": product.brand_name,
            "validation_method": product.validation_method,
            "period": self.period,
            "order_date": fmt_date(self.order_date),
            "active_date": fmt_date(self.active_date),
            "expiration_date": fmt_date(self.expiration_date),
            "order_ends_at": fmt_date(self.order_ends_at),
            "reissue_at": fmt_date(self.reissue_at),
            "autorenew": "on" if self.autorenew else "off",
            "csr": self.csr,
            "certificate": certificate,
            "intermediate_certificate": ca.intermediates_pem if ca else "",
            "root_certificate": ca.root_pem if ca else "",
            "software": self.software,
            "host_names": list(self.host_names),
            "domain_validation_methods": [
                {"host_name": h, "method": self.dcv[h]} for h in hosts if h in self.dcv
            ],
            "domain_validation_statuses": self.validation_status(),
            "email_approver": self.email_approver,
            "email_reissue": self.email_approver if issued else "",
            "organization_handle": self.organization_handle,
            "technical_handle": self.technical_handle,
            "administrative_handle": self.administrative_handle,
            "billing_handle": self.billing_handle,
            "features": "",
            "options": {"features": ""},
            "sslinhva_order_id": uuid_text(self.id),
            "vendor_order_id": str(40_000_000 + self.id) if self.status != "PAI" else "",
            "vendor_reference_id": str(90_000_000 + self.id) if self.status != "PAI" else "",
            "additional_data": [self.dcv_data(h) for h in hosts],
        }
