"""benchmarks/run.py judges issue 11's targets: a figure over its target is a miss (exit 1).

No timing here: the judge is fed figures, as the benchmark children would report them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def run() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import run as module

        yield module
    finally:
        sys.path.remove(str(BENCHMARKS))


def met(run: ModuleType) -> dict[str, float]:
    """Every figure exactly at its limit: all met."""
    return {target.key: target.limit for target in run.TARGETS}


def test_figures_at_their_targets_pass(run: ModuleType) -> None:
    assert run.judge(met(run)) == []


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("start_ratio", 1.31, "start-up to the first rows"),
        ("open_ratio", 1.6, "e to the form drawn"),
        ("key_ratio", 1.25, "bare list"),
        ("key_ms", 41.0, "41.0 ms (target <= 40.0 ms)"),
        ("send_ratio", 3.8, "3.80x (target <= 1.50x)"),
        ("hosts_open_ratio", 1.51, "250-host"),
        ("hosts_switch_ratio", 1.4, "four-key switch"),
        ("demo_ratio", 2.4, "--demo"),
        ("memory_mb", 40.5, "40.5 MB (target <= 40.0 MB)"),
    ],
)
def test_each_figure_over_its_target_is_a_miss(
    run: ModuleType, key: str, value: float, words: str
) -> None:
    figures = {**met(run), key: value}
    (missed,) = run.judge(figures)
    assert words in missed


def test_a_figure_not_measured_is_a_miss(run: ModuleType) -> None:
    figures = met(run)
    del figures["key_ms"]
    figures["send_ratio"] = float("nan")
    missed = run.judge(figures)
    assert len(missed) == 2 and all("not measured" in line for line in missed)


def test_main_exits_1_on_a_miss_and_0_when_all_are_met(
    run: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = met(run)
    monkeypatch.setattr(run, "measure", lambda runs: dict(figures))
    assert run.main(["--runs", "1"]) == 0
    assert "all targets met" in capsys.readouterr().out
    figures["start_ratio"] = 1.69
    assert run.main(["--runs", "1"]) == 1
    out = capsys.readouterr().out
    assert "MISSED: start-up to the first rows / bare app: 1.69x (target <= 1.30x)" in out
