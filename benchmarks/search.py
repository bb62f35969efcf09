"""Prints how long search takes to show its first result on a phone, and what one query fetches.

Run: python -m benchmarks.search [--years 10] [--portal 60x10 | --portal none]
                                 [--query 工伤保险] [--repeat 3] [--site DIR --page P]

A department site of N years (as ``benchmarks.floor`` makes it) and a synthetic county portal
(``benchmarks.synthetic_portal``; said so when this jixiao cannot build one yet) are built
and served on 127.0.0.1 with gzip.  Each run opens a report page in a fresh Debian Chromium
at phone width under Lighthouse's mobile throttling as DevTools applies it (slow 4G:
562.5 ms latency, 1474.56 kbit/s down, 675 kbit/s up; the CPU 4× slower), waits until the
page has loaded, opens the search (Material's box, or the search page from jixiao's header
magnifier, loaded under the same throttling) and types the query one character at a time
(as an input method commits them, 200 ms apart).  Printed, medians of the runs:

- from the first character typed to the first result on screen, and from the last one to
  the whole query's results shown (the last change while results are on screen, followed
  by 1.5 s without one);
- the bytes the page fetched for search on the page view (an index loaded with the page)
  and after the first character (what one query fetches), as sent (gzip) with headers.

Search boxes and results are found by Material's classes or Pagefind UI's (or --input,
--result).  Throttling is that of the page's own thread and requests: a search worker's
CPU is not slowed.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.page import PHONE_HEIGHT, PHONE_WIDTH, department, is_search, portal, served
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

# Lighthouse 12's mobile settings (slow 4G, 4x CPU) with DevTools' adjustments, in CDP units.
NETWORK = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 0.9 * 1024 / 8,
    "uploadThroughput": 750 * 0.9 * 1024 / 8,
}
CPU_SLOWDOWN = 4
BETWEEN_CHARACTERS = 200  # ms
SETTLED = 1500  # ms without a change: the results are those of the whole query
# Material's search box, or jixiao's search page from the header's magnifier (a link).
OPEN_SEARCH = 'label[for="__search"], a.jx-header-search'
INPUTS = "input.md-search__input, .pagefind-ui__search-input, input[type=search]"
RESULTS = (
    ".md-search-result__item, .pagefind-ui__result, [data-search-result], #jx-search-results li"
)

# Set before typing: the time of each keystroke, of the first result on screen and of the
# last change to the page while results are on it (the full query's results shown).
_WATCH = """selector => {
  window.__bench = {keys: [], first: null, changed: null};
  const seen = () => {
    if (!document.querySelector(selector)) return;
    const now = performance.now();
    if (window.__bench.first === null) window.__bench.first = now;
    window.__bench.changed = now;
  };
  addEventListener("keyup", () => window.__bench.keys.push(performance.now()), true);
  addEventListener("input", () => window.__bench.keys.push(performance.now()), true);
  new MutationObserver(seen).observe(document.documentElement, {childList: true, subtree: true});
}"""


@dataclass
class Run:
    from_first: float  # ms, first keystroke to first result
    from_last: float  # ms, last keystroke to the full query's results shown
    on_view: int  # bytes search fetched with the page view
    on_query: int  # bytes fetched after the first keystroke
    fetched: list[str] = field(default_factory=list)  # what the query fetched
    # fetched beyond the page's own requests (a worker's): counted, but not throttled
    unthrottled: list[str] = field(default_factory=list)


class Traffic:
    """Bytes on the wire per request, from the DevTools protocol (gzip and headers)."""

    def __init__(self, session: Any) -> None:
        self.urls: dict[str, str] = {}
        self.done: list[tuple[str, int]] = []
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        url = self.urls.get(event["requestId"], "")
        self.done.append((url, int(event["encodedDataLength"])))

    def mark(self) -> int:
        return len(self.done)


def until(page: Any, expression: str, seconds: float = 120) -> None:
    """Wait until expression holds in the page, polled from here: the site's CSP forbids
    the eval that Playwright's own wait_for_function polls with."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise TimeoutError(f"never true: {expression}")


