"""The offline bundle opened from the disk (file://): pages work and search finds, offline."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from jixiao.cli import main
from tests.browser.conftest import Recorded, broken_images, search
from tests.browser.test_csp import WATCH
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "jixiao.zip"
    assert main(["bundle", str(out), "--config", str(ROOT / "mkdocs.yml")]) == 0
    folder = out.parent / "unzipped"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    return folder


def test_bundle_search_works_from_file_urls(recorded: Recorded, unzipped: Path) -> None:
    page = recorded.page
    page.goto((unzipped / "index.html").as_uri())
    results = search(page, "社保卡")
    first = results[0]
    assert first[0].endswith("/2021.html"), results
    assert next(link for link in first if "#" in link).endswith("/2021.html#theme-3"), results
    page.click(".jx-result__section >> nth=0")
    page.wait_for_load_state()
    assert page.url.startswith((unzipped / "2021.html").as_uri())
    assert recorded.foreign_requests(allowed_scheme="file") == []
    assert recorded.console_errors == []
    # the reports' text, as scripts: the list, then the one report searched
    loaded = [
        url.rsplit("/search/offline/", 1)[1] for url in recorded.requests if "/offline/" in url
    ]
    assert loaded == ["index.js", "2021.js"]
    assert not [url for url in recorded.requests if "/pagefind/" in url]


def test_bundle_search_narrows_to_a_year(recorded: Recorded, unzipped: Path) -> None:
    page = recorded.page
    page.goto((unzipped / "search.html").as_uri())
    assert search(page, "养老保险", year="2021")[0][0].endswith("/2021.html")
    assert recorded.console_errors == []


def test_bundle_pages_link_to_each_other_on_disk(recorded: Recorded, unzipped: Path) -> None:
    page = recorded.page
    page.goto((unzipped / "2021.html").as_uri())
    broken = broken_images(page)
    assert broken == []
    links = page.eval_on_selector_all(".md-nav__link[href]", "as => as.map(a => a.href)")
    local = [link for link in links if link.startswith("file://")]
    assert local and all("#" in link or link.split("#")[0].endswith(".html") for link in local)
    page.goto((unzipped / "about.html").as_uri())
    assert "关于" in page.title()
    assert recorded.foreign_requests(allowed_scheme="file") == []


def test_the_browser_records_file_requests(recorded: Recorded, unzipped: Path) -> None:
    """The recorder sees file:// requests, so an empty foreign list above means something."""
    page: Any = recorded.page
    page.goto((unzipped / "index.html").as_uri())
    assert any(url.startswith("file://") for url in recorded.requests)


def test_the_bundle_runs_under_its_content_security_policy(
    recorded: Recorded, unzipped: Path
) -> None:
    """Search from file:// loads the reports' scripts from the bundle itself: nothing is
    blocked (tests/browser/test_csp.py: the site)."""
    page = recorded.page
    page.add_init_script(WATCH)
    page.goto((unzipped / "about.html").as_uri())
    assert page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert search(page, "社保卡")[0][0].endswith("/2021.html")
    assert page.evaluate("window.__violations") == []
    assert recorded.console_errors == []
