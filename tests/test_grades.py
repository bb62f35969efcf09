"""One grade rule on every surface: a report's own grade_bands are honoured everywhere.

The report below scores 92分 under bands of 95/85/60: 良 by its own bands, 优 by the
default 90/80/60.  Every place that says which grade the score earns must say 良.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.charts.trends import self_score
from jixiao.checks.audit import audit
from jixiao.derive.keyfigures import key_figures
from jixiao.model.grades import DEFAULT_GRADE_BANDS, grade_bands, grade_for
from jixiao.model.report import Report
from jixiao.opendata.diff import derived, diff_year, render
from jixiao.opendata.downloads import to_xlsx
from jixiao.pages.render import environment, render_report
from tests.synthetic import report

OWN_BANDS = [
    {"floor": "95", "grade": "优"},
    {"floor": "85", "grade": "良"},
    {"floor": "60", "grade": "中"},
    {"floor": "0", "grade": "差"},
]


def own_bands_report(score: str = "92分", year: int = 2030) -> Report:
    return report(
        year=year,
        performance={"text": f"自评得分{score}，等级为“良好”。", "score": score, "grade": "良好"},
        grade_bands=OWN_BANDS,
    )


def test_grade_for_reads_the_report_s_bands_and_defaults_to_90_80_60() -> None:
    own = own_bands_report()
    assert grade_for(own) == "良"
    assert grade_for(own, Decimal("95")) == "优"
    assert grade_for(own, Decimal("59.9")) == "差"
    plain = report(performance={"score": "92分"})
    assert grade_bands(plain) == DEFAULT_GRADE_BANDS
    assert grade_for(plain) == "优"


def test_the_check_accepts_the_grade_its_own_bands_give() -> None:
    assert [f for f in audit(own_bands_report()).findings if f.rule == "grade"] == []


def test_the_page_says_the_grade_of_the_report_s_bands() -> None:
    page = render_report(own_bands_report(), environment(), {})
    assert "按分数应为“良”" in page
    assert "按分数应为“优”" not in page


def test_the_xlsx_download_says_the_grade_of_the_report_s_bands() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([own_bands_report()])))
    found = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for header in rows[:1]:
            if "按分数应得等级" in header:
                column = header.index("按分数应得等级")
                found += [row[column] for row in rows[1:]]
    assert found == ["良"]


def test_the_trend_chart_table_says_the_grade_of_the_report_s_bands() -> None:
    charts = self_score([own_bands_report(year=2030), own_bands_report("96分", year=2031)])
    assert charts
    graded = [row[-1] for row in charts[0].table.rows]
    assert graded == ["良", "优"]


def test_jixiao_diff_says_the_grade_of_the_report_s_bands() -> None:
    assert derived(own_bands_report())[("key", "grade")].value == "良"
    # 96分 → 92分 is 优 → 良 by the report's bands (by the default bands both are 优)
    changed = diff_year(2030, own_bands_report("96分"), own_bands_report(), "旧", "新")
    line = next(line for line in render([changed], "旧", "新").splitlines() if "应得等级" in line)
    assert "| 优 | 良 |" in line


# --- grade names: 优秀 is 优, 合格 is 中, 不合格 is 差 -------------------------------------

LONG_BANDS = [
    {"floor": "90", "grade": "优秀"},
    {"floor": "80", "grade": "良好"},
    {"floor": "60", "grade": "合格"},
    {"floor": "0", "grade": "不合格"},
]


def graded(score: str, grade: str, bands: list[dict[str, str]] | None = None) -> Report:
    text = f"自评得分{score}，等级为“{grade}”。"
    performance = {"text": text, "score": score, "grade": grade}
    return report(performance=performance, grade_bands=bands)


def grade_findings(r: Report) -> list[str]:
    return [f.message for f in audit(r).findings if f.rule == "grade"]


@pytest.mark.parametrize(
    ("score", "printed", "bands"),
    [
        ("95分", "优", LONG_BANDS),  # bands named as the report does, grade printed short
        ("85分", "良", LONG_BANDS),
        ("70分", "中", LONG_BANDS),
        ("70分", "中等", LONG_BANDS),
        ("50分", "差", LONG_BANDS),
        ("50分", "较差", LONG_BANDS),
        ("95分", "优秀", None),  # default bands 优/良/中/差, grade printed long
        ("85分", "良好", None),
        ("70分", "合格", None),
        ("50分", "不合格", None),
        ("95分", "优秀", LONG_BANDS),
    ],
)
def test_a_grade_named_either_way_is_never_flagged(
    score: str, printed: str, bands: list[dict[str, str]] | None
) -> None:
    r = graded(score, printed, bands)
    assert grade_findings(r) == []
    assert key_figures(r).grade_agrees is True
    page = render_report(r, environment(), {})
    assert "与原文不一致" not in page
    assert f"按分数应为“{grade_for(r)}”" in page


@pytest.mark.parametrize(
    ("score", "printed", "bands"),
    [("85分", "优", LONG_BANDS), ("85分", "优秀", None), ("55分", "合格", LONG_BANDS)],
)
def test_a_grade_the_score_does_not_earn_is_flagged_on_the_check_and_the_page(
    score: str, printed: str, bands: list[dict[str, str]] | None
) -> None:
    r = graded(score, printed, bands)
    [message] = grade_findings(r)
    assert f"原文等级为“{printed}”" in message
    assert key_figures(r).grade_agrees is False
    page = render_report(r, environment(), {})
    assert f"按分数应为“{grade_for(r)}”，与原文不一致" in page


def test_a_report_without_a_grade_neither_agrees_nor_disagrees() -> None:
    r = report(performance={"grade": None})
    assert key_figures(r).grade_agrees is None
    assert "与原文不一致" not in render_report(r, environment(), {})
