"""Sandbox figures: how long seeding takes, and what a page of orders costs to serve.

Run: python benchmarks/sandbox.py
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import datetime

from tui_app.api import OpenproviderClient
from tui_app.sandbox import Sandbox
from tui_app.sandbox.keys import private_key
from tui_app.sandbox.seed import seed_orders

TODAY = datetime(2026, 11, 29, 12)


def _best(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


async def _serve_figures() -> tuple[float, float, float]:
    with Sandbox(orders=10_000, seed=7, today=TODAY) as sandbox:
        async with OpenproviderClient(sandbox.base_url, sandbox.issue_token()) as client:
            start = time.perf_counter()
            await client.list_orders(limit=100)
            first_page = time.perf_counter() - start
            samples = []
            for offset in range(100, 1100, 100):
                start = time.perf_counter()
                await client.list_orders(limit=100, offset=offset)
                samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            offset = 0
            while offset < 10_000:
                page = await client.list_orders(limit=1000, offset=offset)
                offset += len(page.data.results)
            whole = time.perf_counter() - start
    return first_page, statistics.median(samples), whole


def main() -> None:
    private_key("rsa2048", 0)  # derived once per process; measured separately below
    rsa = _best(lambda: (private_key.cache_clear(), private_key("rsa2048", 0)), repeat=1)
    seed_40 = _best(lambda: seed_orders(40, seed=1, today=TODAY))
    seed_10k = _best(lambda: seed_orders(10_000, seed=7, today=TODAY))
    first, median, whole = asyncio.run(_serve_figures())
    print("sandbox benchmark (seconds)")
    print(f"  seed 40 orders                    {seed_40:8.4f}")
    print(f"  seed 10,000 orders                {seed_10k:8.4f}   (target < 5 s: {seed_10k / 5:.2f}x of it)")
    print(f"  derive the seeded RSA key         {rsa:8.4f}   (once per process, off the request path)")
    print(f"  first page of 100 (cold)          {first:8.4f}")
    print(f"  later page of 100 (median, cold)  {median:8.4f}")
    print(f"  all 10,000 orders, pages of 1000  {whole:8.4f}   (CSRs and certificates made on first use)")
    print(f"  ratio whole account / one page    {whole / median:8.1f}x")


if __name__ == "__main__":
    main()
