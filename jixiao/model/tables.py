"""Tables as printed: a general grid of verbatim cells, and the two typed forms checks read.

Reports and their attachments print tables that prose cannot hold: the 评分表 of the
self-evaluation and one 项目支出绩效自评表 per project.  Any section may carry them
(``tables:``) and a report may print them after its text (``attachments:``).

- ``table`` (the default kind): title, header rows, body rows; a cell is written as the
  text printed (``5分``, ``部门决策``) or as ``{text: …, colspan: 2, rowspan: 3}`` where the
  print merges cells, leaving the merged places out of the rows below or to the right,
  as HTML does; a cell that reads as a figure (``98.5%``, ``12.3万元``) is also a figure.
- ``score``: the indicator tree of a 评分表 (一级/二级/三级指标 nested as ``items``) with
  分值, 评分标准, 指标值, 实际完成值, 得分 and 偏差原因, and the table's total and grade.
- ``project``: the standard 项目支出绩效自评表: project, funds rows with 执行率, the year's
  goals expected and achieved, and the indicator rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from jixiao.model.figures import UNIT_LIST, Figure, declared_in, read_printed, unknown_unit
from jixiao.model.plausible import Money, Rate, Score, over_total
from jixiao.model.text import Line, Paragraphs, Text
from jixiao.model.units import Unit, lookup

TableId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]

# What a table's kind says it is: the page, the schema and the loader's hints name them so.
TABLE_KINDS = {"table": "表格", "score": "评分表", "project": "项目支出绩效自评表"}


class _Strict(BaseModel):
    # the same rules as every other part of the report (report.Strict, which imports us)
    model_config = ConfigDict(extra="forbid", frozen=True)


def _plain(value: Decimal) -> str:
    return format(value, "f")


_BARE = re.compile(r"[0-9]{1,18}(\.[0-9]{1,18})?")


def _figure_of(text: str, unit: str | None, declared: Mapping[str, Unit]) -> Any:
    """The figure a cell's text states: read literally, or a bare number in the unit the
    header prints (``99`` under ``（万元）``); None when the text is no figure."""
    reading = read_printed(text)
    if reading is not None and lookup(reading.unit, declared) is not None:
        return text.strip()
    if unit is not None and _BARE.fullmatch(text.strip()):
        value = Decimal(text.strip())
        return {
            "printed": text.strip(),
            "value": value,
            "unit": unit,
            "note": f"单位见表头：{unit}",
        }
    return None


class Value(_Strict):
    """A place in a table as printed: its verbatim text, and the figure it states if any."""

    text: Paragraphs = Field(default="", description="原文所印，照抄；空格写空")
    figure: Figure | None = Field(
        default=None,
        description="这一格所说的数字：能照读的（5分、98.5%、12.3万元）自动读出，不必填写",
    )
    note: Line | None = Field(default=None, description="录入说明")

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        """Staff write the text as printed: a figure in it is read like any other figure."""
        declared = declared_in(info)
        if data is None:
            return {"text": ""}
        if isinstance(data, bool):
            return {"text": data}  # YAML read yes/no as true/false: refused with that hint
        if isinstance(data, Decimal | int):
            return {"text": _plain(Decimal(data))}
        if isinstance(data, str):
            found = _figure_of(data, None, declared)
            return {"text": data, "figure": found} if found is not None else {"text": data}
        if isinstance(data, dict):
            out = dict(data)
            text = out.get("text")
            if isinstance(text, Decimal | int) and not isinstance(text, bool):
                out["text"] = text = _plain(Decimal(text))
            unit = out.pop("unit", None)
            if isinstance(unit, str) and lookup(unit, declared) is None:
                raise unknown_unit(unit, declared)
            if "figure" not in out and isinstance(text, str):
                found = _figure_of(text, unit if isinstance(unit, str) else None, declared)
                if found is not None:
                    out["figure"] = found
                elif isinstance(unit, str):
                    # a unit says the cell is a number: one that cannot be read is a mistake
                    raise PydanticCustomError(
                        "figure_format",
                        "数字的写法不对",
                        {"units": UNIT_LIST, "found": text},
                    )
            return out
        return data


class Cell(Value):
    """One cell of a general table; ``colspan``/``rowspan`` where the print merges cells."""

    colspan: int = Field(default=1, ge=1, le=50, description="向右合并的格数（含本格）")
    rowspan: int = Field(default=1, ge=1, le=500, description="向下合并的行数（含本行）")
    # the header printed above the cell, set by its table: names its figure in downloads
    _column: str = PrivateAttr(default="")

    @property
    def name(self) -> str:
        return self._column


class ExtraCell(Value):
    """A cell of a column the kind has no field for (序号, 扣分, 扣分原因, 指标性质 …): its text
    under the column's printed label."""

    column: Text = Field(description="所在列的表头，照原文，与本表 columns 中一列的 label 相同")

    @property
    def name(self) -> str:
        return self.column


