"""Search on the county portal in Chromium, on the web and in the offline bundle.

From a department's report page the header's magnifier opens the search page; a word two
departments print finds both (and not the third), the 部门 list narrows the results to one
department and the 年度 list to one of its years; every result leads to its department's
report and section, where the passage is.  A word one department prints finds that one
alone.  The portal's offline bundle (``jixiao bundle``) does the same from file://, loading
only the chosen department's reports.  The words are tests/browser/conftest.py's additions to
the test portal (TWO_DEPARTMENTS, ONE_DEPARTMENT).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from jixiao.cli import main
from tests.browser.conftest import ONE_DEPARTMENT, TWO_DEPARTMENTS, Recorded, search
from tests.make_portal_fixture import NAMES

RENSHE, JIAOYU, MINZHENG = (NAMES[d][0] for d in ("renshe", "jiaoyu", "minzheng"))

# The text of a section: its heading's element up to the next heading of its level or above.
SECTION_TEXT = """id => {
  const heading = document.getElementById(id);
  if (!heading) return null;
  const level = Number(heading.tagName.slice(1));
  let text = heading.textContent;
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName.slice(1)) <= level) break;
    text += node.textContent;
  }
  return text;
}"""


def pages_of(results: list[list[str]]) -> list[str]:
    """The report page of each result, sorted ('renshe/2021/')."""
    return sorted(result[0].split("#")[0] for result in results)


def open_search_from_a_report(page: Any, portal_url: str) -> None:
    page.goto(portal_url + "renshe/2021/")
    page.locator("header a.jx-header-search").click()
    page.wait_for_load_state()
    assert page.url == portal_url + "search/"


def test_a_word_of_two_departments_finds_both_and_narrows_by_department_then_year(
    recorded: Recorded, portal_url: str
) -> None:
    page = recorded.page
    open_search_from_a_report(page, portal_url)
    options = page.eval_on_selector_all(
        "#jx-search-department option", "os => os.map(o => o.value)"
    )
    assert sorted(options) == sorted(["", RENSHE, MINZHENG, JIAOYU])
    found = search(page, TWO_DEPARTMENTS)
    assert pages_of(found) == ["jiaoyu/2021/", "renshe/2020/", "renshe/2021/"]
    assert all(f"{result[0]}#suggestions" in result[1:] for result in found), found
    assert pages_of(search(page, TWO_DEPARTMENTS, department=RENSHE)) == [
        "renshe/2020/",
        "renshe/2021/",
    ]
    narrowed = search(page, TWO_DEPARTMENTS, department=RENSHE, year="2020")
    assert narrowed == [["renshe/2020/", "renshe/2020/#suggestions"]]
    page.select_option("#jx-search-year", "")
    assert pages_of(search(page, TWO_DEPARTMENTS, department=JIAOYU)) == ["jiaoyu/2021/"]
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []


@pytest.mark.parametrize("department", ["jiaoyu", "renshe"])
def test_each_result_leads_to_its_department_s_section_and_passage(
    recorded: Recorded, portal_url: str, department: str
) -> None:
    page = recorded.page
    open_search_from_a_report(page, portal_url)
    search(page, TWO_DEPARTMENTS)
    page.click(f'.jx-result a[href*="{department}/2021/"][href*="#suggestions"]')
    page.wait_for_load_state()
    assert page.url.split("?")[0].split("#")[0] == portal_url + f"{department}/2021/"
    assert page.url.endswith("#suggestions")
    text = page.evaluate(SECTION_TEXT, "suggestions")
    assert text is not None and "五、建议" in text and f"推行{TWO_DEPARTMENTS}" in text
    assert NAMES[department][0] in page.locator("article").inner_text()  # its way back
    assert recorded.console_errors == []


def test_a_word_of_one_department_finds_that_one_alone(recorded: Recorded, portal_url: str) -> None:
    page = recorded.page
    open_search_from_a_report(page, portal_url)
    found = search(page, ONE_DEPARTMENT)
    assert found == [["minzheng/2021/", "minzheng/2021/#suggestions"]]
    # narrowed to another department, the word is not found
    page.select_option("#jx-search-department", RENSHE)
    page.wait_for_function(
        "() => document.getElementById('jx-search-status').textContent.startsWith('没有找到')"
    )
    assert page.locator(".jx-result").count() == 0


@pytest.fixture(scope="module")
def portal_bundle(portal_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("portal-bundle") / "portal.zip"
    assert main(["bundle", str(out), "--config", str(portal_site / "mkdocs.yml")]) == 0
    folder = out.parent / "unzipped"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    return folder


def offline_scripts(recorded: Recorded) -> list[str]:
    return [url.rsplit("/search/offline/", 1)[1] for url in recorded.requests if "/offline/" in url]


def test_the_portal_s_bundle_searches_from_file_urls_by_department(
    recorded: Recorded, portal_bundle: Path
) -> None:
    page = recorded.page
    page.goto((portal_bundle / "renshe" / "2021.html").as_uri())
    page.locator("header a.jx-header-search").click()
    page.wait_for_load_state()
    narrowed = search(page, TWO_DEPARTMENTS, department=JIAOYU)
    assert [r[0].rsplit("/", 2)[-2:] for r in narrowed] == [["jiaoyu", "2021.html"]], narrowed
    assert offline_scripts(recorded) == ["index.js", "jiaoyu-2021.js"]  # that department's only
    page.select_option("#jx-search-department", "")
    found = search(page, TWO_DEPARTMENTS)
    pages = sorted("/".join(r[0].rsplit("/", 2)[-2:]) for r in found)
    assert pages == ["jiaoyu/2021.html", "renshe/2020.html", "renshe/2021.html"], found
    assert search(page, ONE_DEPARTMENT, department=MINZHENG)[0][0].endswith("minzheng/2021.html")
    page.click(".jx-result__section >> nth=0")
    page.wait_for_load_state()
    assert page.url.startswith((portal_bundle / "minzheng" / "2021.html").as_uri())
    assert ONE_DEPARTMENT in (page.evaluate(SECTION_TEXT, "suggestions") or "")
    assert recorded.foreign_requests(allowed_scheme="file") == []
    assert recorded.console_errors == []
    assert not [url for url in recorded.requests if "/pagefind/" in url]
