"""[keys] in config.toml rebinds keys by binding id, through Textual's keymap: the footer,
the help and the hints name the new key, the new key works and the old one does not; an
id that does not exist, a key that is not one, and a key that clashes are said at start
(file and key) and not applied."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer

from tests.ui.helpers import (
    browser,
    demo_connection,
    list_requests,
    make_client,
    notifications,
    screen_text,
    settle,
    table,
    terminal_write,
)
from tests.ui.signin.start import add_profile, start_opssl
from tui_app.auth.key_settings import KeySettings, load_key_settings
from tui_app.cli import main
from tui_app.sandbox import Sandbox
from tui_app.ui import OpsslApp
from tui_app.ui.browser.screen import BrowserScreen
from tui_app.ui.edit.screen import EditScreen
from tui_app.ui.help_screen import HelpScreen
from tui_app.ui.key_check import check_keys

CTRL_F, ENTER = "\x06", "\r"


def keys_file(tmp_path: Path, table_text: str) -> KeySettings:
    path = tmp_path / "config.toml"
    path.write_text(f"[keys]\n{table_text}\n", encoding="utf-8")
    return load_key_settings(path)


@asynccontextmanager
async def rebound(
    sandbox: Sandbox, keys: KeySettings, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[tuple[OpsslApp, Pilot[None]]]:
    async with make_client(sandbox) as api:
        app = OpsslApp(api, demo_connection(sandbox), detail_debounce=0, keys=keys)
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            yield app, pilot


def footer_text(app: OpsslApp) -> str:
    footer = app.screen.query_one(Footer)
    lines = screen_text(app).splitlines()
    return lines[footer.region.y]


async def test_search_rebound_to_ctrl_f(sandbox: Sandbox, tmp_path: Path) -> None:
    keys = keys_file(tmp_path, '"browser.search" = "ctrl+f"')
    async with rebound(sandbox, keys) as (app, pilot):
        assert app.key_problems == []
        footer = footer_text(app)
        # In its place: Textual would put a rebound key after all the others.
        assert footer.startswith("e Edit ^f Search s Status") and "/ Search" not in footer
        await pilot.press("slash")
        await settle(pilot)
        assert not browser(app).search_box.has_focus, "/ no longer searches"
        assert table(app).has_focus
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert browser(app).search_box.has_focus
        await pilot.press(*"globex", "enter")
        await settle(pilot)
        assert browser(app).order_query.search == "globex"
        assert list_requests(sandbox)[-1]["common_name_pattern"] == ["*globex*"]
        # The palette and the empty list's hints name the key that works now.
        titles = {c.title: c.help for c in app.get_system_commands(browser(app))}
        assert titles["Search orders"] == "Search by common name (ctrl+f)"
        await pilot.press("ctrl+f", *"no-such-name", "enter")
        await settle(pilot)
        assert "Keys: ctrl+f changes the search" in screen_text(app)


async def test_the_help_lists_the_rebound_keys(sandbox: Sandbox, tmp_path: Path) -> None:
    keys = keys_file(tmp_path, '"browser.search" = "ctrl+f"\n"app.quit" = "ctrl+x"')
    async with rebound(sandbox, keys, size=(100, 80)) as (app, pilot):
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = screen_text(app).splitlines()
        assert any("^f" in line and "Search" in line for line in lines)
        assert not any(" / " in line and "Search" in line for line in lines)
        assert any("^x" in line and "Quit" in line for line in lines)
        assert "ctrl+f sends your text to the API" in " ".join(screen_text(app).split())


async def test_a_burst_after_rebinding_lands_in_the_search(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """ctrl+f and the letters in one terminal write: the gate routes them in order."""
    keys = keys_file(tmp_path, '"browser.search" = "ctrl+f"')
    async with rebound(sandbox, keys) as (app, pilot):
        terminal_write(app, CTRL_F + "globex" + ENTER)
        await settle(pilot)
        assert browser(app).order_query.search == "globex"
        assert table(app).has_focus
        # The old key is a plain key again: in a burst it neither searches nor types.
        terminal_write(app, "/acme" + ENTER)
        await settle(pilot)
        assert browser(app).order_query.search == "globex"


async def test_swapped_keys_are_not_a_clash(sandbox: Sandbox, tmp_path: Path) -> None:
    keys = keys_file(tmp_path, '"browser.search" = "r"\n"browser.refresh" = "/"')
    async with rebound(sandbox, keys) as (app, pilot):
        assert app.key_problems == []
        before = len(list_requests(sandbox))
        await pilot.press("r")
        await settle(pilot)
        assert browser(app).search_box.has_focus
        await pilot.press("escape", "slash")
        await settle(pilot)
        assert len(list_requests(sandbox)) == before + 1, "/ refreshes the list"


def test_a_binding_two_widgets_inherit_is_one_binding(tmp_path: Path) -> None:
    """The DCV rows and the host names share the rows' keys: moving them is no clash."""
    check = check_keys(KeySettings(tmp_path / "config.toml", {"edit.rows.down": "n"}), OpsslApp)
    assert (check.keymap, check.problems) == ({"edit.rows.down": "n"}, [])
    check = check_keys(KeySettings(tmp_path / "config.toml", {"edit.rows.down": "x"}), OpsslApp)
    assert [p.detail for p in check.problems] == [
        "x is already Remove host name (edit.hosts.remove) on the edit form; "
        "not applied, the default key stays"
    ]


