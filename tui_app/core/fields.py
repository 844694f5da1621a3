"""Every order field once: its names, label, kind of value, and which write takes it when.

The API reads a field under one name and takes it under another (an order carries
``email_approver`` and ``software``; requests send ``approver_email`` and
``software_id``). Each ``Field`` says both, how its value behaves (``core.field_values``)
and which ``Operation`` (``PUT /ssl/orders/{id}``, the approver call, the reissue) takes
it in which order status. A ``Form`` is a set of fields sent by one main operation, plus
side calls for fields the main one cannot take in a status (the REQ approver).

Drafts, checks, the minimal request, the review's lines, locked fields, rebase and the
forms all read this table, and ``lock_reason`` is the one rule for what may change. A
new field is one entry here, plus its ``OrderDraft`` attribute and its widget; a new
form over some of the fields (the reissue) is one ``Form``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_app.api.models import Order, Product
from tui_app.core.field_values import (
    EMAIL,
    HANDLE,
    SOFTWARE,
    Action,
    Csr,
    DcvRows,
    HostList,
    OnOff,
    ValueKind,
)
from tui_app.core.statuses import meaning_in_sentence

PAI, REQ, ACT = "PAI", "REQ", "ACT"

# Request (input) names.
CSR = "csr"
ORGANIZATION_HANDLE = "organization_handle"
TECHNICAL_HANDLE = "technical_handle"
APPROVER_EMAIL = "approver_email"
HOST_NAMES = "host_names"
SOFTWARE_ID = "software_id"
DCV_METHODS = "domain_validation_methods"
AUTORENEW = "autorenew"
START_PROVISION = "start_provision"
# Taken by the API, offered by no form: DNS automation, and a deprecated field.
ENABLE_DNS_AUTOMATION = "enable_dns_automation"
SIGNATURE_HASH_ALGORITHM = "signature_hash_algorithm"


@dataclass(frozen=True, slots=True, eq=False)
class Operation:
    """One API write that carries order fields.

    ``through``: how a lock reason names this call when another form's field goes
    through it. ``review_note``: what the review adds to a field this call sends.
    ``extra``: request fields no form offers, with the statuses that take them.
    """

    name: str
    method: str
    path: str
    through: str = ""
    review_note: str = ""
    extra: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def url(self, order_id: int) -> str:
        return self.path.format(id=int(order_id))

    def takes(self, name: str, status: str, *, multi_domain: bool = True) -> bool:
        """Whether this call accepts the request field ``name`` for an order in ``status``."""
        entry = BY_NAME.get(name)
        if entry is None:
            return status in self.extra.get(name, frozenset())
        return entry.taken_by(self, status, multi_domain=multi_domain)

    def names(self, status: str | None = None) -> frozenset[str]:
        """The request fields it takes (in ``status``, or in any status), extras included."""
        names = {f.name for f in FIELDS if self in f.takes} | set(self.extra)
        if status is None:
            return frozenset(names)
        return frozenset(n for n in names if self.takes(n, status))


UPDATE = Operation(
    "update",
    "PUT",
    "/ssl/orders/{id}",
    extra={ENABLE_DNS_AUTOMATION: frozenset({PAI, REQ}), SIGNATURE_HASH_ALGORITHM: frozenset()},
)
APPROVER_CALL = Operation(
    "approver-email",
    "PUT",
    "/ssl/orders/{id}/approver-email",
    through="its own call (change / resend)",
    review_note="the CA mails the new address",
)
REISSUE = Operation(
    "reissue",
    "POST",
    "/ssl/orders/{id}/reissue",
    extra={ENABLE_DNS_AUTOMATION: frozenset({ACT}), SIGNATURE_HASH_ALGORITHM: frozenset()},
)
OPERATIONS = (UPDATE, APPROVER_CALL, REISSUE)


@dataclass(frozen=True, slots=True, eq=False)
class Field:
    """One order field. ``output``: the order's name for it ("" when orders lack it);
    ``attr``: the ``OrderDraft`` attribute; ``takes``: operation -> statuses."""

    name: str
    output: str
    label: str
    attr: str
    kind: ValueKind
    takes: Mapping[Operation, frozenset[str]]
    multi_domain_only: bool = False

    def taken_by(self, operation: Operation, status: str, *, multi_domain: bool = True) -> bool:
        if self.multi_domain_only and not multi_domain:
            return False
        return status in self.takes.get(operation, frozenset())

    def read(self, order: Order) -> Any:
        return self.kind.read(order, self.output)


def _statuses(*names: str) -> frozenset[str]:
    return frozenset(names)


# In form order: the request body, the review and the locked list follow it.
FIELDS: tuple[Field, ...] = (
    Field(CSR, "csr", "CSR", "csr", Csr(), {UPDATE: _statuses(PAI), REISSUE: _statuses(ACT)}),
    Field(
        ORGANIZATION_HANDLE,
        "organization_handle",
        "organization handle",
        "organization_handle",
        HANDLE,
        {UPDATE: _statuses(PAI), REISSUE: _statuses(ACT)},
    ),
    Field(
        TECHNICAL_HANDLE,
        "technical_handle",
        "technical handle",
        "technical_handle",
        HANDLE,
        {UPDATE: _statuses(PAI)},
    ),
    Field(
        APPROVER_EMAIL,
        "email_approver",
        "approver email",
        "approver_email",
        EMAIL,
        {UPDATE: _statuses(PAI), APPROVER_CALL: _statuses(REQ), REISSUE: _statuses(ACT)},
    ),
    Field(
        HOST_NAMES,
        "host_names",
        "host names",
        "host_names",
        HostList(),
        {UPDATE: _statuses(PAI), REISSUE: _statuses(ACT)},
        multi_domain_only=True,
    ),
    Field(
        SOFTWARE_ID,
        "software",
        "software",
        "software_id",
        SOFTWARE,
        {UPDATE: _statuses(PAI), REISSUE: _statuses(ACT)},
    ),
    Field(
        DCV_METHODS,
        "domain_validation_methods",
        "DCV methods",
        "dcv",
        DcvRows(),
        {UPDATE: _statuses(PAI, REQ), REISSUE: _statuses(ACT)},
    ),
    Field(
        AUTORENEW,
        "autorenew",
        "autorenew",
        "autorenew",
        OnOff(),
        {UPDATE: _statuses(PAI, REQ, ACT)},
    ),
    Field(
        START_PROVISION,
        "",
        "start provision",
        "start_provision",
        Action("yes: the order goes to the CA"),
        {UPDATE: _statuses(PAI)},
    ),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
FIELD_NAMES: tuple[str, ...] = tuple(BY_NAME)
FIELD_LABELS: dict[str, str] = {f.name: f.label for f in FIELDS}
# Every field ``PUT /ssl/orders/{id}`` knows, in any status (the deprecated one too).
UPDATE_FIELDS: frozenset[str] = UPDATE.names()


def label_of(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def and_list(words: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(words)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


@dataclass(frozen=True, slots=True, eq=False)
class Form:
    """Fields edited together and the writes that send them: ``side`` calls first (for
    fields ``main`` cannot take in a status), then ``main``. ``required``: fields sent
    even unchanged (a reissue needs its CSR). ``closed``: what a lock reason says in a
    status where the form can change nothing."""

    name: str
    main: Operation
    side: tuple[Operation, ...] = ()
    required: tuple[str, ...] = ()
    closed: str = "nothing can change"

    @property
    def operations(self) -> tuple[Operation, ...]:
        return (*self.side, self.main)

    @property
    def fields(self) -> tuple[Field, ...]:
        """The registry's fields any of its operations takes, in form order."""
        return tuple(f for f in FIELDS if any(op in f.takes for op in self.operations))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def route(self, name: str, status: str, *, multi_domain: bool = True) -> Operation | None:
        """The call that sends ``name`` for an order in ``status``; None when none may."""
        for operation in self.operations:
            if operation.takes(name, status, multi_domain=multi_domain):
                return operation
        return None

    def open_in(self, status: str) -> bool:
        """Whether anything at all can change through this form in ``status``."""
        return any(self.route(f.name, status) for f in self.fields)

    def summary(self, status: str) -> str:
        """``only DCV methods and autorenew can change``: what the main call takes."""
        labels = [f.label for f in self.fields if self.main.takes(f.name, status)]
        if not labels:
            return "this field cannot change"
        return f"only {and_list(labels)} can change"


