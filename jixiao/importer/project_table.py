"""A 项目支出绩效自评表 as printed, across the provinces' layouts.

The form is read block by block, each under its own printed header: 项目名称 and the
label–content rows (主管部门, 实施单位, 其他需要说明事项 …), the 项目资金 block (its columns
as printed: 年初预算数 may be missing, only two amounts printed, extra columns kept), the
年度总体目标 block (预期目标 | 实际完成情况, or 年初设定目标 | 全年实际值 …), the indicator
block (一级指标 | 二级指标 | 三级指标 and whatever columns follow: 指标性质, 指标值, 度量单位,
序号 are extra columns, kept under their labels) and the 总分 row.  Each column's printed
label is kept for the page.  A cell with no place in the form makes the table general
(``Refused`` says why).
"""

from __future__ import annotations

import re
from typing import Any

from jixiao.importer.columns import (
    FUND_WORDS,
    INDICATOR_WORDS,
    field_of,
    figure,
    is_dash,
    repeated,
)
from jixiao.importer.columns import label_word as word
from jixiao.importer.grid import Cell, distinct, squeeze
from jixiao.importer.score_table import Refused

_PROJECTISH = ("预算数", "执行数", "执行率")
_TOTALS = ("总分", "合计", "总计")
_PAIRS = {"项目名称": "project", "主管部门": "department", "实施单位": "implementer"}
_UNIT = re.compile(r"[（(](万元|元)[）)]")
_ORDER = (
    "kind", "id", "title", "project", "department", "implementer", "unit", "fund_columns",
    "funds", "goal_columns", "goal_expected", "goal_actual", "indicator_columns",
    "indicators", "remarks", "total_label", "total_weight", "total", "grade", "note",
)  # fmt: skip
Span = tuple[Cell, int, int]  # a cell and the columns it covers, [start, end)
Head = tuple[str, int, int, str | None]  # a column's label, its columns, the label above it


def looks_project(places: list[list[Cell]]) -> bool:
    texts = [word(cell.text) for line in places for cell in line]
    return "项目名称" in texts and any(w in t for t in texts for w in _PROJECTISH)


def spans(line: list[Cell]) -> list[Span]:
    out: list[Span] = []
    for c, cell in enumerate(line):
        if out and out[-1][0] is cell:
            out[-1] = (cell, out[-1][1], c + 1)
        else:
            out.append((cell, c, c + 1))
    return out


def _under(line: list[Cell], start: int, end: int, r: int) -> Cell:
    """The one cell of a row under a header cell's columns."""
    cell = line[start]
    if any(place is not cell for place in line[start:end]) or (
        (end < len(line) and line[end] is cell) or (start > 0 and line[start - 1] is cell)
    ):
        raise Refused(f"第{r + 1}行的格与它上面的表头没有对齐")
    return cell


def project_table(places: list[list[Cell]], title: str | None, ident: str) -> dict[str, Any]:
    form = _Form(places)
    r = 0
    while r < len(places):
        r = form.row(r)
    out = form.out
    if not out.get("project"):
        raise Refused("没有项目名称")
    out |= {"kind": "project", "id": ident, "title": title or "项目支出绩效自评表"}
    for key in ("funds", "indicators", "remarks"):
        if getattr(form, key):
            out[key] = getattr(form, key)
    if form.dashes:
        out["note"] = "原文印“-”或“/”的格表示不适用，在此留空"
    return {k: out[k] for k in _ORDER if k in out}


