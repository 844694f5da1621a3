"""A base URL with ``user:password@`` is refused wherever it comes in, without repeating
the password: --base-url, a profile in the config file, the first-start form."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_app.auth.config import ConfigError, check_base_url, load_config
from tui_app.startup import StartupError, resolve_start

URL = "https://alice:s3cret@api.example.net/v1beta"


def test_base_url_option_is_refused_without_the_password() -> None:
    with pytest.raises(StartupError) as caught:
        resolve_start(demo=False, base_url=URL)
    message = str(caught.value)
    assert "s3cret" not in message and "alice" not in message
    assert "https://api.example.net/v1beta" in message and "user name or password" in message


@pytest.mark.parametrize("url", [URL, "https://alice:s3cret@api.example.net/v1 beta"])
def test_check_base_url_never_repeats_the_password(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_base_url(url)
    assert "s3cret" not in str(caught.value)


def test_a_profile_with_credentials_in_its_url_names_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.test]\nbase_url = "{URL}"\nusername = "alice"\n')
    monkeypatch.setenv("OPSSL_CONFIG", str(path))
    with pytest.raises(ConfigError) as caught:
        load_config()
    message = str(caught.value)
    assert "s3cret" not in message
    assert "profiles.test.base_url" in message and "user name or password" in message
