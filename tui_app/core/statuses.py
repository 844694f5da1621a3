"""The order statuses in words: a word for the table, a sentence for the detail and the form.

What each status lets change is the field registry's (``core.fields``).
"""

from __future__ import annotations

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


def meaning_in_sentence(status: str) -> str:
    """The meaning to follow a colon: first letter lowered ("at the CA" keeps "CA")."""
    meaning = STATUS_MEANINGS.get(status, "unknown status")
    return f"{meaning[:1].lower()}{meaning[1:]}"
