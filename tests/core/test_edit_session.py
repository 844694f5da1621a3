"""The edit session, cell by cell: every phase against every event, and what each phase
lets the keys do. The expected tables are written here on their own, row by row."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.core.factories import find_order
from tui_app.core.draft import draft_from_order
from tui_app.core.edit_session import EditSession, Event, Phase, Quit

L, F, R, V, S, T = (
    Phase.LOADING,
    Phase.FAILED,
    Phase.READY,
    Phase.REVIEWING,
    Phase.SENDING,
    Phase.STALE,
)
# Columns: the events in this order; a cell is the next phase, or None: refused, no change.
EVENTS = (
    Event.LOADED,
    Event.LOAD_FAILED,
    Event.RETRY,
    Event.REVIEW,
    Event.BACK,
    Event.CONFIRM,
    Event.SENT,
    Event.REFUSED,
    Event.NO_ANSWER,
    Event.CRASHED,
)
EXPECTED: dict[Phase, tuple[Phase | None, ...]] = {
    #        loaded fail  retry review back confirm sent refused none crashed
    L: (R, F, None, None, None, None, None, None, None, None),
    F: (R, None, L, None, None, None, None, None, None, None),
    R: (R, F, None, V, None, None, None, None, None, None),
    V: (V, F, None, None, R, S, None, None, None, None),
    S: (S, S, None, None, None, None, T, R, T, R),
    T: (R, F, None, None, None, None, None, None, None, None),
}


def test_the_table_has_every_phase() -> None:
    assert set(EXPECTED) == set(Phase)
    assert set(EVENTS) == set(Event)


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("column", range(len(EVENTS)))
def test_every_transition(phase: Phase, column: int) -> None:
    event = EVENTS[column]
    expected = EXPECTED[phase][column]
    session = EditSession(phase=phase)
    moved = session.handle(event)
    assert moved == (expected is not None), (phase, event)
    assert session.phase is (expected if expected is not None else phase), (phase, event)


# What each phase lets the keys do, for a REQ order in a writable session with no
# approver list being read: True offered, None shown disabled, False hidden.
ACTIONS = ("submit", "resend", "retry_load", "reload", "leave", "why_read_only")
ALLOWS: dict[Phase, tuple[bool | None, ...]] = {
    #     submit resend retry  reload leave  why
    L: (False, False, False, False, True, False),
    F: (False, False, True, False, True, False),
    R: (True, True, False, True, True, False),
    V: (True, True, False, False, True, False),
    S: (None, None, False, False, None, False),
    T: (None, True, False, True, True, False),
}


@pytest.mark.parametrize("phase", list(Phase))
def test_what_each_phase_allows(phase: Phase) -> None:
    session = EditSession(phase=phase)
    got = tuple(session.allows(a, status="REQ", read_only=False) for a in ACTIONS)
    assert got == ALLOWS[phase]


def test_read_only_status_and_pending_approvers() -> None:
    ready = EditSession(phase=Phase.READY)
    assert ready.allows("submit", status="REQ", read_only=True) is False
    assert ready.allows("resend", status="REQ", read_only=True) is False
    assert ready.allows("why_read_only", status="FAI", read_only=True) is True
    assert ready.allows("resend", status="PAI", read_only=False) is False  # REQ only
    assert ready.allows("submit", status=None, read_only=False) is False  # no order yet
    ready.approvers_pending = "example.com"
    assert ready.allows("submit", status="PAI", read_only=False) is None
    ready.approvers_pending, ready.resending = None, True
    assert ready.allows("resend", status="REQ", read_only=False) is None
    assert ready.allows("submit", status="REQ", read_only=False) is True


def test_a_send_starts_only_from_the_review_and_remembers_what_it_sent() -> None:
    order = find_order(lambda o: o.status == "REQ")
    draft = replace(draft_from_order(order), autorenew=not order.autorenew)
    session = EditSession(phase=Phase.READY)
    assert not session.start_send(draft, read_only=False)  # no review open
    session.handle(Event.REVIEW)
    session.approvers_pending = "example.com"
    assert not session.start_send(draft, read_only=False) and session.phase is Phase.REVIEWING
    session.approvers_pending = None
    assert not session.start_send(draft, read_only=True)
    assert session.start_send(draft, read_only=False) and session.phase is Phase.SENDING
    assert not session.is_sent(draft)  # in flight: the heading says "sending"
    assert session.send_ended(Event.SENT) and session.answered
    assert session.is_sent(draft) and not session.is_sent(draft_from_order(order))
    assert session.handle(Event.LOADED) and not session.is_sent(draft)


def test_no_answer_is_an_unknown_outcome_until_read_back() -> None:
    session = EditSession(phase=Phase.REVIEWING)
    session.start_send(None, read_only=False)
    assert session.send_ended(Event.NO_ANSWER, approver_sent=True)
    assert session.phase is Phase.STALE and not session.answered and session.approver_sent
    assert session.allows("submit", status="REQ", read_only=False) is None
    refused = EditSession(phase=Phase.REVIEWING)
    refused.start_send(None, read_only=False)
    assert refused.send_ended(Event.REFUSED) and refused.answered
    assert refused.phase is Phase.READY
    assert not refused.send_ended(Event.SENT)  # nothing in flight: refused


@pytest.mark.parametrize(
    ("phase", "asked", "unsent", "expected"),
    [
        (Phase.SENDING, False, True, Quit.WAIT),
        (Phase.SENDING, True, False, Quit.WAIT),
        (Phase.READY, False, True, Quit.ASK),
        (Phase.READY, True, True, Quit.NOW),
        (Phase.READY, False, False, Quit.NOW),
        (Phase.STALE, False, True, Quit.ASK),
        (Phase.LOADING, False, False, Quit.NOW),
        (Phase.FAILED, False, False, Quit.NOW),
    ],
)
def test_quitting(phase: Phase, asked: bool, unsent: bool, expected: Quit) -> None:
    session = EditSession(phase=phase)
    assert session.quitting(asked_to_leave=asked, unsent=unsent) is expected