def one_run(browser: Any, url: str, query: str, inputs: str, results: str) -> Run:
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT})
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", NETWORK)
        session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        traffic = Traffic(session)
        everything: list[Any] = []  # the context's requests, a worker's too
        context.on("requestfinished", lambda request: everything.append(request))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        on_view = sum(n for u, n in traffic.done if is_search(u))
        opener = page.locator(OPEN_SEARCH).first
        if opener.count() and opener.is_visible():
            opener.click()
            page.wait_for_load_state("networkidle")  # a link: the search page loaded
        box = page.locator(inputs).first
        box.click()
        page.evaluate(_WATCH, results)
        before, before_all = traffic.mark(), len(everything)
        for character in query:
            page.keyboard.insert_text(character)
            box.press("End")  # Material searches on keyup; an input method's commit sends one
            page.wait_for_timeout(BETWEEN_CHARACTERS)
        until(page, "window.__bench.first !== null")
        page.wait_for_load_state("networkidle")
        until(page, f"performance.now() - window.__bench.changed > {SETTLED}")
        bench = page.evaluate("window.__bench")
        fetched = traffic.done[before:]
        seen = {u for u, _ in fetched}
        unseen = [r for r in everything[before_all:] if r.url not in seen]
        beyond = sum(
            r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in unseen
        )
        return Run(
            bench["first"] - bench["keys"][0],
            max(0.0, bench["changed"] - bench["keys"][-1]),
            on_view,
            sum(n for _, n in fetched) + beyond,
            [urlsplit(u).path for u, _ in fetched],
            [urlsplit(r.url).path for r in unseen],
        )
    finally:
        context.close()


def measure(label: str, site: Path, page: str, args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    with served(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            runs = [
                one_run(browser, root + page, args.query, args.input, args.result)
                for _ in range(args.repeat)
            ]
        finally:
            browser.close()
    first = statistics.median(r.from_first for r in runs)
    last = statistics.median(r.from_last for r in runs)
    on_view = statistics.median(r.on_view for r in runs)
    on_query = statistics.median(r.on_query for r in runs)
    print(
        f"{label:<26} {first:9.0f} {last:9.0f} {on_view / 1024:10.1f} {on_query / 1024:10.1f}"
        f"  ({len(runs)} runs; the query fetched {len(runs[0].fetched)} files)"
    )
    if runs[0].unthrottled:
        print(f"{'':<26} not throttled (a worker's fetches): {', '.join(runs[0].unthrottled)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, nargs="*", default=[10])
    parser.add_argument("--portal", default="60x10", help="departments x years, or none")
    parser.add_argument("--query", default="工伤保险")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--input", default=INPUTS, help="the search box (CSS)")
    parser.add_argument("--result", default=RESULTS, help="a search result (CSS)")
    parser.add_argument("--site", type=Path, help="a site built already")
    parser.add_argument("--page", default="2021/", help="the page of --site to search from")
    args = parser.parse_args()
    print(f"query {args.query!r}; throttled as a phone (slow 4G, CPU {CPU_SLOWDOWN}× slower)")
    print(
        f"{'site':<26} {'first→ ms':>9} {'last→ ms':>9} {'view KB':>10} {'query KB':>10}"
        "  (first key to a result, last key to the query's results; search bytes)"
    )
    if args.site is not None:
        measure(str(args.site), args.site, args.page, args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        for years in args.years:
            site, page = department(Path(scratch), years)
            measure(f"department, {years} year" + "s" * (years > 1), site, page, args)
        if args.portal != "none":
            departments, years = (int(n) for n in args.portal.lower().split("x"))
            site, page, why_not = portal(Path(scratch), departments, years)
            label = f"portal, {departments} × {years}"
            if why_not:
                print(f"{label:<26} NOT MEASURED: {why_not}")
            else:
                measure(label, site, page, args)


if __name__ == "__main__":
    main()
