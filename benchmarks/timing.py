"""Timing helper shared by the benchmark scripts: medians, printed, never asserted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(label: str, action: Callable[[], object], repeat: int, width: int = 44) -> float:
    """Run action repeat times; print and return the median in seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"{label:<{width}} median {median * 1000:8.1f} ms  (n={repeat})")
    return median
