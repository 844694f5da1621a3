"""ctrl+s in one call: errors, or the plan and its diff; and core stays free of the UI."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from tui_app.core.draft import draft_from_order
from tui_app.core.review import review_draft
from tui_app.sandbox.store import approver_candidates

from .factories import find_order, product_of


def test_untouched_draft_has_nothing_to_send() -> None:
    order = find_order(lambda o: o.status == "REQ")
    review = review_draft(order, draft_from_order(order), product=product_of(order))
    assert review.ok
    assert review.nothing_to_send
    assert review.lines == ()


def test_errors_mean_no_plan() -> None:
    order = find_order(lambda o: o.status == "PAI")
    review = review_draft(order, replace(draft_from_order(order), csr="nope"))
    assert not review.ok
    assert review.plan is None
    assert review.lines == ()
    assert [e.field for e in review.errors] == ["csr"]


def test_a_valid_change_has_a_plan_and_a_matching_diff() -> None:
    order = find_order(lambda o: o.status == "REQ" and o.email_approver != "")
    other = next(a for a in approver_candidates(order.common_name) if a != order.email_approver)
    draft = replace(draft_from_order(order), approver_email=other, autorenew=not order.autorenew)
    review = review_draft(
        order,
        draft,
        product=product_of(order),
        approver_options=approver_candidates(order.common_name),
    )
    assert review.ok and not review.nothing_to_send
    assert review.plan is not None
    assert review.plan.approver_email == other
    assert list(review.plan.body) == ["autorenew"]
    assert [e.field for e in review.lines] == ["approver_email", "autorenew"]


def test_core_never_imports_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, tui_app.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('tui_app.core.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(len(list(pkgutil.iter_modules(core.__path__))))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10
