"""The portal's comparison table sorted in Chromium with no server behind it.

A tiny MkDocs + Material site of the synthetic portal's own pages (tests/portal_fixture.py),
with stand-in department pages carrying the headings the figures link to, the theme's
stylesheets and the sorting script, the pages' Content-Security-Policy and the
phone-table labels, as a portal lists them.  At 1280 px the header buttons sort (click and
keyboard), aria-sort follows, not-stated rows stay last both ways, money compares by value
across 元 and 万元; at 375 px every row is a card and the list above the table sorts it;
axe finds nothing serious on the page at either width.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao import theme
from jixiao.opendata.portal import portal_nav, portal_pages
from tests.browser.conftest import Recorded, node_module_file, serve
from tests.conftest import build_site
from tests.portal_fixture import county

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
STAND_IN = """# {name} {year}年度

## 主要数字 {{#key-figures}}

## 年初预算 {{#budget}}

## 预算执行 {{#execution}}

## 绩效 {{#performance}}
"""
HOOK = """from jixiao.theme import csp


def on_env(env, config, files):
    csp.register(env)
    return env
"""


def _write_site(folder: Path) -> Path:
    docs = folder / "docs"
    portal = county()
    files: dict[str, str | bytes] = dict(portal_pages(portal))
    files.update(theme.assets())
    files.update(theme.portal_assets())
    for department in portal.departments:
        files[f"{department.id}/index.md"] = f"# {department.id}\n"
        for report in department.years:
            text = STAND_IN.format(name=department.id, year=report.year)
            files[f"{department.id}/{report.year}.md"] = text
    for name, content in files.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (folder / "hook.py").write_text(HOOK, encoding="utf-8")
    config = {
        "site_name": "虚构县",
        "docs_dir": "docs",
        "strict": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "custom_dir": str(theme.OVERRIDES),
        },
        "nav": portal_nav(portal),  # small, as a portal's: department pages are linked
        "plugins": [],
        "hooks": ["hook.py"],
        "markdown_extensions": [
            "tables",
            "attr_list",
            "md_in_html",
            "toc",
            *theme.MARKDOWN_EXTENSIONS,
        ],
        "extra_css": [*theme.STYLESHEETS, *theme.PORTAL_STYLESHEETS],
        "extra_javascript": [*theme.SCRIPTS, *theme.PORTAL_SCRIPTS],
        "validation": {"anchors": "warn", "unrecognized_links": "warn"},
        "extra": {"generator": False},
    }
    path = folder / "mkdocs.yml"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def compare_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("portal")
    site = folder / "site"
    build_site(_write_site(folder), site)
    yield from serve(site)


ROW_IDS = """() => [...document.querySelectorAll(".jx-sortable tbody tr")].map(
  tr => tr.querySelector("td a").getAttribute("href").split("/").slice(-2)[0])"""
SORTED = """() => [...document.querySelectorAll(".jx-sortable th")].map(
  th => th.getAttribute("aria-sort") || "")"""


def _open(page: Any, url: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".jx-sort-button", state="attached")


def test_headers_sort_by_exact_value_not_stated_last(recorded: Recorded, compare_url: str) -> None:
    page = recorded.page
    _open(page, compare_url + "compare/2030/", DESKTOP)
    assert page.evaluate(ROW_IDS) == ["caizheng", "yuan", "quewei", "dishu"]  # the county's order
    budget = page.get_by_role("button", name="年初预算（万元）")
    budget.click()
    # 100, 100 (the county's order kept), 521.75 (printed as 5217500元); not stated last
    assert page.evaluate(ROW_IDS) == ["caizheng", "dishu", "yuan", "quewei"]
    assert page.evaluate(SORTED)[1] == "ascending"
    budget.click()
    assert page.evaluate(ROW_IDS) == ["yuan", "caizheng", "dishu", "quewei"]
    assert page.evaluate(SORTED)[1] == "descending"
    # by value, never as text ("120" < "400" < "90"): 90, 90, 120, 400 (4000000元)
    page.get_by_role("button", name="全年实际支出（万元）").click()
    assert page.evaluate(ROW_IDS) == ["caizheng", "quewei", "dishu", "yuan"]
    assert page.evaluate("() => document.querySelectorAll('a[data-jx-value]').length") == 26
    # the keyboard: a header is a button
    over = page.get_by_role("button", name="“三公”经费超出控制数（万元，计算）")
    over.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(ROW_IDS)[:2] == ["yuan", "caizheng"]  # -1 before 2.5
    assert page.evaluate(ROW_IDS)[2:] == ["quewei", "dishu"]  # both 无法计算: county order
    assert page.evaluate(SORTED) == ["", "", "", "", "", "", "", "ascending", "", "", ""]
    assert "已按““三公”经费超出控制数（万元，计算）”从小到大排列" in page.inner_text(
        ".jx-sort-status"
    )
    assert recorded.console_errors == [] and recorded.failed == []
    assert recorded.foreign_requests() == []


def test_phone_rows_are_cards_sorted_from_the_list(recorded: Recorded, compare_url: str) -> None:
    page = recorded.page
    _open(page, compare_url + "compare/2030/", PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.jx-sortable tr')).display")
        == "block"
    )
    select = page.get_by_label("排序：")
    assert select.is_visible()
    select.select_option(label="支出占年初预算（计算）：从大到小")
    assert page.evaluate(ROW_IDS) == ["dishu", "caizheng", "yuan", "quewei"]
    select.select_option(label="原来的顺序")
    assert page.evaluate(ROW_IDS) == ["caizheng", "yuan", "quewei", "dishu"]
    assert recorded.console_errors == []


def test_axe_finds_nothing_serious(recorded: Recorded, compare_url: str) -> None:
    axe = node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")
    page = recorded.page
    found = {}
    for url in ("compare/2030/", ""):
        for viewport in (DESKTOP, PHONE):
            _open(page, compare_url + url, viewport) if url else page.goto(compare_url)
            page.wait_for_load_state("networkidle")
            page.evaluate("() => {\n" + axe + "\n}")
            violations = page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                   .filter(v => v.impact === "serious" || v.impact === "critical")
                   .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3)}`)"""
            )
            if violations:
                found[f"{url or '/'} {viewport['width']}"] = violations
    assert found == {}
