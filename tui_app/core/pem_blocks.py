"""PEM blocks in pasted text: what each one is, and which of them the CSR field may keep.

``cat server.csr server.key`` pasted into the CSR field must not send the key: the field
takes exactly one ``CERTIFICATE REQUEST`` block. A private key of any kind (``PRIVATE
KEY``, ``RSA PRIVATE KEY``, ``EC PRIVATE KEY``, ``ENCRYPTED PRIVATE KEY``, ``OPENSSH
PRIVATE KEY``...) is cut out of the text before anything draws, keeps or sends it; any
other block (a certificate, a public key) is refused too, by name. Plain text in, plain
text out: the field (``ui/edit/csr_field.py``) and the form's checks both use this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CSR_LABELS = frozenset({"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"})
_BEGIN = re.compile(r"-----BEGIN ([A-Z0-9][A-Z0-9 ]*?)-----")
_PRIVATE_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*-----")


@dataclass(frozen=True, slots=True)
class PemBlock:
    """One ``-----BEGIN label-----`` ... ``-----END label-----`` span of the text.

    A block whose END line is missing runs to the end of the text (``complete`` False):
    half a private key is still a secret.
    """

    label: str
    start: int
    end: int
    complete: bool

    @property
    def is_csr(self) -> bool:
        return self.label in CSR_LABELS

    @property
    def is_private_key(self) -> bool:
        return is_private_key_label(self.label)


def is_private_key_label(label: str) -> bool:
    return "PRIVATE KEY" in label


def find_blocks(text: str) -> list[PemBlock]:
    """Every PEM block in ``text``, in order (a BEGIN inside an unfinished block ends it)."""
    blocks: list[PemBlock] = []
    position = 0
    while (begin := _BEGIN.search(text, position)) is not None:
        label = begin.group(1)
        end_marker = f"-----END {label}-----"
        following = _BEGIN.search(text, begin.end())
        limit = following.start() if following is not None else len(text)
        end = text.find(end_marker, begin.end(), limit)
        if end == -1:
            blocks.append(PemBlock(label, begin.start(), limit, complete=False))
            position = limit
        else:
            stop = end + len(end_marker)
            blocks.append(PemBlock(label, begin.start(), stop, complete=True))
            position = stop
    return blocks


def has_private_key(text: str) -> bool:
    """Whether ``text`` holds the start of a private key block (checked before sending)."""
    return _PRIVATE_BEGIN.search(text) is not None


def block_words(label: str) -> str:
    """``an EC PRIVATE KEY block (a private key)``: what the user pasted, in words."""
    if is_private_key_label(label):
        kind = "a private key"
    elif label in ("CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"):
        kind = "a certificate, not a request"
    elif "PUBLIC KEY" in label:
        kind = "a public key, not a request"
    else:
        kind = "not a certificate request"
    article = "an" if label[:1] in "AEIOU" else "a"
    return f"{article} {label} block ({kind})"


@dataclass(frozen=True, slots=True)
class CsrPaste:
    """What a paste into the CSR field becomes.

    ``text`` replaces the field's content (None: the field keeps what it has, nothing in
    the paste could go there); ``refused`` names the blocks left out, in paste order.
    """

    text: str | None
    refused: tuple[str, ...]

    @property
    def private_key(self) -> bool:
        return any(is_private_key_label(label) for label in self.refused)

    def message(self) -> str | None:
        """The sentence for the field, or None when nothing was refused."""
        if not self.refused:
            return None
        names = "; ".join(block_words(label) for label in self.refused)
        sentence = f"The paste held {names}: the CSR field takes one CERTIFICATE REQUEST block."
        if self.private_key:
            sentence += (
                " The private key was not put in the field, is not kept and is never sent:"
                " it stays on this machine."
            )
        if self.text is None:
            sentence += " The field is unchanged."
        return sentence


def csr_paste(pasted: str) -> CsrPaste | None:
    """How a paste that holds PEM blocks lands in the CSR field; None when it holds none
    (then it is ordinary typing, inserted at the cursor)."""
    blocks = find_blocks(pasted)
    if not blocks:
        return None
    refused = tuple(block.label for block in blocks if not block.is_csr)
    if not any(block.is_csr for block in blocks):
        return CsrPaste(None, refused)
    return CsrPaste(without_blocks(pasted, [b for b in blocks if not b.is_csr]), refused)


def without_blocks(text: str, blocks: list[PemBlock]) -> str:
    """``text`` with ``blocks`` cut out, and the blank lines they leave tidied."""
    kept: list[str] = []
    position = 0
    for block in blocks:
        kept.append(text[position : block.start])
        position = block.end
    kept.append(text[position:])
    joined = "".join(kept)
    return re.sub(r"\n{3,}", "\n\n", joined).strip("\n") + ("\n" if joined.strip() else "")


def without_private_keys(text: str) -> tuple[str, tuple[PemBlock, ...]]:
    """``text`` without its private key blocks, and the blocks that were cut out."""
    keys = tuple(block for block in find_blocks(text) if block.is_private_key)
    if not keys:
        return text, ()
    return without_blocks(text, list(keys)), keys


def csr_text_problem(text: str) -> str | None:
    """Why the CSR field's text cannot be sent as a CSR, or None: it must hold exactly one
    CERTIFICATE REQUEST block and no other block."""
    blocks = find_blocks(text)
    others = [block.label for block in blocks if not block.is_csr]
    if others:
        names = "; ".join(block_words(label) for label in others)
        return f"The CSR field holds {names}: paste only the CERTIFICATE REQUEST block"
    requests = sum(1 for block in blocks if block.is_csr)
    if requests > 1:
        return (
            f"The CSR field holds {requests} CERTIFICATE REQUEST blocks: it takes one; "
            "clear the field, then paste the one to send"
        )
    return None
