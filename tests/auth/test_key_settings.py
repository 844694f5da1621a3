"""``[keys]`` read from the config file for every session: entries kept as written, and
each entry (or file) that cannot be read is a problem naming the file and the key."""

from __future__ import annotations

from pathlib import Path

from tui_app.auth.key_settings import load_key_settings, parse_keys


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_table_is_read_as_written(config_file: Path) -> None:
    write(
        config_file,
        '[keys]\n"browser.search" = "ctrl+f"\n"table.down" = "down, n"\n"made.up" = "x"\n',
    )
    settings = load_key_settings()
    assert settings.path == config_file
    assert settings.keys == {"browser.search": "ctrl+f", "table.down": "down,n", "made.up": "x"}
    assert settings.problems == ()


def test_no_file_and_no_table_are_no_keys(config_file: Path) -> None:
    assert load_key_settings().keys == {}
    write(config_file, 'default = "x"\n')
    assert load_key_settings().keys == {} and load_key_settings().problems == ()


def test_entries_that_are_not_keys_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = parse_keys({"a.b": 3, "c.d": "", "e.f": "x,,y", "g.h": "f5"}, path)
    assert settings.keys == {"g.h": "f5"}
    assert [(p.key, p.detail) for p in settings.problems] == [
        ("keys.a.b", 'must be keys such as "ctrl+f", not a number'),
        ("keys.c.d", "must be keys such as \"ctrl+f\", not ''"),
        ("keys.e.f", "must be keys such as \"ctrl+f\", not 'x,,y'"),
    ]
    assert settings.problems[0].message == (
        f"{path}, key 'keys.a.b': must be keys such as \"ctrl+f\", not a number"
    )
    (problem,) = parse_keys(["ctrl+f"], path).problems
    assert problem.key == "keys" and "must be a table" in problem.detail


def test_a_file_that_cannot_be_read_is_a_problem_not_an_exception(config_file: Path) -> None:
    write(config_file, '[keys\n"browser.search" = "ctrl+f"\n')
    settings = load_key_settings()
    assert settings.keys == {}
    (problem,) = settings.problems
    assert problem.path == config_file and problem.line == 1
    assert "not valid TOML" in problem.message


def test_keys_are_read_even_when_a_profile_is_broken(config_file: Path) -> None:
    """The demo needs no profile: a broken one does not cost the user their keys."""
    write(config_file, '[profiles.x]\nbase_url = 5\n\n[keys]\n"browser.search" = "ctrl+f"\n')
    assert load_key_settings().keys == {"browser.search": "ctrl+f"}
