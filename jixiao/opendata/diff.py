"""What changed between two versions of the data, and what changes with it.

Two reports of a year are compared value by value (``jixiao.model.walk``; list items
paired by their ``id`` or name, so reordering is not a change).  Each changed
figure or text is reported with its field path and Chinese name; then the
figures computed from them (sums of parts, completion rates, shares of the
budget, the grade the score earns) that differ, so a reviewer sees the
consequences of an edit, not only the edit.

The output is Markdown, fit for a review comment.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.derive.keyfigures import key_figures
from jixiao.model.figures import Figure, in_common_unit, percent
from jixiao.model.report import (
    Breakdown,
    Budget,
    Classification,
    Execution,
    Indicator,
    Part,
    Report,
    ThreePublicItem,
)
from jixiao.model.tree import resolve
from jixiao.model.units import base_unit_name
from jixiao.model.walk import Key, Leaf, Node, Value, join_label, leaves, nodes
from jixiao.pages.markdown import cell

_SHORT_TEXT = 60  # longer texts (or texts of several lines) are shown as a line diff
_CONTEXT = 20  # characters shown around an edit inside a long paragraph


@dataclass(frozen=True)
class Change:
    """A value that differs: None on one side when it is absent there."""

    path: str
    label: str
    old: Value
    new: Value

    @property
    def is_figure(self) -> bool:
        return isinstance(self.old, Figure) or isinstance(self.new, Figure)


@dataclass(frozen=True)
class Derived:
    """A figure computed from the printed ones, with the printed figure it is checked against."""

    label: str
    value: str
    reference: str = ""


@dataclass(frozen=True)
class Consequence:
    label: str
    old: str
    new: str
    reference: str


@dataclass
class YearDiff:
    year: int
    old_name: str | None  # where the old version came from, e.g. HEAD:data/2021.yaml
    new_name: str | None
    changes: list[Change] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes) or (self.old_name is None) != (self.new_name is None)

    @property
    def figure_changes(self) -> list[Change]:
        return [c for c in self.changes if c.is_figure]

    @property
    def text_changes(self) -> list[Change]:
        return [c for c in self.changes if not c.is_figure]


def compare(old: Report | None, new: Report | None) -> tuple[list[Change], list[Consequence]]:
    """Every changed value (in the new file's order, removed ones after) and every changed
    computed figure."""
    changes = changed_values(leaves(old) if old else [], leaves(new) if new else [])
    return changes, changed_consequences(old, new)


def changed_values(old_leaves: list[Leaf], new_leaves: list[Leaf]) -> list[Change]:
    old_by_key, new_by_key = _by_key(old_leaves), _by_key(new_leaves)
    changes: list[Change] = []
    for key, leaf in new_by_key.items():
        before = old_by_key.get(key)
        old_value = before.value if before else None
        if not _same(old_value, leaf.value):
            changes.append(Change(leaf.path, leaf.label, old_value, leaf.value))
    for key, leaf in old_by_key.items():
        if key not in new_by_key and not _same(leaf.value, None):
            changes.append(Change(leaf.path, leaf.label, leaf.value, None))
    return changes


def changed_consequences(old: Report | None, new: Report | None) -> list[Consequence]:
    old_derived = derived(old) if old else {}
    new_derived = derived(new) if new else {}
    consequences = []
    for key in [*new_derived, *(k for k in old_derived if k not in new_derived)]:
        before_d, after_d = old_derived.get(key), new_derived.get(key)
        before_v = before_d.value if before_d else "—"
        after_v = after_d.value if after_d else "—"
        if before_v != after_v:
            shown = after_d or before_d
            assert shown is not None
            consequences.append(Consequence(shown.label, before_v, after_v, shown.reference))
    return consequences


def _by_key(items: list[Leaf]) -> dict[Key, Leaf]:
    return {leaf.key: leaf for leaf in items}


def _same(old: Value, new: Value) -> bool:
    if isinstance(old, Figure) and isinstance(new, Figure):
        return old == new and old.printed == new.printed and str(old.value) == str(new.value)
    empty = (None, (), "")
    if old in empty and new in empty:
        return True
    return type(old) is type(new) and old == new


def diff_year(
    year: int,
    old: Report | None,
    new: Report | None,
    old_name: str | None,
    new_name: str | None,
) -> YearDiff:
    changes, consequences = compare(old, new)
    return YearDiff(year, old_name, new_name, changes, consequences)


# --- computed figures ------------------------------------------------------------------------


def sum_figures(figures: Sequence[Figure]) -> tuple[Decimal, str] | None:
    """The sum of the used values, in their unit, or in the base unit when units of one
    dimension are mixed (万人 and 人); None when there is nothing to add or dimensions differ."""
    if not figures:
        return None
    units = {f.used_unit for f in figures}
    if len(units) == 1:
        return sum((f.used_value for f in figures), Decimal(0)), units.pop()
    families = {f.family for f in figures}
    if len(families) != 1:
        return None
    base = base_unit_name(families.pop(), (f.used_unit_info for f in figures))
    return sum((f.in_base_unit() for f in figures), Decimal(0)), base


def _sum_text(parts: Sequence[Part]) -> str | None:
    total = sum_figures([p.value for p in parts])
    return f"{total[0]}{total[1]}" if total else None


def _printed(figure: Figure | None, prefix: str) -> str:
    return f"{prefix} {figure.printed}" if figure is not None else ""


def _rate(part: Figure | None, whole: Figure | None, printed: Figure | None) -> str | None:
    common = in_common_unit([part, whole]) if part is not None and whole is not None else None
    if common is None:
        return None
    places = printed.places if printed is not None else 1
    value = percent(common[0][0], common[0][1], places)
    return f"{value}%" if value is not None else "无法计算（分母为 0）"


def derived(report: Report) -> dict[Key, Derived]:
    """Every figure this site computes from the report, by a key stable across versions."""
    out = _derived_key_figures(report)
    for node in nodes(report):
        out.update(_derived_at(report, node))
    return out


def _derived_key_figures(report: Report) -> dict[Key, Derived]:
    """The key figures computed from the report: shares, sums, the grade its score earns."""
    out: dict[Key, Derived] = {}
    key = key_figures(report)
    for name, label, value, unit in [
        ("income_share", "决算总收入为年初预算的（计算）", key.income_share, "%"),
        ("spending_share", "全年实际支出为年初预算的（计算）", key.spending_share, "%"),
        (
            "three_public_control",
            "“三公”经费控制数合计（计算）",
            key.three_public_control,
            key.three_public_unit,
        ),
        (
            "three_public_actual",
            "“三公”经费实际支出合计（计算）",
            key.three_public_actual,
            key.three_public_unit,
        ),
        ("three_public_share", "“三公”经费实际支出为控制数的（计算）", key.three_public_share, "%"),
    ]:
        if value is not None:
            out[("key", name)] = Derived(label, f"{value}{unit}")
    if key.grade_by_score is not None and key.score is not None:
        printed = f"原文等级 {key.grade}" if key.grade else "原文未载明等级"
        out[("key", "grade")] = Derived(
            "按自评得分应得等级", key.grade_by_score, f"得分 {key.score.printed}，{printed}"
        )
    return out


def _derived_at(report: Report, node: Node) -> dict[Key, Derived]:
    """What the site computes from one item of the report: a sum of its parts, a rate."""
    out: dict[Key, Derived] = {}
    obj, names = node.obj, node.names
    sum_key = (*node.key, "sum")
    if isinstance(obj, Breakdown) and obj.parts:
        total = _sum_text(obj.parts)
        if total:
            reference = _printed(obj.total, "原文合计")
            out[sum_key] = Derived(join_label(names, "各项之和（计算）"), total, reference)
    elif isinstance(obj, Part) and obj.parts:
        total = _sum_text(obj.parts)
        if total:
            reference = _printed(obj.value, "原文")
            out[sum_key] = Derived(join_label(names, "所含各项之和（计算）"), total, reference)
    elif isinstance(obj, Budget) and obj.items:
        total = _sum_text(obj.items)
        if total:
            out[sum_key] = Derived(
                "年初预算 / 各项之和（计算）", total, _printed(obj.total, "原文合计")
            )
    elif isinstance(obj, Classification) and obj.parts:
        total = _sum_text(obj.parts)
        if total:
            group = names[-1] if names else "分类"
            # the spending of the execution section that lists the classification
            section = resolve(report, node.at[:-1])
            spending = section.spending if isinstance(section, Execution) else None
            out[sum_key] = Derived(
                f"{group} / 各项之和（计算）", total, _printed(spending, "全年实际支出")
            )
    elif isinstance(obj, Indicator):
        rate = _rate(obj.result, obj.target, obj.rate)
        if rate:
            out[(*node.key, "rate")] = Derived(
                join_label(names, "完成率（计算）"), rate, _printed(obj.rate, "原文")
            )
    elif isinstance(obj, ThreePublicItem):
        rate = _rate(obj.actual, obj.control, obj.rate)
        if rate:
            out[(*node.key, "rate")] = Derived(
                join_label(names, "实际支出占控制数（计算）"), rate, _printed(obj.rate, "原文")
            )
    return out


# --- Markdown --------------------------------------------------------------------------------


def describe(value: Value) -> str:
    """A value as a reviewer reads it: a figure as printed, with what it is read as."""
    if value is None or value == () or value == "":
        return "—"
    if isinstance(value, Figure):
        text = value.printed
        if value.text() != value.printed:
            text += f"（按 {value.value}{value.unit}）"
        if value.correction is not None:
            text += f"（更正为 {value.correction.to}）"
        return text
    if isinstance(value, tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _describe_pair(change: Change) -> tuple[str, str]:
    old, new = describe(change.old), describe(change.new)
    if old == new and isinstance(change.old, Figure) and isinstance(change.new, Figure):
        # Same print, different reading: show what else changed.
        old += f"；说明：{change.old.note or '无'}"
        new += f"；说明：{change.new.note or '无'}"
    return old, new


def _is_long(text: str) -> bool:
    return "\n" in text.strip() or len(text) > _SHORT_TEXT


def render_year(diff: YearDiff) -> str:
    lines = [f"## {diff.year}年度", ""]
    if diff.old_name is None:
        lines += [f"新增年度数据文件 `{diff.new_name}`。", ""]
    elif diff.new_name is None:
        lines += [f"删除了年度数据文件 `{diff.old_name}`。", ""]
        return "\n".join(lines)
    else:
        lines += [f"`{diff.old_name}` → `{diff.new_name}`", ""]
    if diff.old_name is None:
        return "\n".join(lines)
    if not diff.changes:
        lines += ["数字和文字都没有改动（只改了注释或格式）。", ""]
        return "\n".join(lines)
    if diff.figure_changes:
        lines += [
            f"**改动的数字**（{len(diff.figure_changes)} 处）",
            "",
            "| 字段 | 名称 | 原值 | 新值 |",
            "| --- | --- | ---: | ---: |",
        ]
        for change in diff.figure_changes:
            old, new = _describe_pair(change)
            lines.append(f"| `{change.path}` | {cell(change.label)} | {cell(old)} | {cell(new)} |")
        lines.append("")
    if diff.text_changes:
        lines += [f"**改动的文字**（{len(diff.text_changes)} 处）", ""]
        for change in diff.text_changes:
            old, new = describe(change.old), describe(change.new)
            head = f"- `{change.path}`（{cell(change.label)}）"
            if _is_long(old) or _is_long(new):
                lines += [f"{head}：", "", "  ```diff"]
                lines += [f"  {line}" for line in _line_diff(old, new)]
                lines += ["  ```"]
            else:
                lines.append(f"{head}：{cell(old)} → {cell(new)}")
        lines.append("")
    if diff.consequences:
        lines += [
            "**随之变化**（本站据原文数字计算）",
            "",
            "| 项目 | 原值 | 新值 | 对照 |",
            "| --- | ---: | ---: | --- |",
        ]
        for item in diff.consequences:
            row = [item.label, item.old, item.new, item.reference]
            lines.append("| " + " | ".join(cell(text) for text in row) + " |")
        lines.append("")
    return "\n".join(lines)


def _line_diff(old: str, new: str) -> list[str]:
    """Removed and added lines; a line edited in place is cut to the edit and its context,
    since a paragraph is often hundreds of characters long."""
    before = [] if old == "—" else old.splitlines()
    after = [] if new == "—" else new.splitlines()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for a, b in zip(before[i1:i2], after[j1:j2], strict=True):
                old_cut, new_cut = _excerpts(a, b)
                out += [f"-{old_cut}", f"+{new_cut}"]
            continue
        out += [f"-{line}" for line in before[i1:i2]]
        out += [f"+{line}" for line in after[j1:j2]]
    return [line.replace("```", "`\u200b``") for line in out]


def _excerpts(old: str, new: str, context: int = _CONTEXT) -> tuple[str, str]:
    """The part of two versions of a line that differs, with some context either side."""
    if len(old) <= _SHORT_TEXT * 2 and len(new) <= _SHORT_TEXT * 2:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    lo = max(0, start - context)

    def cut(text: str) -> str:
        hi = min(len(text), len(text) - end + context)
        return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")

    return cut(old), cut(new)


def render(diffs: Sequence[YearDiff], old_label: str, new_label: str) -> str:
    """The whole comparison as Markdown."""
    changed = [d for d in diffs if d.changed]
    head = [f"# 数据改动：{old_label} → {new_label}", ""]
    if not changed:
        return "\n".join([*head, "没有改动。", ""])
    figures = sum(len(d.figure_changes) for d in changed)
    texts = sum(len(d.text_changes) for d in changed)
    years = "、".join(str(d.year) for d in changed)
    head += [f"涉及年度：{years}；改动数字 {figures} 处，文字 {texts} 处。", ""]
    return "\n".join(head + [render_year(d) for d in changed]).rstrip("\n") + "\n"
