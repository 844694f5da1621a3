"""Fault knobs: make the sandbox slow, flaky or broken on purpose, for tests and demos."""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Any

import tui_app.sandbox.codes as codes

HOLD_LIMIT = 60.0


@dataclass
class Faults:
    """What to break. The ``*_next`` counters affect that many API requests, then stop.

    ``methods`` limits the counters and ``fail_rate`` to some HTTP methods (e.g. only
    ``PUT``), ``paths`` to some API paths (regexes matched in full against the path after
    ``/v1beta``, e.g. ``/ssl/approver-emails``); latency and maintenance apply to every
    request. ``hold`` keeps every API request waiting until it is set back to false (at
    most ``HOLD_LIMIT`` seconds): a request in flight for exactly as long as a test needs.
    """

    latency: float = 0.0
    hold: bool = False
    fail_rate: float = 0.0
    fail_next: int = 0
    html_next: int = 0
    malformed_next: int = 0
    bad_encoding_next: int = 0
    error_next: int = 0
    error_code: int = codes.RATE_LIMIT
    error_desc: str = codes.DESC_RATE_LIMIT
    maintenance: bool = False
    methods: list[str] | None = None
    paths: list[str] | None = None
    seed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rng.seed(self.seed)

    def update(self, **changes: Any) -> None:
        known = {f.name for f in fields(self) if not f.name.startswith("_")}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown fault knob(s): {', '.join(sorted(unknown))}")
        with self._lock:
            for name, value in changes.items():
                setattr(self, name, value)
            if "seed" in changes:
                self._rng.seed(self.seed)

    def reset(self) -> None:
        self.update(**Faults().as_dict())

    def as_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")
            }

    def wait_while_held(self) -> None:
        """Block this request's thread while ``hold`` is set (polled; bounded)."""
        deadline = time.monotonic() + HOLD_LIMIT
        while self.hold and time.monotonic() < deadline:
            time.sleep(0.005)

    def take(self, method: str, path: str = "") -> str | None:
        """Which fault this request gets: 'fail', 'html', 'malformed', 'bad_encoding',
        'error' or None."""
        with self._lock:
            if self.methods is not None and method.upper() not in {m.upper() for m in self.methods}:
                return None
            if self.paths is not None and not any(re.fullmatch(p, path) for p in self.paths):
                return None
            for name in ("fail", "html", "malformed", "bad_encoding", "error"):
                counter = f"{name}_next"
                if getattr(self, counter) > 0:
                    setattr(self, counter, getattr(self, counter) - 1)
                    return name
            if self.fail_rate > 0 and self._rng.random() < self.fail_rate:
                return "fail"
            return None
