"""Prints how a build of a synthetic county portal compares with its floor.

Run: python -m benchmarks.portal [--departments 60] [--years 10] [--repeat 1] [--seed 0]

The portal's data folder is made by ``benchmarks.synthetic_portal`` (data/portal.yaml and
one folder of year files per department) in a git repository, with this repository's
mkdocs.yml and content.  The floor is bare MkDocs + Material (its default plugins, Material's
search; and, printed beside it, with no plugin and no search) over the same pages: what
``jixiao render`` writes for the portal when it can render one; otherwise (a jixiao that
does not know portals yet) what it writes for each department, under the department's
folder, with a home page listing them: the pages every department has, without the
county's home and comparison pages.  Builds of both are interleaved (the machine's load
falls on both alike) and the medians and ratios printed, as in ``benchmarks.floor``:

- warm: nothing changed since the last build;
- one change: one sentence of one department's newest year edited before the build;
- cold: the build's cache removed before the build.

Targets (issue 23), on 2 cores: warm <= 1.15x the floor, one change <= 1.3x, cold <= 3x.
When this jixiao cannot build a portal, the floor's times are printed and the reason why
ours could not be measured.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from benchmarks.floor import EDITED, EDITS, TARGETS
from benchmarks.opendata import git
from benchmarks.synthetic_portal import COUNTY, generate

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
EDITED_DEPARTMENT = "xwbgs"  # a made-up department: its newest year is edited


def portal_site(folder: Path, departments: int, years: int, seed: int) -> Path:
    """This repository's site configuration over a synthetic portal, committed in git."""
    generate(folder / "data", departments, years, seed)
    shutil.copytree(ROOT / "content", folder / "content")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "jixiao_site.py")]
    config["site_name"] = f"{COUNTY}部门整体支出绩效自评报告"
    config["site_description"] = f"{COUNTY}各部门历年部门整体支出绩效自评报告（虚构数据）"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "数据")
    return folder


def build(site: Path, strict: bool = False) -> tuple[float, str]:
    """Seconds a build took, and its error output when it failed ("" when it built)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / "site")]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, *(["--strict"] if strict else [])],
        cwd=site,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    return seconds, (done.stderr.strip() or "mkdocs build failed") if done.returncode else ""


def portal_built(site: Path, department: str = "renshe", year: int = 2021) -> str:
    """Why the built site is not a portal ("" when it is one): a department's report page
    and the county's comparison pages must be there."""
    built = site / "site"
    missing = [
        path
        for path in (built / department / str(year) / "index.html", built / "compare")
        if not path.exists()
    ]
    if missing:
        shown = ", ".join(str(p.relative_to(built)) for p in missing)
        return f"this jixiao builds no portal yet (no {shown} in the built site)"
    return ""


def build_portal(site: Path) -> str:
    """Build the portal once; why it is not a portal site ("" when it built as one)."""
    _, error = build(site)
    if error:
        last = error.splitlines()[-3:]
        return "this jixiao cannot build a portal yet: " + " / ".join(last)
    return portal_built(site)


def _render(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "jixiao.cli", "render", str(out), "--data", str(data)]
    return subprocess.run(command, env=ENV, capture_output=True, text=True, check=False)


def floor_docs(source: Path, docs: Path) -> str:
    """The floor's Markdown: jixiao render of the portal, or of each department under its
    folder when it cannot render a portal.  Says which."""
    if _render(source / "data", docs).returncode == 0 and (docs / "compare").is_dir():
        return "jixiao render of the portal"
    shutil.rmtree(docs, ignore_errors=True)
    folders = sorted(p for p in (source / "data").iterdir() if p.is_dir())
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        done = list(pool.map(lambda f: _render(f, docs / f.name), folders))
    failed = [d.stderr for d in done if d.returncode]
    if failed:
        raise SystemExit(f"jixiao render failed:\n{failed[0]}")
    for shared in ("stylesheets", "javascripts"):  # the same in every department
        shutil.copytree(docs / folders[0].name / shared, docs / shared)
        for folder in folders:
            shutil.rmtree(docs / folder.name / shared)
    links = "\n".join(f"- [{f.name}]({f.name}/index.md)" for f in folders)
    (docs / "index.md").write_text(f"# 部门\n\n{links}\n", encoding="utf-8")
    return "jixiao render of each department (no portal pages: this jixiao renders none)"


