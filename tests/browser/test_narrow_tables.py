"""Tables as wide as real reports print them, on a phone and on a desktop.

Two report pages: the synthetic report with the widest real layouts
(tests/fixtures/wide-tables: an 11-column indicator table with 指标性质/指标值/度量单位 under a
two-row head, a score table with 扣分/扣分原因, a basic-data table and an income table with
two-row heads and merged cells, the typed score and project tables), and the 2021 report.
At 375 px every row is a card: nothing leaves the screen, every cell that a header heads
shows its label, merged headers give the full label; the table is still a table to screen
readers.  At 1280 px every table fits its column.  The footer says nothing in English.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Recorded, node_module_file, serve
from tests.browser.test_print import _find, _plain
from tests.conftest import build_site, config_for
from tests.synthetic import FIXTURES

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WIDE = FIXTURES / "wide-tables"


@pytest.fixture(scope="module")
def wide_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("wide-tables")
    site = folder / "site"
    build_site(config_for(folder, WIDE, folder / "chart-cache"), site)
    yield from serve(site)


@pytest.fixture(scope="module")
def report_pages(wide_url: str, site_url: str) -> list[str]:
    return [wide_url + "2030/", site_url + "2021/"]


def _open(page: Any, url: str, viewport: dict[str, int]) -> None:
    """The page at this width with every chart's data table unfolded (tables too)."""
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.eval_on_selector_all("details.jx-chart-data", "ds => ds.forEach(d => { d.open = true; })")
    page.wait_for_timeout(50)  # the toggle events unfold the tables


# Every table cell a reader sees: its text's lines and its box inside the screen; its
# label (data-label) shown before it.  Cells hidden for the eye (column headers, whose
# words are in the labels) and blank ones are left out.
PHONE_CELLS = """() => {
  const width = document.documentElement.clientWidth;
  const unseen = el => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === "none" || style.visibility === "hidden") return true;
      if (style.position === "absolute" && e.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const out = {width, scrollWidth: document.documentElement.scrollWidth, cells: 0,
               outside: [], unlabelled: [], labelHidden: [], labels: [], scrolls: 0};
  for (const cell of document.querySelectorAll("article table td, article table th")) {
    const text = cell.textContent.trim();
    if (!text || unseen(cell)) continue;
    out.cells += 1;
    const box = cell.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = [...range.getClientRects()].filter(r => r.width > 0);
    if (box.left < -0.5 || box.right > width + 0.5
        || lines.some(r => r.left < -0.5 || r.right > width + 0.5)) {
      out.outside.push(text.slice(0, 30));
    }
    const label = cell.getAttribute("data-label");
    if (label) {
      out.labels.push(label);
      const before = getComputedStyle(cell, "::before");
      if (!before.content.includes(label) || before.display === "none") {
        out.labelHidden.push(label);
      }
    } else if (cell.tagName === "TD" && label === null) {
      out.unlabelled.push(text.slice(0, 30));
    }
  }
  for (const box of document.querySelectorAll("article .md-typeset__scrollwrap")) {
    if (box.scrollWidth > box.clientWidth + 1) out.scrolls += 1;
  }
  return out;
}"""


def test_on_a_phone_every_cell_is_on_screen_behind_its_label(
    recorded: Recorded, report_pages: list[str]
) -> None:
    page = recorded.page
    found: dict[str, Any] = {}
    for url in report_pages:
        _open(page, url, PHONE)
        found[url] = page.evaluate(PHONE_CELLS)
    page.set_viewport_size(DESKTOP)
    wide, seed = found.values()
    for result in found.values():
        assert result["scrollWidth"] <= PHONE["width"]
        assert result["outside"] == []
        assert result["labelHidden"] == []
        assert result["scrolls"] == 0  # no table scrolls sideways: each is a column of cards
    assert seed["cells"] > 500 and wide["cells"] > 250  # the tables were there to check
    # A data cell without a label is one no column header heads: one across columns headed
    # differently (合计 and 总分 across the indicator levels, the grades across the last
    # columns), or one the form heads on its left (项目名称, 主管部门, 实施单位: that header
    # is the line just above it in the card).
    assert sorted(wide["unlabelled"]) == sorted(
        ["合计", "总分", "优", "优秀", "虚构职业培训补助资金", "虚构办公设备购置经费"]
        + ["虚构县测试局"] * 2
    )
    assert seed["unlabelled"] == []
    labels = set(wide["labels"])
    for label in [
        "其中·上年结转",  # a two-row head: the merged cell above, then the column's own
        "项目资金（万元）·全年预算数",
        "财政供养人员情况",  # a cell across three columns under one merged head
        "年度指标值·度量单位",
        "绩效指标·一级指标",  # a merged first-level cell is labelled too
        "扣分原因",
        "项目资金（万元）·全年执行数（B）",  # the form's unit, printed only on the left
        "年度总体目标·实际完成情况",
        "偏差原因分析及改进措施",
        "作图数值",  # a chart's data table, unfolded
    ]:
        assert label in labels, label
    assert {"目标", "完成", "完成率（原文）", "金额", "实际支出数"} <= set(seed["labels"])


