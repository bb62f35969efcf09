"""Key figures wherever the report prints them, and every check on every section.

A report may print its self-score only in a later or nested performance section,
or only in a score table's 合计 row, in the text or attached; the page header, the
downloads and the charts show it from there, never “原文未载明”.  Where two places
print one key figure differently, ``key-figure`` (or ``table-self-score`` for a
score table's total) says so at the second place.  The grade, count and balance
rules run on every section of their kind, at any depth.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from jixiao.charts.catalog import budget_execution, budget_items, spending_economic
from jixiao.checks.audit import audit, finding_problem
from jixiao.checks.rules import Finding, run_checks
from jixiao.derive.keyfigures import key_figures
from jixiao.derive.series import breakdown_histories
from jixiao.model.report import Report
from jixiao.opendata.diff import derived
from jixiao.opendata.downloads import to_xlsx
from jixiao.pages.render import render_report
from tests.synthetic import BASE, merge

UNSCORED = {"score": None, "grade": None, "text": "绩效情况见下。"}


def built(changes: dict[str, Any]) -> Report:
    """The synthetic base report with nested changes, new sections after the base's own."""
    return Report.model_validate(merge(BASE, changes))


def header(report: Report) -> str:
    """The page's 主要数字 block, as rendered."""
    page = render_report(report)
    return page.split("## 主要数字", 1)[1].split("</div>", 1)[0]


def score_table(total: str | None = "96分", grade: str | None = "优秀") -> dict[str, Any]:
    table: dict[str, Any] = {
        "kind": "score",
        "id": "score-table",
        "title": "部门整体支出绩效评价得分表",
        "items": [
            {"name": "决策", "weight": "20分", "score": "19分"},
            {"name": "绩效", "weight": "80分", "score": "77分"},
        ],
        "total_weight": "100分",
    }
    if total is not None:
        table["total"] = total
    if grade is not None:
        table["grade"] = grade
    return table


def later_performance(score: str = "96分", grade: str = "优秀") -> dict[str, Any]:
    return {
        "kind": "performance",
        "heading": "六、自评结果",
        "text": f"自评得分{score}，等级{grade}。",
        "score": score,
        "grade": grade,
    }


def findings(report: Report, rule: str) -> list[Finding]:
    return [f for f in run_checks(report) if f.rule == rule]


# --- the header shows the score wherever it is printed -------------------------------------

SCORE_ONLY_IN: dict[str, tuple[dict[str, Any], str]] = {
    "a later performance section": (
        {"sections": {"performance": UNSCORED, "result": later_performance()}},
        "#result",
    ),
    "a nested performance section": (
        {
            "sections": {
                "performance": {
                    **UNSCORED,
                    "sections": {"score": {**later_performance(), "heading": "（一）自评得分"}},
                }
            }
        },
        "#score",
    ),
    "a score table's 合计 row": (
        {"sections": {"performance": {**UNSCORED, "tables": [score_table()]}}},
        "#performance",
    ),
    "an attached score table": (
        {"sections": {"performance": UNSCORED}, "attachments": [score_table()]},
        "#attachment-1",
    ),
}


@pytest.mark.parametrize("case", sorted(SCORE_ONLY_IN))
def test_the_header_shows_a_score_printed_anywhere(case: str) -> None:
    changes, anchor = SCORE_ONLY_IN[case]
    report = built(changes)
    shown = header(report)
    assert f"[自评得分]({anchor}) **96分**" in shown
    assert "“优秀”（原文）；按分数应为“优”" in shown
    assert "原文未载明" not in shown
    assert audit(report).clean  # printed once, or the same wherever printed


def test_a_score_in_the_only_performance_section_is_linked_to_it() -> None:
    """The base report prints its score in its one performance section, as before."""
    shown = header(built({}))
    assert "[自评得分](#performance) **95分** 等级“优秀”（原文）" in shown


def test_a_report_that_prints_no_score_says_so() -> None:
    shown = header(built({"sections": {"performance": UNSCORED}}))
    assert "自评得分 原文未载明 等级原文未载明" in shown


def test_budget_income_and_spending_in_nested_sections_reach_header_downloads_and_chart() -> None:
    nested_budget = {"kind": "budget", "heading": "（一）年初预算", "text": "预算200万元。"}
    nested_execution = {
        "kind": "execution",
        "heading": "（二）执行",
        "text": "收入190万元，支出180万元。",
        "income": "190万元",
        "spending": "180万元",
    }
    report = built(
        {
            "sections": {
                "budget": {"total": None, "text": "见下。"},
                "execution": {"spending": None, "text": "见下。"},
                "other": {
                    "heading": "六、补充",
                    "sections": {
                        "budget-2": {**nested_budget, "total": "200万元"},
                        "execution-2": nested_execution,
                    },
                },
            }
        }
    )
    shown = header(report)
    assert "[年初预算](#budget-2) **200万元**" in shown
    assert "[决算总收入](#execution-2) **190万元** 为年初预算的 95.0%（计算值）" in shown
    assert "[全年实际支出](#execution-2) **180万元** 为年初预算的 90.0%（计算值）" in shown
    book = load_workbook(io.BytesIO(to_xlsx([report])))
    head, row = [list(r) for r in book["主要数字"].iter_rows(max_row=2, values_only=True)]
    assert row[head.index("年初预算")] == 200 and row[head.index("全年实际支出")] == 180
    [chart] = budget_execution(report)
    assert "年初预算200万元" in chart.alt


