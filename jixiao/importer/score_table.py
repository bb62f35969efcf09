"""A 评分表 as printed: the indicator tree, its columns under their printed labels.

A table is a score table when its one header row prints indicator levels (一级指标,
二级指标 …) and a score (得分).  Every other column is kept: one whose label means a field
(分值 or 权重, 评分标准, 全年实际值 …) fills it, any other (序号, 扣分, 扣分原因) is an extra
column whose cells stay under its label.  The indicator levels nest by their merged cells.
A table that looks scored but has a cell the kind cannot hold is left general, the reason
listed for staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jixiao.importer.columns import (
    BARE,
    LEVELS,
    SCORE_WORDS,
    field_of,
    figure,
    is_dash,
    known,
    label_word,
    repeated,
)
from jixiao.importer.grid import Cell
from jixiao.model.tables import SCORE_FIELDS

_NAME_WEIGHT = r"[（(]\s*(\d{1,3}(?:\.\d{1,2})?\s*分)\s*[）)]$"
_TOTALS = ("合计", "总分", "总计")
_GRADES = ("等级", "评价等级", "自评等级")


class Refused(Exception):
    """Why a table that looks scored is not one (the table stays general)."""


@dataclass
class _Header:
    labels: list[str]  # as printed, one a column
    fields: list[str]  # level, weight, …, extra
    levels: list[int] = field(default_factory=list)  # the columns of the indicator levels

    def column(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None


def looks_scored(places: list[list[Cell]]) -> bool:
    words = [label_word(cell.text) for cell in places[0]]
    return LEVELS[0] in words and any(SCORE_WORDS.get(w) in ("score", "weight") for w in words)


def _header(places: list[list[Cell]], rows: list[list[Cell]]) -> _Header:
    if any(cell.rowspan > 1 for cell in rows[0]):
        raise Refused("表头占了不止一行")
    labels = [cell.text.strip() for cell in places[0]]
    if len({id(cell) for cell in places[0]}) != len(labels):
        raise Refused("表头有合并的格")
    words = [label_word(text) for text in labels]
    start = words.index(LEVELS[0])
    depth = 0
    while start + depth < len(words) and words[start + depth] == LEVELS[min(depth, 4)]:
        depth += 1
    fields: list[str] = []
    for c, word in enumerate(words):
        name = "level" if start <= c < start + depth else field_of(word, SCORE_WORDS)
        if name != "extra" and name != "level" and name in fields:
            raise Refused(f"第{c + 1}列“{labels[c]}”与前面一列是同一项")
        if name == "extra" and not word:
            raise Refused(f"第{c + 1}列没有列名")
        fields.append(name)
    if "score" not in fields:
        raise Refused("没有“得分”列")
    if (twice := repeated(labels, fields)) is not None:
        raise Refused(f"“{twice}”列印了两次")
    return _Header(labels, fields, list(range(start, start + depth)))


def score_table(
    rows: list[list[Cell]], places: list[list[Cell]], title: str | None, ident: str
) -> dict[str, Any]:
    """The table as a data file's score table; Refused when a cell has no place in it."""
    header = _header(places, rows)
    points = label_word(header.labels[header.column("weight") or 0]) != "权重"
    out: dict[str, Any] = {"kind": "score", "id": ident, "title": title or "评分表（原文未印表名）"}
    if not points:
        out["weight_word"] = "权重"
    out["columns"] = [{lab: f} for lab, f in zip(header.labels, header.fields, strict=True)]
    tree = _Tree(header, points)
    for r in range(1, len(places)):
        if not tree.total(places[r], r, out):
            tree.add(places[r], r)
    if not tree.top:
        raise Refused("没有指标行")
    tree.name_weights(points)
    out["items"] = [_ordered(node) for node in tree.top]
    if tree.dashes:
        out["note"] = "原文印“-”或“/”的分值、得分格表示不适用，在此留空"
    return {k: out[k] for k in _SCORE_ORDER if k in out}


