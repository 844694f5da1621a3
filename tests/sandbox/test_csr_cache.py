"""The demo's CSR file: what it reads back is byte for byte what would be signed, and a
missing, corrupt, foreign or unwritable file only means signing again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

import tui_app.sandbox.keys as keys
from tests.conftest import TODAY
from tui_app.sandbox import Sandbox
from tui_app.sandbox.csr_cache import CsrCache, default_path, pem_to_der
from tui_app.sandbox.seed import seed_orders

ORDERS = 30


def _answers(cache: CsrCache | None) -> list[dict[str, Any]]:
    if cache is None:
        return [o.to_api() for o in seed_orders(ORDERS, 1, TODAY)]
    return [o.to_api() for o in seed_orders(ORDERS, 1, TODAY, cache.make_csr)]


def _no_signing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> tuple[str, bytes]:
        raise AssertionError(f"a CSR was signed: {args}")

    monkeypatch.setattr(keys, "make_csr", refuse)


def test_csrs_read_back_are_the_ones_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = _answers(None)
    path = tmp_path / "cache" / "demo-csrs.json"
    first = CsrCache(path)
    assert _answers(first) == signed
    assert not path.exists()  # written when the session ends, not on every CSR
    first.save()
    assert len(json.loads(path.read_text())["csrs"]) == ORDERS

    _no_signing(monkeypatch)
    assert _answers(CsrCache(path)) == signed  # the same CSRs, DER and DCV values


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "not json at all",
        lambda text: json.dumps(["a", "list"]),
        lambda text: json.dumps({**json.loads(text), "generation": "other-keys.py"}),
        lambda text: json.dumps({**json.loads(text), "csrs": "none"}),
        # every entry's PEM mangled: read as a miss and signed again
        lambda text: json.dumps(
            {
                **json.loads(text),
                "csrs": {
                    k: v.replace("-----END", "--END") for k, v in json.loads(text)["csrs"].items()
                },
            }
        ),
    ],
)
def test_a_damaged_or_stale_file_is_rebuilt(tmp_path: Path, damage: Any) -> None:
    signed = _answers(None)
    path = tmp_path / "demo-csrs.json"
    made = CsrCache(path)
    _answers(made)
    made.save()
    path.write_text(damage(path.read_text()))

    again = CsrCache(path)
    assert _answers(again) == signed
    again.save()
    assert _answers(CsrCache(path)) == signed
    assert len(json.loads(path.read_text())["csrs"]) == ORDERS


def test_a_cache_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    cache = CsrCache(blocker / "demo-csrs.json")  # its directory cannot be made
    assert _answers(cache) == _answers(None)
    cache.save()
    assert blocker.read_text() == ""


def test_pem_to_der_refuses_what_is_not_a_pem() -> None:
    pem, der = keys.make_csr("a.example.com", (), "Org", "ec256", 0)
    assert pem_to_der(pem) == der
    with pytest.raises(ValueError):
        pem_to_der("-----BEGIN CERTIFICATE REQUEST-----\n")


def test_the_sandbox_writes_its_csrs_when_it_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = default_path()
    assert path.is_relative_to(tmp_path / "xdg")

    def first_page(sandbox: Sandbox) -> Any:
        return httpx.get(
            f"{sandbox.base_url}/ssl/orders",
            params={"limit": 20},
            headers={"Authorization": f"Bearer {sandbox.issue_token()}"},
        ).json()["data"]

    with Sandbox(orders=ORDERS, today=TODAY, csr_cache=path) as sandbox:
        page = first_page(sandbox)
    assert len(json.loads(path.read_text())["csrs"]) == 20

    _no_signing(monkeypatch)
    with Sandbox(orders=ORDERS, today=TODAY, csr_cache=path) as sandbox:
        assert first_page(sandbox) == page


@pytest.mark.parametrize("xdg", [None, "", "  ", "/var/cache/someone"])
def test_the_cache_path_is_platformdirs_own(
    xdg: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux the path is read without importing platformdirs: the same path."""
    import platformdirs

    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert default_path() == platformdirs.user_cache_path("opssl") / "demo-csrs.json"