class _Form:
    def __init__(self, places: list[list[Cell]]) -> None:
        self.places = places
        self.out: dict[str, Any] = {}
        self.funds: list[dict[str, Any]] = []
        self.indicators: list[dict[str, Any]] = []
        self.remarks: list[dict[str, Any]] = []
        self.dashes = False
        self.indicator_heads: list[tuple[int, int, str]] = []

    def row(self, r: int) -> int:
        """Read the block that starts at row r; the row after it."""
        line = self.places[r]
        cells = distinct(line)
        words = [word(c.text) for c in cells]
        if not any(words):
            return r + 1
        if words[0].startswith("项目资金") and not self.funds:
            return self._funds(r)
        if words[0].startswith("年度总体目标") and cells[0].rowspan == 2 and len(cells) == 3:
            return self._goals(r)
        named = {INDICATOR_WORDS.get(w) for w in words}
        if "level1" in named and "name" in named and not self.indicators:
            return self._indicators(r)
        if words[0] in _TOTALS:
            self._total(r)
            return r + 1
        self._pairs(cells, r)
        return r + 1

    def _pairs(self, cells: list[Cell], r: int) -> None:
        """Label–content rows: 主管部门 | … | 实施单位 | …, 其他需要说明事项 | …"""
        if len(cells) % 2 and len(cells) > 1:
            raise Refused(f"第{r + 1}行（“{cells[0].text.strip()[:20]}”）不在表样中")
        for label, value in zip(cells[::2], [*cells[1::2], None], strict=False):
            name = label.text.strip()
            if not name or "\n" in name:
                raise Refused(f"第{r + 1}行的行名是空的或分了行")
            field = _PAIRS.get(word(name))
            text = value.text.strip() if value is not None else ""
            if field is not None and field not in self.out and "\n" not in text and text:
                self.out[field] = text
            elif field != "project" or text:  # kept as printed: a blank or multi-line content
                self.remarks.append({"label": name, "text": text})
            else:
                raise Refused(f"第{r + 1}行没有项目名称")

    def _funds(self, r: int) -> int:
        line = self.places[r]
        unit = _UNIT.search(squeeze(line[0].text))
        count = line[0].rowspan - 1
        heads = spans(line)[1:]
        if unit is None or count < 1 or len(heads) < 2 or heads[0][0].text.strip():
            raise Refused(f"第{r + 1}行项目资金的表头与表样不同")
        self.out["unit"] = unit[1]
        fields = [field_of(cell.text, FUND_WORDS) for cell, _, _ in heads[1:]]
        named = [f for f in fields if f != "extra"]
        labels = [cell.text.strip() for cell, _, _ in heads[1:]]
        if len(named) != len(set(named)) or repeated(labels, fields) or not all(labels):
            raise Refused(f"第{r + 1}行项目资金的表头有两列同名或空白")
        self.out["fund_columns"] = [
            {cell.text.strip(): f} for (cell, _, _), f in zip(heads[1:], fields, strict=True)
        ]
        for k in range(r + 1, r + 1 + count):
            row = self.places[k]
            found: dict[str, Any] = {"name": _under(row, heads[0][1], heads[0][2], k).text.strip()}
            if not found["name"] or "\n" in found["name"]:
                raise Refused(f"第{k + 1}行项目资金的行名是空的或分了行")
            for (head, start, end), key in zip(heads[1:], fields, strict=True):
                self._fund(found, _under(row, start, end, k), key, head.text.strip(), k)
            self.funds.append(found)
        return r + 1 + count

    def _fund(self, found: dict[str, Any], cell: Cell, key: str, label: str, k: int) -> None:
        text = cell.text.strip()
        if key == "extra":
            if text:
                found.setdefault("extra", {})[label] = text
            return
        value, fits = figure(text, key != "rate")
        if not fits or (key == "rate" and value is not None and not isinstance(value, str)):
            raise Refused(f"第{k + 1}行“{text}”读不出数字和单位")
        self.dashes = self.dashes or is_dash(text)
        if value is not None:
            found[key] = value

    def _goals(self, r: int) -> int:
        line, below = self.places[r], self.places[r + 1]
        label, *heads = spans(line)
        self.out["goal_columns"] = [{label[0].text.strip(): "goal"}] + [
            {head.text.strip(): key}
            for (head, _, _), key in zip(heads, ("goal_expected", "goal_actual"), strict=True)
        ]
        for (_, start, end), key in zip(heads, ("goal_expected", "goal_actual"), strict=True):
            text = _under(below, start, end, r + 1).text.strip()
            if text:
                self.out[key] = text
        return r + 2

    def _indicators(self, r: int) -> int:
        block, heads, height = self._indicator_head(r)
        fields = [field_of(label, INDICATOR_WORDS) for label, _, _, _ in heads]
        named = [f for f in fields if f != "extra"]
        before = fields[: fields.index("level1")] if "level1" in fields else ["?"]
        if len(named) != len(set(named)) or "name" not in fields or set(before) - {"extra"}:
            raise Refused(f"第{r + 1}行绩效指标的表头与表样不同")
        labels = [label for label, _, _, _ in heads]
        if not all(labels) or repeated(labels, fields) is not None:
            raise Refused(f"第{r + 1}行绩效指标的表头有空格或两列同名")
        columns = [{"label": block.text.strip(), "field": "block"}] if block else []
        for (label, _, _, group), name in zip(heads, fields, strict=True):
            columns.append({"label": label, "field": name, **({"group": group} if group else {})})
        self.out["indicator_columns"] = columns
        self.indicator_heads = [(s, e, f) for (_, s, e, _), f in zip(heads, fields, strict=True)]
        k = r + height
        while k < (r + block.rowspan if block else len(self.places)):
            first = word(self.places[k][heads[0][1]].text)
            if first in _TOTALS or first.startswith("其他"):
                break
            self.indicators.append(self._indicator(k, labels))
            k += 1
        if block is not None and (k != r + block.rowspan or "\n" in block.text.strip()):
            raise Refused(f"第{r + 1}行“{block.text.strip()}”合并的行不是绩效指标各行")
        return k

    def _indicator_head(self, r: int) -> tuple[Cell | None, list[Head], int]:
        """The indicator block's header: 绩效指标 down its left if printed, each column's
        label with the merged cell above it (年度指标值 over 指标性质 | 指标值 | 度量单位),
        and how many rows the header takes."""
        heads = spans(self.places[r])
        block = None  # 绩效指标 printed down the left of the whole block
        if heads[0][0].rowspan > 1 and field_of(heads[0][0].text, INDICATOR_WORDS) == "extra":
            block, heads = heads[0][0], heads[1:]
        two = r + 1 < len(self.places) and any(c.rowspan == 1 for c, _, _ in heads)
        two = two and all(c.rowspan == 2 or c.colspan > 1 for c, _, _ in heads)
        if not two:
            return block, [(c.text.strip(), s, e, None) for c, s, e in heads], 1
        out: list[Head] = []
        below = spans(self.places[r + 1])
        for cell, start, end in heads:
            if cell.rowspan == 2:
                out.append((cell.text.strip(), start, end, None))
                continue
            subs = [
                (c.text.strip(), s, e, cell.text.strip()) for c, s, e in below if start <= s < end
            ]
            if not subs or subs[-1][2] != end or "\n" in cell.text.strip():
                raise Refused(f"第{r + 2}行绩效指标的表头与上一行没有对齐")
            out += subs
        return block, out, 2

    def _indicator(self, k: int, labels: list[str]) -> dict[str, Any]:
        line, above = self.places[k], self.places[k - 1]
        out: dict[str, Any] = {}
        for (start, end, key), label in zip(self.indicator_heads, labels, strict=True):
            cell = _under(line, start, end, k)
            if self.indicators and above[start] is cell:
                continue  # merged from the row above: the model repeats a level
            text = cell.text.strip()
            if key in ("level1", "level2", "name"):
                if not text or "\n" in text:
                    raise Refused(f"第{k + 1}行的指标名称是空的或分了行")
                out[key] = text
            elif key in ("weight", "score"):
                value, fits = figure(text, True)
                if not fits:
                    raise Refused(f"第{k + 1}行“{text}”读不出数字和单位")
                self.dashes = self.dashes or is_dash(text)
                if value is not None:
                    out[key] = value
            elif key == "extra" and text:
                out.setdefault("extra", {})[label] = text
            elif text:
                out[key] = text
        if "name" not in out:
            raise Refused(f"第{k + 1}行的三级指标与上一行合并")
        order = ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")
        return {key: out[key] for key in (*order, "extra") if key in out}

    def _total(self, r: int) -> None:
        line = self.places[r]
        first, *rest = spans(line)
        if word(first[0].text) != "总分":
            self.out["total_label"] = first[0].text.strip()
        by_start = {start: key for start, _, key in self.indicator_heads}
        numbers = iter(("total_weight", "total"))
        for cell, start, _ in rest:
            text = cell.text.strip()
            value, fits = figure(text, True)
            key = by_start.get(start)
            if not text:
                continue
            if fits and value is not None and key in (None, "weight", "score"):
                name = {"weight": "total_weight", "score": "total"}.get(key or "") or next(
                    numbers, None
                )
                if name is None:
                    raise Refused(f"第{r + 1}行的数字多于总分值和总得分")
                self.out[name] = value
            elif "grade" not in self.out and not fits:
                self.out["grade"] = re.sub(r"^等级[:：]\s*", "", text)
            else:
                raise Refused(f"第{r + 1}行“{text}”不在表样中")
