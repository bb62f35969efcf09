"""Trend charts of the 历年对比 page, with the synthetic three-year fixture
(tests/fixtures/years)."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure

from jixiao.charts import draw, fonts
from jixiao.charts.assets import chart_assets
from jixiao.charts.data import Chart
from jixiao.charts.plot import Plot
from jixiao.charts.trends import trend_charts
from jixiao.infra.memo import Memo, Store
from jixiao.model.loader import load_or_raise
from jixiao.model.report import Report
from tests.conftest import ROOT

YEARS = ROOT / "tests" / "fixtures" / "years"


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return [load_or_raise(path) for path in sorted(YEARS.glob("*.yaml"))]


def edited(tmp_path: Path, year: int, old: str, new: str) -> Report:
    """One fixture year with some text replaced, loaded and validated like any year."""
    text = (YEARS / f"{year}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{year}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_or_raise(path)


def trend(reports: list[Report], chart_id: str) -> Chart:
    return next(c for c in trend_charts(reports) if c.id == chart_id)


def drawn(chart: Chart) -> Plot:
    fonts.register()
    plot = Plot(Figure())
    draw.draw(plot, chart)
    return plot


def widths(plot: Plot) -> list[float]:
    return [p.get_width() for p in plot.bars]


def texts(plot: Plot) -> list[str]:
    """The text in the plot (not the value axis's)."""
    return [t.get_text() for t in plot.shown]


def test_budget_income_and_spending_by_year(reports: list[Report]) -> None:
    chart = trend(reports, "budget-execution")
    plot = drawn(chart)
    # one series after another, each oldest year first
    assert widths(plot) == [100, 110, 120, 95, 105, 118, 90, 100, 115]
    assert [t for t in texts(plot) if t.endswith("年")] == ["2031年", "2032年", "2033年"]
    assert {"年初预算 100万元", "决算总收入 118万元", "全年实际支出 115万元"} <= set(texts(plot))
    assert plot.axis_label is not None and plot.axis_label.get_text() == "金额（万元）"
    legend = plot.legend
    assert legend is not None and [t.get_text() for t in legend.get_texts()] == list(chart.series)
    assert chart.alt.startswith("2031年至2033年，年初预算由2031年的100万元增至2033年的120万元；")
    assert chart.table.rows[1] == ("2032年", "110万元", "105万元", "100万元", "90.9%")


def test_a_year_with_no_three_public_spending_shows_as_zero(reports: list[Report]) -> None:
    chart = trend(reports, "three-public")
    plot = drawn(chart)
    assert widths(plot) == [5, 5, 6, 2, 0, 3]  # controls, then actual spending: 0 in 2032
    assert "实际支出数 0万元（0.0%）" in texts(plot)
    assert not [t for t in texts(plot) if "未列" in t]
    assert "2032年实际支出0万元，为控制数5万元的0.0%" in chart.alt
    assert chart.table.rows[1] == ("2032年", "5万元", "0万元", "0.0%")


def test_a_year_without_three_public_figures_is_a_gap(
    reports: list[Report], tmp_path: Path
) -> None:
    line = "        - {category: 公务接待费, name: 招待费, control: 5万元, actual: 0万元, rate: 0%}"
    line += "\n"
    without = edited(tmp_path, 2032, "    three_public:\n      items:\n" + line, "")
    chart = trend([reports[0], without, reports[2]], "three-public")
    plot = drawn(chart)
    assert widths(plot) == [5, 6, 2, 3]  # no bar at all for 2032, not a bar of 0
    assert "本年度报告未列“三公”经费" in texts(plot)
    assert "2032年未列“三公”经费实际支出" in chart.alt


def test_self_score_with_the_grade_printed(reports: list[Report]) -> None:
    chart = trend(reports, "self-score")
    plot = drawn(chart)
    assert widths(plot) == [95, 88, 92]
    assert [t for t in texts(plot) if "分" in t] == ["95分（优秀）", "88分（良）", "92分（优秀）"]
    assert chart.alt == "自评得分与等级：2031年95分（优秀）；2032年88分（良）；2033年92分（优秀）。"
    assert chart.table.rows[1] == ("2032年", "88分", "良", "良")


def test_spending_by_economic_classification_by_year(reports: list[Report], tmp_path: Path) -> None:
    chart = trend(reports, "spending-economic")
    assert chart.series == ("工资福利支出", "商品和服务支出", "资本性支出")
    plot = drawn(chart)
    assert widths(plot) == [60, 66, 72, 30, 34, 40, 3]
    assert texts(plot).count("资本性支出：未列") == 2  # listed only in 2033
    assert "资本性支出 3万元" in texts(plot)
    assert "2031年未列资本性支出" in chart.alt
    assert chart.table.rows[0] == ("2031年", "60万元", "30万元", "—")

    block = "    by_economic:\n      parts:\n"
    block += "        - {name: 工资福利支出, value: 66万元}\n"
    block += "        - {name: 商品和服务支出, value: 34万元}\n"
    unlisted = edited(tmp_path, 2032, block, "")
    gap = trend([reports[0], unlisted, reports[2]], "spending-economic")
    plot = drawn(gap)
    assert widths(plot) == [60, 72, 30, 40, 3]
    assert "本年度报告未按经济分类列支出" in texts(plot)
    assert "2032年报告未按经济分类列支出" in gap.alt


def test_a_missing_indicator_year_is_a_labelled_gap_not_zero(reports: list[Report]) -> None:
    chart = trend(reports, "indicator-new-jobs")
    plot = drawn(chart)
    assert widths(plot) == [50, 60, 55, 66]  # targets, then results; nothing for 2032
    assert "本年度报告未列此指标" in texts(plot)
    assert "2032年" in texts(plot)
    gap = texts(plot).index("本年度报告未列此指标")
    gap_y = plot.shown[gap].get_position()[1]
    bar_ys = [p.get_y() + p.get_height() / 2 for p in plot.bars]
    assert min(abs(y - gap_y) for y in bar_ys) > 0.3  # no bar, not even a thin one, in the gap
    assert "2032年报告未列此指标" in chart.alt
    assert chart.table.rows[1] == ("2032年", "（未列此指标）", "—", "—", "—", "—")


def test_a_renamed_indicator_is_one_history_joined_by_id(reports: list[Report]) -> None:
    ids = [c.id for c in trend_charts(reports)]
    assert ids.count("indicator-training") == 1  # one chart for both names
    chart = trend(reports, "indicator-training")
    assert chart.title == "历年目标与完成：职业技能培训"
    plot = drawn(chart)
    assert widths(plot) == [100, 100, 120, 120, 130, 150]
    assert "2031年（原名“职业培训”）" in texts(plot)
    assert "完成 150人（125.0%）" in texts(plot)
    assert chart.alt.startswith("职业技能培训（曾名“职业培训”，按编号对应为同一指标）：")
    assert [row[1] for row in chart.table.rows] == ["职业培训", "职业技能培训", "职业技能培训"]


def test_approximate_figures_are_marked_and_misses_hatched(
    reports: list[Report], tmp_path: Path
) -> None:
    rough = edited(
        tmp_path,
        2033,
        "{id: training, name: 职业技能培训, target: 120人, result: 150人, rate: 125%}",
        "{id: training, name: 职业技能培训, target: 120人, result: 约100人}",
    )
    chart = trend([*reports[:2], rough], "indicator-training")
    plot = drawn(chart)
    assert "完成 约100人（约83.3%）" in texts(plot)
    hatched = [bool(p.get_hatch()) for p in plot.bars]
    assert hatched == [False] * 5 + [True]  # only the result short of its target
    assert chart.table.rows[2][3:] == ("约100人", "约83.3%", "未达到目标")


def test_no_trend_chart_with_one_year(report_2021: Report, reports: list[Report]) -> None:
    assert trend_charts([report_2021]) == []
    assert trend_charts(reports[:1]) == []
    assert chart_assets([report_2021], None, workers=1).trends == {}


def test_trend_charts_are_deterministic_and_named_by_content(
    reports: list[Report], tmp_path: Path
) -> None:
    first = chart_assets(reports, None, workers=1)
    names = sorted(p for p in first.files if p.startswith("charts/trends-"))
    assert [n.rsplit("-", 1)[0] for n in names] == [
        "charts/trends-budget-execution",
        "charts/trends-indicator-new-jobs",
        "charts/trends-indicator-training",
        "charts/trends-self-score",
        "charts/trends-spending-economic",
        "charts/trends-three-public",
    ]
    again = chart_assets(list(reversed(reports)), None, workers=2)  # in worker processes
    assert {p: again.files[p] for p in names} == {p: first.files[p] for p in names}


def test_a_changed_year_redraws_the_trend_charts_that_show_it(
    reports: list[Report], tmp_path: Path
) -> None:
    cache = Store(Memo(tmp_path / "cache"), "charts")
    cold = chart_assets(reports, cache, workers=1)
    assert len([n for n in cold.drawn if n.startswith("trends-")]) == 6
    changed = edited(tmp_path, 2032, "result: 130人", "result: 131人")
    warm = chart_assets([reports[0], changed, reports[2]], cache, workers=1)
    assert sorted(warm.drawn) == ["2032-indicators-theme-1", "trends-indicator-training"]
    old = [p for p in cold.files if p.startswith("charts/trends-indicator-training-")]
    new = [p for p in warm.files if p.startswith("charts/trends-indicator-training-")]
    assert old != new  # a new picture, a new file name


def test_figures_in_another_unit_of_their_kind_are_converted_and_noted(
    reports: list[Report], tmp_path: Path
) -> None:
    other = edited(tmp_path, 2033, "result: 150人", "result: 0.015万人")
    chart = trend([*reports[:2], other], "indicator-training")
    assert chart.axis_label == "数量（人）"
    plot = drawn(chart)
    assert widths(plot) == [100, 100, 120, 120, 130, 150]
    assert "完成 150人（125.0%）" in texts(plot)
    assert chart.notes == ("2033年完成：原文“0.015万人”，按人换算作图",)
