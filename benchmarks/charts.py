"""Prints what charts cost: each chart, a cold and a warm site build, and the charts' share.

Run: python -m benchmarks.charts [--repeat N] [--years N]
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
from decimal import Decimal
from pathlib import Path

from jixiao.charts.assets import chart_assets
from jixiao.charts.catalog import charts_for
from jixiao.charts.trends import trend_charts
from jixiao.infra.memo import Memo, Store
from jixiao.infra.workers import default_workers
from jixiao.model.loader import load_or_raise
from jixiao.model.report import Report
from tests.conftest import config_for

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def per_chart(report: Report, repeat: int) -> float:
    from jixiao.charts.render import render_svg

    charts = charts_for(report)
    render_svg(charts[0])  # imports and font registration are not a chart's cost
    total = 0.0
    print(f"{'chart':<40} {'median ms':>10} {'SVG KB':>8}")
    for chart in charts:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            svg = render_svg(chart)
            runs.append(time.perf_counter() - start)
        total += statistics.median(runs)
        name = f"{chart.year}-{chart.id}"
        print(f"{name:<40} {statistics.median(runs) * 1000:10.1f} {len(svg) / 1024:8.1f}")
    each = total / len(charts) * 1000
    print(f"{len(charts)} charts, {total * 1000:.0f} ms in all, {each:.0f} ms each")
    return total


def import_cost() -> float:
    code = (
        "import time; t = time.perf_counter(); import jixiao.charts.render; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def config(folder: Path, cache: Path) -> Path:
    """The project's site configuration in a scratch folder, with its own build cache."""
    return config_for(folder, ROOT / "data", cache_dir=cache)


def build(config_file: Path, site: Path) -> float:
    start = time.perf_counter()
    command = ["mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(site)]
    done = subprocess.run([sys.executable, "-m", *command], env=ENV, capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    return time.perf_counter() - start


def site_builds(repeat: int) -> tuple[float, float]:
    colds, warms = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            config_file = config(folder, folder / "cache")
            colds.append(build(config_file, folder / "site-cold"))
            warms.append(build(config_file, folder / "site-warm"))
    return statistics.median(colds), statistics.median(warms)


def parallel(report: Report, years: int) -> None:
    """A cold chart build of several years, in worker processes and in this one."""
    reports = [report.model_copy(update={"year": report.year + i}) for i in range(years)]
    count = sum(len(charts_for(r)) for r in reports) + len(trend_charts(reports))
    timings = {}
    for workers in (default_workers(), 1):
        start = time.perf_counter()
        chart_assets(reports, None, workers=workers)
        timings[workers] = time.perf_counter() - start
    for workers, seconds in timings.items():
        print(f"cold, {years} years ({count} charts), {workers} worker(s): {seconds:6.2f} s")


def trends(report: Report, years: int) -> None:
    """The 历年对比 charts for several years: how many, their drawing cost, a warm rebuild
    and a rebuild after one year's change (which redraws only the trend charts showing it)."""
    from jixiao.charts.render import render_svg

    reports = [report.model_copy(update={"year": report.year + i}) for i in range(years)]
    charts = trend_charts(reports)
    start = time.perf_counter()
    sizes = [len(render_svg(chart)) for chart in charts]
    took = time.perf_counter() - start
    print(
        f"trend charts, {years} years: {len(charts)} charts, {took * 1000:.0f} ms drawn one by one "
        f"({took / len(charts) * 1000:.0f} ms each, {statistics.mean(sizes) / 1024:.1f} KB SVG)"
    )
    with tempfile.TemporaryDirectory() as scratch:
        cache = Store(Memo(Path(scratch)), "charts")
        chart_assets(reports, cache)
        start = time.perf_counter()
        chart_assets(reports, cache)
        warm = (time.perf_counter() - start) * 1000
        print(f"all charts of {years} years, warm cache: {warm:.0f} ms")
        newest = reports[-1]
        assert newest.budget is not None and newest.budget.total is not None
        total = newest.budget.total
        budget = newest.budget.model_copy(
            update={"total": total.model_copy(update={"value": Decimal(1)})}
        )
        sections = {**newest.sections, newest.anchor_of(newest.budget): budget}
        changed = [*reports[:-1], newest.model_copy(update={"sections": sections})]
        start = time.perf_counter()
        again = chart_assets(changed, cache, workers=1)
        redrawn = [name for name in again.drawn if name.startswith("trends-")]
        print(
            f"one year's budget changed: {len(again.drawn)} charts redrawn "
            f"({', '.join(redrawn)} among them) in {(time.perf_counter() - start) * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--years", type=int, default=5, help="years for the parallel comparison")
    args = parser.parse_args()
    report = load_or_raise(ROOT / "data" / "2021.yaml")

    print(
        f"importing matplotlib and the chart code: {import_cost() * 1000:.0f} ms (once per process)"
    )
    charts_total = per_chart(report, args.repeat)
    print()
    with tempfile.TemporaryDirectory() as scratch:
        cache = Store(Memo(Path(scratch)), "charts")
        chart_assets([report], cache)
        start = time.perf_counter()
        warm = chart_assets([report], cache)
        took = (time.perf_counter() - start) * 1000
        print(f"charts from a warm cache, in process: {took:.1f} ms ({len(warm.reused)} reused)")
    cold, warm_build = site_builds(args.repeat)
    print(f"mkdocs build --strict, cold chart cache: {cold:6.2f} s (median of {args.repeat})")
    print(f"mkdocs build --strict, warm chart cache: {warm_build:6.2f} s")
    print(f"share of the cold build spent on charts: {(cold - warm_build) / cold * 100:5.1f} %")
    print(f"  (drawing them one by one: {charts_total:.2f} s + import; {default_workers()} cores)")
    print()
    parallel(report, args.years)
    print()
    trends(report, args.years)


if __name__ == "__main__":
    main()
