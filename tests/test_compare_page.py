"""A year's comparison page: one row a department that published the year, every figure as its
own report page computes it, linked to where that page shows it, sortable by exact value;
what a report does not state is said so and sorts last; the same portal gives the same bytes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.derive.compare import Amount, comparison
from jixiao.derive.keyfigures import key_figures
from jixiao.opendata.portal import portal_nav, portal_pages
from jixiao.pages.portal import render_compare
from tests.portal_fixture import county, county_reports, department, year_report

UNSTATED = '<span class="jx-unstated">原文未载明</span>'
NOT_COMPUTED = '<span class="jx-unstated">无法计算</span>'
COLUMNS = 11


def _cells(page: str, department_id: str) -> list[str]:
    found = re.search(rf"^\| \[[^\n]*\]\(\.\./{department_id}/index\.md\) \|.*$", page, re.M)
    assert found is not None, department_id
    cells = [c.strip() for c in found[0].strip().strip("|").split(" | ")]
    assert len(cells) == COLUMNS
    return cells


@pytest.fixture(scope="module")
def page() -> str:
    return render_compare(county(), 2030)


def test_only_the_departments_of_the_year_are_rows(page: str) -> None:
    assert "虚构县共 4 个部门（单位）发布了2030年度" in page
    for present in ("caizheng", "yuan", "quewei", "dishu"):
        _cells(page, present)
    assert "未发布2030年度报告的部门（单位）：[虚构县&lt;script&gt;" in page
    with pytest.raises(AssertionError):
        _cells(page, "markup")


def test_figures_link_to_where_their_report_page_prints_them(page: str) -> None:
    cells = _cells(page, "caizheng")
    assert cells[1] == '[100](../caizheng/2030.md#budget){ data-jx-value="1000000" }'
    assert cells[2] == '[98.50](../caizheng/2030.md#execution){ data-jx-value="985000.00" }'
    assert cells[3] == '[90](../caizheng/2030.md#execution){ data-jx-value="900000" }'
    # computed figures link to the key figures, where the report page computes them
    assert cells[4] == '[90.0%](../caizheng/2030.md#key-figures){ data-jx-value="90.0" }'
    assert cells[8] == '[95分](../caizheng/2030.md#performance){ data-jx-value="95" }'
    assert cells[9] == '[优秀](../caizheng/2030.md#performance){ data-jx-value="4" }'


def test_derived_figures_are_the_report_pages_own() -> None:
    portal = county()
    table = comparison(portal, 2030)
    newest = {department: reports[-1] for department, _, *reports in county_reports()}
    for row in table.rows:
        key = key_figures(newest[row.department.id])
        assert row.execution == key.spending_share
        assert row.grade_by_score == key.grade_by_score
        assert row.grade_agrees == key.grade_agrees


def test_three_public_over_and_under_control_in_words(page: str) -> None:
    over = _cells(page, "caizheng")
    assert over[5].startswith("[12.5]") and over[6].startswith("[10]")
    assert over[7] == '[超出 2.5](../caizheng/2030.md#key-figures){ data-jx-value="2.5" }'
    under = _cells(page, "yuan")
    assert under[7] == '[未超出（少 1）](../yuan/2030.md#key-figures){ data-jx-value="-1" }'


def test_not_stated_is_said_and_never_zero(page: str) -> None:
    cells = _cells(page, "quewei")
    assert cells[1] == cells[2] == cells[5] == cells[6] == cells[8] == cells[9] == UNSTATED
    assert cells[4] == cells[7] == cells[10] == NOT_COMPUTED
    assert cells[3].startswith("[90](")
    assert not any(re.match(r"\[0(\.0*)?[%分]?\]", cell) for cell in cells)


def test_a_grade_the_score_does_not_earn_is_said(page: str) -> None:
    cells = _cells(page, "dishu")
    assert cells[9].startswith("[优](")
    assert cells[10] == '[中（与原文不一致）](../dishu/2030.md#key-figures){ data-jx-value="2" }'
    assert cells[4].startswith("[120.0%](")


def test_one_unit_of_money_whatever_the_reports_print(page: str) -> None:
    cells = _cells(page, "yuan")
    assert cells[1] == '[521.75](../yuan/2030.md#budget){ data-jx-value="5217500.00" }'
    assert cells[5].startswith("[2](") and cells[6].startswith("[3](")
    assert "| 年初预算（万元） | 决算总收入（万元） | 全年实际支出（万元） |" in page
    assert "虚构县元计局：年初预算原文为“5217500元”，已换算为万元" in page


def test_a_county_printing_in_yuan_gets_a_table_in_yuan() -> None:
    portal = county().__class__(
        "元县",
        (
            department("a", "组", year_report("甲局", budget="1000000元", spending="900000元")),
            department("b", "组", year_report("乙局", budget="2000000元", spending="1500000元")),
            department("c", "组", year_report("丙局", budget="50万元", spending="40万元")),
        ),
    )
    page = render_compare(portal, 2030)
    assert "年初预算（元）" in page
    assert _cells(page, "c")[1] == '[500000](../c/2030.md#budget){ data-jx-value="500000" }'
    assert "丙局：年初预算原文为“50万元”，已换算为元" in page


def test_exact_values_sort_across_units() -> None:
    """The sort value is in 元 whatever the unit shown, in exactly the report's digits."""
    table = comparison(county(), 2030)
    values = {row.department.id: row.budget for row in table.rows}
    yuan = values["yuan"]
    assert isinstance(yuan, Amount)
    assert str(yuan.base()) == "5217500.00"
    assert yuan.value == Decimal("521.75")


