"""Property-based tests: random edits of realistic seeded orders.

The edits are what a user can do in the form (and some they should not be able to);
the properties are what must hold for every one of them.
"""

from __future__ import annotations

from dataclasses import replace

from cryptography import x509
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tui_app.api.models import Order
from tui_app.core.changes import compute_changes
from tui_app.core.dcv_rules import METHODS, reconcile
from tui_app.core.diff_lines import draft_diff_lines
from tui_app.core.draft import OrderDraft, draft_from_order
from tui_app.core.draft_checks import FieldError, check_draft
from tui_app.core.fields import APPROVER_CALL, APPROVER_EMAIL, EDIT, UPDATE
from tui_app.core.host_set import draft_host_set, follow_hosts
from tui_app.core.request_plan import LockedFieldChange, RequestPlan, plan_requests
from tui_app.sandbox.store import approver_candidates

from .factories import (
    cosmetic_variant,
    make_csr,
    product_of,
    seeded_orders,
)

SEEDED_COUNT = 40
SUBS = ("www", "api", "shop", "mail", "vpn")
HEAVY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def bare(host: str) -> str:
    return host.removeprefix("*.")


def test_the_seeded_account_has_the_expected_size() -> None:
    assert len(seeded_orders()) == SEEDED_COUNT


@st.composite
def cosmetic(draw: st.DrawFn) -> tuple[Order, OrderDraft]:
    """An order and its untouched draft, retyped field by field at random."""
    order = seeded_orders()[draw(st.integers(0, SEEDED_COUNT - 1))]
    draft = draft_from_order(order)
    variant = cosmetic_variant(draft)
    names = (
        "csr",
        "organization_handle",
        "technical_handle",
        "approver_email",
        "host_names",
        "software_id",
        "dcv",
    )
    chosen = draw(st.sets(st.sampled_from(names)))
    return order, replace(draft, **{n: getattr(variant, n) for n in chosen})


@st.composite
def edited(draw: st.DrawFn) -> tuple[Order, OrderDraft]:
    """An order and a draft after random form edits (valid or not)."""
    order = seeded_orders()[draw(st.integers(0, SEEDED_COUNT - 1))]
    draft = draft_from_order(order)
    domain = bare(order.common_name)
    pool = (domain, *(f"{s}.{domain}" for s in SUBS), f"*.{domain}", "extra.example.org")
    if draw(st.booleans()):
        draft = replace(draft, autorenew=not draft.autorenew)
    if draw(st.booleans()):
        handles = ("AB123456-NL", " cd654321-de ", "AB1-NL", draft.organization_handle.lower())
        draft = replace(draft, organization_handle=draw(st.sampled_from(handles)))
    if draw(st.booleans()):
        emails = (*approver_candidates(domain)[:3], "", "ceo@example.org", "not-an-address")
        draft = replace(draft, approver_email=draw(st.sampled_from(emails)))
    if draw(st.booleans()):
        draft = replace(draft, software_id=draw(st.sampled_from(("linux", "windows", "solaris"))))
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(pool), max_size=4))
        draft = replace(draft, host_names=tuple(names))
    if draw(st.booleans()):
        choice = draw(st.sampled_from(("new", "new", "garbage", "retyped")))
        if choice == "new":
            cn = draw(st.sampled_from((domain, f"www.{domain}", f"*.{domain}")))
            sans = tuple(draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)))
            kind = draw(st.sampled_from(("ec256", "ec256", "rsa2048")))
            draft = replace(draft, csr=make_csr(cn, sans, kind))
        elif choice == "garbage":
            draft = replace(draft, csr=draw(st.sampled_from(("", "garbage", draft.csr[:200]))))
        else:
            draft = replace(draft, csr=cosmetic_variant(draft).csr)
    if draw(st.booleans()):
        draft = follow_hosts(order, draft, draw(st.sampled_from((None, *METHODS)))).draft
    if draw(st.booleans()) and draft.dcv:
        for index in draw(st.sets(st.integers(0, len(draft.dcv) - 1))):
            host = draft.dcv[index][0]
            draft = draft.with_method(host, draw(st.sampled_from(METHODS)))
    draft = replace(draft, start_provision=draw(st.booleans()))
    return order, draft


