"""Prints what the pipeline and a whole site build cost: time and peak memory.

Run: python -m benchmarks.build [--repeat N]
Figures are printed, never asserted: they vary by machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.timing import timed
from jixiao.build import generate
from jixiao.model.loader import data_files, load_all
from jixiao.source.problems import DataError

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = data_files(ROOT / "data")
    loaded = load_all(files)
    if loaded.problems:
        raise DataError(loaded.problems)

    timed("load + validate all years", lambda: load_all(files), args.repeat)
    timed("generate pages, charts, downloads (cold)", lambda: generate(loaded.reports), args.repeat)

    tracemalloc.start()
    generate(load_all(files).reports)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{'peak Python memory, load + render':<36} {peak / 1024 / 1024:8.1f} MiB")

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = []
    for _ in range(max(1, args.repeat // 2)):
        with tempfile.TemporaryDirectory() as site:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", site],
                cwd=ROOT,
                env=env,
                check=True,
            )
            builds.append(time.perf_counter() - start)
    print(f"{'mkdocs build --strict (whole site)':<36} median {statistics.median(builds):8.2f} s")


if __name__ == "__main__":
    main()
