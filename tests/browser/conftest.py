"""The built site in Debian's Chromium, driven by Playwright.

One strict build per session (``built_site``), served on 127.0.0.1 under a
sub-path, as the county portal hosts it in a folder.  One browser per
session; each test gets a fresh page that records every request, console
error and failed response.

Needs /usr/bin/chromium (Debian package ``chromium``, with ``fonts-noto-cjk``)
and, for the accessibility tests, ``npm ci`` in tests/browser.  Without them
the tests skip with the reason, except under CI (``CI=true``), where a missing
browser is a failure: CI installs everything.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import skip_unless_ci
from tests.make_portal_fixture import build_strict, write_portal

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A single-label host for tests/host_forms.py, reaching its listener without DNS.
    "--host-resolver-rules=MAP jixiao-intranet 127.0.0.2",
]
NODE_MODULES = Path(__file__).parent / "node_modules"
SUB_PATH = "/some/sub/path/"


def node_module_file(relative: str) -> Path:
    path = NODE_MODULES / relative
    if not path.is_file():
        skip_unless_ci(f"{path} missing: run `npm ci --prefix tests/browser`")
    return path


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under `prefix`; anything outside it is 404, as on a shared portal."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.prefix):
            return "/nonexistent/outside-the-prefix"
        return super().translate_path("/" + route[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path, prefix: str = SUB_PATH) -> Iterator[str]:
    """A built site's folder served on 127.0.0.1 under prefix, while the generator runs."""
    return _serve(directory, prefix)


def _serve(directory: Path, prefix: str) -> Iterator[str]:
    handler_class = type("Handler", (_PrefixHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The site in a folder of a larger web site, as the county portal hosts it."""
    yield from _serve(built_site, SUB_PATH)


@pytest.fixture(scope="session")
def root_url(built_site: Path) -> Iterator[str]:
    """The site at the root of its host: the only place its 404 page works without site_url
    (the server shows it at any depth, so it must use links from the root)."""
    yield from _serve(built_site, "/")


# Words the portal's reports print besides the seed's (tests/make_portal_fixture.py), so that
# a search tells departments apart: one in two departments (renshe's both years and jiaoyu's),
# one in minzheng's alone.  Each closes the 建议 section (#suggestions).
TWO_DEPARTMENTS = "零基预算"
ONE_DEPARTMENT = "殡葬改革"
_LAST_LINE = "切实提高部门预算收支管理水平。\n"
_ADDED = {
    "renshe/2020.yaml": "三是推行零基预算，压减一般性支出。",
    "renshe/2021.yaml": "三是推行零基预算，压减一般性支出。",
    "jiaoyu/2021.yaml": "三是推行零基预算，压减一般性支出。",
    "minzheng/2021.yaml": "三是稳步推进殡葬改革，规范公益性公墓管理。",
}


def write_searchable_portal(folder: Path) -> Path:
    """The test portal (tests/make_portal_fixture.py) with _ADDED's sentences; its data."""
    data = write_portal(folder)
    for name, sentence in _ADDED.items():
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert text.count(_LAST_LINE) == 1  # the seed changed: follow it here
        path.write_text(text.replace(_LAST_LINE, _LAST_LINE + f"      {sentence}\n"), "utf-8")
    return data


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test portal's folder, built as staff build it (``mkdocs build --strict``): its
    site in ``site/``."""
    folder = tmp_path_factory.mktemp("portal")
    write_searchable_portal(folder)
    build_strict(folder)
    return folder


@pytest.fixture(scope="session")
def portal_url(portal_site: Path) -> Iterator[str]:
    """The built test portal in a folder of a larger web site."""
    yield from _serve(portal_site / "site", SUB_PATH)


def page_urls(built_site: Path, site_url: str, root_url: str) -> dict[str, str]:
    """Every page of the built site by its path: under the sub-path, the 404 page at the root."""
    return {
        path: (root_url if path == "404.html" else site_url) + path
        for path in site_pages(built_site)
    }


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        skip_unless_ci(
            f"{CHROMIUM} missing: install the Debian packages chromium and fonts-noto-cjk"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_unless_ci("playwright missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class Recorded:
    """A page with everything it asked for and complained about."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def foreign_requests(self, allowed_scheme: str = "http", host: str = "127.0.0.1") -> list[str]:
        """Requests to anywhere but the site (inline data: and blob: URLs load nothing)."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            if allowed_scheme == "file" and parts.scheme == "file":
                continue
            if parts.scheme == allowed_scheme and parts.hostname == host:
                continue
            foreign.append(url)
        return foreign


def record(page: Any) -> Recorded:
    """Start recording what page asks for and complains about."""
    recording = Recorded(page)
    page.on("request", lambda request: recording.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            recording.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: recording.console_errors.append(str(error)))
    page.on("requestfailed", lambda request: recording.failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            recording.failed.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    return recording


@pytest.fixture
def recorded(browser: Any) -> Iterator[Recorded]:
    page = browser.new_page()
    try:
        yield record(page)
    finally:
        page.close()


def site_pages(built_site: Path) -> list[str]:
    """Every page of the built site, as a path relative to the site root ('' is the home page)."""
    pages = []
    for html in sorted(built_site.rglob("*.html")):
        rel = html.relative_to(built_site).as_posix()
        pages.append(rel.removesuffix("index.html"))
    return pages


def search(page: Any, query: str, **filters: str) -> list[list[str]]:
    """Open the search page from the page's navigation, type query (choosing the filters, by
    the select's name: ``year="2021"``); the results, each a list of 'path#section' links with
    the page first, once they have stopped changing."""
    if not page.locator("#jx-search").count():
        link = page.eval_on_selector(SEARCH_LINK, "a => a.href")
        page.goto(link)
    for name, value in filters.items():
        page.select_option(f"#jx-search select[name={name}]", value)
    page.fill("#jx-search-q", query)
    page.wait_for_function(
        "([q, f]) => document.getElementById('jx-search-results').dataset.query === q"
        " && document.getElementById('jx-search-results').dataset.filters === f",
        arg=[query, json.dumps(filters, ensure_ascii=False, sort_keys=True, separators=(",", ":"))],
    )
    current = page.eval_on_selector_all(
        ".jx-result",
        """items => items.map(item => [...item.querySelectorAll("a")]
            .map(a => a.getAttribute("href")))""",
    )
    if not current:
        raise AssertionError(f"search for {query!r} found nothing")
    return [[_location(href) for href in item] for item in current]


# The search page's entry in the navigation (search/ on the web, search.html in the bundle).
SEARCH_LINK = 'nav a[href$="search/"], nav a[href$="search.html"]'


def _location(href: str) -> str:
    """'http://host/sub/path/2021/?h=x#budget' -> '2021/#budget' (relative to the site root)."""
    parts = urlsplit(href)
    path = parts.path
    if SUB_PATH in path:
        path = path.split(SUB_PATH, 1)[1]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


# Charts load lazily; load every image now, then list those that failed.
_BROKEN_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(i => { i.loading = "eager"; });
  const settled = i => new Promise(done => {
    i.addEventListener("load", done);
    i.addEventListener("error", done);
  });
  await Promise.all(images.map(i => (i.complete ? null : settled(i))));
  return images.filter(i => i.naturalWidth === 0).map(i => i.src);
}"""


def broken_images(page: Any) -> list[str]:
    """Images of the page that do not load, after forcing lazy ones to load."""
    found: list[str] = page.evaluate(_BROKEN_IMAGES)
    return found
