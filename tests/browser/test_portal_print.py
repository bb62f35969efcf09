"""The county portal's comparison page printed to PDF (A4) by Chromium: the sortable table
whole (every department's row, every column, no cell past the page's edge), in the order
the reader sorted it; the sorting list, its status line and the order marks not printed,
the header buttons printing as the headers themselves; none of the site's navigation.
(A department's report page in the portal prints as tests/browser/test_print.py checks.)"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.browser.conftest import Recorded, broken_images
from tests.browser.test_narrow_tables import A4_TEXT_WIDTH, CUT_ON_PAPER
from tests.browser.test_print import A4_POINTS, _find, _plain
from tests.make_portal_fixture import NAMES

HEADERS = [
    "部门（单位）",
    "年初预算（万元）",
    "决算总收入（万元）",
    "全年实际支出（万元）",
    "支出占年初预算（计算）",
    "“三公”经费实际支出（万元，计算）",
    "“三公”经费控制数（万元，计算）",
    "“三公”经费超出控制数（万元，计算）",
    "自评得分",
    "等级（原文）",
    "按得分应为（计算）",
]

# What print media shows of the sorting controls and the header buttons.
CONTROLS = """() => ({
  bars: [...document.querySelectorAll(".jx-sort-bar")].map(e => getComputedStyle(e).display),
  marks: [...document.querySelectorAll(".jx-sort-mark")].map(e => getComputedStyle(e).display),
  buttons: [...document.querySelectorAll("th .jx-sort-button")].map(b => {
    const style = getComputedStyle(b);
    return {text: b.textContent, border: style.borderTopStyle, background: style.backgroundColor};
  }),
  rows: [...document.querySelectorAll("article .jx-sortable tbody tr")]
    .map(r => r.cells[0].textContent.trim()),
})"""


@pytest.fixture(scope="module")
def printed_comparison(browser: Any, portal_url: str) -> dict[str, Any]:
    """compare/2021/ sorted by 自评得分 (ascending), then printed: the PDF's pages as text and
    what print media showed."""
    from pypdf import PdfReader

    page = browser.new_page()
    try:
        page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
        page.goto(portal_url + "compare/2021/")
        page.wait_for_load_state("networkidle")
        assert broken_images(page) == []
        # at this width (the A4 text's) the screen shows cards: sorted from the list above
        page.select_option(".jx-sort-bar select", label="自评得分：从小到大")
        page.wait_for_function("() => document.querySelector('th[aria-sort=ascending]')")
        page.emulate_media(media="print")
        controls = page.evaluate(CONTROLS)
        cut = page.evaluate(CUT_ON_PAPER)
        pdf = page.pdf(format="A4", print_background=False)
    finally:
        page.close()
    reader = PdfReader(io.BytesIO(pdf))
    return {
        "text": "".join(_plain(p.extract_text() or "") for p in reader.pages),
        "sizes": [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages],
        "controls": controls,
        "cut": cut,
    }


def test_the_comparison_prints_on_a4(printed_comparison: dict[str, Any]) -> None:
    assert printed_comparison["sizes"]
    for width, height in printed_comparison["sizes"]:
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2


def test_the_comparison_table_prints_whole_in_the_order_chosen(
    printed_comparison: dict[str, Any],
) -> None:
    text = printed_comparison["text"]
    assert printed_comparison["cut"] == []
    for header in HEADERS:
        assert _find(text, header) >= 0, header
    # sorted by score, ascending: 88分, 97分, then the one that does not state it, last
    names = [NAMES[d][0] for d in ("jiaoyu", "renshe", "minzheng")]
    assert printed_comparison["controls"]["rows"] == names
    at = [_find(text, name) for name in names]
    assert -1 not in at and at == sorted(at), at
    # each row's right-hand cells are on paper
    for cells in (
        "88分良好良",
        "97分优秀优",
        "原文未载明原文未载明无法计算",
        "超出2",
        "未超出（少5.5）",
    ):
        assert _find(text, cells) >= 0, cells


def test_the_sorting_controls_are_not_printed(printed_comparison: dict[str, Any]) -> None:
    controls = printed_comparison["controls"]
    assert controls["bars"] and set(controls["bars"]) == {"none"}
    assert controls["marks"] and set(controls["marks"]) == {"none"}
    assert [b["text"].rstrip("▲▼↕") for b in controls["buttons"]] == HEADERS
    for button in controls["buttons"]:  # a header, not a control: no border, no fill
        assert button["border"] == "none" and button["background"] == "rgba(0, 0, 0, 0)"
    text = printed_comparison["text"]
    for control in ("排序：", "原来的顺序", "从小到大排列", "▲", "▼", "↕"):
        assert _find(text, control) < 0, control


def test_the_comparison_prints_none_of_the_site(printed_comparison: dict[str, Any]) -> None:
    text = printed_comparison["text"]
    for chrome in ["跳转至", "关于本站", "回到页面顶部", "MaterialforMkDocs"]:
        assert _find(text, chrome) < 0, chrome
    assert _find(text, "2021年度各部门对比") >= 0


def test_printing_the_comparison_requests_nothing_from_other_hosts(
    recorded: Recorded, portal_url: str
) -> None:
    recorded.page.goto(portal_url + "compare/2021/")
    recorded.page.emulate_media(media="print")
    recorded.page.pdf(format="A4")
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []
