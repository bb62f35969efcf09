"""The generic walk over a report finds every figure and names each in Chinese."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from jixiao.model import report as model
from jixiao.model.figures import Figure
from jixiao.model.report import Report
from jixiao.model.walk import LABELS, figure_leaves, leaves


def count_figures(value: Any) -> int:
    """Figures in the model's own dump, counted without the walk."""
    if isinstance(value, dict):
        own = 1 if {"printed", "value", "unit"} <= set(value) else 0
        return own + sum(count_figures(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_figures(v) for v in value)
    return 0


def test_every_figure_of_the_model_is_found(report_2021: Report) -> None:
    found = figure_leaves(report_2021)
    assert len(found) == count_figures(report_2021.model_dump()) > 200
    assert len({leaf.path for leaf in found}) == len(found)
    assert len({leaf.key for leaf in leaves(report_2021)}) == len(leaves(report_2021))


def test_every_figure_field_of_the_model_has_a_chinese_label() -> None:
    missing = []
    for cls in vars(model).values():
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            continue
        hints = typing.get_type_hints(cls)
        for field in cls.model_fields:
            holds_figure = Figure in typing.get_args(hints[field]) or hints[field] is Figure
            labelled = any((k.__name__, field) in LABELS for k in cls.__mro__)
            if holds_figure and not labelled:
                missing.append(f"{cls.__name__}.{field}")
    assert missing == [], f"add labels to jixiao.model.walk.LABELS: {missing}"


def test_labels_paths_and_ids(report_2021: Report) -> None:
    by_path = {leaf.path: leaf for leaf in figure_leaves(report_2021)}
    training = by_path["performance.themes[0].indicators[0].target"]
    assert training.label == "职业技能培训 / 目标"
    assert training.owner_id == "vocational-training"
    assert training.section.startswith("四、部门（单位）整体支出绩效情况 / 1、")
    assert by_path["budget.total"].label == "年初预算"
    assert by_path["overview.authorised_posts.parts[0].value"].label == "编制数 / 行政编制"
    three = [
        leaf.label
        for leaf in by_path.values()
        if leaf.path.startswith("execution.three_public.items[0]")
    ]
    assert three[0] == "“三公”经费 / 招待费 / 控制数"
