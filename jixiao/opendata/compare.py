"""A year's comparison table as files anyone can reuse: CSV, XLSX and JSON, one row a department.

The same rows as the page (``jixiao.derive.compare``), the same unit of money (named in
the headers and in the JSON), numbers in exactly their own digits: never through a float.
A figure a report does not state is an empty cell (CSV, XLSX) or ``null`` (JSON), never 0.

- CSV: UTF-8 with a BOM, CRLF, Chinese headers (as the department downloads);
- XLSX: sheet 说明, then sheet 对比 with numbers as numbers (``jixiao.opendata.xlsx``),
  dated by the newest signature of the year: the same bytes for the same data;
- JSON: ``{"year", "unit", "columns", "departments": [...]}``; decimals as strings
  (``"521.75"``), each amount with its unit.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from jixiao.derive.compare import Amount, CompareRow, Comparison, Foreign, Money
from jixiao.derive.portal import Portal
from jixiao.opendata.downloads import FORMULA_START
from jixiao.opendata.xlsx import ZIP_DATE, Column, Sheet, Workbook, write_workbook

FOLDER = "compare"
KINDS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Field:
    """One column: its JSON key, its header (``{unit}`` names the table's unit of money),
    what it means, and its value in a row (Decimal, str, int or None)."""

    key: str
    header: str
    meaning: str
    get: Callable[[CompareRow], Any]
    width: int = 14


def _money(money: Money | None) -> Decimal | str | None:
    """An amount's exact value; a figure not in money as its printed text (kept, not compared)."""
    if money is None:
        return None
    return money.value if isinstance(money, Amount) else money.printed


def _agrees(row: CompareRow) -> str:
    return {True: "是", False: "否", None: ""}[row.grade_agrees]


FIELDS: tuple[Field, ...] = (
    Field("id", "部门编号", "部门在本站的编号（网址中的名字）", lambda r: r.department.id, 12),
    Field("name", "部门（单位）", "部门名称，照该年度报告", lambda r: r.department.name, 36),
    Field("group", "分组", "县里对部门的分组", lambda r: r.department.group, 16),
    Field("year", "年度", "报告年度", lambda r: r.year, 8),
    Field(
        "budget", "年初预算（{unit}）", "原文所印，换算为表的金额单位", lambda r: _money(r.budget)
    ),
    Field("income", "决算总收入（{unit}）", "同上", lambda r: _money(r.income)),
    Field("spending", "全年实际支出（{unit}）", "同上", lambda r: _money(r.spending)),
    Field(
        "execution",
        "支出占年初预算（%，计算）",
        "全年实际支出 ÷ 年初预算 × 100，保留一位小数（与报告页面相同）",
        lambda r: r.execution,
        20,
    ),
    Field(
        "three_public_actual",
        "“三公”经费实际支出（{unit}，计算）",
        "原文合计，原文只列各项时为各项之和",
        lambda r: r.three_actual.value if r.three_actual else None,
        24,
    ),
    Field(
        "three_public_control",
        "“三公”经费控制数（{unit}，计算）",
        "同上",
        lambda r: r.three_control.value if r.three_control else None,
        24,
    ),
    Field(
        "three_public_over",
        "“三公”经费超出控制数（{unit}，计算）",
        "实际支出 − 控制数；负数为未超出",
        lambda r: r.three_over,
        24,
    ),
    Field(
        "three_public_basis", "“三公”经费口径", "原文合计或各项合计", lambda r: r.three_basis, 20
    ),
    Field(
        "score",
        "自评得分",
        "原文所印（有更正的按更正后）",
        lambda r: r.score.used_value if r.score else None,
        10,
    ),
    Field(
        "score_unit", "自评得分单位", "得分的单位", lambda r: r.score.used_unit if r.score else ""
    ),
    Field("grade", "等级（原文）", "原文所印的等级", lambda r: r.grade, 12),
    Field(
        "grade_by_score",
        "按得分应为（计算）",
        "按该报告的等级标准，得分应得的等级",
        lambda r: r.grade_by_score,
        16,
    ),
    Field("grade_agrees", "等级与得分一致", "是、否；无从比较的为空", _agrees, 12),
    Field("notes", "说明", "换算、约数和更正", lambda r: "；".join(r.notes), 40),
)


def header(field: Field, table: Comparison) -> str:
    return field.header.format(unit=table.unit.name)


def rows(table: Comparison) -> list[list[Any]]:
    """The table's values, a list per department, a value per field."""
    return [[field.get(row) for field in FIELDS] for row in table.rows]


def file_path(year: int, kind: str) -> str:
    return f"{FOLDER}/jixiao-compare-{year}.{kind}"


def compare_files(portal: Portal, table: Comparison) -> dict[str, bytes]:
    """The year's three files by kind."""
    return {"csv": to_csv(table), "xlsx": to_xlsx(portal, table), "json": to_json(table)}


# --- CSV -----------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text  # no formula in Excel


def to_csv(table: Comparison) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header(field, table) for field in FIELDS])
    for values in rows(table):
        writer.writerow([_csv_cell(value) for value in values])
    return buffer.getvalue().encode("utf-8-sig")


