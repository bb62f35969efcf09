"""Synthetic reports for tests (clearly not real data: 虚构).

Code tests build on these, never on the shipped data/2021.yaml: ``report(**changes)`` for a
small report in Python, ``FULL_TEXT`` (tests/fixtures/full/2030.yaml, every field of the model)
for a data file to edit with ``edit``.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from jixiao.model.report import Report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal" / "2030.yaml"
FULL = FIXTURES / "full" / "2030.yaml"
TABLES = FIXTURES / "tables" / "2030.yaml"
YEARS = FIXTURES / "years"
FULL_TEXT = FULL.read_text(encoding="utf-8")

BASE: dict[str, Any] = {
    "year": 2030,
    "department": {"name": "虚构测试局"},
    "title": "2030年度虚构测试局整体支出绩效自评报告（测试数据）",
    "basis": {"text": "根据虚构通知，现报告如下："},
    "sections": {
        "overview": {"heading": "一、部门（单位）概况", "text": "虚构单位。"},
        "budget": {"heading": "二、年初预算安排情况", "text": "预算100万元。", "total": "100万元"},
        "execution": {
            "heading": "三、本年预算执行情况",
            "text": "支出90万元。",
            "spending": "90万元",
        },
        "performance": {
            "heading": "四、部门（单位）整体支出绩效情况",
            "text": "自评得分95分，等级为“优秀”。",
            "score": "95分",
            "grade": "优秀",
        },
        "suggestions": {"heading": "五、建议", "text": "无。"},
    },
    "signature": {
        "organisation": "虚构测试局",
        "date": "2031-05-01",
        "printed_date": "2031年5月1日",
    },
}


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def report(**changes: Any) -> Report:
    """The base report with nested changes: report(budget={"items": [...]}); a change named
    after one of the base's sections changes that section."""
    sections = {k: changes.pop(k) for k in list(changes) if k in BASE["sections"]}
    return Report.model_validate(merge(BASE, {**changes, "sections": sections}))


def theme(**figures: Any) -> dict[str, Any]:
    """A performance with one theme holding the given figures (and text printing them)."""
    texts = []
    for items in figures.values():
        for item in items:
            texts.append(str(item))
    return {
        "sections": {"theme-1": {"heading": "1、测试主题。", "text": " ".join(texts), **figures}}
    }


def edit(text: str, old: str, new: str) -> str:
    """text with its one occurrence of old replaced (an edit that misses fails loudly)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_year(text: str, year: int) -> str:
    """A data file's text dated another year; a signature that would then be years off (the
    checks refuse it) is moved to the spring after the year."""
    text = re.sub(r"^year: \d+$", f"year: {year}", text, count=1, flags=re.M)
    signed = re.search(r"^  date: (\d{4})-", text, re.M)
    if signed is None or year <= int(signed[1]) <= year + 2:
        return text
    text = re.sub(r"^  date: \d{4}-", f"  date: {year + 1}-", text, count=1, flags=re.M)
    printed = f"  printed_date: {year + 1}年"
    return re.sub(r"^  printed_date: \d{4}年", printed, text, count=1, flags=re.M)


def year_of(text: str) -> int:
    """The year a data file's text says it is for."""
    found = re.search(r"^year: (\d+)$", text, re.M)
    assert found is not None, "no year: line"
    return int(found[1])