async def test_an_unknown_id_is_said_at_start(sandbox: Sandbox, tmp_path: Path) -> None:
    keys = keys_file(tmp_path, '"browser.serch" = "ctrl+f"')
    async with rebound(sandbox, keys) as (app, pilot):
        (problem,) = app.key_problems
        assert problem.path == tmp_path / "config.toml"
        assert problem.key == "keys.browser.serch"
        assert "Keys not applied" in screen_text(app)
        assert notifications(app) == [
            f"Keys not applied: {tmp_path / 'config.toml'}, key 'keys.browser.serch': "
            "no key of opssl has this id (opssl keys lists them)"
        ]
        await pilot.press("slash")
        await settle(pilot)
        assert browser(app).search_box.has_focus, "the default key still works"


async def test_a_clash_is_said_and_the_default_stays(sandbox: Sandbox, tmp_path: Path) -> None:
    """r is Refresh on the same screen, j moves the table's cursor: neither is taken."""
    keys = keys_file(tmp_path, '"browser.search" = "r"\n"browser.status" = "j"')
    async with rebound(sandbox, keys) as (app, pilot):
        messages = sorted(problem.message for problem in app.key_problems)
        assert len(messages) == 2
        path = tmp_path / "config.toml"
        assert messages[0].startswith(f"{path}, key 'keys.browser.search': r is already Refresh")
        assert "(browser.refresh) on the order list" in messages[0]
        assert messages[1].startswith(f"{path}, key 'keys.browser.status': j is already Down")
        assert app.keymap == {}
        before = len(list_requests(sandbox))
        await pilot.press("r")
        await settle(pilot)
        assert not browser(app).search_box.has_focus
        assert len(list_requests(sandbox)) == before + 1, "r still refreshes"
        await pilot.press("j")
        assert table(app).cursor == 1, "j still moves down"


async def test_what_is_not_a_key_is_said(sandbox: Sandbox, tmp_path: Path) -> None:
    keys = keys_file(tmp_path, '"browser.search" = "crtl+f"\n"browser.sort" = 3')
    async with rebound(sandbox, keys) as (app, _pilot):
        said = {problem.key: problem.detail for problem in app.key_problems}
        assert said == {
            "keys.browser.sort": 'must be keys such as "ctrl+f", not a number',
            "keys.browser.search": (
                "'crtl+f' is not a key (keys look like ctrl+f, f3, /, shift+tab)"
            ),
        }
        assert app.keymap == {}


