from __future__ import annotations

import jinja2
import pytest

from jixiao.model.report import Report
from jixiao.pages.render import environment, render_home, render_report


def test_report_markdown_has_key_figures_sections_and_tables(report_2021: Report) -> None:
    md = render_report(report_2021)
    assert md.startswith("---\ntitle: 2021年度报告\n---\n")
    for anchor in ["key-figures", "overview", "budget", "execution", "performance", "suggestions"]:
        assert "{#" + anchor + "}" in md
    assert (
        "- 年初预算 **521.75万元**\n"
        "- 决算总收入 **441.37万元** 为年初预算的 84.6%（计算值）\n"
        "- 全年实际支出 **484.62万元** 为年初预算的 92.9%（计算值）\n"
        "- “三公”经费实际支出 **4.5万元** 控制数 10万元，为控制数的 45.0%（各项合计，计算值）\n"
        "- 自评得分 **97分** 等级“优秀”（原文）；按分数应为“优”\n"
    ) in md
    assert "| 公务接待费 | 招待费 | 10万元 | 4.5万元 | 45% |" in md
    assert "| 其中：住房公积金 | 0万无（更正为0万元）（见[更正说明2](#correction-2)） |" in md
    assert "| 　其中：城乡居民养老保险 | ≥ | 2147张 | 1683张 | 464张 | 78.38% |" in md
    assert "| 　含：省卫高 | 32人 | — |" in md
    assert "\n\n\n" not in md


def test_home_lists_each_year_with_key_figures(report_2021: Report) -> None:
    md = render_home([report_2021])
    assert (
        "| [2021年度](2021.md) | 521.75万元 | 484.62万元 | 92.9% | 4.5万元／10万元 | 97分 | 优秀 |"
        in md
    )


def test_template_syntax_in_data_is_text_not_template(report_2021: Report) -> None:
    hostile = report_2021.model_copy(
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
