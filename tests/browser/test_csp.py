"""The Content-Security-Policy (jixiao.theme.csp) in Chromium: every page of the site and of
the offline bundle runs with nothing blocked, and what the policy is for is blocked: an
inline script a page did not ship, a style attribute it did not write, a request to
another host."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Recorded, page_urls

# Every violation the page reports, kept where the test can read it.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || e.sample)));
"""

# What text reaching a page could try, were it ever not escaped.
ATTEMPTS = """async (other) => {
  const script = document.createElement("script");
  script.textContent = "window.__ran = 1";
  document.body.appendChild(script);
  const styled = document.createElement("p");
  styled.setAttribute("style", "color: red;");
  document.body.appendChild(styled);
  const image = new Image();
  image.src = other + "pixel.png";
  document.body.appendChild(image);
  let fetched = "blocked";
  try { await fetch(other + "data.json"); fetched = "allowed"; } catch (e) {}
  await new Promise(done => setTimeout(done, 300));
  return {ran: window.__ran === 1, color: getComputedStyle(styled).color, fetched};
}"""


@pytest.fixture(scope="module")
def other_host() -> Iterator[tuple[str, list[str]]]:
    """Another host (127.0.0.2), recording whatever reaches it."""
    reached: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reached.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.2:{server.server_port}/", reached
    finally:
        server.shutdown()
        server.server_close()


def watched(recorded: Recorded, url: str) -> Any:
    page = recorded.page
    if not getattr(recorded, "watching", False):
        page.add_init_script(WATCH)
        recorded.watching = True  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def test_every_page_carries_the_policy_and_runs_with_nothing_blocked(
    recorded: Recorded, built_site: Path, site_url: str, root_url: str
) -> None:
    for path, url in page_urls(built_site, site_url, root_url).items():
        page = watched(recorded, url)
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert policy and policy.startswith("default-src 'self'"), path
        assert page.evaluate("window.__violations") == [], path
    assert recorded.console_errors == []


def test_aligned_table_cells_keep_their_alignment(
    recorded: Recorded, built_site: Path, site_url: str
) -> None:
    page = watched(recorded, site_url + "2021/")
    aligned = page.eval_on_selector_all(
        'td[style="text-align: right;"]', "cells => cells.map(c => getComputedStyle(c).textAlign)"
    )
    assert aligned and set(aligned) == {"right"}


def test_an_unshipped_inline_script_a_style_attribute_and_another_host_are_blocked(
    recorded: Recorded, site_url: str, other_host: tuple[str, list[str]]
) -> None:
    other, reached = other_host
    page = watched(recorded, site_url + "2021/")
    outcome = page.evaluate(ATTEMPTS, other)
    assert outcome["ran"] is False and outcome["fetched"] == "blocked"
    assert outcome["color"] != "rgb(255, 0, 0)"
    assert reached == []
    violations = " ".join(page.evaluate("window.__violations"))
    for directive in ("script-src", "style-src", "img-src", "connect-src"):
        assert directive in violations, violations
