"""What a printed header label means, and how a cell of a typed table is read.

Provinces print the same column under different words (分值 or 权重, 实际完成值 or 全年实际值,
偏差原因分析及改进措施 or 未完成原因及拟采取的改进措施).  A label is matched on its words
alone (spacing, line breaks and a trailing bracket such as （A）、（B/A）、（分） aside); the
label itself is kept as printed, for the page.  A column whose label means none of a kind's
fields is an extra column: its cells are kept under the label.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from jixiao.importer.grid import squeeze
from jixiao.model.figures import read_printed
from jixiao.model.units import lookup

LEVELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")

SCORE_WORDS = {
    **dict.fromkeys(("分值", "权重", "标准分值", "指标分值", "标准分", "分数"), "weight"),
    **dict.fromkeys(("评分标准", "评价标准", "评分办法", "评分细则", "评分规则"), "standard"),
    **dict.fromkeys(("指标解释", "指标说明", "指标内涵", "评价要点"), "explanation"),
    **dict.fromkeys(("指标值", "年度指标值", "目标值", "年度目标值"), "target"),
    **dict.fromkeys(("实际完成值", "全年实际值", "实际值", "完成值"), "actual"),
    **dict.fromkeys(("得分", "自评得分", "评价得分", "实际得分"), "score"),
    **dict.fromkeys(
        (
            "偏差原因及改进措施",
            "偏差原因分析及改进措施",
            "未完成原因及拟采取的改进措施",
            "未完成原因分析及改进措施",
        ),
        "reason",
    ),
}
FUND_WORDS = {
    "年初预算数": "initial",
    "全年预算数": "budget",
    "预算数": "budget",
    "全年执行数": "executed",
    "执行数": "executed",
    "分值": "weight",
    "执行率": "rate",
    "得分": "score",
}
INDICATOR_WORDS = {
    "一级指标": "level1",
    "二级指标": "level2",
    **dict.fromkeys(("三级指标", "指标内容", "具体指标", "指标名称"), "name"),
    **{
        word: field
        for word, field in SCORE_WORDS.items()
        if field in ("weight", "target", "actual", "score", "reason")
    },
    "预期指标值": "target",
    "年度实际完成值": "actual",
}
_TRAILING = re.compile(r"[（(][^（）()]{0,8}[)）]$")


def label_word(text: str) -> str:
    """A label's words for matching: no spacing, no trailing （A）, （B/A）, （分）."""
    word = squeeze(text).rstrip("：:*")
    return _TRAILING.sub("", word) or word


def field_of(text: str, words: dict[str, str]) -> str:
    return words.get(label_word(text), "extra")


BARE = re.compile(r"^[0-9]{1,15}(?:\.[0-9]{1,6})?$")
# A cell printing only a dash or a slash: the form's “not applicable”, no figure.
DASH = re.compile(r"^[-－—–/／\\]+$")


def known(text: str) -> bool:
    reading = read_printed(text)
    return reading is not None and lookup(reading.unit, {}) is not None


def figure(text: str, points: bool) -> tuple[Any, bool]:
    """A score, weight or money cell: (what to write, whether it fits).  Text with a unit
    is written as printed; a bare number where the header says its unit (分值/得分 in
    points, money in the form's unit); an empty or dash cell is no figure (never 0)."""
    text = text.strip()
    if not text or DASH.match(text):
        return None, True
    if known(text):
        return text, True
    if points and BARE.match(text):
        return Decimal(text), True
    return None, False


def is_dash(text: str) -> bool:
    return bool(DASH.match(text.strip()))


def repeated(labels: list[str], fields: list[str]) -> str | None:
    """An extra column's label printed twice: its cells would share one key."""
    seen: set[str] = set()
    for label, name in zip(labels, fields, strict=True):
        if name == "extra":
            if label in seen:
                return label
            seen.add(label)
    return None