def test_names_from_data_never_become_markup() -> None:
    portal = county()
    page = render_compare(portal, 2029)
    assert "<script>" not in page
    assert (
        "[虚构县&lt;script&gt;alert\\(1\\)&lt;/script&gt;局\\|\\*强\\*](../markup/index.md)" in page
    )


def test_the_table_is_marked_sortable_and_links_other_years(page: str) -> None:
    assert '<div class="jx-sortable" markdown>' in page
    assert "其他年度：[2029年度](2029.md)。" in page


def test_portal_pages_are_deterministic_and_complete() -> None:
    first, second = portal_pages(county()), portal_pages(county())
    assert first == second
    assert set(first) >= {
        "index.md",
        "compare/2030.md",
        "compare/2029.md",
        "compare/jixiao-compare-2030.csv",
        "compare/jixiao-compare-2030.xlsx",
        "compare/jixiao-compare-2030.json",
    }
    charts = [path for path in first if path.endswith(".svg")]
    assert len(charts) == 2 and all(
        re.fullmatch(r"compare/20\d\d-execution-rate-[0-9a-f]{12}\.svg", p) for p in charts
    )
    page = first["compare/2030.md"]
    chart = next(p for p in charts if "/2030-" in p)
    assert f"]({chart.removeprefix('compare/')})" in page


def test_nav_stays_small_home_then_comparisons_newest_first() -> None:
    assert portal_nav(county()) == [
        "index.md",
        {"各年度对比": ["compare/2030.md", "compare/2029.md"]},
    ]


def test_a_draft_year_is_marked_draft() -> None:
    draft = year_report("虚构县草稿局").model_copy(update={"draft": True})
    portal = county().__class__("县", (department("c", "组", draft),))
    assert "[虚构县草稿局](../c/index.md)（草稿）" in render_compare(portal, 2030)


def test_a_name_the_chart_font_lacks_is_a_data_problem_not_a_traceback() -> None:
    from jixiao.source.problems import DataError

    portal = county().__class__("县", (department("c", "组", year_report("虚构\U0001f600局")),))
    with pytest.raises(DataError, match="2030年度各部门对比图"):
        portal_pages(portal)
