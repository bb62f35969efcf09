"""Text from data is shown as typed: never run, never markup, never template code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import page_text
from tests.hostile import HOSTILE, YEAR, build_hostile_site
from tests.parsers import both_parses


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


def test_hostile_text_is_visible_as_typed(hostile_site: Path) -> None:
    text = page_text(hostile_site / str(YEAR) / "index.html")
    flat = re.sub(r"\s+", " ", text)
    for bad in HOSTILE:
        assert " ".join(bad.split()) in flat, bad


def test_hostile_text_adds_no_element_script_handler_or_link(hostile_site: Path) -> None:
    html = (hostile_site / str(YEAR) / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    assert article is not None
    assert article.find_all(["script", "iframe", "object", "embed"]) == []
    assert [img for img in article.find_all("img") if img.get("src") == "x"] == []
    assert [e for e in article.find_all(["strong", "em", "code"]) if "粗体" in e.get_text()] == []
    assert [e for e in article.find_all(["h1", "h2", "h3"]) if "假标题" in e.get_text()] == []
    for tag in soup.find_all(True):
        for attribute in tag.attrs:
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
        href = str(tag.get("href", ""))
        assert not href.lower().startswith("javascript:"), href
    assert "49" not in text_of_headings(article)


def text_of_headings(article: Tag) -> str:
    return " ".join(h.get_text() for h in article.find_all(["h1", "h2", "h3"]))


def test_hostile_text_does_not_break_tables(hostile_site: Path) -> None:
    soup = BeautifulSoup(
        (hostile_site / str(YEAR) / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    budget_row = next(tr for tr in soup.find_all("tr") if "onerror" in tr.get_text())
    assert len(budget_row.find_all("td")) == 3


def test_the_host_audit_reads_the_hostile_page_as_html5lib_did(hostile_site: Path) -> None:
    new, old = both_parses((hostile_site / str(YEAR) / "index.html").read_text(encoding="utf-8"))
    assert new == old
