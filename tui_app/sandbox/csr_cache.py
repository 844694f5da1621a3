"""The demo's CSRs kept in a file, so that its first page signs none of them again.

Seeded CSRs are deterministic (``keys.make_csr``): the same hosts, organisation and key
give the same bytes on every run, and the DCV values are hashes of those bytes. Signing
the first page's 100 CSRs costs ~30 ms under the app's GIL at every ``opssl --demo``; a
file under the user's cache directory, written when the first demo ends, lets the next
ones read them. Entries are keyed by everything ``make_csr`` is given, so a different
seed or order simply misses, and the file carries a digest of ``keys.py``: a change to
how keys or CSRs are made drops it. A missing, unreadable, corrupt or foreign file is
ignored (and rewritten); a file that cannot be written is left alone. Certificates are
not kept: their validity follows the sandbox's clock to the second, so no run could
read another's. Nothing here imports cryptography: a CSR read back needs none.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CsrMaker = Callable[[str, tuple[str, ...], str, str, int], tuple[str, bytes]]

FILE_NAME = "demo-csrs.json"
_KEYS_SOURCE = Path(__file__).with_name("keys.py")


def default_path() -> Path:
    """``$XDG_CACHE_HOME/opssl`` (``~/.cache/opssl``) on Linux, the platform's elsewhere.

    On Linux without platformdirs (its import is ~7 ms before the demo's first page), as
    it reads the variable (a test checks they agree)."""
    if sys.platform == "linux":
        base = os.environ.get("XDG_CACHE_HOME", "")
        root = base if base.strip() else os.path.expanduser("~/.cache")
        return Path(root) / "opssl" / FILE_NAME
    import platformdirs

    return platformdirs.user_cache_path("opssl") / FILE_NAME


def _generation() -> str:
    """What the CSRs were made by: a digest of ``keys.py`` (``?`` if it cannot be read)."""
    try:
        return hashlib.sha256(_KEYS_SOURCE.read_bytes()).hexdigest()[:16]
    except OSError:
        return "?"


def _entry_key(
    common_name: str, sans: tuple[str, ...], organization: str, kind: str, index: int
) -> str:
    return json.dumps([common_name, list(sans), organization, kind, index])


def pem_to_der(pem: str) -> bytes:
    """The DER a PEM carries: the base64 between its header and footer lines."""
    lines = pem.strip().splitlines()
    if (
        len(lines) < 3
        or not lines[0].startswith("-----BEGIN ")
        or not lines[-1].startswith("-----END ")
    ):
        raise ValueError("not a PEM block")
    return base64.b64decode("".join(lines[1:-1]), validate=True)


def _make_csr(
    common_name: str, sans: tuple[str, ...], organization: str, kind: str, index: int
) -> tuple[str, bytes]:
    from tui_app.sandbox.keys import make_csr  # cryptography: only when a CSR is signed

    return make_csr(common_name, sans, organization, kind, index)


class CsrCache:
    """``make_csr`` that reads what an earlier run made; ``save`` writes what this one made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._generation = _generation()
        self._known = self._load()
        self._made: dict[str, str] = {}

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("generation") != self._generation:
            return {}
        csrs = data.get("csrs")
        if not isinstance(csrs, dict):
            return {}
        return {k: v for k, v in csrs.items() if isinstance(k, str) and isinstance(v, str)}

    def make_csr(
        self, common_name: str, sans: tuple[str, ...], organization: str, kind: str, index: int
    ) -> tuple[str, bytes]:
        """The CSR (PEM, DER) ``keys.make_csr`` gives for these, read back when known."""
        key = _entry_key(common_name, sans, organization, kind, index)
        pem = self._known.get(key)
        if pem is not None:
            try:
                return pem, pem_to_der(pem)
            except ValueError:  # a damaged entry: made again below, and written again
                del self._known[key]
        pem, der = _make_csr(common_name, sans, organization, kind, index)
        self._made[key] = pem
        return pem, der

    def save(self) -> None:
        """Write the known and the newly made CSRs (atomically), if any was made."""
        if not self._made:
            return
        csrs = {**self._known, **self._made}
        text = json.dumps({"generation": self._generation, "csrs": csrs})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".demo-csrs-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a cache that cannot be written is only slower next time
        self._known, self._made = csrs, {}
