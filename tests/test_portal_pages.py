"""The portal's home page: every department under its group, its newest year's key figures in
one unit of money, linked to its pages; not-stated figures said so; names from data escaped."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.derive.portal import Portal, department_site
from jixiao.model.loader import data_files, load_all
from jixiao.pages.portal import render_portal_home
from tests.portal_fixture import county

ROOT = Path(__file__).resolve().parent.parent


def _row(page: str, department_id: str) -> str:
    """The home page's table row of one department."""
    found = re.search(rf"^\| \[[^\n]*\]\({department_id}/index\.md\) \|.*$", page, re.M)
    assert found is not None, department_id
    return found[0]


def test_home_lists_each_department_under_its_group_with_links() -> None:
    reports = tuple(load_all(data_files(ROOT / "data")).reports)
    portal = Portal(
        "新晃侗族自治县",
        (
            department_site("renshe", "政府工作部门", reports),
            department_site("minzheng", "其他<b>单位", reports),
        ),
    )
    page = render_portal_home(portal)
    assert "# 新晃侗族自治县部门整体支出绩效自评报告" in page
    assert page.index("## 政府工作部门") < page.index("(renshe/index.md)") < page.index("## 其他")
    assert "[2021年度](minzheng/2021.md)" in page
    # the seed's figures, as printed, in the page's unit (万元, named once in the header)
    assert "| 年初预算（万元） | 全年实际支出（万元） |" in page
    row = _row(page, "renshe")
    assert "[521.75](renshe/2021.md#budget)" in row
    assert "[484.62](renshe/2021.md#execution)" in row


def test_group_names_from_data_are_text_not_html() -> None:
    page = render_portal_home(county())
    assert "<b>" not in page and "<script>" not in page
    assert "## 其他&lt;b&gt;单位&lt;/b&gt;" in page
    # a name's table and link syntax is escaped: it stays one cell of one link
    assert "[虚构县&lt;script&gt;alert\\(1\\)&lt;/script&gt;局\\|\\*强\\*](markup/index.md)" in page


def test_home_shows_the_newest_year_of_each_department() -> None:
    page = render_portal_home(county())
    assert "[2030年度](caizheng/2030.md)" in _row(page, "caizheng")
    assert "2029" not in _row(page, "caizheng")
    assert "[2029年度](markup/2029.md)" in _row(page, "markup")  # it has no 2030 report


def test_three_public_over_control_is_said_in_words() -> None:
    page = render_portal_home(county())
    over = _row(page, "caizheng")
    assert "[12.5](caizheng/2030.md#execution)" in over and "**超出控制数**" in over
    assert "超出" not in _row(page, "yuan")  # 2万元 of 3万元: under control


def test_figures_not_stated_are_said_never_zero() -> None:
    row = _row(render_portal_home(county()), "quewei")
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    # budget, 三公, score and grade are not stated; spending is
    assert (
        cells[2]
        == cells[4]
        == cells[5]
        == cells[6]
        == '<span class="jx-unstated">原文未载明</span>'
    )
    assert "[90](quewei/2030.md#execution)" in cells[3]
    assert not any(re.fullmatch(r"\[?0(\.0+)?\]?.*", cell) for cell in cells)


def test_amounts_in_yuan_are_converted_exactly_and_said_so() -> None:
    page = render_portal_home(county())
    row = _row(page, "yuan")
    assert '[521.75](yuan/2030.md#budget){ data-jx-value="5217500.00" }' in row
    assert "[400](yuan/2030.md#execution)" in row
    assert "年初预算原文为“5217500元”，已换算为万元" in page


def test_home_links_every_years_comparison_newest_first() -> None:
    page = render_portal_home(county())
    assert "[2030年度](compare/2030.md)、[2029年度](compare/2029.md)。" in page


def test_a_grade_the_score_does_not_earn_is_said_on_the_home_page() -> None:
    row = _row(render_portal_home(county()), "dishu")  # 70分, printed 优
    assert "[优](dishu/2030.md#performance)" in row and "（按得分应为“中”）" in row
    assert "按得分应为" not in _row(render_portal_home(county()), "caizheng")


def test_a_draft_year_is_marked_draft_on_the_home_page() -> None:
    from tests.portal_fixture import department, year_report

    draft = year_report("虚构县草稿局").model_copy(update={"draft": True})
    portal = county().__class__("县", (department("c", "组", draft),))
    assert "| [虚构县草稿局](c/index.md) | [2030年度（草稿）](c/2030.md) |" in render_portal_home(
        portal
    )
