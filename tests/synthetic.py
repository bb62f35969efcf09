"""Small synthetic reports for tests (clearly not real data: 虚构)."""

from __future__ import annotations

import copy
from typing import Any

from jixiao.model.report import Report

BASE: dict[str, Any] = {
    "year": 2030,
    "department": {"name": "虚构测试局"},
    "title": "2030年度虚构测试局整体支出绩效自评报告（测试数据）",
    "basis": {"text": "根据虚构通知，现报告如下："},
    "overview": {"heading": "一、部门（单位）概况", "text": "虚构单位。"},
    "budget": {"heading": "二、年初预算安排情况", "text": "预算100万元。", "total": "100万元"},
    "execution": {"heading": "三、本年预算执行情况", "text": "支出90万元。", "spending": "90万元"},
    "performance": {
        "heading": "四、部门（单位）整体支出绩效情况",
        "text": "自评得分95分，等级为“优秀”。",
        "score": "95分",
        "grade": "优秀",
    },
    "suggestions": {"heading": "五、建议", "text": "无。"},
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
    """The base report with nested changes: report(budget={"items": [...]})."""
    return Report.model_validate(merge(BASE, changes))


def theme(**figures: Any) -> dict[str, Any]:
    """A performance with one theme holding the given figures (and text printing them)."""
    texts = []
    for items in figures.values():
        for item in items:
            texts.append(str(item))
    return {
        "themes": [{"number": "1、", "title": "测试主题。", "text": " ".join(texts), **figures}]
    }
