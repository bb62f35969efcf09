"""Hostile text: strings that would run, render as markup or be evaluated if not escaped."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_site, config_with_data
from tests.synthetic import FULL_TEXT, edit, with_year

# The synthetic full report dated 2021: tests/browser/test_hostile.py visits the page 2021/.
YEAR = 2021

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 2">',
    "[点我](javascript:window.__pwned=3)",
    "<a href='javascript:window.__pwned=4'>链接</a>",
    "# 假标题",
    "| 断 | 表 |",
    "{{ 7*7 }} {% if true %}真{% endif %} {# 注释 #}",
    "**粗体** _斜体_ `代码`",
    "&lt;已转义&gt; &amp;",
    '{: onclick="window.__pwned=5" }',
]


def hostile_data(good: str) -> str:
    """A year's data (the synthetic full report) with hostile text in names, headings, narrative
    and notes."""
    text = good
    for i, bad in enumerate(HOSTILE):
        quoted = "'" + bad.replace("'", "''") + "'"
        text = text.replace(
            "transcription_notes:\n",
            f"transcription_notes:\n  - {quoted}\n",
            1,
        )
        if i == 0:
            text = edit(
                text,
                "title: 2030年度虚构县测试局整体支出绩效自评报告（测试数据）",
                f"title: {quoted}",
            )
    text = edit(
        text,
        "    text: |\n      加强对测试人员",
        "    text: |\n      " + " ".join(HOSTILE) + "\n      加强对测试人员",
    )
    text = edit(
        text,
        "{name: 工资, value: 150.25万元}",
        "{name: " + repr_yaml(HOSTILE[1]) + ", value: 150.25万元}",
    )
    return edit(text, "  short_name: 县测试局", "  short_name: " + repr_yaml(HOSTILE[2]))


def repr_yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build_hostile_site(base: Path) -> Path:
    """The site built from synthetic data with hostile text in it; its report page is YEAR/."""
    site = base / "site"
    build_site(config_with_data(base, hostile_data(with_year(FULL_TEXT, YEAR))), site)
    return site
