"""Every value of a report, found by walking the model generically, with where it is and its name.

Downloads, ``jixiao diff`` and the revision history all need "every figure of
the year": walking the pydantic model instead of listing fields by hand means
a field added to the model later is never forgotten.  Each value gets

- ``path``: where it is written in the data file,
  ``sections.performance.sections.theme-1.indicators[1].target``;
- ``key``: an identity that survives reordering (list items by ``id``, else by
  ``name``, else by position), so a diff pairs the same indicator across versions;
- ``label``: its Chinese name, ``职业技能培训 / 目标``, built from the names of the
  items it belongs to and the field's own label.

``key_places`` lists every place a key figure (budget, income, spending, 三公,
self-score, grade) is printed, at any depth and in score tables: the page
header, the downloads and the checks read them from there, never from the
first section of a kind alone.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, get_args

from pydantic import BaseModel

from jixiao.model.figures import Figure
from jixiao.model.report import Department, Report, ScoreTable, Section, ThreePublic
from jixiao.model.tree import FieldPath, descend, once_per_object

Key = tuple[str, ...]
Scalar = str | int | Decimal | bool | datetime.date | None
Value = Figure | Scalar | tuple[Scalar, ...]

# (model, field) -> the field's Chinese label; a field not listed falls back to (any model, field),
# then to its description in the model, then to its name.  Figure fields are all listed
# (tests/test_walk.py checks it), so every figure has a proper name.
LABELS: dict[tuple[str, str], str] = {
    ("Budget", "total"): "年初预算",
    ("Budget", "items"): "年初预算",
    ("Execution", "income"): "决算总收入",
    ("Execution", "income_reason"): "收入差异原因",
    ("Execution", "spending"): "全年实际支出",
    ("Execution", "carry_over"): "结转结余",
    ("Execution", "by_economic"): "支出按经济分类",
    ("Execution", "by_functional"): "支出按功能分类",
    ("Execution", "three_public"): "“三公”经费",
    ("ThreePublic", "total_control"): "控制数合计",
    ("ThreePublic", "total_actual"): "实际支出数合计",
    ("ThreePublicItem", "control"): "控制数",
    ("ThreePublicItem", "actual"): "实际支出数",
    ("ThreePublicItem", "rate"): "实际支出占控制数",
    ("ThreePublicItem", "category"): "类别",
    ("Performance", "score"): "自评得分",
    ("Performance", "grade"): "等级",
    ("Overview", "founded"): "成立时间",
    ("Overview", "duties"): "主要职责",
    ("InternalUnits", "count"): "内设股室数",
    ("InternalUnits", "names"): "内设股室",
    ("Indicator", "target"): "目标",
    ("Indicator", "result"): "完成",
    ("Indicator", "remaining"): "未完成",
    ("Indicator", "rate"): "完成率",
    ("Indicator", "operator"): "方向",
    ("Breakdown", "total"): "合计",
    ("Breakdown", "exhaustive"): "各项应合计为总数",
    ("Classification", "exhaustive"): "各项应合计为总数",
    ("Part", "value"): "",
    ("Stat", "value"): "",
    ("Department", "name"): "单位全称",
    ("Department", "short_name"): "简称",
    ("Basis", "notice"): "依据文件",
    ("Basis", "notice_number"): "文号",
    ("Signature", "organisation"): "落款单位",
    ("Signature", "date"): "落款日期",
    ("Signature", "printed_date"): "原文落款日期",
    ("Report", "year"): "年度",
    ("Report", "draft"): "草稿",
    ("Report", "department"): "单位",
    ("Report", "basis"): "开头",
    ("Report", "signature"): "落款",
    ("Report", "title"): "报告标题",
    ("Report", "transcription_notes"): "录入说明",
    ("Report", "not_personal"): "经核实不是个人信息的号码",
    ("NotPersonal", "number"): "号码",
    ("NotPersonal", "reason"): "核实结果",
    ("Report", "units"): "声明的单位",
    ("DeclaredUnit", "name"): "单位",
    ("DeclaredUnit", "family"): "类别",
    ("DeclaredUnit", "factor"): "合基本单位",
    ("Report", "cover"): "封面各项",
    ("Report", "contents"): "目录",
    ("CoverField", "value"): "内容",
    ("Overview", "internal_units"): "内设股室",
    ("Report", "attachments"): "附件",
    ("Report", "tables"): "正文前的表格",
    ("Column", "label"): "列名",
    ("Column", "field"): "列的用途",
    ("ExtraCell", "column"): "列名",
    ("Remark", "label"): "行名",
    ("ProjectTable", "total_label"): "总分行名",
    ("ScoreTable", "total_label"): "合计行名",
    ("ScoreTable", "grade_label"): "等级行名",
    ("ScoreTable", "total_extra"): "合计行其他列",
    ("ProjectTable", "remarks"): "其他说明行",
    ("ProjectTable", "fund_columns"): "项目资金表头",
    ("ProjectTable", "goal_columns"): "年度总体目标表头",
    ("ProjectTable", "indicator_columns"): "绩效指标表头",
    ("ScoreTable", "columns"): "表头",
    ("*", "extra"): "其他列",
    ("Value", "figure"): "",  # a cell's figure is named by its table, row and column
    ("Value", "text"): "原文",
    ("Cell", "colspan"): "向右合并格数",
    ("Cell", "rowspan"): "向下合并行数",
    ("Row", "cells"): "各格",
    ("ScoreItem", "weight"): "分值",
    ("ScoreItem", "standard"): "评分标准",
    ("ScoreItem", "explanation"): "指标说明",
    ("ScoreItem", "target"): "指标值",
    ("ScoreItem", "actual"): "实际完成值",
    ("ScoreItem", "score"): "得分",
    ("ScoreItem", "reason"): "偏差原因及改进措施",
    ("ScoreItem", "items"): "下一级指标",
    ("ScoreTable", "weight_word"): "分值的叫法",
    ("ScoreTable", "total_weight"): "总分值",
    ("ScoreTable", "total"): "合计得分",
    ("ScoreTable", "grade"): "等级",
    ("ProjectTable", "project"): "项目名称",
    ("ProjectTable", "department"): "主管部门",
    ("ProjectTable", "implementer"): "实施单位",
    ("ProjectTable", "unit"): "项目资金单位",
    ("ProjectTable", "funds"): "项目资金",
    ("ProjectTable", "goal_expected"): "年度总体目标（预期目标）",
    ("ProjectTable", "goal_actual"): "年度总体目标（实际完成情况）",
    ("ProjectTable", "indicators"): "绩效指标",
    ("ProjectTable", "total_weight"): "总分值",
    ("ProjectTable", "total"): "总得分",
    ("ProjectTable", "grade"): "等级",
    ("ProjectFunds", "initial"): "年初预算数",
    ("ProjectFunds", "budget"): "全年预算数",
    ("ProjectFunds", "executed"): "全年执行数",
    ("ProjectFunds", "weight"): "分值",
    ("ProjectFunds", "rate"): "执行率",
    ("ProjectFunds", "score"): "得分",
    ("ProjectIndicator", "level1"): "一级指标",
    ("ProjectIndicator", "level2"): "二级指标",
    ("ProjectIndicator", "target"): "年度指标值",
    ("ProjectIndicator", "actual"): "实际完成值",
    ("ProjectIndicator", "weight"): "分值",
    ("ProjectIndicator", "score"): "得分",
    ("ProjectIndicator", "reason"): "偏差原因",
    ("*", "tables"): "表格",
    ("*", "header"): "表头",
    ("*", "rows"): "表身",
    ("*", "sections"): "各节",
    ("*", "kind"): "类别",
    ("*", "stats"): "有名称的单个数字",
    ("*", "indicators"): "指标：目标、完成、完成率",
    ("*", "breakdowns"): "合计及所列各项",
    ("*", "parts"): "所列各项",
    ("*", "items"): "各项",
    ("*", "heading"): "标题",
    ("*", "text"): "原文",
    ("*", "note"): "说明",
    ("*", "name"): "名称",
    ("*", "id"): "编号",
    ("*", "as_of"): "截至",
    ("*", "number"): "序号",
    ("*", "title"): "标题",
}

# Fields that name a group rather than a value: they join the label of what they hold.
_GROUPS = {
    ("Budget", "items"),
    ("Execution", "by_economic"),
    ("Execution", "by_functional"),
    ("Execution", "three_public"),
    # a printed text that may state a figure: the figure is named by the column it is in
    ("ScoreItem", "target"),
    ("ScoreItem", "actual"),
    ("ProjectIndicator", "target"),
    ("ProjectIndicator", "actual"),
}


@dataclass(frozen=True)
class Leaf:
    """One value of the report: a figure, a text, a number, a date, or a list of texts."""

    key: Key
    path: str
    label: str
    section: str
    owner_id: str  # id of the stat, indicator or breakdown it belongs to; "" if none
    as_of: str  # the "截至" of the nearest item that states one
    value: Value
    at: FieldPath  # path as a tuple, for code that walks the model by field


@dataclass(frozen=True)
class Node:
    """One model object of the report with its place, for computations over items."""

    key: Key
    path: str
    names: tuple[str, ...]
    section: str
    obj: BaseModel
    at: FieldPath


@dataclass(frozen=True)
class _Context:
    key: Key = ()
    path: str = ""
    names: tuple[str, ...] = ()
    section: str = ""
    owner_id: str = ""
    as_of: str = ""


def field_label(model: type[BaseModel] | BaseModel, field: str) -> str:
    return _field_label(model if isinstance(model, type) else type(model), field)


@functools.cache  # a function of the model's classes only, never of data
def _field_label(cls: type[BaseModel], field: str) -> str:
    for klass in cls.__mro__:
        if (klass.__name__, field) in LABELS:
            return LABELS[(klass.__name__, field)]
    if ("*", field) in LABELS:
        return LABELS[("*", field)]
    info = cls.model_fields.get(field)
    return info.description if info is not None and info.description else field


def join_label(names: tuple[str, ...], last: str) -> str:
    return " / ".join(n for n in (*names, last) if n)


def _item_keys(items: list[Any]) -> list[str]:
    """Identity of each list item: its id, else its name, else its position."""
    for attribute in ("id", "category", "name"):
        keys = [getattr(item, attribute, None) for item in items]
        if all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys):
            return [f"{attribute}={k}" for k in keys]
    return [f"#{index}" for index in range(len(items))]


def _enter(obj: BaseModel, ctx: _Context) -> _Context:
    section = ctx.section
    if isinstance(obj, Section):
        # a nested section is named with the sections it is in
        section = f"{ctx.section} / {obj.heading}" if ctx.section else obj.heading
    name = getattr(obj, "name", None)
    names = ctx.names
    if isinstance(name, str) and not isinstance(obj, Department):
        names = (*ctx.names, name)
    ident = getattr(obj, "id", None)
    as_of = getattr(obj, "as_of", None)
    return _Context(
        key=ctx.key,
        path=ctx.path,
        names=names,
        section=section,
        owner_id=ident if isinstance(ident, str) else ctx.owner_id,
        as_of=as_of if isinstance(as_of, str) else ctx.as_of,
    )


def _walk(report: Report) -> Iterator[Leaf | Node]:
    """The labelled walk, in file order: each value's context comes from its parent's."""
    values: dict[FieldPath, object] = {}
    given: dict[FieldPath, _Context] = {(): _Context()}  # the context a value is reached with
    entered: dict[FieldPath, _Context] = {}  # a model object's own context, for its fields
    item_keys: dict[FieldPath, list[str]] = {}  # lists of model objects: each item's identity
    for at, value in descend(report, stop=(Figure,)):
        values[at] = value
        if at:
            parent = values[at[:-1]]
            if isinstance(parent, dict):
                outer = given[at[:-1]]
                given[at] = replace(
                    outer, key=(*outer.key, str(at[-1])), path=f"{outer.path}.{at[-1]}"
                )
            elif isinstance(parent, list):
                keys = item_keys.get(at[:-1])
                if keys is None:
                    continue  # an item of a list of texts: part of the list's own leaf
                outer = given[at[:-1]]
                given[at] = replace(
                    outer, key=(*outer.key, keys[int(at[-1])]), path=f"{outer.path}[{at[-1]}]"
                )
            else:
                assert isinstance(parent, BaseModel)
                field = str(at[-1])
                ctx = _field_context(parent, field, value, entered[at[:-1]])
                given[at] = ctx
                label = field_label(parent, field)
                if (
                    isinstance(value, list)
                    and value
                    and all(isinstance(i, BaseModel) for i in value)
                ):
                    item_keys[at] = _item_keys(value)
                    continue
                if isinstance(value, dict):
                    continue  # sections by their keys: each named and compared on its own
                if isinstance(value, list) and not value and _holds_models(type(parent), field):
                    continue  # an empty list of items: nothing to name or compare
                if not isinstance(value, BaseModel) or isinstance(value, Figure):
                    plain = tuple(value) if isinstance(value, list) else value
                    yield _leaf(ctx, label, plain, at)
                    continue
        if isinstance(value, BaseModel):
            ctx = _enter(value, given[at])
            entered[at] = ctx
            yield Node(ctx.key, ctx.path, ctx.names, ctx.section, value, at)


def _field_context(obj: BaseModel, field: str, value: object, ctx: _Context) -> _Context:
    label = field_label(obj, field)
    return replace(
        ctx,
        key=(*ctx.key, field),
        path=f"{ctx.path}.{field}" if ctx.path else field,
        names=(*ctx.names, label) if (type(obj).__name__, field) in _GROUPS else ctx.names,
        # parts of the report outside its sections (department, basis, signature) are
        # named by their field
        section=("" if field == "sections" else label) if isinstance(obj, Report) else ctx.section,
    )


def _holds_models(cls: type[BaseModel], field: str) -> bool:
    """Whether the field is a list of model objects (rather than of plain values)."""
    args = get_args(cls.model_fields[field].annotation)
    return any(isinstance(arg, type) and issubclass(arg, BaseModel) for arg in args)


def _leaf(ctx: _Context, label: str, value: Any, at: FieldPath) -> Leaf:
    return Leaf(
        key=ctx.key,
        path=ctx.path,
        label=join_label(ctx.names, label)
        if isinstance(value, Figure)
        else _text_label(ctx, label),
        section=ctx.section,
        owner_id=ctx.owner_id,
        as_of=ctx.as_of,
        value=value,
        at=at,
    )


def _text_label(ctx: _Context, label: str) -> str:
    owner = ctx.names or ((ctx.section,) if ctx.section and ctx.section != label else ())
    return join_label(owner, label)


@once_per_object  # a build asks for both (downloads, checks, history): one walk gives them
def _walked(report: Report) -> list[Leaf | Node]:
    return list(_walk(report))


@once_per_object
def leaves(report: Report) -> list[Leaf]:
    """Every value of the report in the order of the data file."""
    return [item for item in _walked(report) if isinstance(item, Leaf)]


@once_per_object
def nodes(report: Report) -> list[Node]:
    """Every model object of the report (sections, items, parts...) in file order."""
    return [item for item in _walked(report) if isinstance(item, Node)]


def figure_leaves(report: Report) -> list[Leaf]:
    """Every figure the report states."""
    return [leaf for leaf in leaves(report) if isinstance(leaf.value, Figure)]


# --- where the report prints its key figures --------------------------------------------

# The key figures of a report (its page header, the home page, the downloads' 主要数字) by
# the field that prints them in each kind of section; a score table's 合计 row prints the
# self-score and grade too.
KEY_FIGURES: dict[str, str] = {
    "budget": "年初预算",
    "income": "决算总收入",
    "spending": "全年实际支出",
    "three_public": "“三公”经费",
    "score": "自评得分",
    "grade": "等级",
}
_KEY_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "budget": (("budget", "total"),),
    "execution": (("income", "income"), ("spending", "spending"), ("three_public", "three_public")),
    "three_public": (("three_public", "three_public"),),
    "performance": (("score", "score"), ("grade", "grade")),
}
_TABLE_FIELDS = (("score", "total"), ("grade", "grade"))

KeyValue = Figure | str | ThreePublic


@dataclass(frozen=True)
class Printed:
    """One place a key figure is printed."""

    value: KeyValue
    at: FieldPath  # the value's field path in the data file
    anchor: str  # the heading the page shows it under: a section's key, attachment-N,
    # front-table-N (a table before the first heading)
    where: str  # that place in words: the section's heading, the table's title
    subject: BaseModel  # the section or table that prints it


@once_per_object  # the page, the checks, the downloads and the charts all ask
def key_places(report: Report) -> dict[str, list[Printed]]:
    """Every place each key figure is printed, in the order the page takes them: the sections
    at any depth in source order, then the score tables (before the first heading, in the
    sections, then the attached ones) for the self-score and grade.  A project table scores
    one project, not the report."""
    found: dict[str, list[Printed]] = {name: [] for name in KEY_FIGURES}
    # a score table before the first heading (an Excel 自评表 has nothing else) first
    tables: list[tuple[FieldPath, ScoreTable, str, str]] = [
        (("tables", i), table, f"front-table-{i + 1}", table.title)
        for i, table in enumerate(report.tables)
        if isinstance(table, ScoreTable)
    ]
    for place in report.places():
        section = place.figures
        for name, field in _KEY_FIELDS.get(place.kind, ()):
            value = getattr(section, field)
            if value is not None:
                printed = Printed(value, (*place.path, field), place.anchor, place.label, section)
                found[name].append(printed)
        for i, table in enumerate(section.tables):
            if isinstance(table, ScoreTable):
                tables.append(((*place.path, "tables", i), table, place.anchor, table.title))
    for i, table in enumerate(report.attachments):
        if isinstance(table, ScoreTable):
            where = f"附件{i + 1} {table.title}"
            tables.append((("attachments", i), table, f"attachment-{i + 1}", where))
    for path, table, anchor, where in tables:
        for name, field in _TABLE_FIELDS:
            value = getattr(table, field)
            if value is not None:
                found[name].append(Printed(value, (*path, field), anchor, where, table))
    return found