def test_on_a_phone_a_table_is_still_a_table_to_screen_readers(
    recorded: Recorded, wide_url: str
) -> None:
    page = recorded.page
    _open(page, wide_url + "2030/", PHONE)
    table = page.locator("article table", has_text="部门整体支出绩效评价基础数据表")
    tree = table.aria_snapshot()
    page.set_viewport_size(DESKTOP)
    assert tree.startswith('- table "部门整体支出绩效评价基础数据表"')
    assert '- columnheader "项目资金（万元）"' in tree
    assert '- columnheader "全年预算数"' in tree
    # cells are read as printed: the label shown on screen is not read a second time
    assert '- cell "43.5"' in tree
    assert not [cell for cell in re.findall(r'- cell "([^"]*)"', tree) if "项目资金" in cell]


# Tables whose box reaches past the column they are in, or that scroll inside it.
DESKTOP_TABLES = """() => {
  const column = document.querySelector("article").getBoundingClientRect();
  const out = {tables: 0, overflowing: []};
  for (const table of document.querySelectorAll("article table")) {
    const box = table.getBoundingClientRect();
    if (box.width === 0) continue;
    out.tables += 1;
    const wrap = table.closest(".md-typeset__scrollwrap");
    const scrolls = wrap && wrap.scrollWidth > wrap.clientWidth + 1;
    if (box.right > column.right + 0.5 || box.left < column.left - 0.5 || scrolls
        || table.scrollWidth > table.clientWidth + 1) {
      const name = (table.caption || table.querySelector("th") || table).textContent;
      out.overflowing.push(`${name.trim().slice(0, 20)}: ${Math.round(box.width)}px`);
    }
  }
  return out;
}"""


def test_on_a_desktop_every_table_fits_its_column(
    recorded: Recorded, report_pages: list[str]
) -> None:
    page = recorded.page
    counted = 0
    overflowing: dict[str, list[str]] = {}
    for url in report_pages:
        _open(page, url, DESKTOP)
        result = page.evaluate(DESKTOP_TABLES)
        counted += result["tables"]
        if result["overflowing"]:
            overflowing[url] = result["overflowing"]
    assert overflowing == {}
    assert counted > 40


def test_wide_tables_pass_axe_at_both_widths(recorded: Recorded, report_pages: list[str]) -> None:
    axe = node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")
    page = recorded.page
    found: dict[str, list[str]] = {}
    for url in report_pages:
        for viewport in (PHONE, DESKTOP):
            _open(page, url, viewport)
            # evaluated as a function (DevTools), not as a page script the site's CSP would refuse
            page.evaluate("() => {\n" + axe + "\n}")
            violations = page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                   .filter(v => v.impact === "serious" || v.impact === "critical")
                   .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" "))
                              .slice(0, 3).join("; ")}`)"""
            )
            if violations:
                found[f"{url} at {viewport['width']}px"] = violations
    page.set_viewport_size(DESKTOP)
    assert found == {}


def test_the_footer_has_no_english_made_with_line(
    recorded: Recorded, wide_url: str, site_url: str
) -> None:
    page = recorded.page
    for url in (wide_url, wide_url + "2030/", site_url, site_url + "2021/"):
        page.goto(url)
        footer = page.locator("footer").inner_text()
        assert "Made with" not in page.content()
        assert re.search(r"[A-Za-z]", footer) is None, footer


# A4 less the page margins of stylesheets/jixiao.css (210 mm - 2 x 16 mm), in CSS pixels.
A4_TEXT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)

# Text of table cells that reaches past the right edge of the printed text.
CUT_ON_PAPER = """() => {
  const right = document.querySelector("article").getBoundingClientRect().right;
  const cut = [];
  for (const cell of document.querySelectorAll("article table td, article table th")) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    if ([...range.getClientRects()].some(r => r.width > 0 && r.right > right + 0.5)) {
      cut.push(cell.textContent.trim().slice(0, 30));
    }
  }
  return cut;
}"""


def test_the_wide_tables_print_whole_on_a4(browser: Any, wide_url: str) -> None:
    """Printing is not the phone layout: each table is a table, no cell cut at the page's
    edge (a long word wraps), its figures on paper."""
    from pypdf import PdfReader

    page = browser.new_page()
    try:
        page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
        page.goto(wide_url + "2030/")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        shown = page.eval_on_selector_all(
            "article table", "ts => ts.map(t => getComputedStyle(t).display)"
        )
        cut = page.evaluate(CUT_ON_PAPER)
        pdf = page.pdf(format="A4", print_background=False)
    finally:
        page.close()
    assert len(shown) > 10 and set(shown) == {"table"}
    assert cut == []
    text = "".join(_plain(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    # figures from the right-hand side of the basic-data, deductions, indicator and project tables
    for figure in ["43.5", "1.5分", "236人次", "99.2分"]:
        assert _find(text, figure) >= 0, figure
