"""The edit form's session, without Textual: what the form is doing and what that allows.

The screen (``ui/edit/screen.py``) reports what happened (``Event``) and asks what a key
may do (``allows``, ``leaving``, ``quitting``); every rule about sending twice, leaving
during a send or an unknown outcome is here, in one table, with a unit test per cell.

Phases, one at a time:

- ``loading``: the first read of the order is in flight; there is no form yet.
- ``failed``: that read failed and no form is left; ``r`` reads again.
- ``ready``: the form is up: edit, check, send, resend, leave.
- ``reviewing``: the review dialog is open over the form; its yes starts the send. (The
  form's keys beneath are unchanged: the dialog has its own.)
- ``sending``: the send is in flight. No second send; leaving waits, and quitting asks to
  wait for the answer (a request cut half-way has an unknown outcome).
- ``stale``: sent, or no answer came (the outcome is unknown), and the order is not read
  back yet. The form stays editable but ctrl+s stays off, so nothing is sent twice.

Beside the phase: ``resending`` (the approval email's resend is in flight),
``approvers_pending`` (the approver list for a new common name is being read: ctrl+s
waits for it), ``quit_after_send`` (ctrl+q asked to quit once the send is answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui_app.core.draft import OrderDraft


class Phase(StrEnum):
    LOADING = "loading"
    FAILED = "failed"
    READY = "ready"
    REVIEWING = "reviewing"
    SENDING = "sending"
    STALE = "stale"


class Event(StrEnum):
    LOADED = "loaded"  # a read of the order came back and the form shows it
    LOAD_FAILED = "load-failed"  # a read failed and no form is left to show
    RETRY = "retry"  # r, after the first read failed
    REVIEW = "review"  # ctrl+s passed the checks: the review dialog opens
    BACK = "back"  # the review dialog answered no
    CONFIRM = "confirm"  # the review dialog answered yes: the send starts
    SENT = "sent"  # the API took every call of the send
    REFUSED = "refused"  # the API answered with an error: what it refused did not land
    NO_ANSWER = "no-answer"  # no answer (a timeout, a cut connection): the outcome is unknown
    CRASHED = "crashed"  # the send's worker broke (a bug): the form is free again


P, E = Phase, Event
# (phase, event) -> the next phase. A pair not listed is refused: nothing changes.
TRANSITIONS: dict[tuple[Phase, Event], Phase] = {
    (P.LOADING, E.LOADED): P.READY,
    (P.LOADING, E.LOAD_FAILED): P.FAILED,
    (P.FAILED, E.RETRY): P.LOADING,
    (P.FAILED, E.LOADED): P.READY,
    (P.READY, E.LOADED): P.READY,
    (P.READY, E.LOAD_FAILED): P.FAILED,
    (P.READY, E.REVIEW): P.REVIEWING,
    (P.REVIEWING, E.LOADED): P.REVIEWING,  # a read-back lands under the open dialog
    (P.REVIEWING, E.LOAD_FAILED): P.FAILED,
    (P.REVIEWING, E.BACK): P.READY,
    (P.REVIEWING, E.CONFIRM): P.SENDING,
    # A read started before the send may land during it: the send is still in flight.
    (P.SENDING, E.LOADED): P.SENDING,
    (P.SENDING, E.LOAD_FAILED): P.SENDING,
    (P.SENDING, E.SENT): P.STALE,
    (P.SENDING, E.REFUSED): P.READY,
    (P.SENDING, E.NO_ANSWER): P.STALE,
    (P.SENDING, E.CRASHED): P.READY,
    (P.STALE, E.LOADED): P.READY,  # read back: what was sent is in the order now
    (P.STALE, E.LOAD_FAILED): P.FAILED,
}

# The phases with a form on screen.
FORM_PHASES = frozenset({P.READY, P.REVIEWING, P.SENDING, P.STALE})


class Quit(StrEnum):
    """What ctrl+q does now."""

    WAIT = "wait"  # a send is in flight: ask to quit once it is answered
    NOW = "now"  # nothing unsent, or asked already (ctrl+q again on the question)
    ASK = "ask"  # unsent changes: show them and ask first


@dataclass
class EditSession:
    """One edit screen's state. ``sent_draft``: what the last send sent (until read back
    it is not "unsent"); ``answered``: whether the API answered it; ``approver_sent``:
    the last failed send's approver call had landed before the failure."""

    phase: Phase = Phase.LOADING
    resending: bool = False
    approvers_pending: str | None = None
    quit_after_send: bool = False
    sent_draft: OrderDraft | None = None
    answered: bool = True
    approver_sent: bool = False

    def handle(self, event: Event) -> bool:
        """Move on ``event``; False (and no change) when the phase refuses it."""
        following = TRANSITIONS.get((self.phase, event))
        if following is None:
            return False
        self.phase = following
        return True

    # -- the send -----------------------------------------------------------------------

    def start_send(self, draft: OrderDraft | None, *, read_only: bool) -> bool:
        """The review said yes: the send starts unless something moved meanwhile (a read
        of the approver list started, the session became read-only)."""
        if read_only or self.approvers_pending is not None:
            return False
        if not self.handle(Event.CONFIRM):
            return False
        self.sent_draft = draft
        self.approver_sent = False
        return True

    def send_ended(self, event: Event, *, approver_sent: bool = False) -> bool:
        """``SENT``, ``REFUSED`` or ``NO_ANSWER``; ``approver_sent``: a failed send's
        approver call had landed."""
        if not self.handle(event):
            return False
        self.answered = event is not Event.NO_ANSWER
        self.approver_sent = approver_sent
        return True

    def is_sent(self, draft: OrderDraft | None) -> bool:
        """The form holds exactly what was sent and is being read back: not "unsent"."""
        return self.phase is Phase.STALE and draft == self.sent_draft

    # -- what the keys may do -------------------------------------------------------------

    @property
    def has_form(self) -> bool:
        return self.phase in FORM_PHASES

    def allows(self, action: str, *, status: str | None, read_only: bool) -> bool | None:
        """Textual's ``check_action`` answer: True offers the key, None shows it disabled,
        False hides it. ``status``: the order's (None before it is read)."""
        phase = self.phase
        if action == "retry_load":
            return phase is Phase.FAILED
        if action == "reload":  # f5; the palette's reload waits only for a send
            return phase in (Phase.READY, Phase.STALE)
        if action == "why_read_only":
            return phase in (Phase.READY, Phase.STALE) and read_only
        if action == "leave":  # shown disabled while sending: the footer keeps its keys
            return None if phase is Phase.SENDING else True
        if action == "submit":
            if not self.has_form or status is None or read_only:
                return False
            waiting = phase in (Phase.SENDING, Phase.STALE) or self.approvers_pending is not None
            return None if waiting else True
        if action == "resend":
            if not self.has_form or status != "REQ" or read_only:
                return False
            return None if phase is Phase.SENDING or self.resending else True
        return True

    def quitting(self, *, asked_to_leave: bool, unsent: bool) -> Quit:
        """ctrl+q: wait for a send in flight, quit, or ask about unsent changes."""
        if self.phase is Phase.SENDING:
            return Quit.WAIT
        if asked_to_leave or not unsent:
            return Quit.NOW
        return Quit.ASK
