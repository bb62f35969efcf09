"""Prints what the portal's own pages cost: the home page and each year's comparison page
(with its downloads and chart) for a portal of many departments.

Run: python -m benchmarks.compare [--departments N] [--years N]
Departments are copies of the shipped 2021 report under other names, one per year
(another year each); the sizes are of the generated Markdown and files (gzip in brackets).
Figures are printed, never asserted: they vary by machine.
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

from jixiao.derive.portal import Portal, department_site
from jixiao.model.loader import load_year
from jixiao.model.report import Report
from jixiao.opendata.portal import portal_pages

ROOT = Path(__file__).resolve().parent.parent


def synthetic_portal(departments: int, years: int) -> Portal:
    base, _ = load_year(ROOT / "data" / "2021.yaml")
    assert base is not None
    sites = []
    for number in range(departments):
        name = base.department.model_copy(update={"name": f"虚构县第{number + 1}局"})
        reports: tuple[Report, ...] = tuple(
            base.model_copy(update={"year": 2021 - years + 1 + y, "department": name})
            for y in range(years)
        )
        sites.append(department_site(f"d{number + 1}", f"第{number % 4 + 1}组", reports))
    return Portal("虚构县", tuple(sites))


def _size(content: str | bytes) -> str:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return f"{len(raw) / 1024:.1f} KB（gzip {len(gzip.compress(raw, 9)) / 1024:.1f} KB）"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--departments", type=int, default=80)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    portal = synthetic_portal(options.departments, options.years)
    start = time.perf_counter()
    files = portal_pages(portal)
    cold = time.perf_counter() - start
    kept: dict[str, bytes] = {}

    class Store:
        def get(self, key: str) -> bytes | None:
            return kept.get(key)

        def put(self, key: str, content: bytes) -> None:
            kept[key] = content

    portal_pages(portal, Store())
    start = time.perf_counter()
    portal_pages(synthetic_portal(options.departments, options.years), Store())
    warm = time.perf_counter() - start
    print(f"{options.departments} 个部门 × {options.years} 年：{len(files)} 个文件")
    print(f"  全部生成（画图）{cold:.2f} s；图已画好 {warm:.2f} s")
    year = max(r.year for d in portal.departments for r in d.years)
    shown = ["index.md", *sorted(p for p in files if p.startswith("compare/") and str(year) in p)]
    for path in shown:
        print(f"  {path}：{_size(files[path])}")


if __name__ == "__main__":
    main()
