"""The JSON the commands print: one place, so ``docs/json.md`` has one thing to match.

Every document carries ``"version": 1``. Within a version, fields are only ever added,
never renamed, removed or retyped (docs/json.md says so, and a test compares the
documented shapes with real output). Field names are the API's output names; dates are
ISO 8601 without a zone, on the API's clock, as the API gives them; unset is ``null``.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from tui_app.api.errors import ApiError, OpsslApiError
from tui_app.api.models import ApiWarning, DcvData, Order

VERSION = 1


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def order_summary(order: Order) -> dict[str, Any]:
    """An order as ``orders list --json`` prints it: everything but the PEMs and DCV data."""
    status = order.domain_validation_statuses
    return {
        "id": order.id,
        "common_name": order.common_name,
        "status": order.status,
        "product_id": order.product_id,
        "product_name": order.product_name,
        "brand_name": order.brand_name,
        "validation_method": order.validation_method,
        "period": order.period,
        "order_date": iso(order.order_date),
        "active_date": iso(order.active_date),
        "expiration_date": iso(order.expiration_date),
        "order_ends_at": iso(order.order_ends_at),
        "reissue_at": iso(order.reissue_at),
        "autorenew": order.autorenew,
        "software": order.software,
        "host_names": list(order.host_names),
        "domain_validation_methods": [m.to_api() for m in order.domain_validation_methods],
        "domain_validation_statuses": {
            "status": status.status,
            "ca_status": status.ca_status,
            "ca_order_status": status.ca_order_status,
            "ca_operation": status.ca_operation,
        },
        "email_approver": order.email_approver,
        "organization_handle": order.organization_handle,
        "technical_handle": order.technical_handle,
        "administrative_handle": order.administrative_handle,
        "billing_handle": order.billing_handle,
        "vendor_order_id": order.vendor_order_id,
    }


def dcv_data(data: DcvData) -> dict[str, str]:
    return {f.name: getattr(data, f.name) for f in fields(data)}


def order_detail(order: Order) -> dict[str, Any]:
    """An order as ``orders show --json`` prints it: the summary plus CSR, certificate and
    ``additional_data`` (what to publish for DCV, exactly as the API sent it)."""
    return {
        **order_summary(order),
        "email_reissue": order.email_reissue,
        "csr": order.csr,
        "certificate": order.certificate,
        "additional_data": [dcv_data(d) for d in order.additional_data],
    }


def warning(item: ApiWarning) -> dict[str, Any]:
    return {"code": item.code, "desc": item.desc, "data": item.data}


def error(exc: OpsslApiError) -> dict[str, Any]:
    """An API refusal as its ``code`` and ``desc``; no answer at all has ``code`` null."""
    if isinstance(exc, ApiError):
        return {"code": exc.code, "desc": exc.desc, "message": exc.message}
    return {"code": None, "desc": "", "message": exc.message}
