"""The client's side of CSRs: a pasted CSR is tidied before it is read or sent.

Reading a CSR (its hosts, its key) is the format's business and lives in
``tui_app.formats.csr_parse``, shared with the simulator; the API itself takes the PEM
exactly as sent (API notes §8.10: a mangled PEM is code 1030), so the tidying is ours.
"""

from __future__ import annotations

from tui_app.formats.csr_parse import MAX_CSR_CHARS, CsrError, CsrInfo, decode_csr

__all__ = ["MAX_CSR_CHARS", "CsrError", "CsrInfo", "decode_csr", "normalize_pem"]


def normalize_pem(text: str) -> str:
    """Tidy a pasted CSR: CRLF, surrounding blanks, and ``\\n`` escapes from a JSON copy."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in cleaned and "\\n" in cleaned:
        # A JSON copy from Windows has "\r\n" escapes: both halves must go.
        cleaned = cleaned.replace("\\r\\n", "\n").replace("\\n", "\n").strip()
    return cleaned + "\n" if cleaned else ""
