"""The CSR box takes one CERTIFICATE REQUEST block: a paste of PEM replaces its content,
and a private key pasted (or typed) with the CSR is cut out before anything draws, keeps,
logs or sends it. Keys and pastes arrive as a terminal writes them (``terminal_write``).
"""

from __future__ import annotations

import json
import logging

import pytest
from textual.widgets import TextArea

from tests.core.factories import KEY_LABELS, key_lines, make_csr, private_key_pem
from tests.ui.edit.helpers import (
    PAI_SINGLE,
    TALL,
    dialog_text,
    focus_field,
    form_screen,
    open_form,
    puts,
    text,
)
from tests.ui.helpers import running, screen_text, settle, terminal_write
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.edit.diff_dialog import DiffDialog

NEW_CSR = make_csr("massive.com", (), "ec384")


def bracketed(text: str) -> str:
    """A paste as a terminal in bracketed-paste mode sends it (Textual turns that on)."""
    return f"\x1b[200~{text}\x1b[201~"


def typed(text: str) -> str:
    """A paste as a terminal without bracketed paste sends it: as keys, newlines as enter."""
    return text.replace("\n", "\r")


def csr_box(app: OpsslApp) -> TextArea:
    return form_screen(app).query_one("#csr-text", TextArea)


def history_text(box: TextArea) -> str:
    """Everything the box's undo history holds: what each edit put in and took out."""
    texts = []
    for batch in box.history._undo_stack:
        for edit in batch:
            texts.append(edit.text)
            result = getattr(edit, "_edit_result", None)
            texts.append(result.replaced_text if result is not None else "")
    return "\n".join(texts)


def every_request(sandbox: Sandbox) -> str:
    """Every request the simulator received, bodies and queries, as one text."""
    return "\n".join(
        json.dumps({"path": r.path, "query": r.query, "body": r.body}) for r in sandbox.received()
    )


def assert_key_gone(app: OpsslApp, sandbox: Sandbox, key: str, logs: str) -> None:
    secret = key_lines(key)
    box = csr_box(app)
    shown = screen_text(app)
    for line in secret:
        assert line not in box.text
        assert line not in shown
        assert line not in history_text(box)
        assert line not in logs
    assert "PRIVATE KEY" not in box.text
    assert "PRIVATE KEY" not in every_request(sandbox)


async def send(app: OpsslApp, pilot: object) -> str:
    """ctrl+s and enter as one terminal write; returns what the review showed."""
    terminal_write(app, "\x13")
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, DiffDialog), text(app)
    shown = dialog_text(app)
    terminal_write(app, "\r")
    await settle(pilot)  # type: ignore[arg-type]
    return shown


@pytest.mark.parametrize("label", KEY_LABELS)
async def test_a_key_pasted_with_the_csr_is_cut_out_and_never_sent(
    sandbox: Sandbox, label: str, caplog: pytest.LogCaptureFixture
) -> None:
    """``cat server.csr server.key`` pasted into a PAI order's CSR box (issue 16 item 1)."""
    caplog.set_level(logging.DEBUG)
    key = private_key_pem(label)
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-csr")
        terminal_write(app, bracketed(NEW_CSR + key))
        await settle(pilot)
        assert csr_box(app).text.strip() == NEW_CSR.strip()
        said = text(app)
        assert f"Refused: The paste held a{'n' * (label[0] in 'AEIOU')} {label} block" in said
        assert "(a private key)" in said and "is never sent" in said
        assert "new CSR: CN massive.com" in said
        assert_key_gone(app, sandbox, key, caplog.text)

        review = await send(app, pilot)
        assert "-> CN massive.com, 0 SANs, EC 384" in review
        (put,) = puts(sandbox)
        assert put.body == {"id": PAI_SINGLE, "csr": NEW_CSR}
        assert_key_gone(app, sandbox, key, caplog.text)


async def test_a_key_typed_in_is_swallowed_up_to_its_end_line(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A terminal without bracketed paste types the paste in: the key's BEGIN line is cut
    as soon as it is complete and every line after it, up to END, is swallowed."""
    caplog.set_level(logging.DEBUG)
    key = private_key_pem("EC PRIVATE KEY")
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-csr")
        await pilot.press("ctrl+l")
        assert csr_box(app).text == ""
        terminal_write(app, typed(NEW_CSR + key + "\n"))
        await settle(pilot)
        assert csr_box(app).text.strip() == NEW_CSR.strip()
        assert "Refused: Typed in: an EC PRIVATE KEY block (a private key)" in text(app)
        assert_key_gone(app, sandbox, key, caplog.text)
        # The box takes keys again after the key's END line.
        terminal_write(app, "x")
        await settle(pilot)
        assert csr_box(app).text.strip().endswith("x")


async def test_a_pasted_csr_replaces_the_box_wherever_the_cursor_is(sandbox: Sandbox) -> None:
    """Issue 16 item 2: the paste used to land at the cursor, before the old CSR, and
    both were sent. Now it replaces the box; ctrl+l (in the footer) clears it."""
    async with running(sandbox, size=TALL) as (app, pilot):
        await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-csr")
        box = csr_box(app)
        old = box.text
        assert "-----BEGIN CERTIFICATE REQUEST-----" in old
        assert "^l Clear CSR" in screen_text(app).splitlines()[-1]
        await pilot.press("down", "down", "right")  # inside the old CSR's base64
        terminal_write(app, bracketed(NEW_CSR))
        await settle(pilot)
        assert box.text == NEW_CSR
        await send(app, pilot)
        (put,) = puts(sandbox)
        assert put.body == {"id": PAI_SINGLE, "csr": NEW_CSR}

        await focus_field(pilot, app, "field-csr")  # the form was built again on the reply
        box = csr_box(app)
        terminal_write(app, "\x0c")  # ctrl+l
        await settle(pilot)
        assert box.text == ""
        await pilot.press("ctrl+z")
        assert box.text == NEW_CSR


async def test_a_certificate_or_a_second_request_is_refused_by_name(sandbox: Sandbox) -> None:
    """A certificate pasted instead of a request leaves the box as it was and says what it
    was; text holding two requests (typed together) is refused at ctrl+s."""
    certificate = sandbox.store.orders[PAI_SINGLE].csr.replace("CERTIFICATE REQUEST", "CERTIFICATE")
    async with running(sandbox, size=TALL) as (app, pilot):
        screen = await open_form(pilot, app, PAI_SINGLE)
        await focus_field(pilot, app, "field-csr")
        box = csr_box(app)
        old = box.text
        terminal_write(app, bracketed(certificate))
        await settle(pilot)
        assert box.text == old
        shown = text(app)
        assert "The paste held a CERTIFICATE block (a certificate, not a request)" in shown
        assert "The field is unchanged." in shown

        box.load_text(old + NEW_CSR)
        await settle(pilot)
        terminal_write(app, "\x13")
        await settle(pilot)
        assert app.screen is screen
        assert "The CSR field holds 2 CERTIFICATE REQUEST blocks: it takes one" in text(app)
        assert puts(sandbox, r".*") == []
