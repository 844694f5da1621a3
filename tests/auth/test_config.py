"""Profiles in TOML: round trips through tomli-w, and every broken file explained in words."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_app.api import PRODUCTION_URL, TEST_URL
from tui_app.auth.config import (
    Config,
    ConfigError,
    Profile,
    config_path,
    cte_profile,
    custom_profile,
    load_config,
    parse_config,
    production_profile,
    save_config,
)
from tui_app.core.environment import Kind


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def broken(config_file: Path, text: str) -> ConfigError:
    write(config_file, text)
    with pytest.raises(ConfigError) as info:
        load_config()
    return info.value


# -- where the file is -------------------------------------------------------------------


def test_opssl_config_overrides_the_path(config_file: Path) -> None:
    assert config_path() == config_file


def test_default_path_is_the_platform_user_config_dir(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPSSL_CONFIG")
    # XDG_CONFIG_HOME points into the temp HOME (see conftest).
    assert config_path() == home / ".config" / "opssl" / "config.toml"


def test_a_missing_file_is_an_empty_config(config_file: Path) -> None:
    config = load_config()
    assert config.path == config_file
    assert len(config) == 0
    assert config.default is None
    assert config.default_profile is None
    assert not config_file.exists()


# -- the three kinds of profile ----------------------------------------------------------


def test_helpers_make_the_three_kinds_of_profile() -> None:
    prod = production_profile("prod", "alice", read_only=True)
    cte = cte_profile("cte", "alice")
    own = custom_profile("lab", "https://op.example.net/v1beta/", "bob")
    assert (prod.base_url, prod.kind, prod.read_only) == (PRODUCTION_URL, Kind.PRODUCTION, True)
    assert (cte.base_url, cte.kind, cte.read_only) == (TEST_URL, Kind.TEST, False)
    assert (own.base_url, own.kind) == ("https://op.example.net/v1beta", Kind.CUSTOM)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://api.example.net/v1beta", "plain HTTP"),
        ("ftp://example.net", "not an http(s) URL"),
        ("https://exa mple.net", "spaces"),
    ],
)
def test_a_url_the_token_must_not_go_to_is_refused(url: str, words: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(words)):
        custom_profile("lab", url, "bob")


def test_plain_http_to_loopback_is_allowed_for_the_sandbox() -> None:
    assert custom_profile("sb", "http://127.0.0.1:8443/v1beta", "demo").kind is Kind.CUSTOM


@pytest.mark.parametrize("name", ["", "-x", "a b", "x/y", "é", "a" * 65])
def test_bad_profile_names_are_refused(name: str) -> None:
    with pytest.raises(ConfigError, match="not a valid profile name"):
        production_profile(name, "alice")


@pytest.mark.parametrize("username", ["", "  ", "al ice", "a\tb"])
def test_bad_usernames_are_refused(username: str) -> None:
    with pytest.raises(ConfigError, match="not a valid API username"):
        production_profile("prod", username)


# -- round trips -------------------------------------------------------------------------


def test_round_trip_through_tomli_w(config_file: Path) -> None:
    config = load_config()
    config.add(production_profile("prod", "alice", read_only=True))
    config.add(cte_profile("cte", "alice"))
    config.add(custom_profile("sb", "http://127.0.0.1:8443/v1beta", "demo"), make_default=True)
    save_config(config)

    again = load_config()
    assert list(again.profiles) == ["prod", "cte", "sb"]
    assert again.profiles == config.profiles
    assert again.default == "sb"
    assert again.default_profile == config.profiles["sb"]
    raw = tomllib.loads(config_file.read_text())
    assert raw["profiles"]["prod"] == {
        "base_url": PRODUCTION_URL,
        "username": "alice",
        "read_only": True,
    }


def test_the_first_profile_becomes_the_default() -> None:
    config = load_config()
    config.add(cte_profile("cte", "alice"))
    config.add(production_profile("prod", "alice"))
    assert config.default == "cte"
    config.set_default("prod")
    assert config.default == "prod"


def test_remove_and_default_bookkeeping() -> None:
    config = load_config()
    config.add(cte_profile("a", "u"))
    config.add(cte_profile("b", "u"))
    config.add(cte_profile("c", "u"))
    config.remove("a")
    assert config.default is None  # two left: no guessing which one
    config.remove("b")
    # One left, and still no guess: it might be production (opssl profiles remove asks).
    assert config.default is None
    with pytest.raises(ConfigError, match="no profile named 'zz'"):
        config.remove("zz")


def test_adding_a_duplicate_is_refused_unless_replacing() -> None:
    config = load_config()
    config.add(cte_profile("a", "u"))
    with pytest.raises(ConfigError, match="already exists"):
        config.add(production_profile("a", "u"))
    config.add(production_profile("a", "v"), replace=True)
    assert config.get("a").username == "v"


def test_other_tables_survive_a_rewrite(config_file: Path) -> None:
    write(
        config_file,
        'theme = "nord"\n\n[keys]\nsubmit = "ctrl+s"\n\n'
        '[profiles.cte]\nbase_url = "https://api.cte.openprovider.eu/v1beta"\nusername = "u"\n',
    )
    config = load_config()
    config.add(production_profile("prod", "u"))
    save_config(config)
    raw = tomllib.loads(config_file.read_text())
    assert raw["theme"] == "nord"
    assert raw["keys"] == {"submit": "ctrl+s"}
    assert set(raw["profiles"]) == {"cte", "prod"}
    assert raw["profiles"]["cte"]["read_only"] is False


def test_save_is_atomic_and_private(config_file: Path) -> None:
    config = load_config()
    config.add(production_profile("prod", "alice"))
    written = save_config(config)
    assert written == config_file
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert [p.name for p in config_file.parent.iterdir()] == [config_file.name]  # no temp left


def test_save_follows_a_symlinked_config(tmp_path: Path, config_file: Path) -> None:
    real = write(tmp_path / "dotfiles" / "opssl.toml", "")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.symlink_to(real)
    config = load_config()
    config.add(production_profile("prod", "alice"))
    save_config(config)
    assert config_file.is_symlink()
    assert "prod" in real.read_text()


def test_a_failed_write_is_a_config_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    config = Config(path=blocked / "sub" / "config.toml")
    with pytest.raises(ConfigError, match="cannot write the file") as info:
        save_config(config)
    assert str(blocked / "sub" / "config.toml") in str(info.value)


names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
usernames = st.from_regex(r"[A-Za-z0-9._@+-]{1,30}", fullmatch=True)
urls = st.sampled_from([PRODUCTION_URL, TEST_URL, "https://op.example.net/v1beta"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    profiles=st.dictionaries(
        names, st.tuples(urls, usernames, st.booleans()), min_size=0, max_size=5
    ),
    pick_default=st.booleans(),
)
def test_any_config_round_trips(
    config_file: Path, profiles: dict[str, tuple[str, str, bool]], pick_default: bool
) -> None:
    config = Config(path=config_file)
    for name, (url, user, read_only) in profiles.items():
        config.add(Profile(name, url, user, read_only))
    if not pick_default:
        config.default = None
    save_config(config)
    again = load_config()
    assert again.profiles == config.profiles
    assert list(again.profiles) == list(config.profiles)
    assert again.default == config.default


# -- broken files: the message names the file and the key -------------------------------


def test_bad_toml_names_file_and_line(config_file: Path) -> None:
    error = broken(config_file, '[profiles.prod]\nbase_url = "https://x"\nusername = \n')
    assert error.path == config_file
    assert error.line == 3
    assert str(error).startswith(f"{config_file}, line 3: not valid TOML")


def test_bad_utf8_names_the_line(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_bytes(b'default = "a"\n# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        load_config()
    assert info.value.line == 2
    assert str(info.value) == f"{config_file}, line 2: not UTF-8 text"


PROD = '[profiles.prod]\nbase_url = "https://api.openprovider.eu/v1beta"\n'


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (PROD + "username = 42\n", "profiles.prod.username", "must be a string, not a number"),
        (PROD + 'username = "a"\nread_only = "yes"\n', "profiles.prod.read_only", "true or false"),
        (PROD, "profiles.prod.username", "missing"),
        ('[profiles.prod]\nusername = "a"\n', "profiles.prod.base_url", "missing"),
        (PROD + 'username = "a"\nreadonly = true\n', "profiles.prod.readonly", "unknown key"),
        (
            '[profiles.prod]\nbase_url = "http://api.example.net"\nusername = "a"\n',
            "profiles.prod.base_url",
            "plain HTTP",
        ),
        ('profiles = "prod"\n', "profiles", "must be a table of profiles"),
        ("[profiles]\nprod = 3\n", "profiles.prod", "must be a table"),
        ('[profiles."bad name"]\nbase_url = "https://x"\nusername = "a"\n', None, "letters"),
        # `default` below [profiles.prod] is a key *inside* that profile:
        (PROD + 'username = "a"\ndefault = "x"\n', "profiles.prod.default", "unknown key"),
        ('default = "nope"\n' + PROD + 'username = "a"\n', "default", "'nope', which is not"),
        ("default = 1\n", "default", "must be a profile name"),
    ],
)
def test_wrong_types_missing_and_unknown_keys(
    config_file: Path, text: str, key: str | None, words: str
) -> None:
    error = broken(config_file, text)
    assert str(config_file) in error.message
    assert words in error.message
    if key is not None:
        assert error.key == key
        assert f"key {key!r}" in error.message
    else:
        assert error.key is not None and error.key.startswith("profiles.")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (PROD + 'username = "a"\ntoken = "abc"\n', "profiles.prod.token"),
        (PROD + 'username = "a"\npassword = "hunter2"\n', "profiles.prod.password"),
        ('api_token = "abc"\n', "api_token"),
    ],
)
def test_secrets_in_the_file_are_refused(config_file: Path, text: str, key: str) -> None:
    error = broken(config_file, text)
    assert error.key == key
    assert "secrets never go in the config file" in error.message
    assert "abc" not in error.message and "hunter2" not in error.message


def test_unknown_profile_is_named(config_file: Path) -> None:
    write(config_file, PROD + 'username = "a"\n')
    with pytest.raises(ConfigError) as info:
        load_config().get("staging")
    assert "no profile named 'staging' (profiles: prod)" in info.value.message
    assert str(config_file) in info.value.message


def test_unreadable_file_is_a_config_error(config_file: Path) -> None:
    config_file.mkdir(parents=True)  # a directory where the file should be
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_config()


def test_the_written_file_never_holds_a_secret(config_file: Path) -> None:
    config = load_config()
    config.add(production_profile("prod", "alice"))
    save_config(config)
    text = config_file.read_text()
    assert "token" not in text and "password" not in text
    assert oct(os.stat(config_file).st_mode)[-3:] == "600"


def test_parse_config_is_usable_on_text(tmp_path: Path) -> None:
    config = parse_config(PROD + 'username = "a"\n', tmp_path / "x.toml")
    assert config.get("prod").username == "a"


# -- the DNS view of DCV checks ------------------------------------------------------------


def test_a_profiles_dns_server_is_read_checked_and_kept_when_written_back(
    config_file: Path,
) -> None:
    write(
        config_file,
        'default = "prod"\n' + PROD + 'username = "a"\ndns_server = "10.0.0.53:5353"\n'
        '\n[profiles.test]\nbase_url = "https://api.cte.openprovider.eu/v1beta"\n'
        'username = "a"\n',
    )
    config = load_config()
    assert config.get("prod").dns_server == "10.0.0.53:5353"
    assert config.get("test").dns_server == ""
    config.add(cte_profile("other", "b"))
    save_config(config)
    doc = tomllib.loads(config_file.read_text())
    assert doc["profiles"]["prod"]["dns_server"] == "10.0.0.53:5353"
    assert "dns_server" not in doc["profiles"]["test"]  # unset stays absent
    assert load_config().get("prod") == config.get("prod")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"dns.example.net"', "is not an IP address"),
        ('"10.0.0.53:99999"', "not a port number"),
        ("53", "must be a string"),
    ],
)
def test_a_bad_dns_server_names_the_key(config_file: Path, value: str, words: str) -> None:
    error = broken(config_file, PROD + f'username = "a"\ndns_server = {value}\n')
    assert error.key == "profiles.prod.dns_server"
    assert words in error.message