# --- JSON ----------------------------------------------------------------------------------

_AMOUNTS = {"budget", "income", "spending"}
_COMPUTED_MONEY = {"three_public_actual", "three_public_control", "three_public_over"}


def _json_value(key: str, value: Any, unit: str, row: CompareRow) -> Any:
    if value is None or value == "":
        return None
    if key in _AMOUNTS:
        money = getattr(row, key)
        if isinstance(money, Foreign):
            return {"printed": money.printed}
        assert isinstance(money, Amount)
        out = {"value": format(money.value, "f"), "unit": unit}
        return out | ({"approx": money.approx} if money.approx else {})
    if key in _COMPUTED_MONEY:
        return {"value": format(value, "f"), "unit": unit}
    if key == "execution":
        return {"value": format(value, "f"), "unit": "%"}
    if key == "grade_agrees":
        return row.grade_agrees
    return format(value, "f") if isinstance(value, Decimal) else value


def to_json(table: Comparison) -> bytes:
    unit = table.unit.name
    departments = [
        {
            field.key: _json_value(field.key, value, unit, row)
            for field, value in zip(FIELDS, values, strict=True)
        }
        for row, values in zip(table.rows, rows(table), strict=True)
    ]
    document = {
        "year": table.year,
        "unit": unit,
        "columns": {field.key: header(field, table) for field in FIELDS},
        "departments": departments,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------


def _stamp(portal: Portal, year: int | None) -> datetime.datetime:
    """The newest signature date of the year's reports: never the time of the build."""
    dates = [
        y.signed
        for d in portal.departments
        for y in d.years
        if y.year == year and y.signed is not None
    ]
    newest = max(dates) if dates else datetime.date(*ZIP_DATE[:3])
    return datetime.datetime(newest.year, newest.month, newest.day)


def _about(portal: Portal, table: Comparison) -> list[list[str]]:
    return [
        [f"{portal.county}{table.year}年度各部门整体支出绩效自评报告对比"],
        [f"每个部门一行；金额单位为{table.unit.name}，原文用其他单位的已按倍数换算。"],
        ["原文未载明的数字留空，从不写作 0；标明“计算”的列由本站据原文数字计算。"],
        [],
        ["列", "含义"],
        *[[header(field, table), field.meaning] for field in FIELDS],
    ]


def to_xlsx(portal: Portal, table: Comparison) -> bytes:
    columns: Sequence[Column] = [
        Column(header(field, table), field.width, itemgetter(i)) for i, field in enumerate(FIELDS)
    ]
    sheet = Sheet("对比", columns, rows(table))
    return write_workbook(Workbook(_about(portal, table), [sheet], _stamp(portal, table.year)))
