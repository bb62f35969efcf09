"""Screenshots of the site for the README: home and the 2021 report, desktop and phone width,
and a table of the report on a phone.

Run from the project root: .venv/bin/python screenshots/take.py
Builds the site from data/ into a temporary folder, serves it on 127.0.0.1 and
photographs it with Debian's Chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SHOTS = {
    "home-desktop.png": ("", 1280, 1000),
    "report-2021-desktop.png": ("2021/", 1280, 1600),
    "home-phone.png": ("", 390, 1200),
    "report-2021-phone.png": ("2021/", 390, 1800),
    # the first 目标与完成情况 table: on a phone each row is a card, each cell behind its label
    "report-2021-phone-table.png": ("2021/", 390, 1200),
}
# Shots that start at a table rather than at the top: the text its head holds.
SCROLL_TO_TABLE = {"report-2021-phone-table.png": "完成率（原文）"}
SCROLL = """head => {
  const table = [...document.querySelectorAll("article table")]
    .find(t => t.tHead && t.tHead.textContent.includes(head));
  const above = table.closest(".md-typeset__scrollwrap") || table;
  window.scrollTo(0, window.scrollY + above.getBoundingClientRect().top - 110);
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                for name, (path, width, height) in SHOTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.evaluate("() => Array.from(document.images, i => (i.loading = 'eager'))")
                    page.wait_for_load_state("networkidle")
                    if name in SCROLL_TO_TABLE:
                        page.evaluate(SCROLL, SCROLL_TO_TABLE[name])
                    page.screenshot(path=str(OUT / name))
                    page.close()
                    print(f"{name}: {width}x{height}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