def test_the_downloads_key_figures_take_the_score_from_the_table() -> None:
    report = built({"sections": {"performance": UNSCORED}, "attachments": [score_table()]})
    book = load_workbook(io.BytesIO(to_xlsx([report])))
    head, row = [list(r) for r in book["主要数字"].iter_rows(max_row=2, values_only=True)]
    assert row[head.index("自评得分")] == 96
    assert row[head.index("等级（原文）")] == "优秀"
    assert row[head.index("按分数应得等级")] == "优"


def test_three_public_in_a_later_section_is_a_key_figure() -> None:
    three = {
        "kind": "three_public",
        "heading": "六、“三公”经费",
        "text": "公务接待费控制数5万元，实际支出2万元。",
        "three_public": {
            "items": [
                {
                    "category": "公务接待费",
                    "name": "公务接待费",
                    "control": "5万元",
                    "actual": "2万元",
                }
            ]
        },
    }
    report = built({"sections": {"three": three}})
    key = key_figures(report)
    assert (key.three_public_control, key.three_public_actual) == (Decimal(5), Decimal(2))
    assert "[“三公”经费](#three)实际支出 **2万元** 控制数 5万元" in header(report)


# --- a key figure printed differently in two places --------------------------------------


def test_two_performance_sections_printing_different_scores() -> None:
    report = built({"sections": {"result": later_performance(score="96分")}})
    [f] = findings(report, "key-figure")
    assert (f.field, f.stated, f.computed) == ("sections.result.score", "96分", "95分")
    assert "六、自评结果" in f.message and "四、部门（单位）整体支出绩效情况" in f.message
    # jixiao check: the value expected here is printed elsewhere, not computed
    problem = finding_problem(f, "2030.yaml", None)
    assert (problem.expected, problem.found) == ("另一处原文 95分", "原文 96分")
    # the header shows the first place's, as the finding says
    assert "[自评得分](#performance) **95分**" in header(report)


def test_the_same_score_in_two_places_is_fine() -> None:
    report = built(
        {
            "sections": {
                "performance": {"tables": [score_table(total="95分")]},
                "result": later_performance(score="95.0分"),
            }
        }
    )
    found = [f.rule for f in run_checks(report)]
    assert "key-figure" not in found and "table-self-score" not in found


def test_a_table_total_against_the_text_names_where_the_score_is_printed() -> None:
    report = built({"sections": {"performance": {"tables": [score_table(total="96分")]}}})
    [f] = findings(report, "table-self-score")
    assert (f.field, f.stated, f.computed) == (
        "sections.performance.tables[0].total",
        "95分",
        "96分",
    )
    assert "“四、部门（单位）整体支出绩效情况”所印自评得分95分" in f.message


def test_two_score_tables_and_no_score_in_the_text() -> None:
    report = built(
        {
            "sections": {"performance": {**UNSCORED, "tables": [score_table()]}},
            "attachments": [{**score_table(total="95分"), "id": "attached"}],
        }
    )
    [f] = findings(report, "table-self-score")
    assert (f.field, f.stated, f.computed) == ("attachments[0].total", "96分", "95分")
    assert "部门整体支出绩效评价得分表" in f.message


def test_grades_printed_differently_and_budgets_and_three_public() -> None:
    later_budget = {"kind": "budget", "heading": "六、预算", "text": "预算120万元。"}
    three = {
        "items": [
            {"category": "公务接待费", "name": "接待费", "control": "5万元", "actual": "2万元"}
        ]
    }
    text = "接待费控制数5万元，实际支出2万元；控制数5万元，实际支出3万元。"
    report = built(
        {
            "sections": {
                "performance": {"tables": [score_table(total="95分", grade="优")]},
                "execution": {"three_public": three, "text": text},
                "budget-2": {**later_budget, "total": "120万元"},
                "three": {
                    "kind": "three_public",
                    "heading": "七、“三公”经费",
                    "text": text,
                    "three_public": {
                        "items": [{**three["items"][0], "actual": "3万元"}],
                    },
                },
            }
        }
    )
    found = {(f.field, f.stated, f.computed) for f in findings(report, "key-figure")}
    assert found == {
        ("sections.budget-2.total", "120万元", "100万元"),
        ("sections.three.three_public.items[0].actual", "3万元", "2万元"),
    }  # 优 in the table and 优秀 in the text are one grade
    report = built(
        {"sections": {"performance": {"tables": [score_table(total="95分", grade="良")]}}}
    )
    [f] = findings(report, "key-figure")
    assert (f.field, f.stated, f.computed) == ("sections.performance.tables[0].grade", "良", "优秀")


