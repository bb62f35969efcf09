from __future__ import annotations

import jinja2
import pytest

from jixiao.model.report import Report
from jixiao.pages.render import environment, render_home, render_report


def test_report_markdown_has_key_figures_sections_and_tables(report_full: Report) -> None:
    md = render_report(report_full)
    assert md.startswith("---\ntitle: 2030年度报告\n---\n")
    for anchor in [
        "key-figures",
        "overview",
        "budget",
        "execution",
        "performance",
        "theme-3",
        "suggestions",
        "section-6",  # a section of another kind, after 五、
        "reviews",
        "corrections",
    ]:
        assert "{#" + anchor + "}" in md
    assert (
        "- [年初预算](#budget) **300.5万元**\n"
        "- [决算总收入](#execution) **280.4万元** 为年初预算的 93.3%（计算值）\n"
        "- [全年实际支出](#execution) **270.3万元** 为年初预算的 90.0%（计算值）\n"
        "- [“三公”经费](#execution)实际支出 **3.6万元** 控制数 8万元，"
        "为控制数的 45.0%（原文合计）\n"
        "- [自评得分](#performance) **96分** 等级“优秀”（原文）；按分数应为“优”\n"
    ) in md
    assert "| 公务接待费 | 招待费 | 6万元 | 3.6万元 | 60% |" in md
    assert "| 合计（原文） | | 8万元 | 3.6万元 | |" in md
    assert "| 其中：住房公积金 | 3万无（更正为3万元）（见[更正说明2](#correction-2)） |" in md
    assert "| 　其中：甲类卡 | ≥ | 400张 | 380张 | 20张 | 95% |" in md
    assert "| 　含：高级 | 10人 | — |" in md
    assert "\n\n\n" not in md


def test_home_lists_each_year_with_key_figures(report_full: Report) -> None:
    md = render_home([report_full])
    assert (
        "| [2030年度](2030.md) | 300.5万元 | 270.3万元 | 90.0% | 3.6万元／8万元 | 96分 | 优秀 |"
        in md
    )


def test_template_syntax_in_data_is_text_not_template(report_full: Report) -> None:
    hostile = report_full.model_copy(
        update={
            "title": "{{ 7*7 }} {% if true %}x{% endif %} <script>alert(1)</script>",
        }
    )
    md = render_report(hostile)
    heading = md.split("\n")[4]
    assert heading == (
        "# \\{\\{ 7\\*7 \\}\\} \\{% if true %\\}x\\{% endif %\\} "
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    )


def test_templates_fail_on_undefined_names() -> None:
    env = environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nothing }}").render()
