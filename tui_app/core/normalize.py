"""Canonical forms of typed values, so that an edit that changes nothing is seen as no change.

A re-wrapped CSR, a handle typed in lower case, a host with a stray space or a different
row order are the same value to the API; comparing canonical forms keeps them out of
the request and out of the diff.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_app.core.csr import CsrError, decode_csr, normalize_pem
from tui_app.core.pem_blocks import csr_text_problem


def normalize_handle(value: str) -> str:
    """Handles are upper case with no spaces (``xy 123456-cc`` is ``XY123456-CC``)."""
    return "".join(value.split()).upper()


def normalize_email(value: str) -> str:
    """Approver addresses are role addresses (admin@...), compared and sent in lower case."""
    return value.strip().lower()


def normalize_host(value: str) -> str:
    return value.strip().lower()


def normalize_method(value: str) -> str:
    return value.strip().lower()


def normalize_software(value: str) -> str:
    return value.strip().lower()


def normalize_hosts(values: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased, each once, empty entries dropped, first-seen order kept."""
    return tuple(dict.fromkeys(h for h in map(normalize_host, values) if h))


def normalize_rows(rows: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """DCV rows in canonical form: rows without a host dropped, a host's first row wins."""
    seen: dict[str, str] = {}
    for host, method in rows:
        name = normalize_host(host)
        if name:
            seen.setdefault(name, normalize_method(method))
    return tuple(seen.items())


def csr_identity(text: str) -> str:
    """What makes two CSR texts the same CSR: its DER when it decodes, else its PEM lines.

    Line endings, wrapping, indentation and ``\\n`` escapes do not count. Text with a
    block besides its one CSR (a key, a second CSR) is not that CSR: it is a change, and
    the form's checks refuse it.
    """
    pem = normalize_pem(text)
    if not csr_text_problem(pem):
        try:
            return "der:" + decode_csr(pem).der.hex()
        except CsrError:
            pass
    return "text:" + "\n".join(line.strip() for line in pem.splitlines() if line.strip())
