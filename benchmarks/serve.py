"""Prints how long `mkdocs serve` takes to show an edited year, ours against the floor.

Run: python -m benchmarks.serve [--years 10] [--repeat 5]

A site of N years (as ``benchmarks.floor`` makes it, in a git repository) and its
floor (bare MkDocs + Material on the same pages) are each served by
``mkdocs serve``.  One sentence of the newest year is edited, a different one
every time (in the data file for ours, in the generated Markdown for the
floor), and the time from the save to the first response of the year's page
that carries the new sentence is measured, polling every 20 ms.  Medians and
their ratio are printed.

With ``--edit figure`` a figure is edited instead (the result of one indicator and the
sentence that prints it): its chart is redrawn under a new name, which only the pages
showing it link to.

Target: the edit loop is no slower than the floor's own (ratio <= 1).  MkDocs rebuilds
the whole site on every save, so the floor's own rebuild is part of that time; the
ratio shows what our plugin adds to it.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.floor import EDITED, EDITS, FIGURE, floor_site, jixiao_site

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TARGET = 1.0  # times the floor's own edit loop
POLL = 0.02


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read()).decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 120) -> float:
    """Seconds until the page at url carries text."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if text in page(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise RuntimeError(f"{url} never showed {text!r}")


def edits(kind: str, n: int) -> tuple[str, str]:
    """The n-th edit of this kind: what it replaces, and with what."""
    if kind == "figure":
        return FIGURE, f"38{n % 10}.29万元"  # printed nowhere else in the report
    return EDITED, EDITED.replace("：", f"（{EDITS[n % len(EDITS)]}）：")


def edit_loop(site: Path, edited_file: Path, repeat: int, kind: str = "sentence") -> list[float]:
    """Serve the site, then edit the file `repeat` times, timing each edit until it shows."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/2021/"
    original = edited_file.read_text(encoding="utf-8")
    try:
        wait_for(url, EDITED)
        times = []
        for n in range(repeat):
            old, new = edits(kind, n)
            time.sleep(1.0)  # let the watcher settle after the last rebuild
            edited_file.write_text(original.replace(old, new), "utf-8")
            times.append(wait_for(url, new))
        return times
    finally:
        edited_file.write_text(original, "utf-8")
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, nargs="+", default=[10])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--edit",
        choices=["sentence", "figure"],
        default="sentence",
        help="what is edited: a sentence, or a figure (its chart is redrawn under a new name)",
    )
    args = parser.parse_args()
    print(f"{'years':>5}  {'jixiao':>8} {'floor':>8} {'ratio':>6}  target")
    with tempfile.TemporaryDirectory() as temporary:
        for years in args.years:
            ours = jixiao_site(Path(temporary) / f"jixiao-{years}", years)
            floor = floor_site(Path(temporary) / f"floor-{years}", ours)
            data = ours / "data" / "2021.yaml"
            mine = statistics.median(edit_loop(ours, data, args.repeat, args.edit))
            # the floor has no charts to redraw: the same figure edited in its Markdown
            markdown = floor / "docs" / "2021.md"
            theirs = statistics.median(edit_loop(floor, markdown, args.repeat, args.edit))
            verdict = "met" if mine <= theirs * TARGET else "NOT met"
            print(
                f"{years:>5}  {mine:>7.2f}s {theirs:>7.2f}s {mine / theirs:>5.2f}x"
                f"  <= {TARGET}x {verdict}"
            )


if __name__ == "__main__":
    main()
