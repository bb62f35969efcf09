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
    titles = search_page.eval_on_selector_all(".jx-result a", "els => els.map(e => e.textContent)")
    cleaned = [title.replace("\u200b", "").strip() for title in titles]
    assert "3、扎牢制度笼子，不断完善基金监管体系" in cleaned
    assert "2021年度人社局整体支出绩效自评报告" in cleaned  # the report, above its sections


def test_the_words_found_are_marked_as_text(search_page: Any) -> None:
    search(search_page, "社保卡")
    marked = search_page.eval_on_selector_all(
        ".jx-result mark", "els => els.map(e => e.textContent)"
    )
    assert marked and set(marked) == {"社保卡"}


def test_results_narrow_to_a_year(search_page: Any) -> None:
    assert search(search_page, "社保卡", year="2021")[0][0] == "2021/"
    options = search_page.eval_on_selector_all(
        "#jx-search-year option", "os => os.map(o => o.textContent)"
    )
    assert options == ["全部年度", "2021"]
    # a one-department site has no 部门 to choose
    assert search_page.locator("#jx-search-department").count() == 0
    search_page.select_option("#jx-search-year", "")


def test_searching_requests_nothing_from_other_hosts(recorded: Recorded, site_url: str) -> None:
    recorded.page.goto(site_url + "2021/")
    search(recorded.page, "养老保险")
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []
    assert any("/pagefind/fragment/" in url for url in recorded.requests)


def test_a_page_view_fetches_nothing_of_the_index(recorded: Recorded, site_url: str) -> None:
    """The weight of a page does not grow with the site: no index until someone searches,
    the search page included."""
    for path in ("", "2021/", "search/"):
        recorded.page.goto(site_url + path)
        recorded.page.wait_for_load_state("networkidle")
    assert not [url for url in recorded.requests if "pagefind" in url or "search_index" in url]
    assert recorded.console_errors == []


def test_search_works_on_a_phone(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    try:
        page.goto(site_url + "search/")
        box = page.locator("#jx-search-q").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        results = search(page, "社保卡")
        assert results[0][1] == "2021/#theme-3"
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 375, f"the search page is {wide} px wide on a 375 px phone"
    finally:
        page.close()


def test_every_page_s_header_leads_to_the_search_page(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    try:
        page.goto(site_url + "2021/")
        button = page.locator("header a.jx-header-search")
        assert button.is_visible() and button.get_attribute("aria-label") == "搜索"
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375
        button.click()
        page.wait_for_load_state()
        assert page.url == site_url + "search/"
        assert page.locator("#jx-search-q").is_visible()
    finally:
        page.close()
