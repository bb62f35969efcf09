"""Hostile text from data, in a real browser: no script runs, and the text shows as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser.conftest import Recorded, _serve
from tests.hostile import HOSTILE, build_hostile_site


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))
    yield from _serve(site, "/")


def test_no_script_from_data_runs_and_the_text_is_visible(
    recorded: Recorded, hostile_url: str
) -> None:
    page = recorded.page
    for path in ["", "2021/", "downloads/"]:
        page.goto(hostile_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__pwned === undefined"), path
    page.goto(hostile_url + "2021/")
    # Nothing the hostile text could have become: no javascript: link, no event handler.
    assert page.locator("a[href^='javascript:' i]").count() == 0
    handlers = page.evaluate(
        """() => [...document.querySelectorAll('article *')].flatMap(
            e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))"""
    )
    assert handlers == []
    visible = re.sub(r"\s+", " ", page.inner_text("article"))
    for bad in HOSTILE:
        assert " ".join(bad.split()) in visible, bad
    assert page.locator("article img[src='x']").count() == 0
    assert recorded.console_errors == []


def test_the_page_title_shows_hostile_text_as_text(recorded: Recorded, hostile_url: str) -> None:
    page = recorded.page
    page.goto(hostile_url + "2021/")
    assert page.locator("h1").first.inner_text() == HOSTILE[0]
