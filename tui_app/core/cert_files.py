"""An issued certificate as the files a server reads, checked first and written atomically.

``cert.pem`` (the leaf), ``chain.pem`` (the intermediates, closest first: no root, no
duplicate), ``fullchain.pem`` (leaf + intermediates), and ``privkey.pem`` when a key is
given, as certbot and acme.sh lay them out: a server configured once on this directory
picks up a reissue with a new key without a config change. Before anything is written the
chain is verified, the names are the order's and the key (given, or the ``privkey.pem``
already there) belongs to the certificate; if any check fails nothing is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tui_app.api.models import Order
from tui_app.core.atomic_files import CERT_MODE, KEY_MODE, resolve_target, write_files
from tui_app.core.chain import (
    ChainError,
    VerifiedChain,
    check_names,
    key_matches,
    load_private_key,
    verify_chain,
)
from tui_app.core.host_set import order_host_set
from tui_app.core.statuses import STATUS_MEANINGS, meaning_in_sentence

CERT_FILE = "cert.pem"
CHAIN_FILE = "chain.pem"
FULLCHAIN_FILE = "fullchain.pem"
KEY_FILE = "privkey.pem"


class InstallError(Exception):
    """Nothing was written; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CertInstall:
    """What ``write`` puts in ``directory``; every check has passed when this exists."""

    order_id: int
    directory: Path
    chain: VerifiedChain
    files: tuple[tuple[Path, bytes, int], ...]
    key_path: Path | None

    @property
    def cert_path(self) -> Path:
        return self.directory / CERT_FILE

    @property
    def chain_path(self) -> Path:
        return self.directory / CHAIN_FILE

    @property
    def fullchain_path(self) -> Path:
        return self.directory / FULLCHAIN_FILE

    def unchanged(self) -> bool:
        """Every file already holds exactly what would be written."""
        for path, data, _ in self.files:
            try:
                if resolve_target(path).read_bytes() != data:
                    return False
            except OSError:
                return False
        return True

    def write(self) -> None:
        """Stage every file, then rename them back to back (``AtomicWriteError`` if not)."""
        write_files(self.files)

    def reload_env(self) -> dict[str, str]:
        """The variables a reload command gets (``KEY_PATH`` is empty without a key)."""
        return {
            "CERT_PATH": str(self.cert_path),
            "CHAIN_PATH": str(self.chain_path),
            "FULLCHAIN_PATH": str(self.fullchain_path),
            "KEY_PATH": str(self.key_path) if self.key_path else "",
        }


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InstallError(f"cannot read {what} {path}: {exc.strerror}") from None


def _key(chain: VerifiedChain, directory: Path, key: Path | None) -> tuple[Path | None, bytes]:
    """The key file the server will use and, if it must be copied into place, its bytes.

    Without ``key`` an installed ``privkey.pem`` is checked: a reissue with a new key must
    not leave the server with a certificate its key does not match.
    """
    installed = directory / KEY_FILE
    if key is None and not installed.exists():
        return None, b""
    source = key or installed
    data = _read(source, "the key")
    copy = key is not None and not (installed.exists() and os.path.samefile(key, installed))
    try:
        private = load_private_key(data, str(source))
    except ChainError as exc:
        raise InstallError(str(exc)) from None
    if not key_matches(chain.leaf, private):
        hint = "" if copy else "; pass --key FILE with the key this certificate was issued for"
        raise InstallError(f"the key {source} does not match the certificate{hint}")
    return installed, (data if copy else b"")


def plan_install(order: Order, directory: Path, key: Path | None = None) -> CertInstall:
    """Verify the order's certificate for installing in ``directory``; ``InstallError`` if not."""
    if not order.certificate.strip():
        raise InstallError(
            f"order {order.id} has no certificate yet (status {order.status or '?'}: "
            f"{meaning_in_sentence(order.status)})"
        )
    if order.status != "ACT":
        raise InstallError(
            f"order {order.id} is {order.status} ({STATUS_MEANINGS.get(order.status, '?')}); "
            "only an active (ACT) order's certificate is installed"
        )
    directory = directory.absolute()
    if not directory.is_dir():
        raise InstallError(f"{directory} is not a directory; create it first")
    try:
        chain = verify_chain(
            order.certificate, order.intermediate_certificate, order.root_certificate
        )
        check_names(chain.leaf, order_host_set(order).hosts)
    except ChainError as exc:
        raise InstallError(str(exc)) from None
    key_path, key_data = _key(chain, directory, key.absolute() if key else None)
    files = [
        (directory / CERT_FILE, chain.cert_pem, CERT_MODE),
        (directory / CHAIN_FILE, chain.chain_pem, CERT_MODE),
        (directory / FULLCHAIN_FILE, chain.fullchain_pem, CERT_MODE),
    ]
    if key_data:
        files.insert(0, (directory / KEY_FILE, key_data, KEY_MODE))
    return CertInstall(order.id, directory, chain, tuple(files), key_path)