@st.composite
def plausible(draw: st.DrawFn) -> tuple[Order, OrderDraft]:
    """Edits a careful user makes in PAI or REQ: only allowed fields, valid values."""
    order = draw(st.sampled_from([o for o in seeded_orders() if o.status in ("PAI", "REQ")]))
    product = product_of(order)
    draft = draft_from_order(order)
    domain = bare(order.common_name)
    approvers = approver_candidates(order.common_name)
    wildcard_ok = product.is_wildcard or product.is_wildcard_multidomain_supported
    pool = [f"{s}.{domain}" for s in SUBS] + (["*." + domain] if wildcard_ok else [])
    if draw(st.booleans()):
        draft = replace(draft, autorenew=not draft.autorenew)
    if draw(st.booleans()):
        draft = replace(draft, approver_email=draw(st.sampled_from(approvers)))
    if order.status == "PAI":
        if draw(st.booleans()):
            cn = draw(st.sampled_from((f"*.{domain}", domain) if wildcard_ok else (domain,)))
            sans = (
                ()
                if not product.is_multi_domain
                else tuple(draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)))
            )
            draft = replace(
                draft, csr=make_csr(cn, sans, draw(st.sampled_from(("ec256", "rsa2048"))))
            )
        if product.is_multi_domain and draw(st.booleans()):
            extra = ("extra.example.org", "b.example.net", *pool)
            draft = replace(
                draft,
                host_names=tuple(draw(st.lists(st.sampled_from(extra), max_size=3, unique=True))),
            )
        if draw(st.booleans()):
            draft = replace(
                draft, technical_handle=draw(st.sampled_from(("AB123456-NL", "zz 000001-de")))
            )
        if draw(st.booleans()):
            draft = replace(draft, software_id=draw(st.sampled_from(("linux", "windows"))))
        draft = replace(draft, start_provision=draw(st.booleans()))
    draft = follow_hosts(order, draft).draft
    for host, _ in draft.dcv:
        if draw(st.booleans()):
            usable = [m for m in METHODS if not (host.startswith("*.") and m in ("http", "https"))]
            if not draft.approver_email:
                usable.remove("email")
            draft = draft.with_method(host, draw(st.sampled_from(usable)))
    return order, draft


@st.composite
def switched(draw: st.DrawFn) -> tuple[Order, OrderDraft]:
    """The most common edit: DCV methods switched, any method on any row (wildcards too)."""
    editable = [o for o in seeded_orders() if o.status in ("PAI", "REQ")]
    order = draw(st.sampled_from(editable))
    draft = draft_from_order(order)
    for host, _ in draft.dcv:
        draft = draft.with_method(host, draw(st.sampled_from(METHODS)))
    return order, draft


@st.composite
def one_change(draw: st.DrawFn) -> tuple[Order, OrderDraft]:
    """One field of any order given a valid new value, whether its status allows it or not:
    the status rules decide, and the API's table checks them."""
    order = draw(st.sampled_from(seeded_orders()))
    draft = draft_from_order(order)
    domain = bare(order.common_name)
    change = draw(
        st.sampled_from(("autorenew", "software", "handle", "approver", "csr", "host_names"))
    )
    if change == "autorenew":
        draft = replace(draft, autorenew=not draft.autorenew)
    elif change == "software":
        other = "windows" if draft.software_id == "linux" else "linux"
        draft = replace(draft, software_id=other)
    elif change == "handle":
        draft = replace(draft, technical_handle="AB123456-NL")
    elif change == "approver":
        draft = replace(draft, approver_email=draw(st.sampled_from(approver_candidates(domain))))
    elif change == "csr":
        draft = follow_hosts(order, replace(draft, csr=make_csr(order.common_name))).draft
    else:
        names = (*draft.host_names, f"shop.{domain}")
        draft = follow_hosts(order, replace(draft, host_names=names)).draft
    return order, draft