async def test_the_demo_reads_the_keys_of_the_config_file() -> None:
    """``opssl --demo`` reads no profile, but the keys in the file are the user's own."""
    path = load_key_settings().path  # OPSSL_CONFIG, a file of this test's own
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"browser.search" = "ctrl+f"\n', encoding="utf-8")

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert app.connection.kind.value == "demo"
        assert app.keymap == {"browser.search": "ctrl+f"}
        await pilot.press("ctrl+f", *"acme", "enter")
        await settle(pilot)
        assert browser(app).order_query.search == "acme"

    await start_opssl(steps, demo=True)


async def test_a_profile_session_keeps_the_keys_when_the_file_is_rewritten(
    sandbox: Sandbox,
) -> None:
    """Writing the profile (``save_config``) keeps ``[keys]``, an unknown id included."""
    path = load_key_settings().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"browser.refresh" = "f5"\n"no.such" = "x"\n', encoding="utf-8")
    add_profile(sandbox)
    assert load_key_settings().keys == {"browser.refresh": "f5", "no.such": "x"}

    async def steps(app: OpsslApp, pilot: Pilot[None]) -> None:
        assert app.keymap == {"browser.refresh": "f5"}
        assert [p.key for p in app.key_problems] == ["keys.no.such"]
        before = len(list_requests(sandbox))
        await pilot.press("f5")
        await settle(pilot)
        assert len(list_requests(sandbox)) == before + 1

    await start_opssl(steps, environ={"OPSSL_TOKEN": sandbox.issue_token()})


async def test_the_retry_hint_names_the_rebound_key(sandbox: Sandbox, tmp_path: Path) -> None:
    keys = keys_file(tmp_path, '"browser.refresh" = "f5"')
    async with rebound(sandbox, keys) as (app, pilot):
        sandbox.faults.update(error_next=1, error_code=50, error_desc="Calls limit reached")
        await pilot.press("slash", *"acme", "enter")
        await settle(pilot)
        said = " ".join(screen_text(app).split())
        assert "f5 to retry" in said and "r to retry" not in said
        await pilot.press("f5")
        await settle(pilot)
        assert browser(app).pages.total


async def test_the_rebound_leave_key_acts_while_the_form_loads(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Keys typed ahead wait for the form; leaving does not, on whichever key it has."""
    keys = keys_file(tmp_path, '"edit.leave" = "q"')
    async with rebound(sandbox, keys) as (app, pilot):
        sandbox.faults.update(hold=True)  # the form's read stays in flight
        await pilot.press("e")
        await pilot.pause(0.1)
        form = app.screen
        assert isinstance(form, EditScreen) and form.holding_keys
        await pilot.press("q")
        await pilot.pause(0.1)
        assert isinstance(app.screen, BrowserScreen)
        sandbox.faults.update(hold=False)
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


def test_opssl_keys_lists_every_id_and_says_what_is_wrong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = load_key_settings().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"browser.search" = "ctrl+f"\n', encoding="utf-8")
    assert main(["keys"]) == 0
    out = capsys.readouterr().out
    assert f"Rebind one in {path}" in out
    lines = out.splitlines()
    assert any(line.split()[:3] == ["browser.search", "ctrl+f", "Search"] for line in lines)
    assert any(line.split()[:4] == ["browser.edit", "e,", "enter", "Edit"] for line in lines)
    assert any(line.split()[:3] == ["app.quit", "ctrl+q", "Quit"] for line in lines)
    assert any(line.split()[:3] == ["edit.submit", "ctrl+s", "Send"] for line in lines)
    path.write_text('[keys]\n"browser.search" = "j"\n', encoding="utf-8")
    assert main(["keys"]) == 1
    err = capsys.readouterr().err
    assert f"opssl: {path}, key 'keys.browser.search': j is already Down" in err
    assert "Traceback" not in err
