"""Prints what the open-data parts cost: downloads, schema, diff and revision history.

Run: python -m benchmarks.opendata [--years N] [--commits N] [--repeat N]
Synthetic years are copies of the shipped 2021 report with another year; the
history is read from a temporary git repository with N commits of one data file.
Figures are printed, never asserted: they vary by machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.timing import timed
from jixiao.model.loader import load_year
from jixiao.model.report import Report
from jixiao.opendata.diff import compare
from jixiao.opendata.downloads import downloads
from jixiao.opendata.history import history
from jixiao.opendata.schema import render_schema

ROOT = Path(__file__).resolve().parent.parent


def synthetic_years(count: int) -> list[Report]:
    base, _ = load_year(ROOT / "data" / "2021.yaml")
    assert base is not None
    return [base.model_copy(update={"year": 2021 + i}) for i in range(count)]


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def repository(folder: Path, commits: int) -> Path:
    """A repository where each commit changes one figure of data/2021.yaml."""
    text = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")
    (folder / "data").mkdir()
    git(folder, "init", "-q")
    target = "- {name: 行政编制, value: 13人}"
    for number in range(commits):
        edited = text.replace(target, f"- {{name: 行政编制, value: {13 + number}人}}")
        (folder / "data" / "2021.yaml").write_text(edited, encoding="utf-8")
        git(folder, "add", "data")
        git(folder, "commit", "-q", "-m", f"修改 {number}")
    return folder / "data" / "2021.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    one = synthetic_years(1)
    many = synthetic_years(args.years)
    timed("downloads, 1 year (CSV, XLSX, JSON, twice)", lambda: downloads(one), args.repeat)
    timed(f"downloads, {args.years} years", lambda: downloads(many), args.repeat)
    sizes = {d.path: d.size for d in downloads(many)}
    for path in sorted(p for p in sizes if "all" in p):
        print(f"{'size of ' + path:<44} {sizes[path] / 1024:8.1f} KiB")
    timed("JSON Schema", render_schema, args.repeat)
    timed("compare two versions of a year", lambda: compare(one[0], many[1]), args.repeat)

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        data_file = repository(Path(folder), args.commits)
        setup = f"(setting up {args.commits} commits)"
        print(f"{setup:<44} {time.perf_counter() - start:8.1f} s")
        found = history(data_file)
        print(f"{'revisions found':<44} {len(found.revisions):8d}")
        timed(
            f"history of a file with {args.commits} commits",
            lambda: history(data_file),
            args.repeat,
        )


if __name__ == "__main__":
    main()
