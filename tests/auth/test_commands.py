"""``opssl login / logout / profiles`` end to end: exit codes, messages, the keyring."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from tui_app.auth import commands
from tui_app.auth.config import custom_profile, load_config, save_config
from tui_app.auth.sources import Target, resolve_token
from tui_app.auth.token_source import TokenSource
from tui_app.auth.token_store import TokenStore
from tui_app.cli import main
from tui_app.sandbox import Sandbox

from .keyring_doubles import HangingKeyring, LockedKeyring, MemoryKeyring, fail_backend

Install = Callable[[KeyringBackend], KeyringBackend]


class Prompts:
    """Stands in for getpass: records each prompt and answers with the given password."""

    def __init__(self, answer: str | BaseException = "demo") -> None:
        self.answer = answer
        self.prompts: list[str] = []

    def __call__(self, prompt: str = "Password: ", stream: object = None) -> str:
        self.prompts.append(prompt)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    fake = Prompts()
    monkeypatch.setattr("getpass.getpass", fake)
    return fake


@pytest.fixture
def sb_profile(sandbox: Sandbox) -> str:
    config = load_config()
    config.add(custom_profile("sb", sandbox.base_url, "demo"))
    save_config(config)
    return "sb"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- profiles ----------------------------------------------------------------------------


def test_profiles_when_there_are_none(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    code, out, _ = run(capsys, "profiles")
    assert code == 0
    assert f"No profiles yet (config file: {config_file})" in out
    assert "opssl profiles add NAME --production --username USER" in out
    assert not config_file.exists()


def test_profiles_add_and_list(capsys: pytest.CaptureFixture[str], config_file: Path) -> None:
    assert (
        run(
            capsys, "profiles", "add", "prod", "--production", "--username", "alice", "--read-only"
        )[0]
        == 0
    )
    assert run(capsys, "profiles", "add", "cte", "--test", "--username", "alice")[0] == 0
    code, out, _ = run(
        capsys,
        "profiles",
        "add",
        "lab",
        "--url",
        "https://op.example.net/v1beta/",
        "--username",
        "bob",
        "--default",
    )
    assert code == 0
    assert "Added profile 'lab' (custom URL, bob, read-write), the default." in out
    assert "opssl login --profile lab" in out

    code, out, _ = run(capsys, "profiles")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Profiles in {config_file}:"
    assert lines[1].split() == ["NAME", "ENVIRONMENT", "USERNAME", "ACCESS", "BASE", "URL"]
    assert lines[2].split() == [
        "prod",
        "production",
        "alice",
        "read-only",
        "https://api.openprovider.eu/v1beta",
    ]
    assert lines[3].split() == [
        "cte",
        "test",
        "environment",
        "alice",
        "read-write",
        "https://api.cte.openprovider.eu/v1beta",
    ]
    assert lines[4].split() == [
        "*",
        "lab",
        "custom",
        "URL",
        "bob",
        "read-write",
        "https://op.example.net/v1beta",
    ]
    assert lines[5] == "(* = default)"
    assert tomllib.loads(config_file.read_text())["default"] == "lab"

    assert run(capsys, "profiles", "default", "prod")[0] == 0
    assert load_config().default == "prod"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["add", "bad name", "--test", "--username", "a"], "not a valid profile name"),
        (["add", "x", "--url", "http://op.example.net", "--username", "a"], "plain HTTP"),
        (["add", "x", "--test", "--username", "a b"], "not a valid API username"),
        (["default", "nope"], "no profile named 'nope'"),
        (["remove", "nope"], "no profile named 'nope'"),
    ],
)
def test_profiles_errors(capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> None:
    code, _out, err = run(capsys, "profiles", *argv)
    assert code == 2
    assert err.startswith("opssl profiles: ")
    assert words in err


def test_adding_a_duplicate_profile_fails(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "profiles", "add", "x", "--test", "--username", "a")
    code, _, err = run(capsys, "profiles", "add", "x", "--production", "--username", "a")
    assert code == 2 and "already exists" in err


def test_profiles_need_one_kind_of_api(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["profiles", "add", "x", "--username", "a"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "one of the arguments --production --test --base-url/--url is required" in err


def test_profiles_add_takes_base_url_as_the_app_does(capsys: pytest.CaptureFixture[str]) -> None:
    """``opssl --base-url URL`` and ``opssl profiles add NAME --base-url URL`` (or --url):
    one spelling everywhere (issue 16 item 17)."""
    for name, flag in (("one", "--base-url"), ("two", "--url")):
        argv = ["profiles", "add", name, flag, "https://op.example.net/v1beta", "--username", "a"]
        assert run(capsys, *argv)[0] == 0
        assert load_config().get(name).base_url == "https://op.example.net/v1beta"
    with pytest.raises(SystemExit):
        main(["profiles", "add", "--help"])
    assert "--base-url URL, --url URL" in capsys.readouterr().out


class Terminal(io.StringIO):
    """Standard input that is a terminal, with the user's answers in it."""

    def isatty(self) -> bool:
        return True


