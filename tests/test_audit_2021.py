"""The shipped 2021 data checks clean, and any one figure changed out of step fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.checks.audit import audit
from jixiao.cli import main
from jixiao.model.report import Report
from tests.conftest import ROOT, page_text

GOOD = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")


def test_the_shipped_data_checks_clean(report_2021: Report) -> None:
    result = audit(report_2021)
    assert result.clean, [f.message for f in result.unreviewed]
    assert {(f.rule, f.field) for f, _ in result.reviewed} == {
        ("parts-sum", "sections.overview.headcount"),
        ("units", "sections.performance.sections.theme-3.breakdowns[2]"),
        ("parts-sum", "sections.performance.sections.theme-5.breakdowns[3]"),
        ("parts-sum", "sections.performance.sections.theme-6.breakdowns[0]"),
    }
    assert [(c.label, c.figure.printed, str(c.figure.used_value)) for c in result.corrections] == [
        ("其他人员经费", "2017万元", "2.17"),
        ("住房公积金", "0万无", "0"),
    ]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        # A budget item changed in the text and the data alike: the items no longer add up.
        ("241.83万元", "241.93万元", "sections.budget.items", "- {name: 工资, value: 241.93万元}"),
        # 三公: the actual no longer gives the printed 45% of the control figure.
        ("4.5万元", "4.6万元", "sections.execution.three_public.items[0].rate", "rate: 45%"),
        # One scheme of the card switch: sums, rate and remaining all disagree now.
        (
            "已切换1683张",
            "已切换1684张",
            "sections.performance.sections.theme-3.indicators[3].parts[0].rate",
            "card-switch-rural",
        ),
        # The score no longer earns the printed grade.
        ("97分", "85分", "sections.performance.grade", "grade: 优秀"),
        # A figure changed in the data only: it is no longer the one printed in the text.
        (
            "result: 2204人",
            "result: 2205人",
            "sections.performance.sections.theme-1.indicators[2].result",
            "new-urban-jobs",
        ),
        # A reviewed discrepancy that changes: the old explanation no longer covers it.
        (
            "裁决结案7起",
            "裁决结案6起",
            "sections.performance.sections.theme-6.breakdowns[0]",
            "id: labour-disputes",
        ),
    ],
)
def test_a_figure_out_of_step_fails_check_naming_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, field: str, needle: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new)
    if old.startswith("已切换"):
        text = text.replace("result: 1683张", "result: 1684张")
    if old.startswith("裁决结案"):
        text = text.replace("{name: 裁决结案, value: 7起}", "{name: 裁决结案, value: 6起}")
    path = tmp_path / "2021.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    line = line_of(text, needle)
    assert f"2021.yaml:{line}:" in err
    assert f"字段 {field}:" in err


def test_the_page_publishes_reviews_and_corrections(built_site: Path) -> None:
    page = page_text(built_site / "2021" / "index.html")
    assert "核对说明1" in page and "核对说明4" in page
    assert "更正说明1" in page and "更正为2.17万元" in page
    assert "13＋19＝32人" in page
    html = (built_site / "2021" / "index.html").read_text(encoding="utf-8")
    assert 'id="review-1"' in html and 'href="#review-1"' in html
    assert 'id="correction-1"' in html and 'href="#correction-1"' in html
