"""What ``PUT /ssl/orders/{id}`` may change in each order status (from the help centre)."""

from __future__ import annotations

from collections.abc import Iterable

STATUS_WORDS: dict[str, str] = {
    "PAI": "paid",
    "REQ": "requested",
    "ACT": "active",
    "REJ": "cancelling",
    "FAI": "failed",
    "EXP": "expired",
}

STATUS_MEANINGS: dict[str, str] = {
    "PAI": "Paid, not yet sent to the CA: every detail can still change",
    "REQ": "At the CA, waiting for domain validation",
    "ACT": "Issued and active",
    "REJ": "Cancel requested, waiting for the CA to confirm",
    "FAI": "Closed: cancelled, rejected or revoked at the CA",
    "EXP": "Expired",
}

# Request names (input side). Orders carry ``email_approver`` and ``software`` instead.
CSR = "csr"
ORGANIZATION_HANDLE = "organization_handle"
TECHNICAL_HANDLE = "technical_handle"
APPROVER_EMAIL = "approver_email"
HOST_NAMES = "host_names"
SOFTWARE_ID = "software_id"
DCV_METHODS = "domain_validation_methods"
AUTORENEW = "autorenew"
START_PROVISION = "start_provision"
ENABLE_DNS_AUTOMATION = "enable_dns_automation"

FIELD_LABELS: dict[str, str] = {
    CSR: "CSR",
    ORGANIZATION_HANDLE: "organization handle",
    TECHNICAL_HANDLE: "technical handle",
    APPROVER_EMAIL: "approver email",
    HOST_NAMES: "host names",
    SOFTWARE_ID: "software",
    DCV_METHODS: "DCV methods",
    AUTORENEW: "autorenew",
    START_PROVISION: "start provision",
    ENABLE_DNS_AUTOMATION: "DNS automation",
}

UPDATE_FIELDS: frozenset[str] = frozenset(FIELD_LABELS) | {"signature_hash_algorithm"}

_EDITABLE: dict[str, frozenset[str]] = {
    "PAI": frozenset(
        {
            CSR,
            ORGANIZATION_HANDLE,
            TECHNICAL_HANDLE,
            APPROVER_EMAIL,
            HOST_NAMES,
            SOFTWARE_ID,
            DCV_METHODS,
            AUTORENEW,
            START_PROVISION,
            ENABLE_DNS_AUTOMATION,
        }
    ),
    "REQ": frozenset({DCV_METHODS, AUTORENEW, ENABLE_DNS_AUTOMATION}),
    "ACT": frozenset({AUTORENEW}),
}

_SUMMARY: dict[str, str] = {
    "REQ": "only DCV methods and autorenew can change",
    "ACT": "only autorenew can change",
}


def is_read_only(status: str) -> bool:
    """REJ, FAI, EXP (and anything unknown) allow no change at all."""
    return status not in _EDITABLE


def editable_fields(status: str) -> frozenset[str]:
    return _EDITABLE.get(status, frozenset())


def can_change(status: str, field: str, *, multi_domain: bool = True) -> bool:
    if field == HOST_NAMES and not multi_domain:
        return False
    return field in editable_fields(status)


def locked_reason(status: str, field: str, *, multi_domain: bool = True) -> str | None:
    """Why a field is locked, in words for the form; None when it may change."""
    if can_change(status, field, multi_domain=multi_domain):
        return None
    if is_read_only(status):
        meaning = STATUS_MEANINGS.get(status, "unknown status")
        # Lower only the first letter: "at the CA" must stay "CA".
        return f"{status or '?'}: {meaning[:1].lower()}{meaning[1:]}; nothing can change"
    if field == APPROVER_EMAIL and status == "REQ":
        return "REQ: the approver email changes through its own call (change / resend)"
    if field == HOST_NAMES and not multi_domain and status == "PAI":
        return "Only multi-domain products take extra host names"
    return f"{status}: {_SUMMARY.get(status, 'this field cannot change')}"


def approver_email_route(status: str) -> str | None:
    """How the approver email changes: in the order update (PAI), its own call (REQ), or not."""
    if status == "PAI":
        return "order"
    if status == "REQ":
        return "approver-email"
    return None


def refused_fields(status: str, fields: Iterable[str], *, multi_domain: bool = True) -> list[str]:
    """The fields of a request that this status does not accept, in the order given."""
    return [f for f in fields if not can_change(status, f, multi_domain=multi_domain)]