def two_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    """prod (production) and cte (the test environment, the default)."""
    run(capsys, "profiles", "add", "cte", "--test", "--username", "alice")
    run(capsys, "profiles", "add", "prod", "--production", "--username", "alice")
    assert load_config().default == "cte"


def test_removing_the_default_leaves_none_and_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not on a terminal: nobody to ask, so no default (a bare opssl then asks for
    --profile) rather than production picked silently (issue 16 item 7)."""
    two_profiles(capsys)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, _ = run(capsys, "profiles", "remove", "cte")
    assert code == 0
    assert load_config().default is None
    assert "There is no default profile now" in out
    assert "opssl profiles default NAME" in out


def test_removing_the_default_on_a_terminal_asks_and_names_production(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    two_profiles(capsys)
    monkeypatch.setattr(sys, "stdin", Terminal("nope\nprod\n"))
    code, out, err = run(capsys, "profiles", "remove", "cte")
    assert code == 0
    assert "Which profile should be the default now? prod (production)" in err
    assert "There is no profile 'nope'." in err
    assert load_config().default == "prod"
    assert "'prod' is now the default profile. It is PRODUCTION" in out
    # Enter chooses none.
    run(capsys, "profiles", "add", "cte", "--test", "--username", "alice", "--default")
    monkeypatch.setattr(sys, "stdin", Terminal("\n"))
    run(capsys, "profiles", "remove", "cte")
    assert load_config().default is None


def test_a_production_profile_made_the_default_is_said_to_be_production(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "profiles", "add", "prod", "--production", "--username", "alice")
    assert "the default. It is PRODUCTION: a bare 'opssl' now opens the live API." in out
    run(capsys, "profiles", "add", "cte", "--test", "--username", "alice", "--default")
    _, out, _ = run(capsys, "profiles", "default", "prod")
    assert "'prod' is now the default profile. It is PRODUCTION" in out


def test_a_default_naming_a_missing_profile_does_not_block_repairing_it(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    """The file says default = "gone": every profiles command still runs and says so, and
    ``profiles default a`` repairs it (issue 16 item 11)."""
    config_file.write_text(
        'default = "gone"\n\n[profiles.a]\nbase_url = "https://api.cte.openprovider.eu/v1beta"\n'
        'username = "alice"\n'
    )
    code, out, err = run(capsys, "profiles")
    assert code == 0 and "a" in out
    assert "names profile 'gone', which is not defined" in err
    code, out, _ = run(capsys, "profiles", "default", "a")
    assert code == 0
    assert "'a' is now the default profile (it named 'gone', which is not defined)." in out
    assert tomllib.loads(config_file.read_text())["default"] == "a"
    # Elsewhere the file is still refused, with the command that repairs it.
    config_file.write_text(config_file.read_text().replace('"a"', '"gone"', 1))
    code, _, err = run(capsys, "login", "--username", "alice", "--password-stdin")
    assert code == 2
    assert "choose one with: opssl profiles default NAME" in err


def test_removing_a_profile_forgets_its_token(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    run(capsys, "profiles", "add", "prod", "--production", "--username", "alice")
    target = Target.from_profile(load_config().get("prod"))
    TokenStore().save(target.key("alice"), "t" * 32, base_url=target.base_url)
    code, out, _ = run(capsys, "profiles", "remove", "prod")
    assert code == 0
    assert "Removed profile 'prod'" in out
    assert "saved token was removed" in out
    assert memory_keyring.entries == {}
    assert len(load_config()) == 0


def test_a_broken_config_is_explained(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    config_file.write_text(
        '[profiles.prod]\nbase_url = "https://api.openprovider.eu/v1beta"\nusername = 7\n'
    )
    for argv in (["profiles"], ["login"], ["logout"]):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert f"{config_file}, key 'profiles.prod.username': must be a string" in err


# -- login -----------------------------------------------------------------------------


def test_login_with_a_profile_stores_the_token(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    memory_keyring: MemoryKeyring,
) -> None:
    code, out, err = run(capsys, "login", "--profile", sb_profile)
    assert code == 0, err
    assert prompts.prompts == [f"Password for demo on 127.0.0.1:{sandbox.port} (profile sb): "]
    assert f"Signed in to 127.0.0.1:{sandbox.port} (profile sb) as demo." in out
    assert "The token is in the OS keyring" in out and "valid until" in out
    assert len(sandbox.received("POST", "/auth/login")) == 1

    # The next start reuses it: no second request to /auth/login.
    target = Target.from_profile(load_config().get("sb"))
    found = resolve_token(target, environ={})
    assert found.source == TokenSource.KEYRING and found.token is not None
    assert len(sandbox.received("POST", "/auth/login")) == 1
    assert found.token not in out + err

    code, out, _ = run(capsys, "logout", "--profile", "sb")
    assert code == 0
    assert "Signed out: removed the saved token for demo" in out
    assert "stays valid at Openprovider until it expires" in out
    assert memory_keyring.entries == {}
    code, out, _ = run(capsys, "logout", "--profile", "sb")
    assert code == 0 and "No saved token for demo" in out


def test_login_uses_the_default_profile(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, sb_profile: str, prompts: Prompts
) -> None:
    code, out, _ = run(capsys, "login")
    assert code == 0 and "(profile sb) as demo" in out


def test_login_with_a_base_url_needs_no_config(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    prompts: Prompts,
    config_file: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    code, out, err = run(capsys, "login", "--base-url", sandbox.base_url, "--username", "demo")
    assert code == 0, err
    assert not config_file.exists()
    found = resolve_token(Target.for_url(sandbox.base_url), environ={})
    assert found.username == "demo" and found.source == TokenSource.KEYRING
    code, out, _ = run(capsys, "logout", "--base-url", sandbox.base_url)
    assert code == 0 and "removed the saved token for demo" in out
    assert memory_keyring.entries == {}
    code, out, _ = run(capsys, "logout", "--base-url", sandbox.base_url)
    assert code == 0 and "No saved sign-in for" in out


def test_wrong_credentials_say_so(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    memory_keyring: MemoryKeyring,
) -> None:
    prompts.answer = "not-the-password"
    code, out, err = run(capsys, "login", "--profile", "sb")
    assert code == 1
    assert "opssl login: Wrong username or password" in err
    assert "code 196" in err
    assert "not-the-password" not in out + err
    assert memory_keyring.entries == {}


def test_no_usable_keyring_stops_before_the_password(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    use_backend: Install,
    home: Path,
) -> None:
    use_backend(fail_backend())
    code, _out, err = run(capsys, "login", "--profile", "sb")
    assert code == 1
    assert "No usable OS keyring was found" in err
    assert "opssl never writes it to a plain file" in err
    assert 'export OPSSL_TOKEN="$(opssl login --profile sb --print-token)"' in err
    assert prompts.prompts == []  # no password asked for nothing
    assert sandbox.received("POST", "/auth/login") == []


def test_a_keyring_that_fails_on_save_is_explained(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    prompts: Prompts,
    use_backend: Install,
) -> None:
    use_backend(LockedKeyring())
    code, _out, err = run(capsys, "login", "--base-url", sandbox.base_url, "--username", "demo")
    assert code == 1
    assert "locked and could not be unlocked" in err
    assert f"opssl login --base-url {sandbox.base_url} --username demo --print-token" in err
    assert len(sandbox.received("POST", "/auth/login")) == 1


def test_a_hanging_keyring_does_not_hang_login(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    use_backend: Install,
    hanging_keyring: HangingKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_backend(hanging_keyring)
    monkeypatch.setattr(commands, "make_store", lambda: TokenStore(timeout=0.2))
    code, _, err = run(capsys, "login", "--profile", "sb")
    assert code == 1
    assert "did not answer within 0.2 seconds" in err
    code, _, err = run(capsys, "logout", "--profile", "sb")
    assert code == 1
    assert "did not answer" in err and "Nothing was removed" in err


def test_print_token_skips_the_keyring(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    use_backend: Install,
) -> None:
    never = use_backend(MemoryKeyring())
    code, out, err = run(capsys, "login", "--profile", "sb", "--print-token")
    assert code == 0
    token = out.strip()
    assert out == token + "\n" and len(token) == 32  # stdout carries the token alone
    assert "printed, not saved" in err and token not in err
    assert never.calls == []  # type: ignore[attr-defined]


def test_print_token_refuses_a_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
) -> None:
    """The token is for a script's variable, never for the screen."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "login", "--profile", "sb", "--print-token")
    assert code == 2
    assert out == ""
    assert 'export OPSSL_TOKEN="$(opssl login --profile sb --print-token)"' in err
    assert sandbox.received("POST", "/auth/login") == [], "nothing was sent"