class _Tree:
    """The indicators read so far, nested by the merged cells of their levels."""

    def __init__(self, header: _Header, points: bool) -> None:
        self.header = header
        self.points = points
        self.nodes: dict[int, dict[str, Any]] = {}
        self.top: list[dict[str, Any]] = []
        self.dashes = False

    def total(self, line: list[Cell], r: int, out: dict[str, Any]) -> bool:
        """A 合计 or 等级 row: its figures into the table; False for an indicator row."""
        levels = self.header.levels
        first = line[levels[0]]
        word = label_word(first.text)
        if word not in _TOTALS + _GRADES or any(line[k] is not first for k in levels):
            return False
        rest = [c for k, c in enumerate(line) if line[k] is not first]
        if word in _GRADES:
            if any(cell is not rest[0] for cell in rest) or not rest[0].text.strip():
                raise Refused(f"第{r + 1}行“等级”一行的格与评分表不同")
            out["grade"] = rest[0].text.strip()
            if word != "等级":
                out["grade_label"] = first.text.strip()
            return True
        if word != "合计":
            out["total_label"] = first.text.strip()
        extra: dict[str, str] = {}
        for c, name in enumerate(self.header.fields):
            cell = line[c]
            if cell is first or (c > 0 and line[c - 1] is cell):
                continue
            text = cell.text.strip()
            if name in ("weight", "score"):
                value, fits = figure(text, self.points or name == "score")
                if not fits:
                    raise Refused(f"合计行第{c + 1}格“{text}”读不出数字和单位")
                if value is not None:
                    out["total_weight" if name == "weight" else "total"] = value
            elif name == "extra" and text:
                extra[self.header.labels[c]] = text
            elif text:
                raise Refused(f"合计行第{c + 1}格有文字“{text}”")
        if extra:
            out["total_extra"] = extra
        return True

    def add(self, line: list[Cell], r: int) -> None:
        path = self._path(line, r)
        leaf = path[-1]
        if id(leaf) in self.nodes:
            raise Refused(f"第{r + 1}行的指标与上一行合并")
        item: dict[str, Any] = {"name": leaf.text.strip()}
        for c, name in enumerate(self.header.fields):
            if name != "level":
                self._cell(item, line, r, c, name)
        parents = self.top
        for cell in path[:-1]:
            node = self.nodes.get(id(cell))
            if node is None:
                node = {"name": cell.text.strip(), "items": []}
                self.nodes[id(cell)] = node
                parents.append(node)
            if "items" not in node:
                raise Refused(f"第{r + 1}行的上一级指标在前面一行是末级指标")
            parents = node["items"]
        self.nodes[id(leaf)] = item
        parents.append(item)

    def _path(self, line: list[Cell], r: int) -> list[Cell]:
        path: list[Cell] = []
        for k in self.header.levels:
            if not path or line[k] is not path[-1]:
                path.append(line[k])
        while len(path) > 1 and not path[-1].text.strip():
            path.pop()  # a blank lower level: the indicator has no sub-level here
        if any(not cell.text.strip() for cell in path):
            raise Refused(f"第{r + 1}行有空白的指标名称")
        if any("\n" in cell.text.strip() for cell in path):
            raise Refused(f"第{r + 1}行的指标名称分了行")
        # a figure under a level's label is no indicator's name: the row prints its cells
        # left of their columns (a web page drops the merged cells of the levels above), and
        # nesting it would hang its indicator under the wrong parent, its 分值 read as a name
        for cell in path:
            if BARE.match(text := cell.text.strip()) or known(text):
                raise Refused(
                    f"第{r + 1}行指标名称一列印的是数字“{text}”，该行的格与表头的列对不上"
                )
        return path

    def _cell(self, item: dict[str, Any], line: list[Cell], r: int, c: int, name: str) -> None:
        cell = line[c]
        if cell.rowspan > 1 or (c > 0 and line[c - 1] is cell):
            raise Refused(f"第{r + 1}行第{c + 1}格与别的格合并")
        text = cell.text.strip()
        if name in ("weight", "score"):
            value, fits = figure(text, self.points or name == "score")
            if not fits:
                raise Refused(f"第{r + 1}行第{c + 1}格“{text}”读不出数字和单位")
            self.dashes = self.dashes or is_dash(text)
            if value is not None:
                item[name] = value
        elif name == "extra":
            if text:
                item.setdefault("extra", {})[self.header.labels[c]] = text
        elif text:
            item[name] = text

    def name_weights(self, points: bool) -> None:
        for node in self.nodes.values():
            # a weight printed in the name, 部门决策（25分）: the name stays as printed
            found = re.search(_NAME_WEIGHT, node["name"])
            if "weight" not in node and found and points:
                node["weight"] = found[1].replace(" ", "")


# an item's keys in the order the model lists a score table's columns
_ITEM_ORDER = ("name", *(f for f in SCORE_FIELDS if f != "level"), "items")
_SCORE_ORDER = (
    "kind",
    "id",
    "title",
    "weight_word",
    "columns",
    "items",
    "total_label",
    "total_weight",
    "total",
    "total_extra",
    "grade_label",
    "grade",
    "note",
)


def _ordered(node: dict[str, Any]) -> dict[str, Any]:
    out = {k: node[k] for k in _ITEM_ORDER if k in node and k != "items"}
    if node.get("items"):
        out["items"] = [_ordered(child) for child in node["items"]]
    return out
