"""Prints what the personal-data screen costs: the data check of every year, and the audit of
the built site after a build, cold and with its cache of files found clean.

Run: python -m benchmarks.personal [--repeat N]   (after a `mkdocs build`, which leaves site/)
Figures are printed, never asserted: they vary by machine.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.timing import timed
from jixiao.checks.rules import check_confidential
from jixiao.model.loader import data_files, load_all
from jixiao.postbuild.personal_audit import audit_personal
from jixiao.source.problems import DataError

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    loaded = load_all(data_files(ROOT / "data"))
    if loaded.problems:
        raise DataError(loaded.problems)
    timed(
        "confidential check, every year",
        lambda: [list(check_confidential(r)) for r in loaded.reports],
        args.repeat,
    )
    if not args.site.is_dir():
        print(f"{args.site} not built: run mkdocs build first for the site audit")
        return
    timed("built-site audit, cold", lambda: audit_personal(args.site), args.repeat)
    clean: set[str] = set()
    audit_personal(args.site, clean=clean)
    timed(
        "built-site audit, files found clean before",
        lambda: audit_personal(args.site, known=clean),
        args.repeat,
    )


if __name__ == "__main__":
    main()