def test_password_from_stdin(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    prompts: Prompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("demo\n"))
    code, _, err = run(
        capsys, "login", "--base-url", sandbox.base_url, "--username", "demo", "--password-stdin"
    )
    assert code == 0, err
    assert prompts.prompts == []


@pytest.mark.parametrize("answer", ["", EOFError()])
def test_no_password_sends_nothing(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    answer: str | BaseException,
) -> None:
    prompts.answer = answer
    code, _, err = run(capsys, "login", "--profile", "sb")
    assert code == 2 and "no password given" in err
    assert sandbox.received("POST", "/auth/login") == []


def test_ctrl_c_cancels(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, sb_profile: str, prompts: Prompts
) -> None:
    prompts.answer = KeyboardInterrupt()
    code, _, err = run(capsys, "login", "--profile", "sb")
    assert code == 130 and "Cancelled." in err


def test_login_without_a_target_explains(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "login")
    assert code == 2
    assert "there are no profiles" in err and "--base-url URL" in err


def test_login_username_must_match_the_profile(
    capsys: pytest.CaptureFixture[str], sb_profile: str
) -> None:
    code, _, err = run(capsys, "login", "--profile", "sb", "--username", "mallory")
    assert code == 2 and "signs in as 'demo', not 'mallory'" in err