def floor_site(folder: Path, source: Path, *, search: bool = True) -> tuple[Path, str]:
    """Bare MkDocs + Material over the same pages, as benchmarks.floor makes it: with MkDocs'
    default plugins (Material's search), or with none."""
    docs = folder / "docs"
    how = floor_docs(source, docs)
    shutil.copytree(source / "content", docs, dirs_exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "extra", "watch", "plugins"):
        config.pop(key, None)
    if not search:
        config["plugins"] = []
    config["docs_dir"] = "docs"
    # a small navigation whatever the size, as the portal's (Material writes the whole nav
    # into every page): home, the comparison pages, about
    compare = sorted(p.relative_to(docs).as_posix() for p in docs.glob("compare/*.md"))
    config["nav"] = ["index.md", *compare, "about.md"]
    config["strict"] = False  # the floor's own warnings (no plugin to resolve them) are not ours
    config["extra_css"] = sorted(p.relative_to(docs).as_posix() for p in docs.glob("stylesheets/*"))
    config["extra_javascript"] = sorted(
        p.relative_to(docs).as_posix() for p in docs.glob("javascripts/*.js")
    )
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return folder, how


def preparations(ours: Path) -> dict[str, Callable[[int], None]]:
    """What happens before each kind of build: nothing, one sentence of one department's
    newest year (different every run), the cache removed."""
    newest = max((ours / "data" / EDITED_DEPARTMENT).glob("*.yaml"))
    original = newest.read_text(encoding="utf-8")

    def change(n: int) -> None:
        edited = EDITED.replace("：", f"（{EDITS[n % len(EDITS)]}）：")
        newest.write_text(original.replace(EDITED, edited, 1), "utf-8")

    return {
        "warm": lambda n: None,
        "one change": change,
        "cold": lambda n: shutil.rmtree(ours / ".cache", ignore_errors=True),
    }


def measure(ours: Path, floors: list[Path], repeat: int, portal: bool, kinds: list[str]) -> None:
    """Interleaved builds of ours and the floors (with search, without), medians and ratios."""
    print(f"{'build':<11} {'jixiao':>8} {'floor':>8} {'ratio':>6}  target{'':14}{'no search':>10}")
    once = [build(floor)[0] for floor in floors]  # MkDocs keeps nothing between builds
    print(f"{'floor':<11} {'':>8} {once[0]:>7.2f}s{'':30}{once[1]:>9.2f}s  (one build each)")
    for kind, prepare in preparations(ours).items():
        if kind not in kinds:
            continue
        mine: list[float] = []
        theirs: list[list[float]] = [[] for _ in floors]
        for n in range(repeat):  # interleaved: the machine's load falls on all alike
            if portal:
                prepare(n)
                mine.append(build(ours)[0])
            for times, floor in zip(theirs, floors, strict=True):
                times.append(build(floor)[0])
        floor_time, bare = (statistics.median(times) for times in theirs)
        if not portal:
            print(f"{kind:<11} {'-':>8} {floor_time:>7.2f}s {'-':>6}{'':22}{bare:>9.2f}s")
            continue
        ours_time = statistics.median(mine)
        ratio = ours_time / floor_time
        verdict = "met" if ratio <= TARGETS[kind] else "NOT met"
        print(
            f"{kind:<11} {ours_time:>7.2f}s {floor_time:>7.2f}s {ratio:>5.2f}x"
            f"  <= {TARGETS[kind]}x {verdict:<8}{bare:>9.2f}s {ours_time / bare:>5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    kinds = ["warm", "one change", "cold"]
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=kinds,
        default=kinds,
        help="which builds to time (the first"
        " build is cold and always timed: leave out cold to save a second cold build)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        ours = portal_site(base / "portal", args.departments, args.years, args.seed)
        start = time.perf_counter()
        why_not = build_portal(ours)  # the first build: fills the caches
        first = time.perf_counter() - start
        floor, how = floor_site(base / "floor", ours)
        bare, _ = floor_site(base / "bare", ours, search=False)
        print(f"portal of {args.departments} departments × {args.years} years; floor: {how}")
        if why_not:
            print(f"jixiao: NOT MEASURED: {why_not}")
        else:
            print(f"jixiao: first build (cold, empty caches) {first:.2f}s")
        measure(ours, [floor, bare], args.repeat, portal=not why_not, kinds=args.kinds)


if __name__ == "__main__":
    main()