def check(order: Order, draft: OrderDraft) -> tuple[FieldError, ...]:
    options = approver_candidates(order.common_name)
    return check_draft(order, draft, product=product_of(order), approver_options=options)


@HEAVY
@given(cosmetic())
def test_an_untouched_draft_sends_nothing_and_shows_no_diff(case: tuple[Order, OrderDraft]) -> None:
    order, draft = case
    assert compute_changes(order, draft).fields == ()
    assert plan_requests(order, draft).is_empty
    assert draft_diff_lines(order, draft) == ()
    assert check(order, draft) == ()


@HEAVY
@given(st.one_of(edited(), plausible()))
def test_every_key_of_a_request_is_allowed_by_the_status(case: tuple[Order, OrderDraft]) -> None:
    order, draft = case
    errors = check_draft(order, draft, product=product_of(order))
    try:
        plan = plan_requests(order, draft)
    except LockedFieldChange as refused:
        flagged = {e.field for e in errors}
        assert set(refused.fields) <= flagged
        return
    for key in plan.body:
        assert UPDATE.takes(key, order.status), key
    assert "signature_hash_algorithm" not in plan.body
    assert plan.body.get("start_provision", True) is True
    assert plan.body.get("autorenew", "on") in ("on", "off")
    if plan.approver_email is not None:
        assert EDIT.route(APPROVER_EMAIL, order.status) is APPROVER_CALL
        assert APPROVER_EMAIL not in plan.body


@HEAVY
@given(st.one_of(edited(), plausible()))
def test_diff_is_empty_exactly_when_nothing_is_sent(case: tuple[Order, OrderDraft]) -> None:
    order, draft = case
    diff = draft_diff_lines(order, draft)
    try:
        plan = plan_requests(order, draft)
    except LockedFieldChange as refused:
        # Nothing is sent, and the diff shows the locked changes that stopped it.
        assert set(refused.fields) <= {e.field for e in diff}
        return
    assert (diff == ()) == plan.is_empty
    assert {e.field for e in diff} == set(plan.fields)


# -- the API's rules, written out from API-NOTES.md -----------------------------------
# Not read from core (whose plans are checked) nor from the simulator (whose own reading
# tests/sandbox/test_agrees_with_core*.py compares with core's): what PUT
# /ssl/orders/{id} may change in each status (§6.2), the
# approver's own call in REQ (§3.11), the DCV methods and host set (§7, §4 "hostnames
# must equal the CSR CN and SANs plus host_names"), and no file method on a wildcard.
API_UPDATABLE: dict[str, frozenset[str]] = {
    "PAI": frozenset(
        {
            "csr",
            "organization_handle",
            "technical_handle",
            "approver_email",
            "host_names",
            "software_id",
            "domain_validation_methods",
            "autorenew",
            "start_provision",
        }
    ),
    "REQ": frozenset({"domain_validation_methods", "autorenew"}),
    "ACT": frozenset({"autorenew"}),
    "REJ": frozenset(),
    "FAI": frozenset(),
    "EXP": frozenset(),
}
API_APPROVER_CALL = frozenset({"REQ"})
API_DCV_METHODS = frozenset({"email", "dns", "http", "https"})
API_FILE_METHODS = frozenset({"http", "https"})
API_APPROVER_NAMES = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")
API_SOFTWARE = frozenset({"linux", "windows"})
# At least this many of HEAVY's examples must be drafts that pass the local checks.
KEPT_FLOOR = 60


