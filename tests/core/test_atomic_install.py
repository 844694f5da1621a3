"""A reader in another process never sees a partial or mixed certificate file.

The downloads alternate between two real versions of an order's certificate (before and
after a reissue on the simulator) while a separate process reads cert.pem, chain.pem and
fullchain.pem in a loop. Every read must be exactly one of the two versions of that file:
complete, parseable, never a mix of old and new bytes. The three renames happen back to
back; between them a reader may see cert.pem new and fullchain.pem old for an instant,
which is why the reload command runs only after all of them. After each download every
file is of the same version. A deliberately non-atomic writer is caught by the same reader,
so the check can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from cryptography import x509

from tests.support.csrs import make_test_csr
from tui_app.api import OpenproviderClient
from tui_app.api.models import Order
from tui_app.core.cert_files import CertInstall, plan_install
from tui_app.sandbox import Sandbox

READER = Path(__file__).parent.parent / "support" / "pem_reader.py"
NAMES = ("cert.pem", "chain.pem", "fullchain.pem")


async def _two_versions(sandbox: Sandbox, client: OpenproviderClient) -> tuple[Order, Order]:
    order = next(
        o
        for o in sandbox.store.orders.values()
        if o.status == "ACT" and not o.product.multi_domain and "email" not in o.dcv.values()
    )
    before = (await client.get_order(order.id)).data
    csr = make_test_csr(order.common_name, list(order.hosts))
    await client.reissue_order(order.id, {"csr": csr})
    admin = sandbox.base_url.rsplit("/", 1)[0]
    httpx.post(f"{admin}/_sandbox/orders/{order.id}/advance").raise_for_status()
    after = (await client.get_order(order.id)).data
    assert before.certificate != after.certificate
    return before, after


def _race(
    directory: Path, versions: list[dict[str, bytes]], write: Callable[[int], None], rounds: int
) -> dict[str, object]:
    """Run the reader while ``write(i)`` puts version ``i % 2`` in place ``rounds`` times."""
    expected = directory.parent / "expected.json"
    expected.write_text(json.dumps({n: [v[n].decode() for v in versions] for n in NAMES}))
    stop = directory.parent / "stop"
    write(0)
    reader = subprocess.Popen(
        [sys.executable, str(READER), str(directory), str(expected), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        while not (directory / ".ready").exists():
            assert reader.poll() is None, "the reader stopped early"
            time.sleep(0.01)
        for i in range(1, rounds + 1):
            write(i)
    finally:
        stop.write_text("1")
        out, _ = reader.communicate(timeout=60)
    summary: dict[str, object] = json.loads(out)
    return summary


async def _installs(
    sandbox: Sandbox, client: OpenproviderClient, directory: Path
) -> tuple[list[CertInstall], list[dict[str, bytes]]]:
    """The two downloads into ``directory``, and each one's file contents by name."""
    directory.mkdir()
    installs = [plan_install(o, directory) for o in await _two_versions(sandbox, client)]
    return installs, [{p.name: data for p, data, _ in i.files} for i in installs]


async def test_a_reader_sees_one_whole_version_of_each_file(
    sandbox: Sandbox, client: OpenproviderClient, tmp_path: Path
) -> None:
    directory = tmp_path / "tls"
    installs, versions = await _installs(sandbox, client, directory)

    def download(i: int) -> None:
        installs[i % 2].write()
        now = {n: (directory / n).read_bytes() for n in NAMES}
        assert now == versions[i % 2]  # after a download, every file is the same version

    summary = _race(directory, versions, download, rounds=300)
    assert summary["bad"] == [], summary
    # It saw both versions of every file that differs (the CA, so chain.pem, is the same).
    assert versions[0]["chain.pem"] == versions[1]["chain.pem"]
    assert summary["seen"] == {"cert.pem": [0, 1], "chain.pem": [0], "fullchain.pem": [0, 1]}
    for name in NAMES:
        x509.load_pem_x509_certificates((directory / name).read_bytes())


async def test_the_reader_catches_a_writer_that_is_not_atomic(
    sandbox: Sandbox, client: OpenproviderClient, tmp_path: Path
) -> None:
    """The control: writing in place, in two halves, is seen half done."""
    directory = tmp_path / "tls"
    _, versions = await _installs(sandbox, client, directory)

    def in_place(i: int) -> None:
        for name, data in versions[i % 2].items():
            with open(directory / name, "wb") as handle:
                handle.write(data[: len(data) // 2])
                handle.flush()
                handle.write(data[len(data) // 2 :])

    summary = _race(directory, versions, in_place, rounds=3000)
    assert summary["bad_count"] > 0, summary
