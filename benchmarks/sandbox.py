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
from tui_app.sandbox.keys import derive_rsa_primes
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
    derive = _best(lambda: derive_rsa_primes(1), repeat=1)
    seed_40 = _best(lambda: seed_orders(40, seed=1, today=TODAY))
    seed_10k = _best(lambda: seed_orders(10_000, seed=7, today=TODAY))
    first, median, whole = asyncio.run(_serve_figures())
    rows = [
        ("seed 40 orders", seed_40, ""),
        ("seed 10,000 orders", seed_10k, f"{seed_10k / 5:.2f}x of the 5 s target"),
        ("derive an RSA key's primes", derive, "what the kept primes save at start"),
        ("first page of 100 (cold)", first, ""),
        ("later page of 100 (median, cold)", median, ""),
        ("all 10,000 orders in pages of 1000", whole, f"{whole / median:.0f}x one page"),
    ]
    print("sandbox benchmark, seconds (CSRs and certificates are made on first use)")
    for label, value, note in rows:
        print(f"  {label:<36}{value:8.4f}   {note}")


if __name__ == "__main__":
    main()