def _extra_cells(data: Any) -> Any:
    """Staff write extra cells as a mapping, 表头: 原文 (``{序号: 1, 扣分原因: 未按时报送}``)."""
    if not isinstance(data, dict) or not isinstance(data.get("extra"), dict):
        return data
    cells = []
    for column, value in data["extra"].items():
        cell = dict(value) if isinstance(value, dict) else {"text": value}
        cells.append({"column": column, **cell})
    return {**data, "extra": cells}


class Column(_Strict):
    """A column as the table prints its header: the printed label, and the field that holds
    its cells (``extra`` for a column the kind has no field for: its cells are in ``extra``)."""

    label: Text = Field(description="表头所印的列名，照原文（可分行）")
    field: str = Field(description="这一列的格写在哪一项：如 weight、score；没有对应项的写 extra")
    group: Text | None = Field(
        default=None,
        description="表头占两行时，合并在这一列之上的格（如“年度指标值”合并在指标性质、指标值、"
        "度量单位之上）；相邻几列写同一个 group",
    )

    @model_validator(mode="before")
    @classmethod
    def _pair(cls, data: Any) -> Any:
        # staff write a column as {label: 得分, field: score}, or for short 得分: score
        if isinstance(data, dict) and len(data) == 1 and "label" not in data:
            ((label, field),) = data.items()
            return {"label": label, "field": field}
        return data


def _check_columns(
    columns: list[Column],
    allowed: tuple[str, ...],
    where: str,
    rows: list[tuple[str, list[ExtraCell]]],
) -> None:
    """Each column names a field of its kind; an item's extra cells name extra columns."""
    for index, column in enumerate(columns):
        if column.field not in allowed:
            raise PydanticCustomError(
                "table_column",
                "第{n}列“{label}”的 field 写作“{found}”，应为 {allowed} 之一",
                {
                    "n": index + 1,
                    "label": column.label,
                    "found": column.field,
                    "allowed": "、".join(allowed),
                    "path": (where, index, "field"),
                },
            )
    extra = {c.label for c in columns if c.field == "extra"}
    for name, cells in rows:
        for cell in cells:
            if cell.column not in extra:
                raise PydanticCustomError(
                    "table_column",
                    "“{name}”的 extra 中有“{column}”一格，但 {where} 中没有这一列"
                    "（field: extra、label: {column}）",
                    {"name": name, "column": cell.column, "where": where, "path": (where,)},
                )


def label_of(columns: list[Column], field: str, default: str) -> str:
    """The label the table prints for a field's column, else the form's own word."""
    return next((c.label for c in columns if c.field == field), default)


