"""Prints how a jixiao build compares with its floor: bare MkDocs + Material on the same pages.

Run: python -m benchmarks.floor [--years 1 10 20] [--repeat 3]

For each site size, a temporary git repository holds that many years (copies of
data/2021.yaml under successive years, committed, so the revision history is read as in
a real site).  The floor is a plain MkDocs + Material site whose docs are what
``jixiao render`` writes for those years (the same Markdown, charts, downloads and
stylesheets), built without our plugin.  Builds of both are interleaved so that the
machine's load falls on both alike, and the ratios are printed:

- warm: nothing changed since the last build (caches full);
- one change: one sentence of one year edited before the build;
- one figure: one figure of that year edited instead (a result, in its indicator and in the
  sentence that prints it: its charts are drawn again, its workbooks written again);
- cold: the build cache removed before the build.

There are two floors.  The floor proper is bare MkDocs + Material as a new site has it: its
configuration without ``plugins`` takes MkDocs' default, Material's search plugin, so the
floor offers what the site offers, a search (it indexes every page into one
``search_index.json`` on each build; jixiao's Pagefind index is kept between builds).  The
second, ``no search``, is the same with ``plugins: []``: a site nobody can search, shown so
that the cost of search on either side is plain.

Targets (issue 15): warm <= 1.15x the floor at 1, 10 and 20 years; one change (either
kind) at 10 years <= 1.3x; cold at 10 years <= 3x on 2 cores.  Figures are printed, never asserted.
Each row also gives the CPU seconds of both builds' own processes (chart workers not counted):
on a machine busy with other work their ratio is steadier than the wall clock's; and the CPU
seconds the machine spent during each build (every process: the chart workers, Pagefind),
which over the machine's cores is the least wall time that work could take (run it idle).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.opendata import git

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "2021.yaml"
EDITED = "现报告如下："
# A different sentence on every run, so that no cache holds the edited year from before.
EDITS = "甲乙丙丁戊己庚辛壬癸"
# A figure edit: 失业保险征缴's result, in its indicator (and chart) and in the sentence that
# prints it, so that the checks pass; a different figure every time.
FIGURE = "388万元"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CORES = len(os.sched_getaffinity(0))
TARGETS = {"warm": 1.15, "one change": 1.3, "one figure": 1.3, "cold": 3.0}


def jixiao_site(folder: Path, years: int) -> Path:
    """This repository's site configuration over ``years`` copies of the seed year."""
    data = folder / "data"
    data.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for offset in range(years):
        year = 2021 - offset
        copy = text.replace("\nyear: 2021\n", f"\nyear: {year}\n", 1)
        # signed the year after, as the checks expect of every year
        copy = copy.replace("date: 2022-05-20", f"date: {year + 1}-05-20", 1)
        copy = copy.replace("printed_date: 2022年", f"printed_date: {year + 1}年", 1)
        (data / f"{year}.yaml").write_text(copy, encoding="utf-8")
    shutil.copy(ROOT / "data" / "report.schema.json", data)
    shutil.copytree(ROOT / "content", folder / "content")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "jixiao_site.py")]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "数据")
    return folder


def floor_site(folder: Path, source: Path, *, search: bool = True) -> Path:
    """Bare MkDocs + Material over what ``jixiao render`` writes for the same data: with
    MkDocs' default plugins (Material's search), or with none."""
    docs = folder / "docs"
    subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "render", str(docs), "--data", str(source / "data")],
        env=ENV,
        check=True,
        capture_output=True,
    )
    shutil.copytree(source / "content", docs, dirs_exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "extra", "watch") + (("plugins",) if search else ()):
        config.pop(key, None)
    if not search:
        config["plugins"] = []
    config["docs_dir"] = "docs"
    config["strict"] = False  # the floor's own warnings (no plugin to resolve them) are not ours
    config["extra_css"] = sorted(p.relative_to(docs).as_posix() for p in docs.glob("stylesheets/*"))
    config["extra_javascript"] = sorted(
        p.relative_to(docs).as_posix() for p in docs.glob("javascripts/*.js")
    )
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return folder


def build(site: Path) -> float:
    start = time.perf_counter()
    cpu, machine = _children_cpu(), machine_cpu()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / "site")],
        cwd=site,
        env=ENV,
        check=True,
        capture_output=True,
    )
    CPU.setdefault(site, []).append(_children_cpu() - cpu)
    MACHINE_CPU.setdefault(site, []).append(machine_cpu() - machine)
    return time.perf_counter() - start