# The edit form: PUT /ssl/orders/{id}, and the approver's own call in REQ (sent first, so
# rows switched to email in the same send already have the new approver).
EDIT = Form("edit", UPDATE, side=(APPROVER_CALL,))
# What a PUT /ssl/orders/{id} alone may carry.
UPDATE_ALONE = Form("order update", UPDATE)
# A reissue: a new CSR (always sent) and what goes with it, for an ACT order (-> REQ).
REISSUE_FORM = Form("reissue", REISSUE, required=(CSR,), closed="only an ACT order can be reissued")


def is_multi_domain(order: Order, product: Product | None) -> bool:
    """Ask the product; without it only an order that already has host names counts."""
    if product is not None:
        return product.is_multi_domain
    return bool(order.host_names)


def lock_reason(
    status: str, name: str, *, form: Form = EDIT, multi_domain: bool = True
) -> str | None:
    """Why ``form`` cannot change the field ``name`` of an order in ``status``, in words
    for the form; None when it can. The one rule: the form, the checks, the request, the
    locked list and rebase all ask it."""
    if form.route(name, status, multi_domain=multi_domain) is not None:
        return None
    if not form.open_in(status):
        return f"{status or '?'}: {meaning_in_sentence(status)}; {form.closed}"
    entry = BY_NAME.get(name)
    if entry is not None and entry.multi_domain_only and form.route(name, status):
        return "Only multi-domain products take extra host names"
    for operation in OPERATIONS:
        elsewhere = operation.through and operation not in form.operations
        if elsewhere and operation.takes(name, status):
            return f"{status}: the {label_of(name)} changes through {operation.through}"
    return f"{status}: {form.summary(status)}"


def is_read_only(status: str) -> bool:
    """REJ, FAI, EXP (and anything unknown): the edit form can change nothing."""
    return not EDIT.open_in(status)


def refused_fields(
    status: str, names: Iterable[str], *, form: Form = UPDATE_ALONE, multi_domain: bool = True
) -> list[str]:
    """The fields of a request that ``form`` may not send in ``status``, in the order given."""
    return [n for n in names if form.route(n, status, multi_domain=multi_domain) is None]
