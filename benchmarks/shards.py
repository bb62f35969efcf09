"""Prints what building a synthetic county portal in shards and merging them costs, against
one build of the whole portal.

Run: python -m benchmarks.shards [--departments 20] [--years 3] [--shards 2] [--seed 0]
[--cold-only]

The portal is ``benchmarks.portal``'s (``benchmarks.synthetic_portal`` data in git with this
repository's mkdocs.yml, here with a ``site_url`` so MkDocs writes a sitemap to merge).  Its
departments are split, in the portal's order, into k shards of about equal size.  Each shard
is built with ``jixiao shard`` one after another, each with a build cache of its own (as a CI
job keeps its shard's cache), as k CI jobs would build them side by side: each shard's time is
printed, and the largest, which is what the jobs take together.  Then ``jixiao merge`` of the
shards, timed, and one ``mkdocs build`` of the whole portal for comparison, with a cache of its
own.  Both rounds: cold (empty caches) and warm (nothing changed since).  Whether the merged
site is the whole build's, byte for byte, is printed too.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.portal import ENV, portal_site


def departments_of(site: Path) -> list[str]:
    """The portal's departments in its order (the groups of data/portal.yaml)."""
    portal = yaml.safe_load((site / "data" / "portal.yaml").read_text(encoding="utf-8"))
    return [d for group in portal["groups"] for d in group["departments"]]


def split(items: list[str], k: int) -> list[list[str]]:
    """k runs of the items in order, their sizes differing by one at most."""
    size, extra = divmod(len(items), k)
    runs, at = [], 0
    for index in range(k):
        end = at + size + (index < extra)
        runs.append(items[at:end])
        at = end
    return [run for run in runs if run]


def config_with_cache(site: Path, name: str, cache: str) -> Path:
    """The site's mkdocs.yml with the build cache in a folder of its own."""
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["jixiao"]["cache_dir"] = cache
    path = site / name
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


def timed_run(site: Path, command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=site, env=ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds


def same_bytes(one: Path, other: Path) -> str:
    """ "identical", or the first few files that differ or are in one only."""
    a = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    b = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    differ = sorted(a ^ b) + sorted(
        p for p in a & b if (one / p).read_bytes() != (other / p).read_bytes()
    )
    return "identical" if not differ else f"DIFFERENT: {', '.join(differ[:5])}"


def round_of(site: Path, shards: list[list[str]], label: str) -> None:
    """Each shard, the merge, the whole build; printed."""
    python = sys.executable
    times = []
    for index, departments in enumerate(shards, 1):
        config = site / f"shard-{index}.yml"
        out = f"out-shard-{index}"
        command = ["-m", "jixiao.cli", "shard", out, "--departments", ",".join(departments)]
        seconds = timed_run(site, [python, *command, "--config", str(config)])
        times.append(seconds)
        print(f"  {label} shard {index} ({len(departments)} departments): {seconds:7.2f}s")
    shutil.rmtree(site / "merged", ignore_errors=True)
    outs = [f"out-shard-{i}" for i in range(1, len(shards) + 1)]
    merge = timed_run(site, [python, "-m", "jixiao.cli", "merge", "merged", *outs])
    whole_config = site / "whole.yml"
    whole = timed_run(
        site, [python, "-m", "mkdocs", "build", "-q", "-f", str(whole_config), "-d", "whole"]
    )
    slowest = max(times)
    print(f"  {label} shards: largest {slowest:.2f}s, sum {sum(times):.2f}s; merge {merge:.2f}s")
    print(
        f"  {label} sharded (largest shard + merge) {slowest + merge:.2f}s"
        f" against one build {whole:.2f}s: {whole / (slowest + merge):.2f}x"
    )
    print(f"  merged site against the one build: {same_bytes(site / 'merged', site / 'whole')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cold-only", action="store_true", help="skip the warm round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        site = portal_site(Path(temporary) / "portal", args.departments, args.years, args.seed)
        config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
        config["site_url"] = "https://example.org/county/"
        (site / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
        shards = split(departments_of(site), args.shards)
        for index in range(1, len(shards) + 1):
            config_with_cache(site, f"shard-{index}.yml", f".cache-shard-{index}")
        config_with_cache(site, "whole.yml", ".cache-whole")
        print(
            f"portal of {args.departments} departments × {args.years} years"
            f" in {len(shards)} shards (sizes {[len(s) for s in shards]})"
        )
        round_of(site, shards, "cold")
        if not args.cold_only:
            round_of(site, shards, "warm")


if __name__ == "__main__":
    main()
