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


def figure_fields() -> set[tuple[type[BaseModel], str]]:
    """Every field of the model that holds a figure, as (model class, field)."""
    fields = set()
    for cls in vars(model).values():
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is Figure:
            continue
        hints = typing.get_type_hints(cls)
        for field in cls.model_fields:
            if Figure in typing.get_args(hints[field]) or hints[field] is Figure:
                fields.add((cls, field))
    return fields


def owner(report: Report, at: tuple[str | int, ...]) -> BaseModel:
    """The model object holding the value at a field path."""
    node: Any = report
    for step in at[:-1]:
        node = (
            node[step] if isinstance(step, int) or isinstance(node, dict) else getattr(node, step)
        )
    assert isinstance(node, BaseModel)
    return node


def test_every_figure_of_the_model_is_found(report_full: Report, report_tables: Report) -> None:
    reached = set()
    for report in (report_full, report_tables):
        found = figure_leaves(report)
        assert len(found) == count_figures(report.model_dump())
        assert len({leaf.path for leaf in found}) == len(found)
        assert len({leaf.key for leaf in leaves(report)}) == len(leaves(report))
        reached |= {(type(owner(report, leaf.at)), str(leaf.at[-1])) for leaf in found}
    # the full fixture fills every figure field of the model but the tables' (the tables
    # fixture fills those), and the walk finds each of them
    assert reached >= figure_fields()


def test_every_figure_field_of_the_model_has_a_chinese_label() -> None:
    missing = [
        f"{cls.__name__}.{field}"
        for cls, field in sorted(figure_fields(), key=lambda f: (f[0].__name__, f[1]))
        if not any((k.__name__, field) in LABELS for k in cls.__mro__)
    ]
    assert missing == [], f"add labels to jixiao.model.walk.LABELS: {missing}"


def test_labels_paths_and_ids(report_full: Report) -> None:
    by_path = {leaf.path: leaf for leaf in figure_leaves(report_full)}
    training = by_path["sections.performance.sections.theme-1.indicators[0].target"]
    assert training.label == "测试培训 / 目标"
    assert training.owner_id == "test-training"
    assert training.section.startswith("四、部门（单位）整体支出绩效情况 / 1、")
    assert by_path["sections.budget.total"].label == "年初预算"
    assert by_path["sections.overview.authorised_posts.parts[0].value"].label == "编制数 / 行政编制"
    nested = by_path["sections.performance.sections.theme-2.indicators[0].parts[1].remaining"]
    assert (nested.label, nested.owner_id) == ("核对卡切换 / 乙类卡 / 未完成", "card-switch-b")
    assert nested.as_of == "截至2030年11月末"  # from the indicator the part belongs to
    assert by_path["sections.section-6.stats[0].value"].section == "六、存在的问题"
    three = [
        leaf.label
        for leaf in by_path.values()
        if leaf.path.startswith("sections.execution.three_public.items[0]")
    ]
    assert three[0] == "“三公”经费 / 招待费 / 控制数"
    assert (
        by_path["sections.execution.three_public.total_actual"].label
        == "“三公”经费 / 实际支出数合计"
    )


class _Leaf(BaseModel):
    text: str
    notes: list[str] = []


class _Node(BaseModel):
    name: str
    parts: list[Any] = []
    by_key: dict[str, Any] = {}
    hidden: list[str] = []


def test_descend_is_preorder_in_field_order_with_stop_and_skip() -> None:
    """Every value before what is below it, fields in declared order, list items in order,
    mapping keys in order; ``stop`` yields a value without entering it, ``skip`` leaves a
    field out (the checks rely on a figure coming before its value)."""
    from jixiao.model.tree import descend

    tree = _Node(
        name="a",
        parts=[_Leaf(text="b", notes=["c"]), ("d", ["e"])],
        by_key={"k": _Leaf(text="f"), "j": 1},
        hidden=["g"],
    )
    walked = [path for path, _ in descend(tree, ("root",), skip=frozenset({"hidden"}))]
    assert walked == [
        ("root",),
        ("root", "name"),
        ("root", "parts"),
        ("root", "parts", 0),
        ("root", "parts", 0, "text"),
        ("root", "parts", 0, "notes"),
        ("root", "parts", 0, "notes", 0),
        ("root", "parts", 1),
        ("root", "parts", 1, 0),
        ("root", "parts", 1, 1),
        ("root", "parts", 1, 1, 0),
        ("root", "by_key"),
        ("root", "by_key", "k"),
        ("root", "by_key", "k", "text"),
        ("root", "by_key", "k", "notes"),
        ("root", "by_key", "j"),
    ]
    stopped = [path for path, _ in descend(tree, stop=(_Leaf,))]
    assert ("parts", 0) in stopped and ("parts", 0, "text") not in stopped
    assert ("hidden", 0) in stopped
