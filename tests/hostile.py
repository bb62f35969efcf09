"""Hostile text: strings that would run, render as markup or be evaluated if not escaped."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import GOOD, build_site, config_with_data

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
    """The 2021 data with hostile text in names, headings, narrative and notes."""
    text = good
    for i, bad in enumerate(HOSTILE):
        quoted = "'" + bad.replace("'", "''") + "'"
        text = text.replace(
            "transcription_notes:\n",
            f"transcription_notes:\n  - {quoted}\n",
            1,
        )
        if i == 0:
            text = text.replace(
                "title: 2021年度人社局整体支出绩效自评报告",
                f"title: {quoted}",
            )
    text = text.replace(
        "  text: |\n    加强对单位财务进行",
        "  text: |\n    " + " ".join(HOSTILE) + "\n    加强对单位财务进行",
    )
    text = text.replace(
        "{name: 工资, value: 241.83万元}",
        "{name: " + repr_yaml(HOSTILE[1]) + ", value: 241.83万元}",
    )
    text = text.replace("  short_name: 县人社局", "  short_name: " + repr_yaml(HOSTILE[2]))
    return text


def repr_yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build_hostile_site(base: Path) -> Path:
    """The site built from the 2021 data with hostile text in it."""
    site = base / "site"
    build_site(config_with_data(base, hostile_data(GOOD)), site)
    return site
