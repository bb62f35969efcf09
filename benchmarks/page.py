"""Prints what a report page weighs in the browser and how Lighthouse scores it, for a
department site of 1, 10 and 20 years and for a county portal of 60 departments × 10 years.

Run: python -m benchmarks.page [--sizes 1 10 20] [--portal 60x10 | --portal none]
                               [--runs N] [--detail] [--site DIR --page 2021/]

Each site is built (a department site of N years as ``benchmarks.floor`` makes it, the
seed's report under successive years; the portal from ``benchmarks.synthetic_portal``, its
seed department's newest report measured, the same page as the department sites'), served
on 127.0.0.1 with gzip as any web server would, and the 2021 report page loaded in Debian's
Chromium at phone width, scrolled to the end so every lazily loaded chart loads too.
Counted is everything the page loads on a page view (HTML, CSS, JS, fonts, images, and the
search index when the page fetches it without a search), gzipped; the search's share is
shown apart.  Then Lighthouse's scores (its mobile defaults; median of N runs) from the
Lighthouse in tests/browser/node_modules (``npm ci --prefix tests/browser``), run against
/usr/bin/chromium.  Nothing is fetched from any other host.  --detail lists every resource.
With --site, a site built already is measured instead (its --page).

Targets (issues 15 and 23): all the page loads at most 160 KB gzipped and Lighthouse
performance at least 0.95, at every size; accessibility, best practices and SEO 1.0.
A portal this jixiao cannot build yet is said so, not measured.
Figures are printed, never asserted: they vary by machine and by its load.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, NODE_MODULES

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
LIGHTHOUSE_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
    "dom-size",
)
PHONE_WIDTH, PHONE_HEIGHT = 375, 740
TARGET_KB, TARGET_PERFORMANCE = 160, 0.95
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


def gzipped(body: bytes) -> bytes:
    """As a web server sends it (gzip level 6, the common default)."""
    return gzip.compress(body, compresslevel=6, mtime=0)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzipped to clients that accept it, everything else as it is."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = gzipped(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


_SCROLL_TO_END = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(done => setTimeout(done, 30));
  }
}"""


@dataclass
class Weight:
    """What a page loaded: by address, its content type, raw and gzipped bytes."""

    loaded: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    elements: int = 0

    def total(self, only: Callable[[str], bool] = lambda address: True) -> tuple[int, int, int]:
        """Files, raw bytes, gzipped bytes of what the page loaded (only some addresses)."""
        chosen = [v for k, v in self.loaded.items() if only(k)]
        return len(chosen), sum(v[1] for v in chosen), sum(v[2] for v in chosen)


def is_search(address: str) -> bool:
    """Whether a resource belongs to search (Material's index and worker, Pagefind's files)."""
    path = urlsplit(address).path
    return "/search/" in path or "pagefind" in path or "/workers/search" in path


def weigh(url: str) -> Weight:
    """Every resource the page loads on a view (scrolled to the end), raw and gzipped; its
    elements at load.  Recorded on the browser context: a worker's fetches count too."""
    from playwright.sync_api import sync_playwright

    bodies: dict[str, tuple[str, bytes]] = {}
    weight = Weight()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT})

            def record(response: Any) -> None:
                if urlsplit(response.url).scheme in {"http", "https"} and response.ok:
                    kind = response.headers.get("content-type", "?").split(";")[0]
                    bodies[response.url] = (kind, response.body())

            context.on("response", record)
            page = context.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            weight.elements = page.evaluate("document.getElementsByTagName('*').length")
            page.evaluate(_SCROLL_TO_END)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    for address, (kind, body) in bodies.items():
        packed = len(gzipped(body)) if Path(urlsplit(address).path).suffix != ".png" else len(body)
        weight.loaded[address] = (kind, len(body), packed)
    return weight