def test_a_key_figure_finding_is_reviewed_like_any_other() -> None:
    changes: dict[str, Any] = {"sections": {"result": later_performance(score="96分")}}
    assert not audit(built(changes)).clean
    review = {
        "rule": "key-figure",
        "field": "sections.result.score",
        "stated": "96分",
        "computed": "95分",
        "explanation": "原文两处所印得分不同，照原文发布。",
    }
    report = built({**changes, "reviews": [review]})
    result = audit(report)
    assert result.clean and [f.rule for f, _ in result.reviewed] == ["key-figure"]
    assert "核对说明1" in render_report(report)


# --- every check on every section ----------------------------------------------------------


def test_grade_against_score_on_a_second_performance_section() -> None:
    report = built({"sections": {"result": later_performance(score="70分", grade="优秀")}})
    [f] = findings(report, "grade")
    assert (f.field, f.stated, f.computed) == ("sections.result.grade", "优秀", "中")
    assert "自评得分70分" in f.message
    # and the section's own table shows the grade its own score earns
    row = re.search(r"\| 70分 \| 优秀.*\|", render_report(report))
    assert row is not None and "| 中 |" in row[0]


def test_a_grade_without_a_score_beside_it_is_checked_against_the_table_total() -> None:
    changes = {"sections": {"performance": {**UNSCORED, "grade": "优秀"}}}
    report = built({**changes, "attachments": [score_table(total="70分", grade=None)]})
    [f] = findings(report, "grade")
    assert (f.field, f.stated, f.computed) == ("sections.performance.grade", "优秀", "中")
    assert "“附件1 部门整体支出绩效评价得分表”所印自评得分70分" in f.message


def test_stated_count_against_listed_names_on_a_nested_overview() -> None:
    names = [f"事业单位{i}" for i in range(9)]
    nested = {
        "kind": "overview",
        "heading": "（二）直属事业单位",
        "text": "直属事业单位10个。",
        "internal_units": {"count": "10个", "names": names},
    }
    report = built({"sections": {"overview": {"sections": {"units": nested}}}})
    [f] = findings(report, "count-listed")
    assert (f.field, f.stated, f.computed) == (
        "sections.overview.sections.units.internal_units.count",
        "10个",
        "9个",
    )


def test_balance_on_a_second_execution_section() -> None:
    second = {
        "kind": "execution",
        "heading": "六、收支",
        "text": "收入100万元，支出90万元，结转5万元。",
        "income": "100万元",
        "spending": "90万元",
        "carry_over": "5万元",
    }
    report = built({"sections": {"execution-2": second}})
    [f] = findings(report, "balance")
    assert f.field == "sections.execution-2.carry_over"


def test_staffing_of_every_overview_section_joins_the_histories() -> None:
    headcount = {"id": "staff", "name": "实有人数", "total": "10人", "parts": []}
    nested = {"kind": "overview", "heading": "（一）人员", "text": "实有10人。"}
    report = built(
        {"sections": {"overview": {"sections": {"staff": {**nested, "headcount": headcount}}}}}
    )
    ids = [h.id for h in breakdown_histories([report], recurring_only=False)]
    assert ids == ["staff"]


def test_section_charts_take_the_first_section_that_lists_their_items() -> None:
    items = [{"name": "人员经费", "value": "60万元"}, {"name": "公用经费", "value": "40万元"}]
    parts = [
        {"name": "工资福利支出", "value": "50万元"},
        {"name": "商品和服务支出", "value": "40万元"},
    ]
    later = {
        "budget-2": {
            "kind": "budget",
            "heading": "六、预算明细",
            "text": "人员经费60万元，公用经费40万元。",
            "items": items,
        },
        "execution-2": {
            "kind": "execution",
            "heading": "七、支出明细",
            "text": "工资福利支出50万元，商品和服务支出40万元。",
            "by_economic": {"parts": parts},
        },
    }
    report = built({"sections": later})
    [items_chart] = budget_items(report)
    [economic_chart] = spending_economic(report)
    assert (items_chart.place, economic_chart.place) == ("budget-2", "execution-2")


def test_a_classification_is_compared_with_the_spending_of_its_own_section() -> None:
    parts = [
        {"name": "工资福利支出", "value": "50万元"},
        {"name": "商品和服务支出", "value": "30万元"},
    ]
    second = {
        "kind": "execution",
        "heading": "六、支出明细",
        "text": "支出80万元，其中工资福利支出50万元，商品和服务支出30万元。",
        "spending": "80万元",
        "by_economic": {"parts": parts},
    }
    report = built({"sections": {"execution-2": second}})
    [sums] = [d for d in derived(report).values() if d.label.startswith("支出按经济分类")]
    assert (sums.value, sums.reference) == ("80万元", "全年实际支出 80万元")
