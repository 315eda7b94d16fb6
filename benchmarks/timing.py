"""Latency sampling and percentiles shared by the benchmarks."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from typing import Any


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (with few samples p99 is the slowest run)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(samples: list[float]) -> dict[str, Any]:
    return {
        "runs": len(samples),
        "p50": percentile(samples, 50),
        "p99": percentile(samples, 99),
        "min": min(samples) if samples else math.nan,
    }


def sample(
    call: Callable[[], object],
    budget: float,
    max_runs: int,
    min_runs: int = 3,
    slow: float = 5.0,
) -> tuple[list[float], object]:
    """Time ``call`` until ``budget`` seconds are spent or ``max_runs`` are done (at least
    ``min_runs``, and at least two unless a run takes over ``slow`` seconds); the first run is
    dropped as a warm-up when there are more than two."""
    samples: list[float] = []
    started = time.perf_counter()
    last: object = None
    while True:
        t = time.perf_counter()
        last = call()
        samples.append(time.perf_counter() - t)
        spent = time.perf_counter() - started
        if len(samples) >= max_runs or (spent >= budget and len(samples) >= min_runs):
            break
        if samples[-1] > slow:
            break
        if len(samples) >= 2 and spent + samples[-1] > budget * 3:
            break  # one more would blow far past the budget
    if len(samples) > 2:
        samples = samples[1:]  # drop the warm-up
    return samples, last


def load() -> list[float]:
    """The machine's load average (1, 5, 15 min): how shared the cores were."""
    return [round(x, 2) for x in os.getloadavg()]