class Row(_Strict):
    """One printed row: its cells left to right, leaving out places merged from above."""

    cells: list[Cell]
    _first: str = PrivateAttr(default="")

    @model_validator(mode="before")
    @classmethod
    def _as_list(cls, data: Any) -> Any:
        # staff write a row as a list of cells: [部门决策, 25分, 23分]
        return {"cells": data} if isinstance(data, list) else data

    @property
    def name(self) -> str:
        """The text at the row's left edge, merged from above or its own: names the row."""
        return self._first


def _shape_error(message: str, path: tuple[str | int, ...], **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError("table_shape", message, {**ctx, "path": path})


def _lay_out(block: str, rows: list[Row], width: int | None) -> tuple[list[list[Cell]], int]:
    """The grid the rows print as, each place holding the cell that covers it; checks that
    every row is as wide as the table once merged places are counted."""
    grid: list[list[Cell | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        line = grid[r]
        column = 0
        for c, cell in enumerate(row.cells):
            while column < len(line) and line[column] is not None:
                column += 1
            for dr in range(cell.rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                while len(target) < column + cell.colspan:
                    target.append(None)
                for dc in range(cell.colspan):
                    if target[column + dc] is not None:
                        raise _shape_error(
                            "第{row}行第{cell}格与上面向下合并的格重叠",
                            (block, r, c),
                            row=r + 1,
                            cell=c + 1,
                            shown="重叠",
                        )
                    target[column + dc] = cell
            column += cell.colspan
    if len(grid) > len(rows):
        raise _shape_error(
            "最后几行的格向下合并到了表外（rowspan 多写了 {extra} 行）",
            (block,),
            extra=len(grid) - len(rows),
            shown=f"多出{len(grid) - len(rows)}行",
        )
    widths = [sum(1 for place in line if place is not None) for line in grid]
    width = width if width is not None else (widths[0] if widths else 0)
    for r, line in enumerate(grid):
        if widths[r] != width or len(line) != width:
            raise _shape_error(
                "第{row}行合并后占{found}格，本表每行应占{width}格；"
                "被上面向下合并的格占去的位置不再写",
                (block, r),
                row=r + 1,
                found=widths[r],
                width=width,
                shown=f"{widths[r]}格",
            )
    return [[place for place in line if place is not None] for line in grid], width


class Table(_Strict):
    """A table as printed: its title, header rows and body rows, cell by cell."""

    kind: Literal["table"] = Field(default="table", description="表格的类别")
    id: TableId = Field(description="编号（小写英文、数字和连字符），跨年对应同一张表")
    title: Line = Field(description="表名，照原文")
    header: list[Row] = Field(default=[], description="表头各行，照原文")
    rows: list[Row] = Field(description="表身各行，照原文；每行写成列表，每格一项")
    note: Line | None = Field(default=None, description="录入说明，如原文哪里看不清")

    @property
    def name(self) -> str:
        return self.title

    @model_validator(mode="after")
    def _shape(self) -> Table:
        head, width = _lay_out("header", self.header, None)
        body, _ = _lay_out("rows", self.rows, width if self.header else None)
        for line in head:
            for cell in line:
                cell._column = ""  # the row is named 表头 already
        for c in range(width):
            # the header texts above a column, once each: 项目资金（万元） / 年初预算数
            words = dict.fromkeys(" ".join(line[c].text.split()) for line in head)
            label = " / ".join(w for w in words if w)
            for line in body:
                if not line[c]._column:
                    line[c]._column = label or f"第{c + 1}列"
        for row, line in zip(self.rows, body, strict=True):
            row._first = " ".join(line[0].text.split()) if line else ""
        for row in self.header:
            row._first = "表头"
        return self


def _in_unit(data: Any, fields: tuple[str, ...], unit: str, note: str) -> Any:
    """Figures printed as bare numbers where the form says their unit (项目资金（万元）; 分值
    and 得分 are points): read in that unit, the note saying so."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key in fields:
        value = out.get(key)
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            text = _plain(Decimal(value))
            out[key] = {"printed": text, "value": Decimal(value), "unit": unit, "note": note}
    return out


_SCORES = ("weight", "score")
_POINTS = "原文只印数字：分值、得分以分计"


def _bare_scores(data: Any) -> Any:
    return _in_unit(data, _SCORES, "分", _POINTS)


# --- the score table -------------------------------------------------------------------


class ScoreItem(_Strict):
    """One indicator of a 评分表 with the indicators it is divided into (二级、三级…)."""

    id: TableId | None = Field(default=None, description="编号，跨年对应同一指标（可不写）")
    name: Line = Field(description="指标名称，照原文，如“部门决策”")
    weight: Figure | None = Field(default=None, description="分值或权重，如 25分、10%")
    standard: Paragraphs | None = Field(default=None, description="评分标准，照原文")
    explanation: Paragraphs | None = Field(
        default=None, description="指标说明（如计算公式），照原文"
    )
    target: Value | None = Field(default=None, description="指标值或年度目标，照原文")
    actual: Value | None = Field(default=None, description="实际完成值，照原文")
    score: Figure | None = Field(default=None, description="得分")
    reason: Paragraphs | None = Field(default=None, description="偏差原因及改进措施，照原文")
    extra: list[ExtraCell] = Field(
        default=[], description="表中其他列（序号、扣分、扣分原因等）的格：表头: 原文"
    )
    note: Line | None = None
    items: list[ScoreItem] = Field(default=[], description="下一级指标，按原文顺序")

    _points = model_validator(mode="before")(_bare_scores)
    _extras = model_validator(mode="before")(_extra_cells)


SCORE_FIELDS = (
    "level",
    "weight",
    "standard",
    "explanation",
    "target",
    "actual",
    "score",
    "reason",
    "extra",
)


class ScoreTable(_Strict):
    """A 评分表 or 自评表 of the whole department's spending."""

    kind: Literal["score"] = Field(description="score：评分表")
    id: TableId = Field(description="编号（小写英文、数字和连字符），跨年对应同一张表")
    title: Line = Field(description="表名，照原文")
    weight_word: Literal["分值", "权重"] = Field(
        default="分值", description="原文表头把分值叫作什么：分值或权重"
    )
    columns: list[Column] = Field(
        default=[],
        description="原文表头，从左到右：每列的列名（label）和它的格写在哪一项（field："
        "level 各级指标、weight、standard、explanation、target、actual、score、reason，"
        "其他列写 extra）；不写时按标准表样显示",
    )
    items: list[ScoreItem] = Field(description="一级指标，各带下一级指标")
    total_label: Line | None = Field(
        default=None, description="合计一行的行名与“合计”不同时照原文写，如“总分”"
    )
    total_weight: Figure | None = Field(default=None, description="原文所印的总分值，如 100分")
    total: Figure | None = Field(default=None, description="原文所印的合计得分")
    total_extra: list[ExtraCell] = Field(
        default=[], description="合计一行中其他列（如扣分）的格：表头: 原文"
    )
    grade_label: Line | None = Field(
        default=None, description="等级一行的行名与“等级”不同时照原文写，如“评价等级”"
    )
    grade: Line | None = Field(default=None, description="原文表中所印的等级")
    note: Line | None = Field(default=None, description="录入说明")

    @model_validator(mode="before")
    @classmethod
    def _points(cls, data: Any) -> Any:
        data = _in_unit(data, ("total_weight", "total"), "分", _POINTS)
        if isinstance(data, dict) and isinstance(data.get("total_extra"), dict):
            data = {**data, "total_extra": _extra_cells({"extra": data["total_extra"]})["extra"]}
        return data

    @model_validator(mode="after")
    def _columns(self) -> ScoreTable:
        def every(items: list[ScoreItem]) -> list[ScoreItem]:
            return [x for i in items for x in (i, *every(i.items))]

        rows = [(i.name, i.extra) for i in every(self.items)]
        total = (self.total_label or "合计", self.total_extra)
        _check_columns(self.columns, SCORE_FIELDS, "columns", [*rows, total])
        return self

    @property
    def name(self) -> str:
        return self.title

    @model_validator(mode="after")
    def _total_out_of_100(self) -> ScoreTable:
        _total_fits(self.total, self.total_weight)
        return self


# --- the project self-evaluation table -----------------------------------------------


class ProjectFunds(_Strict):
    """A row of 项目资金: 年度资金总额, 其中：本年财政拨款, 上年结转资金, 其他资金."""

    name: Line = Field(description="行名，照原文，如“年度资金总额”")
    initial: Money | None = Field(default=None, description="年初预算数")
    budget: Money | None = Field(default=None, description="全年预算数（A）")
    executed: Money | None = Field(default=None, description="全年执行数（B）")
    weight: Score | None = Field(default=None, description="分值")
    rate: Rate | None = Field(default=None, description="原文所印的执行率（B/A）")
    score: Score | None = Field(default=None, description="得分")
    extra: list[ExtraCell] = Field(default=[], description="资金表头中其他列的格：表头: 原文")
    note: Line | None = None

    _extras = model_validator(mode="before")(_extra_cells)


class ProjectIndicator(_Strict):
    """An indicator row of a project table; 一级/二级指标 left out repeat the row above
    (the print merges them)."""

    id: TableId | None = Field(default=None, description="编号，跨年对应同一指标（可不写）")
    level1: Line | None = Field(default=None, description="一级指标；与上一行相同时可不写")
    level2: Line | None = Field(default=None, description="二级指标；与上一行相同时可不写")
    name: Line = Field(description="三级指标，照原文")
    target: Value | None = Field(default=None, description="年度指标值，照原文")
    actual: Value | None = Field(default=None, description="实际完成值，照原文")
    weight: Score | None = Field(default=None, description="分值")
    score: Score | None = Field(default=None, description="得分")
    reason: Paragraphs | None = Field(default=None, description="偏差原因分析及改进措施，照原文")
    extra: list[ExtraCell] = Field(
        default=[], description="其他列（序号、指标性质、指标值、度量单位等）的格：表头: 原文"
    )
    note: Line | None = None

    _points = model_validator(mode="before")(_bare_scores)
    _extras = model_validator(mode="before")(_extra_cells)


# The columns of a project form's indicator part, as the standard form prints them (the page
# prints them so; the importer takes a form whose header says exactly these).
PROJECT_INDICATOR_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


FUND_FIELDS = ("initial", "budget", "executed", "weight", "rate", "score", "extra")
GOAL_FIELDS = ("goal", "goal_expected", "goal_actual")
INDICATOR_FIELDS = (
    "block",
    "level1",
    "level2",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "reason",
    "extra",
)


class Remark(_Strict):
    """A row of a project table that is a label and its text: 其他需要说明事项 | …"""

    label: Line = Field(description="行名，照原文")
    text: Paragraphs = Field(default="", description="内容，照原文")

    @property
    def name(self) -> str:
        return self.label


class ProjectTable(_Strict):
    """A 项目支出绩效自评表, as the standard form prints it."""

    kind: Literal["project"] = Field(description="project：项目支出绩效自评表")
    id: TableId = Field(description="编号（小写英文、数字和连字符），跨年对应同一张表")
    title: Line = Field(description="表名，照原文，如“项目支出绩效自评表”")
    project: Line = Field(description="项目名称")
    department: Line | None = Field(default=None, description="主管部门")
    implementer: Line | None = Field(default=None, description="实施单位")
    unit: Literal["万元", "元"] = Field(
        default="万元", description="项目资金的单位，照表头；不带单位的金额按它读"
    )
    funds: list[ProjectFunds] = Field(default=[], description="项目资金各行")
    goal_expected: Paragraphs | None = Field(default=None, description="年度总体目标：预期目标")
    goal_actual: Paragraphs | None = Field(default=None, description="年度总体目标：实际完成情况")
    indicators: list[ProjectIndicator] = Field(default=[], description="绩效指标各行")
    fund_columns: list[Column] = Field(
        default=[],
        description="项目资金的表头，从左到右（不含行名一列）：列名和 field（initial、budget、"
        "executed、weight、rate、score，其他列写 extra）；不写时按标准表样显示",
    )
    goal_columns: list[Column] = Field(
        default=[],
        description="年度总体目标的表头：field 为 goal（左边的行名）、goal_expected、goal_actual",
    )
    indicator_columns: list[Column] = Field(
        default=[],
        description="绩效指标的表头，从左到右：列名和 field（level1、level2、name、target、"
        "actual、weight、score、reason，其他列写 extra；左边纵贯各行的“绩效指标”写 block）；"
        "不写时按标准表样显示",
    )
    remarks: list[Remark] = Field(
        default=[], description="表中其他“行名 | 内容”的行，如其他需要说明事项"
    )
    total_label: Line | None = Field(
        default=None, description="总分一行的行名与“总分”不同时照原文写，如“合计”"
    )
    total_weight: Score | None = Field(default=None, description="原文所印的总分值")
    total: Score | None = Field(default=None, description="原文所印的总得分")
    grade: Line | None = Field(default=None, description="原文所印的等级")
    note: Line | None = Field(default=None, description="录入说明")

    @property
    def name(self) -> str:
        return self.project  # every such table has the same title: the project names it

    @model_validator(mode="before")
    @classmethod
    def _bare_funds(cls, data: Any) -> Any:
        data = _in_unit(data, ("total_weight", "total"), "分", _POINTS)
        if not isinstance(data, dict) or not isinstance(data.get("funds"), list):
            return data
        unit = data.get("unit", "万元")
        unit = unit if unit in ("万元", "元") else "万元"
        note = f"单位见表头：{unit}"
        funds = [
            _bare_scores(_in_unit(row, ("initial", "budget", "executed"), unit, note))
            for row in data["funds"]
        ]
        return {**data, "funds": funds}

    @model_validator(mode="after")
    def _columns(self) -> ProjectTable:
        funds = [(row.name, row.extra) for row in self.funds]
        _check_columns(self.fund_columns, FUND_FIELDS, "fund_columns", funds)
        _check_columns(self.goal_columns, GOAL_FIELDS, "goal_columns", [])
        indicators = [(row.name, row.extra) for row in self.indicators]
        _check_columns(self.indicator_columns, INDICATOR_FIELDS, "indicator_columns", indicators)
        return self

    def levels(self) -> list[tuple[str, str]]:
        """(一级, 二级) of each indicator row, the merged ones filled from the rows above."""
        out: list[tuple[str, str]] = []
        one = two = ""
        for row in self.indicators:
            if row.level1 is not None and row.level1 != one:
                one, two = row.level1, ""
            if row.level2 is not None:
                two = row.level2
            out.append((one, two))
        return out

    @model_validator(mode="after")
    def _total_out_of_100(self) -> ProjectTable:
        _total_fits(self.total, self.total_weight)
        return self


def _total_fits(total: Figure | None, total_weight: Figure | None) -> None:
    """A table's total that prints no 总分值 is out of 100分 (one that prints it is checked
    against it by the table rules)."""
    if total is not None and total_weight is None:
        refused = over_total(total, None, ("total",))
        if refused is not None:
            raise refused


def _table_kind(value: Any) -> str:
    """A table's kind as written; a table that does not say is a plain one."""
    if isinstance(value, dict):
        return str(value.get("kind", "table"))
    return str(getattr(value, "kind", "table"))


AnyTable = Annotated[
    Annotated[Table, Tag("table")]
    | Annotated[ScoreTable, Tag("score")]
    | Annotated[ProjectTable, Tag("project")],
    Discriminator(_table_kind),
]
