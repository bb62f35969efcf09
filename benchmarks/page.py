"""Prints what a report page weighs in the browser and how Lighthouse scores it.

Run: python -m benchmarks.page [--site DIR | --years N] [--year 2021] [--runs N] [--query Q]

Builds the site (or takes one built already, --site), serves it on 127.0.0.1
with gzip as any web server would, and loads the year's report page in
Debian's Chromium at phone width, scrolled to the end so every lazily loaded
chart loads too.  Prints every resource the page loaded, raw and gzipped, by
type; the page's element count at load; then Lighthouse's scores (its mobile
defaults; median of N runs) from the Lighthouse in tests/browser/node_modules
(``npm ci --prefix tests/browser``), run against /usr/bin/chromium.  Nothing
is fetched from any other host.  ``--years N`` builds a site of N copies of the seed year
(as ``benchmarks.floor`` does).  Then, on the search page, one query (``--query``, 社保卡 by
default) is typed and every file fetched for it is listed, raw and gzipped: what a search
costs a reader (Pagefind fetches only the chunks the query's words need).

Targets (issue 15): all the page loads at most 160 KB gzipped; Lighthouse
performance at least 0.95, accessibility, best practices and SEO 1.0.
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
from collections.abc import Iterator
from contextlib import contextmanager
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


def build(site: Path, years: int | None = None, source: Path | None = None) -> None:
    """This repository's site; with ``years``, a site of that many copies of the seed year."""
    from benchmarks.floor import jixiao_site

    folder = jixiao_site(source, years) if years and source else ROOT
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)


_SCROLL_TO_END = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(done => setTimeout(done, 30));
  }
}"""


def weigh(url: str) -> None:
    """Every resource the page loads, raw and gzipped, by type; its elements at load."""
    from playwright.sync_api import sync_playwright

    loaded: dict[str, tuple[str, bytes]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT})

            def record(response: Any) -> None:
                if urlsplit(response.url).scheme in {"http", "https"} and response.ok:
                    kind = response.headers.get("content-type", "?").split(";")[0]
                    loaded[response.url] = (kind, response.body())

            page.on("response", record)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            elements = page.evaluate("document.getElementsByTagName('*').length")
            page.evaluate(_SCROLL_TO_END)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    print(f"{'resource':<64} {'raw KB':>8} {'gzip KB':>8}")
    for address, (kind, body) in sorted(loaded.items(), key=lambda item: item[1][0]):
        packed = len(gzipped(body)) if Path(urlsplit(address).path).suffix != ".png" else len(body)
        totals = by_type[kind]
        totals[0] += 1
        totals[1] += len(body)
        totals[2] += packed
        name = urlsplit(address).path[-64:]
        print(f"{name:<64} {len(body) / 1024:8.1f} {packed / 1024:8.1f}")
    print(f"\n{'type':<28} {'files':>5} {'raw KB':>8} {'gzip KB':>8}")
    for kind, (count, raw, packed) in sorted(by_type.items()):
        print(f"{kind:<28} {count:5} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    count = sum(t[0] for t in by_type.values())
    raw = sum(t[1] for t in by_type.values())
    packed = sum(t[2] for t in by_type.values())
    print(f"{'everything the page loads':<28} {count:5} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    print(f"\nDOM elements at load: {elements}")


_ANSWERED = "q => document.getElementById('jx-search-results').dataset.query === q"


def weigh_query(search_url: str, query: str) -> None:
    """The files one query fetches on the search page (loaded first, not counted), gzipped."""
    from playwright.sync_api import sync_playwright

    fetched: list[tuple[str, int, int]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT})
            page.goto(search_url)
            page.wait_for_load_state("networkidle")

            def record(response: Any) -> None:
                if response.ok:
                    try:
                        body = response.body()
                    except Exception:  # the browser closed while a response was arriving
                        return
                    path = urlsplit(response.url).path
                    packed = len(body) if path.endswith(".pf_fragment") else len(gzipped(body))
                    fetched.append((path, len(body), packed))

            page.on("response", record)
            page.fill("#jx-search-q", query)
            page.wait_for_function(_ANSWERED, arg=query, timeout=60_000)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    print(f"\nOne query ({query}) on {search_url}:")
    for path, raw, packed in sorted(fetched):
        print(f"{path[-64:]:<64} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    raw, packed = sum(f[1] for f in fetched), sum(f[2] for f in fetched)
    total = f"{len(fetched):5} {raw / 1024:8.1f} {packed / 1024:8.1f}"
    print(f"{'everything the query fetches':<52} {total}")


def lighthouse(url: str, runs: int) -> None:
    """Lighthouse's mobile scores, median of runs; the exact error when it cannot run."""
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse not run: {LIGHTHOUSE} missing (npm ci --prefix tests/browser)")
        return
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
                print(f"Lighthouse failed (exit {done.returncode}):\n{done.stderr.strip()}")
                return
            reports.append(json.loads(out.read_text(encoding="utf-8")))
    print(f"\nLighthouse {reports[0]['lighthouseVersion']} ({runs} runs, mobile, median):")
    for category in CATEGORIES:
        scores = [r["categories"][category]["score"] for r in reports]
        shown = " ".join(f"{s:.2f}" for s in scores)
        print(f"  {category:<16} {statistics.median(scores):.2f}   ({shown})")
    for metric in METRICS:
        values = [r["audits"][metric]["numericValue"] for r in reports]
        unit = reports[0]["audits"][metric].get("numericUnit", "")
        print(f"  {metric:<28} {statistics.median(values):10.1f} {unit}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="a site built already")
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs")
    parser.add_argument("--years", type=int, help="build a site of this many years")
    parser.add_argument("--query", default="社保卡", help="the query to weigh")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build(site, args.years, Path(scratch) / "source")
        with served(site) as root:
            url = f"{root}{args.year}/"
            print(f"{url}\n")
            weigh(url)
            if (site / "search" / "index.html").is_file():
                weigh_query(f"{root}search/", args.query)
            lighthouse(url, args.runs)


if __name__ == "__main__":
    main()