# CPU seconds of each build by site (the build process and those it waited for; not the chart
# workers, which a fork server starts and nobody waits for): on a machine shared with other
# work the wall clock says as much about the others; compare warm and one-change builds by it.
CPU: dict[Path, list[float]] = {}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


# CPU seconds the whole machine spent during each build (Linux: /proc/stat), chart workers and
# Pagefind included, and anything else running: on an idle machine, what the build cost in
# all.  Over the cores, it is the least wall time the build could take however it were spread.
MACHINE_CPU: dict[Path, list[float]] = {}


def machine_cpu() -> float:
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system = (int(f) for f in fields[:3])
    return (user + nice + system) / os.sysconf("SC_CLK_TCK")


def measure(years: int, repeat: int, base: Path) -> dict[str, list[float]]:
    """Median seconds of each kind of build: jixiao's, the floor's, the floor's without search."""
    ours = jixiao_site(base / f"jixiao-{years}", years)
    floors = [
        floor_site(base / f"floor-{years}", ours),
        floor_site(base / f"bare-{years}", ours, search=False),
    ]
    sites = [ours, *floors]
    for site in sites:
        build(site)  # fill the caches
    newest = ours / "data" / "2021.yaml"
    original = newest.read_text(encoding="utf-8")

    def change(n: int) -> None:
        """One sentence of the newest year, different on every run and from every earlier
        run."""
        edited = EDITED.replace("：", f"（{EDITS[n % len(EDITS)]}）：")
        newest.write_text(original.replace(EDITED, edited, 1), "utf-8")

    def figure(n: int) -> None:
        """One figure of the newest year where the report prints it (a total could not change
        alone: the checks would rightly refuse one that no longer adds up)."""
        newest.write_text(original.replace(FIGURE, f"38{n % 10}.29万元"), "utf-8")

    before: dict[str, Callable[[int], None]] = {
        "warm": lambda n: None,
        "one change": change,
        "one figure": figure,
        "cold": lambda n: shutil.rmtree(ours / ".cache", ignore_errors=True),
    }
    results = {}
    for kind, prepare in before.items():
        times: dict[Path, list[float]] = {site: [] for site in sites}
        CPU.clear()
        MACHINE_CPU.clear()
        for n in range(repeat):  # interleaved: the machine's load falls on all alike
            prepare(n)
            for site in sites:
                times[site].append(build(site))
        results[kind] = [statistics.median(times[site]) for site in sites]
        CPU_RESULTS[(years, kind)] = [statistics.median(CPU[site]) for site in sites]
        MACHINE_RESULTS[(years, kind)] = [statistics.median(MACHINE_CPU[site]) for site in sites]
    return results


CPU_RESULTS: dict[tuple[int, str], list[float]] = {}
MACHINE_RESULTS: dict[tuple[int, str], list[float]] = {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'years':>5}  {'build':<11} {'jixiao':>8} {'floor':>8} {'ratio':>6}  target"
        f"{'':16}{'no search':>10} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as temporary:
        for years in args.years:
            for kind, (mine, floor, bare) in measure(years, args.repeat, Path(temporary)).items():
                ratio = mine / floor
                target = TARGETS[kind]
                applies = kind == "warm" or years == 10
                verdict = ("met" if ratio <= target else "NOT met") if applies else "-"
                wanted = f"<= {target}x {verdict}" if applies else ""
                cpu_mine, cpu_floor, cpu_bare = CPU_RESULTS[(years, kind)]
                all_mine, all_floor, _ = MACHINE_RESULTS[(years, kind)]
                least = all_mine / CORES / floor
                print(
                    f"{years:>5}  {kind:<11} {mine:>7.2f}s {floor:>7.2f}s {ratio:>5.2f}x  "
                    f"{wanted:<20}{bare:>9.2f}s {mine / bare:>5.2f}x"
                    f"   cpu {cpu_mine:.2f}s / {cpu_floor:.2f}s = {cpu_mine / cpu_floor:.2f}x"
                    f" (no search {cpu_mine / cpu_bare:.2f}x)"
                    f"   all processes {all_mine:.2f}s / {all_floor:.2f}s"
                    f" (over {CORES} cores at least {least:.2f}x the floor)"
                )


if __name__ == "__main__":
    main()
