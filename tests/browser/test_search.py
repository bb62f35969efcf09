"""Chinese search in the browser: what a reader types finds the right page and section first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Recorded, search

# Query -> where the first result must lead: the page, then its best section.
# Fiscal terms, programme names from the 2021 report, and two-character words.
QUERIES = {
    "社保卡": "2021/#theme-3",
    "失业保险": "2021/#theme-1",
    "工伤保险": "2021/#theme-2",
    "农民工工资": "2021/#theme-9",
    "小额贷款": "2021/#theme-1",
    "资格认证": "2021/#theme-3",
    "第一书记": "2021/#theme-10",
    "预算法": "2021/#suggestions",
    "年初预算": "2021/#budget",
    "招待费": "2021/#execution",
    "医疗保险": "2021/#execution",
    "欠薪": "2021/#theme-8",
    "渔民": "2021/#theme-10",
    "仲裁": "2021/#overview",
}


@pytest.fixture(scope="module")
def search_page(browser: Any, site_url: str) -> Any:
    page = browser.new_page()
    page.goto(site_url)
    yield page
    page.close()


@pytest.mark.parametrize("query", QUERIES)
def test_query_finds_the_right_section_first(search_page: Any, query: str) -> None:
    results = search(search_page, query)
    first = results[0]
    page, _, _ = QUERIES[query].partition("#")
    assert first[0].split("#")[0] == page, f"{query}: first page {first[0]}, all {results}"
    sections = [link for link in first if "#" in link]
    assert sections, f"{query}: no section listed under {first[0]}"
    assert sections[0] == QUERIES[query], f"{query}: sections {sections}"


def test_result_titles_are_readable_chinese(search_page: Any) -> None:
    search(search_page, "社保卡")
    titles = search_page.eval_on_selector_all(
        ".md-search-result__article h1, .md-search-result__article h2",
        "els => els.map(e => e.textContent)",
    )
    cleaned = [title.replace("\u200b", "").strip() for title in titles]
    assert "3、扎牢制度笼子，不断完善基金监管体系" in cleaned


def test_searching_requests_nothing_from_other_hosts(recorded: Recorded, site_url: str) -> None:
    recorded.page.goto(site_url + "2021/")
    search(recorded.page, "养老保险")
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []
    assert any(url.endswith("search/search_index.json") for url in recorded.requests)
