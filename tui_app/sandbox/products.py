"""The sandbox's product catalogue: single-host, multi-domain and wildcard products."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SOFTWARE = ({"id": "linux", "title": "Linux"}, {"id": "windows", "title": "Windows"})


@dataclass(frozen=True, slots=True)
class ProductSpec:
    id: int
    name: str
    brand_name: str
    category: str
    validation_method: str
    max_domains: int
    included_domains_count: int
    wildcard: bool = False
    wildcard_multidomain: bool = False
    seqno: int = 0

    @property
    def multi_domain(self) -> bool:
        return self.max_domains > 1

    def to_api(self, *, with_software: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "brand_name": self.brand_name,
            "category": self.category,
            "sub_category": self.category,
            "validation_method": self.validation_method,
            "delivery_time": "10m" if self.validation_method == "domain" else "within 3 days",
            "encryption": "40/256 bits",
            "root": "Chained root",
            "free_refund_period": "30d",
            "free_reissue_period": "lifetime",
            "max_period": 2,
            "number_of_domains": max(self.included_domains_count, 1),
            "included_domains_count": self.included_domains_count,
            "max_domains": self.max_domains,
            "order_module": "comodo",
            "is_extended_validation_supported": self.validation_method == "extended",
            "is_idn_supported": True,
            "is_wildcard_supported": self.wildcard,
            "is_wildcard_multidomain_supported": self.wildcard_multidomain,
            "warranty": {
                "product": {"currency": "USD", "price": 10000.0},
                "reseller": {"currency": "EUR", "price": 9200.0},
            },
        }
        if with_software:
            data["supported_software"] = [dict(s) for s in SOFTWARE]
        return data


PRODUCTS: tuple[ProductSpec, ...] = (
    ProductSpec(5, "RapidSSL", "RapidSSL", "domain_validation", "domain", 1, 1, seqno=1),
    ProductSpec(31, "EssentialSSL", "Sectigo", "domain_validation", "domain", 1, 1, seqno=2),
    ProductSpec(40, "PositiveSSL", "Sectigo", "domain_validation", "domain", 1, 1, seqno=3),
    ProductSpec(
        41,
        "PositiveSSL Wildcard",
        "Sectigo",
        "domain_validation",
        "domain",
        1,
        -1,
        wildcard=True,
        seqno=4,
    ),
    ProductSpec(
        42,
        "EssentialSSL Wildcard",
        "Sectigo",
        "domain_validation",
        "domain",
        1,
        -1,
        wildcard=True,
        seqno=5,
    ),
    ProductSpec(
        43, "PositiveSSL Multi-Domain", "Sectigo", "multi_domain", "domain", 250, 3, seqno=6
    ),
    ProductSpec(
        45,
        "Multi-Domain Wildcard SSL",
        "Sectigo",
        "multi_domain",
        "domain",
        250,
        3,
        wildcard=True,
        wildcard_multidomain=True,
        seqno=7,
    ),
    ProductSpec(
        44, "InstantSSL", "Sectigo", "organization_validation", "organization", 1, 1, seqno=8
    ),
    ProductSpec(24, "EV SSL", "Sectigo", "extended_validation", "extended", 1, 1, seqno=9),
    ProductSpec(33, "EV SSL Multi-Domain", "Sectigo", "multi_domain", "extended", 250, 3, seqno=10),
)

BY_ID: dict[int, ProductSpec] = {p.id: p for p in PRODUCTS}
SINGLE = tuple(p for p in PRODUCTS if not p.multi_domain and not p.wildcard)
WILDCARD = tuple(p for p in PRODUCTS if p.wildcard and not p.multi_domain)
MULTI = tuple(p for p in PRODUCTS if p.multi_domain)