def test_login_with_an_unreachable_api(
    capsys: pytest.CaptureFixture[str], prompts: Prompts
) -> None:
    with Sandbox() as gone:
        url = gone.base_url
    code, _, err = run(capsys, "login", "--base-url", url, "--username", "demo")
    assert code == 1
    assert err.startswith("opssl login: ")


def test_login_notes_an_opssl_token_in_the_environment(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    sb_profile: str,
    prompts: Prompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPSSL_TOKEN", "x" * 32)
    code, _, err = run(capsys, "login", "--profile", "sb")
    assert code == 0
    assert "OPSSL_TOKEN is set in this shell" in err


def test_global_profile_option_is_honoured(
    capsys: pytest.CaptureFixture[str], sb_profile: str, memory_keyring: MemoryKeyring
) -> None:
    """If the main parser gains --profile (for the app), the subcommands still see it."""
    import argparse

    args = argparse.Namespace(
        command="logout", auth_profile=None, auth_base_url=None, username=None, profile="sb"
    )
    assert commands.run(args) == 0
    assert "demo on" in capsys.readouterr().out


# -- the real thing, in a fresh process without a Secret Service --------------------------


def test_cli_process_without_a_keyring(sandbox: Sandbox, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env.update(
        HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_DATA_HOME=str(tmp_path / "d")
    )
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/opssl-test-bus"
    argv = [sys.executable, "-m", "tui_app", "login", "--base-url", sandbox.base_url]
    argv += ["--username", "demo", "--password-stdin"]

    done = subprocess.run(argv, input="demo\n", env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "No usable OS keyring was found" in done.stderr
    assert "OPSSL_TOKEN" in done.stderr

    done = subprocess.run(
        [*argv, "--print-token"],
        input="demo\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert len(token) == 32
    leaked = [
        p for p in tmp_path.rglob("*") if p.is_file() and token in p.read_text(errors="replace")
    ]
    assert leaked == []
