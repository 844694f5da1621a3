"""Openprovider REST client: typed models and one error hierarchy. No UI imports here."""

from tui_app.api.client import (
    ORDER_FIELDS,
    PRODUCTION_URL,
    TEST_URL,
    OpenproviderClient,
    is_loopback_host,
    normalize_base_url,
)
from tui_app.api.errors import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    ConnectionFailed,
    InsecureURLError,
    OpsslApiError,
    ProtocolError,
    RateLimitError,
    RequestTimeout,
    TransportError,
)
from tui_app.api.models import (
    ApiResult,
    ApiWarning,
    DcvData,
    DcvMethod,
    Order,
    Page,
    Product,
)

__all__ = [
    "ORDER_FIELDS",
    "PRODUCTION_URL",
    "TEST_URL",
    "AccessDeniedError",
    "ApiError",
    "ApiResult",
    "ApiWarning",
    "AuthenticationError",
    "ConnectionFailed",
    "DcvData",
    "DcvMethod",
    "InsecureURLError",
    "OpenproviderClient",
    "OpsslApiError",
    "Order",
    "Page",
    "Product",
    "ProtocolError",
    "RateLimitError",
    "RequestTimeout",
    "TransportError",
    "is_loopback_host",
    "normalize_base_url",
]