def csr_hosts(pem: str) -> set[str]:
    """The CSR's common name and DNS SANs, read with cryptography here, not with core."""
    csr = x509.load_pem_x509_csr(pem.strip().encode("ascii"))
    names = {str(a.value) for a in csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}
    try:
        extension = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names |= set(extension.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        pass
    return {n.strip().lower() for n in names if n.strip()}


def assert_api_accepts(order: Order, plan: RequestPlan) -> None:
    """Every rule of the table above holds for the requests ``plan`` makes."""
    body = plan.body
    assert set(body) <= API_UPDATABLE[order.status], (order.status, set(body))
    assert "signature_hash_algorithm" not in body
    if plan.approver_email is not None:
        assert order.status in API_APPROVER_CALL
    assert body.get("autorenew", "on") in ("on", "off")
    assert body.get("start_provision", True) is True
    assert body.get("software_id", "linux") in API_SOFTWARE
    if "host_names" in body:
        assert product_of(order).is_multi_domain
    hosts = csr_hosts(body.get("csr", order.csr))
    hosts |= {h.strip().lower() for h in body.get("host_names", order.host_names)}
    rows = body.get("domain_validation_methods") or [
        {"host_name": m.host_name, "method": m.method} for m in order.domain_validation_methods
    ]
    sent = [row["host_name"].strip().lower() for row in rows]
    assert len(sent) == len(set(sent)) and set(sent) == hosts
    approver = plan.approver_email or body.get("approver_email") or order.email_approver
    for row in rows:
        method = row["method"]
        assert method in API_DCV_METHODS
        if row["host_name"].startswith("*."):
            assert method not in API_FILE_METHODS
        if method == "email":
            assert approver.split("@", 1)[0] in API_APPROVER_NAMES, approver


def test_a_draft_that_passes_is_accepted_by_the_api_rules() -> None:
    """Every draft the form's checks let through makes requests the API's rules accept;
    the drafts the checks refuse are not this property's examples (``assume``), and at
    least KEPT_FLOOR examples must be kept so that the property is really exercised."""
    kept: list[str] = []

    @HEAVY
    @given(st.one_of(plausible(), edited(), switched(), one_change()))
    def accepted(case: tuple[Order, OrderDraft]) -> None:
        order, draft = case
        assume(not check(order, draft))
        plan = plan_requests(order, draft)
        kept.append(f"{order.status} sends {', '.join(plan.fields) or 'nothing'}")
        event(kept[-1])
        assert_api_accepts(order, plan)

    accepted()
    assert len(kept) >= KEPT_FLOOR, f"only {len(kept)} examples passed the checks"


@HEAVY
@given(st.one_of(edited(), plausible()))
def test_following_rows_match_the_host_set_and_keep_methods(case: tuple[Order, OrderDraft]) -> None:
    order, draft = case
    follow = follow_hosts(order, draft)
    host_set = draft_host_set(order, draft)
    if not host_set.known:
        assert follow.draft is draft
        return
    rows = follow.draft.dcv
    assert {h.strip().lower() for h, _ in rows} == set(host_set.hosts)
    before = draft.methods
    for host, method in rows:
        key = host.strip().lower()
        if key in before and key not in follow.added:
            assert method.strip().lower() == before[key]
    assert set(follow.added) == set(host_set.hosts) - set(before)
    assert set(follow.removed) == set(before) - set(host_set.hosts)


hosts = st.sampled_from(
    ("example.com", "www.example.com", "*.example.com", "api.example.com", "a.example.org")
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(hosts, st.sampled_from(METHODS))),
    st.lists(hosts),
    st.sampled_from(METHODS),
)
def test_reconcile_yields_exactly_the_expected_hosts(
    rows: list[tuple[str, str]], expected: list[str], preferred: str
) -> None:
    result = reconcile(rows, expected, preferred)
    wanted = list(dict.fromkeys(expected))
    assert [h for h, _ in result.rows] == wanted
    current = dict(rows)
    for host, method in result.rows:
        if host in current:
            assert method == current[host]
        else:
            assert host in result.added
            assert not (host.startswith("*.") and method in ("http", "https"))
    assert set(result.removed) == set(current) - set(wanted)