def print_detail(weight: Weight) -> None:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    print(f"{'resource':<64} {'raw KB':>8} {'gzip KB':>8}")
    for address, (kind, raw, packed) in sorted(weight.loaded.items(), key=lambda i: i[1][0]):
        totals = by_type[kind]
        totals[0] += 1
        totals[1] += raw
        totals[2] += packed
        print(f"{urlsplit(address).path[-64:]:<64} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    print(f"\n{'type':<28} {'files':>5} {'raw KB':>8} {'gzip KB':>8}")
    for kind, (count, raw, packed) in sorted(by_type.items()):
        print(f"{kind:<28} {count:5} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    count, raw, packed = weight.total()
    print(f"{'everything the page loads':<28} {count:5} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    print(f"\nDOM elements at load: {weight.elements}\n")


def lighthouse(url: str, runs: int) -> list[dict[str, Any]] | str:
    """Lighthouse's mobile reports, one per run; the exact error when it cannot run."""
    if not LIGHTHOUSE.exists():
        return f"Lighthouse not run: {LIGHTHOUSE} missing (npm ci --prefix tests/browser)"
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    reports = []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(runs):
            out = Path(scratch) / f"run-{run}.json"
            command = [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={LIGHTHOUSE_FLAGS}",
            ]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode or not out.is_file():
                return f"Lighthouse failed (exit {done.returncode}):\n{done.stderr.strip()}"
            reports.append(json.loads(out.read_text(encoding="utf-8")))
    return reports


def scores(reports: list[dict[str, Any]], category: str) -> list[float]:
    return [float(r["categories"][category]["score"]) for r in reports]


def print_lighthouse(reports: list[dict[str, Any]]) -> None:
    print(f"Lighthouse {reports[0]['lighthouseVersion']} ({len(reports)} runs, mobile, median):")
    for category in CATEGORIES:
        found = scores(reports, category)
        shown = " ".join(f"{s:.2f}" for s in found)
        print(f"  {category:<16} {statistics.median(found):.2f}   ({shown})")
    for metric in METRICS:
        values = [r["audits"][metric]["numericValue"] for r in reports]
        unit = reports[0]["audits"][metric].get("numericUnit", "")
        print(f"  {metric:<28} {statistics.median(values):10.1f} {unit}")
    print()


@dataclass
class Measured:
    label: str
    weight: Weight | None = None
    lighthouse: list[dict[str, Any]] | str = ""
    not_measured: str = ""


def measure_page(label: str, site: Path, page: str, runs: int, detail: bool) -> Measured:
    with served(site) as root:
        url = f"{root}{page}"
        print(f"== {label}: {url}")
        weight = weigh(url)
        if detail:
            print_detail(weight)
        reports = lighthouse(url, runs) if runs else "Lighthouse not run (--runs 0)"
    if isinstance(reports, str):
        print(reports)
    else:
        print_lighthouse(reports)
    return Measured(label, weight, reports)


def department(base: Path, years: int) -> tuple[Path, str]:
    """A department site of N years built, and its 2021 report page."""
    from benchmarks.floor import jixiao_site
    from benchmarks.portal import build

    site = jixiao_site(base / f"department-{years}", years)
    _, error = build(site, strict=True)
    if error:
        sys.exit(error)
    return site / "site", "2021/"


def portal(base: Path, departments: int, years: int) -> tuple[Path, str, str]:
    """A portal built, its seed department's 2021 report page, and why it is no portal
    ("" when it is one)."""
    from benchmarks.portal import build_portal, portal_site

    site = portal_site(base / "portal", departments, years, seed=0)
    return site / "site", "renshe/2021/", build_portal(site)


def summary(measured: list[Measured]) -> None:
    print(
        f"{'site':<30} {'files':>5} {'raw KB':>8} {'gzip KB':>8} {'search':>7} {'DOM':>5}"
        f"  {'perf':>4}  target <= {TARGET_KB} KB, >= {TARGET_PERFORMANCE}"
    )
    for m in measured:
        if m.weight is None:
            print(f"{m.label:<30} NOT MEASURED: {m.not_measured}")
            continue
        count, raw, packed = m.weight.total()
        search = m.weight.total(is_search)[2]
        perf = (
            statistics.median(scores(m.lighthouse, "performance"))
            if isinstance(m.lighthouse, list)
            else None
        )
        light = f"{perf:.2f}" if perf is not None else "-"
        kb = "met" if packed / 1024 <= TARGET_KB else "NOT met"
        lh = "-" if perf is None else ("met" if perf >= TARGET_PERFORMANCE else "NOT met")
        print(
            f"{m.label:<30} {count:5} {raw / 1024:8.1f} {packed / 1024:8.1f} {search / 1024:7.1f}"
            f" {m.weight.elements:5}  {light:>4}  weight {kb}, performance {lh}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 20], help="years")
    parser.add_argument("--portal", default="60x10", help="departments x years, or none")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs (0: none)")
    parser.add_argument("--detail", action="store_true", help="every resource the page loads")
    parser.add_argument("--site", type=Path, help="a site built already")
    parser.add_argument("--page", default="2021/", help="the page of --site to measure")
    args = parser.parse_args()
    if args.site is not None:
        measure_page(str(args.site), args.site, args.page, args.runs, detail=True)
        return
    measured = []
    with tempfile.TemporaryDirectory() as scratch:
        for years in args.sizes:
            site, page = department(Path(scratch), years)
            label = f"department, {years} year" + ("s" if years > 1 else "")
            measured.append(measure_page(label, site, page, args.runs, args.detail))
        if args.portal != "none":
            departments, years = (int(n) for n in args.portal.lower().split("x"))
            label = f"portal, {departments} × {years}"
            site, page, why_not = portal(Path(scratch), departments, years)
            if why_not:
                print(f"== {label}: NOT MEASURED: {why_not}")
                measured.append(Measured(label, not_measured=why_not))
            else:
                measured.append(measure_page(label, site, page, args.runs, args.detail))
    summary(measured)


if __name__ == "__main__":
    main()
