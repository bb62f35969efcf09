"""Charts: their contents (bars, labels, values), text alternatives, bytes, cache and glyphs."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle

from jixiao.charts import assets as assets_module
from jixiao.charts import catalog, draw, fonts
from jixiao.charts.assets import chart_assets
from jixiao.charts.data import Chart
from jixiao.charts.fingerprint import code_fingerprint
from jixiao.charts.plot import Plot
from jixiao.charts.render import MissingGlyphError, render_svg
from jixiao.infra.memo import Memo, Store
from jixiao.model.loader import load_or_raise
from jixiao.model.report import Report
from jixiao.pages.render import render_report
from jixiao.source.problems import DataError
from tests.conftest import ROOT

YAML_2021 = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")


def variant(tmp_path: Path, *replacements: tuple[str, str], year: int = 2021) -> Report:
    """The 2021 data with some text replaced, loaded and validated like any year."""
    text = YAML_2021
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{year}.yaml"
    path.write_text(text.replace("year: 2021", f"year: {year}"), encoding="utf-8")
    return load_or_raise(path)


def new_plot() -> Plot:
    fonts.register()
    return Plot(Figure())


def bars(plot: Plot) -> list[Rectangle]:
    return plot.bars


def texts(plot: Plot) -> list[str]:
    """The text in the plot (not the value axis's)."""
    return [t.get_text() for t in plot.shown]


def chart(report: Report, chart_id: str) -> Chart:
    return next(c for c in catalog.charts_for(report) if c.id == chart_id)


def test_budget_income_and_spending_side_by_side(report_2021: Report) -> None:
    plot = new_plot()
    draw.draw_budget_execution(plot, report_2021)
    assert [b.get_width() for b in bars(plot)] == [521.75, 441.37, 484.62]
    assert texts(plot)[:3] == ["年初预算", "决算总收入", "全年实际支出"]
    assert {"521.75万元", "441.37万元（84.6%）", "484.62万元（92.9%）"} <= set(texts(plot))
    assert plot.axis_label is not None and plot.axis_label.get_text() == "金额（万元）"
    assert chart(report_2021, "budget-execution").alt == (
        "2021年年初预算521.75万元，全年实际支出484.62万元，为年初预算的92.9%；"
        "决算总收入441.37万元，为年初预算的84.6%。"
    )


def test_budget_items_use_the_value_in_use_and_say_so(report_2021: Report, tmp_path: Path) -> None:
    plot = new_plot()
    draw.draw_budget_items(plot, report_2021)
    assert [b.get_width() for b in bars(plot)][3] == 2.17  # the shipped data corrects 2017万元
    assert "其他人员经费（更正后）" in texts(plot) and "2.17万元" in texts(plot)
    fixed = chart(report_2021, "budget-items")
    assert fixed.alt == "2021年年初预算521.75万元，分8项，最多的是工资241.83万元。"
    assert fixed.notes[0].startswith("其他人员经费：原文印作“2017万元”，按2.17万元作图：")

    correction = re.search(r"    - name: 其他人员经费\n.*?reason: [^\n]*\n", YAML_2021, re.S)
    assert correction is not None
    misprint = variant(
        tmp_path, (correction.group(), "    - {name: 其他人员经费, value: 2017万元}\n")
    )
    plot = new_plot()
    draw.draw_budget_items(plot, misprint)
    assert [b.get_width() for b in bars(plot)][3] == 2017  # as printed when nothing is corrected
    uncorrected = chart(misprint, "budget-items")
    assert "各项合计2536.58万元，与原文合计521.75万元不符" in uncorrected.alt
    assert uncorrected.notes == ("各项合计2536.58万元，与原文合计521.75万元不符。",)


def test_spending_by_economic_classification_as_shares(report_2021: Report) -> None:
    plot = new_plot()
    draw.draw_spending_economic(plot, report_2021)
    assert [b.get_width() for b in bars(plot)] == [368.49, 96.01, 19.82, 0.3]
    assert "368.49万元（76.0%）" in texts(plot) and "0.3万元（0.1%）" in texts(plot)


def test_three_public_control_zero_is_a_normal_case(report_2021: Report) -> None:
    plot = new_plot()
    draw.draw_three_public(plot, report_2021)
    widths = sorted(b.get_width() for b in bars(plot))
    assert widths == [0, 0, 4.5, 10]
    labels = texts(plot)
    assert "实际支出数 4.5万元（45.0%）" in labels and "控制数 0万元" in labels
    assert "车辆运行经费（控制数为0）" in labels
    three = chart(report_2021, "three-public")
    assert three.alt.startswith(
        "2021年“三公”经费实际支出合计4.5万元，控制数合计10万元，为控制数的45.0%"
    )
    assert three.table.rows[1][3] == "—（控制数为0或缺）"


def test_indicators_against_targets_with_completion_rates(report_2021: Report) -> None:
    plot = new_plot()
    draw.draw_indicators(plot, report_2021, "theme-1")
    assert [round(b.get_width(), 1) for b in bars(plot)] == [156.3, 227.1, 100.2, 107.8, 263.2]
    assert texts(plot)[:2] == ["职业技能培训", "农村转移就业劳动者"]
    assert "263.2%" in texts(plot)
    # 城镇失业率 has a target but no result: it is in the table on the page, not in the chart.
    assert "城镇失业率" not in " ".join(texts(plot))

    approx = chart(report_2021, "indicators-theme-4")
    assert "约125.0%" in approx.alt
    plot = new_plot()
    draw.draw_indicators(plot, report_2021, "theme-4")
    assert "约125.0%" in texts(plot)

    missed = new_plot()
    draw.draw_indicators(missed, report_2021, "theme-5")
    assert all(b.get_hatch() for b in bars(missed))  # not reached: hatched as well as coloured
    assert "2项指标均未达到目标" in chart(report_2021, "indicators-theme-5").alt


UNEMPLOYMENT = "{id: urban-unemployment-rate, name: 城镇失业率, operator: ≤, target: 4.5%"


def test_less_or_equal_targets_are_met_by_staying_below(
    report_2021: Report, tmp_path: Path
) -> None:
    kept = variant(
        tmp_path,
        (
            UNEMPLOYMENT + "}",
            UNEMPLOYMENT + ", result: 3.6%}",
        ),
    )
    rows = {r.label: r for r in chart(kept, "indicators-theme-1").rows}
    assert rows["城镇失业率"].met is True and rows["城镇失业率"].rate == 80
    over = variant(
        tmp_path,
        (
            UNEMPLOYMENT + "}",
            UNEMPLOYMENT + ", result: 5%}",
        ),
    )
    theme = chart(over, "indicators-theme-1")
    assert ("城镇失业率", "≤", "4.5%", "5%", "111.1%", "—", "超过上限") in theme.table.rows
    plot = new_plot()
    draw.draw(plot, theme)
    assert "城镇失业率（上限）" in texts(plot)
    assert [bool(b.get_hatch()) for b in bars(plot)] == [False] * 5 + [True]


def test_card_switch_by_scheme_done_and_left(report_2021: Report) -> None:
    plot = new_plot()
    draw.draw_indicator_split(plot, report_2021, "card-switch")
    widths = [b.get_width() for b in bars(plot)]
    assert widths == [9414, 1683, 4586, 3145, 867, 464, 354, 49]
    assert "城乡居民养老保险：已完成1683张，未完成464张" in texts(plot)
    assert "78.4%" in texts(plot)
    assert chart(report_2021, "indicator-card-switch").alt == (
        "截至12月16日，养老保险待遇非国家社会保障卡切换完成9414张，为任务数10281张的91.6%；"
        "完成率最低的是城乡居民养老保险（78.4%）。"
    )


def test_pension_enrolment_by_scheme_as_parts_of_the_total(report_2021: Report) -> None:
    plot = new_plot()
    draw.draw_breakdown(plot, report_2021, "pension-enrolment")
    assert [b.get_width() for b in bars(plot)] == [146170, 15908, 10217]
    assert "146170人（84.8%）" in texts(plot)
    assert chart(report_2021, "breakdown-pension-enrolment").alt == (
        "养老保险参保人数（截至2021年11月末）各项合计172295人，"
        "其中城乡居民养老保险最多，146170人，占84.8%。"
    )


def test_no_chart_for_data_that_is_not_there(report_2021: Report) -> None:
    assert report_2021.execution is not None
    execution = report_2021.execution.model_copy(
        update={"income": None, "spending": None, "three_public": None}
    )
    sections = {**report_2021.sections, "execution": execution}
    sparse = report_2021.model_copy(update={"sections": sections})
    ids = {c.id for c in catalog.charts_for(sparse)}
    assert "budget-execution" not in ids and "three-public" not in ids
    assert "budget-items" in ids and "spending-economic" in ids
    with pytest.raises(ValueError, match="数据不足"):
        draw.draw_budget_execution(new_plot(), sparse)


def test_the_bundled_font_draws_the_charts(report_2021: Report) -> None:
    """Every text of a chart is measured and drawn with the bundled file's Simplified Chinese
    face, whatever copies of the family the machine has (Debian's fonts-noto-cjk is found
    first by name on some machines: the charts never look the family up by name)."""
    from matplotlib.text import Text

    from jixiao.charts.render import drawn

    face = fonts.bundled()
    assert Path(face) == fonts.FONT_FILE
    assert FT2Font(str(face), face_index=face.face_index).family_name == fonts.FAMILY
    with drawn(chart(report_2021, "budget-execution")) as figure:
        chosen = [t.get_fontproperties().get_file() for t in figure.findobj(Text)]
    assert {str(file) for file in chosen} == {str(fonts.FONT_FILE)}
    assert {getattr(file, "face_index", 0) for file in chosen} == {face.face_index}


def test_a_missing_glyph_fails(report_2021: Report, tmp_path: Path) -> None:
    strange = chart(report_2021, "budget-execution")
    with pytest.raises(MissingGlyphError, match="U\\+0E01"):
        render_svg(Chart(**{**strange.__dict__, "title": "ก"}))
    bad = variant(
        tmp_path, ("{name: 工资, value: 241.83万元}", "{name: 工资😀, value: 241.83万元}")
    )
    with pytest.raises(DataError) as caught:
        chart_assets([bad], None, {2021: tmp_path / "2021.yaml"}, workers=1)
    [problem] = caught.value.problems
    assert problem.file.endswith("2021.yaml")
    assert "U+1F600" in problem.message and "年初预算各项目" in problem.message


RENDER_IN_A_NEW_PROCESS = """
import hashlib, sys
from pathlib import Path
from jixiao.charts.catalog import charts_for
from jixiao.charts.render import render_svg
from jixiao.model.loader import load_or_raise
report = load_or_raise(Path(sys.argv[1]))
for chart in charts_for(report)[:3]:
    print(hashlib.sha256(render_svg(chart)).hexdigest())
"""


def test_same_data_gives_the_same_bytes_in_other_processes(report_2021: Report) -> None:
    runs = [
        subprocess.run(
            [sys.executable, "-c", RENDER_IN_A_NEW_PROCESS, str(ROOT / "data" / "2021.yaml")],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        ).stdout.split()
        for seed in (1, 2)
    ]
    here = [hashlib.sha256(render_svg(c)).hexdigest() for c in catalog.charts_for(report_2021)[:3]]
    assert runs[0] == runs[1] == here


def test_charts_are_drawn_here_when_no_worker_can_start(
    report_2021: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary folder whose path is too long for the worker server's socket, say."""
    expected = chart_assets([report_2021], None, workers=1).files

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError("AF_UNIX path too long")

    monkeypatch.setattr(ProcessPoolExecutor, "submit", refused)
    assert chart_assets([report_2021], None, workers=2).files == expected


def test_the_cache_hits_misses_and_redraws_only_what_changed(
    report_2021: Report, tmp_path: Path
) -> None:
    cache = Store(Memo(tmp_path / "cache"), "charts")
    other = variant(tmp_path, ("spending: 484.62万元", "spending: 490.5万元"), year=2022)
    cold = chart_assets([report_2021, other], cache, workers=2)  # in worker processes
    assert cold.reused == [] and len(cold.drawn) == len(cold.files) >= 20
    warm = chart_assets([report_2021, other], cache, workers=1)
    assert warm.drawn == [] and warm.files == cold.files
    # the same bytes whether drawn in workers or here
    assert chart_assets([report_2021], None, workers=1).files.items() <= cold.files.items()

    changed = variant(tmp_path, ("spending: 484.62万元", "spending: 470万元"), year=2022)
    again = chart_assets([report_2021, changed], cache, workers=1)
    assert sorted(again.drawn) == [
        "2022-budget-execution",
        "2022-spending-economic",
        "trends-budget-execution",  # the 历年对比 chart that shows 2022's spending
    ]
    assert not [name for name in again.drawn if name.startswith("2021-")]


def test_changed_chart_code_redraws_every_chart(
    report_2021: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Store(Memo(tmp_path / "cache"), "charts")
    first = chart_assets([report_2021], cache, workers=1)
    edited = tmp_path / "charts"
    shutil.copytree(
        ROOT / "jixiao" / "charts", edited, ignore=shutil.ignore_patterns("__pycache__")
    )
    style = edited / "jixiao.mplstyle"
    style.write_text(style.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert code_fingerprint(edited) != code_fingerprint()
    monkeypatch.setattr(assets_module, "code_fingerprint", lambda: code_fingerprint(edited))
    second = chart_assets([report_2021], cache, workers=1)
    assert len(second.drawn) == len(first.drawn) and second.reused == []


def test_chart_text_from_data_is_escaped(report_2021: Report, tmp_path: Path) -> None:
    hostile = variant(
        tmp_path,
        (
            "{name: 城乡居民养老保险, value: 146170人}",
            "{name: '*x*](javascript:y) <b>', value: 146170人}",
        ),
    )
    built = chart_assets([hostile], None, workers=1)
    md = render_report(hostile, extra={"charts": built.by_year[2021]})
    assert "\\*x\\*\\]\\(javascript:y\\) &lt;b&gt;" in md
    assert "<b>" not in md


def test_the_2021_page_shows_charts_with_text_alternatives_and_tables(built_site: Path) -> None:
    soup = BeautifulSoup(
        (built_site / "2021" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    images = soup.select("article img.jx-chart")
    assert len(images) >= 5
    alts = [str(img["alt"]) for img in images]
    assert all(alt.endswith("。") and len(alt) > 15 for alt in alts)
    assert "2021年年初预算521.75万元，全年实际支出484.62万元，为年初预算的92.9%；" in alts[0]
    tables = []
    for img in images:
        src = str(img["src"])
        assert src.startswith("../charts/2021-") and src.endswith(".svg")
        svg = (built_site / "2021" / src).resolve()
        assert svg.read_bytes().startswith(b"<?xml")
        details = img.find_next("details")
        assert details is not None
        summary, table = details.find("summary"), details.find("table")
        assert summary is not None and summary.get_text().startswith("图表数据")
        assert table is not None and len(table.select("tbody tr")) >= 2
        # Folded in a <template>, built when opened (tests/browser/test_pages.py).
        assert table.find_parent("template") is not None
        tables.append(str(table))
    assert "484.62万元" in tables[0] and "92.9%" in tables[0]


def test_dollar_signs_in_names_are_text_not_math(tmp_path: Path) -> None:
    # Read as TeX, "$\\nosuch$" is an unknown command and drawing would fail.
    name = "工资$\\nosuch$"
    odd = variant(
        tmp_path, ("{name: 工资, value: 241.83万元}", "{name: '" + name + "', value: 241.83万元}")
    )
    svg = render_svg(chart(odd, "budget-items"))
    assert b"<svg" in svg
