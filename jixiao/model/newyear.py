"""Starting next year's data file from the latest one: same structure and ids, blanks to fill.

Texts and figures are emptied, year-specific notes and reviews dropped, and
each field gets a comment from the schema saying what goes there.  The new
file deliberately fails ``jixiao check`` until every blank is filled.  With no
earlier year to copy (a new site), ``skeleton`` writes the standard outline
instead.  Either file is a draft (``draft: true``), so a year being filled in
never stops the finished years from being published.
"""

from __future__ import annotations

import types
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from jixiao.model.figures import Figure, read_printed
from jixiao.model.report import KIND_NAMES, ProjectTable, Report, ScoreTable, Table, section_class
from jixiao.source.yamlwrite import flow, flow_list, scalar

TABLE_CLASSES: dict[str, type[BaseModel]] = {
    "table": Table,
    "score": ScoreTable,
    "project": ProjectTable,
}

# Year-specific text: emptied.  Structure (ids, names, headings, categories) is kept.
EMPTIED = {"title", "text", "notice", "notice_number", "as_of", "income_reason", "grade"}
EMPTIED |= {"date", "printed_date"}
# in tables: what the year achieved and why
EMPTIED |= {"target", "actual", "reason", "goal_expected", "goal_actual"}
# Belong to one year's report only: dropped.
DROPPED = {"note", "correction", "reviews", "transcription_notes"}

FIGURE_HINT = "照原文写数字和单位，如 521.75万元、约500人、45%"
TEXT_HINT = "照原文填写"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[Part]`` or ``Figure | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is Annotated:  # Rate, Score, Money: a Figure with a check
        return _model_of(get_args(annotation)[0])
    if get_origin(annotation) in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def blank(value: Any, model: type[BaseModel]) -> Any:
    """The plain data of one report with its year-specific content emptied."""
    if isinstance(value, list):
        return [blank(item, model) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        field = model.model_fields.get(key)
        if key in DROPPED or field is None:
            continue
        inner = _model_of(field.annotation)
        if key == "sections" and isinstance(item, dict):
            out[key] = {k: blank(v, section_class(k, v)) for k, v in item.items()}
        elif key in ("tables", "attachments") and isinstance(item, list):
            out[key] = [_blank_table(table) for table in item]
        elif inner is Figure or (key in EMPTIED and not isinstance(item, (dict, list))):
            out[key] = ""
        elif inner is not None:
            out[key] = blank(item, inner)
        else:
            out[key] = item
    return out


def _blank_table(table: Any) -> Any:
    """A table with its figures emptied: its header and the names in its rows stay."""
    if not isinstance(table, dict):
        return table
    kind = str(table.get("kind", "table"))
    out = blank(table, TABLE_CLASSES.get(kind, Table))
    # a table's title and header are its structure, kept like a section's heading
    out.update({k: table[k] for k in ("title", "header") if k in table})
    if kind == "table" and isinstance(table.get("rows"), list):
        out["rows"] = [
            [_blank_cell(cell) for cell in row] if isinstance(row, list) else row
            for row in table["rows"]
        ]
    return out


def _blank_cell(cell: Any) -> Any:
    """A body cell: a figure or a number is emptied, a name (行政, 合计) stays."""
    text = cell.get("text") if isinstance(cell, dict) else cell
    figure = isinstance(text, Decimal) or (isinstance(text, str) and read_printed(text) is not None)
    if isinstance(cell, dict):
        kept = {k: v for k, v in cell.items() if k not in DROPPED and k != "figure"}
        return {**kept, "text": ""} if figure else kept
    return "" if figure else cell


def _flat(item: Any) -> bool:
    return isinstance(item, dict) and all(not isinstance(v, (dict, list)) for v in item.values())


def _comment(model: type[BaseModel] | None, key: str, value: Any) -> str | None:
    field = model.model_fields.get(key) if model is not None else None
    if field is None:
        return None
    if _model_of(field.annotation) is Figure and value == "":
        return f"{field.description or key}：{FIGURE_HINT}" if field.description else FIGURE_HINT
    if key == "text":
        return "原文全文，每段一行；多段时写成 text: | 并换行缩进"
    if field.description:
        return field.description
    if value == "":
        return TEXT_HINT
    return None


def emit(value: Any, model: type[BaseModel] | None, indent: int = 0) -> list[str]:
    """Block-style YAML with a comment above each field that the schema describes."""
    pad = " " * indent
    lines: list[str] = []
    assert isinstance(value, dict)
    for key, item in value.items():
        field = model.model_fields.get(key) if model is not None else None
        inner = _model_of(field.annotation) if field is not None else None
        comment = _comment(model, key, item)
        if comment and not (isinstance(item, list) and all(_flat(i) for i in item) and indent > 4):
            lines.append(f"{pad}# {comment}")
        if key == "sections" and isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            for name, section in item.items():
                declared = section.get("kind") if isinstance(section, dict) else None
                kind = str(declared or (name if name in KIND_NAMES else "other"))
                # say which part of the standard outline the section is
                if kind in KIND_NAMES and kind != "other":
                    lines.append(f"{pad}  # 类别 {kind}：{KIND_NAMES[kind]}")
                lines.append(f"{pad}  {name}:")
                lines += emit(section, section_class(name, section), indent + 4)
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines += emit(item, inner, indent + 2)
        elif isinstance(item, list):
            if not item:
                lines.append(f"{pad}{key}: []")
                continue
            lines.append(f"{pad}{key}:")
            for entry in item:
                if _flat(entry):
                    lines.append(f"{pad}  - {flow(entry)}")
                elif isinstance(entry, dict):
                    body = emit(entry, inner, indent + 4)
                    lines.append(f"{pad}  - {body[0].lstrip()}")
                    lines += body[1:]
                elif isinstance(entry, list):
                    lines.append(f"{pad}  - {flow_list(entry)}")
                else:
                    lines.append(f"{pad}  - {scalar(entry)}")
        else:
            lines.append(f"{pad}{key}: {scalar(item)}")
    return lines


def new_year(
    previous: dict[str, Any], previous_name: str, year: int, schema_line: str | None
) -> str:
    """The text of the new year's data file, from the plain data of the previous year."""
    data = _dated(blank(previous, Report), year)
    header = [
        *([schema_line] if schema_line else []),
        f"# {year}年度数据：由 jixiao new 从 {previous_name} 生成。结构和编号沿用上一年，",
        "# 文字和数字已清空；请照新报告逐项填写。填完之前，jixiao check 会列出每一处空缺。",
        "# 同一指标逐年沿用同一编号（id），即使名称有改动；新增的指标用新编号。",
        "# 这是草稿：填完、jixiao check 没有问题后，删去 draft: true 一行，这一年才会发布。",
    ]
    return "\n".join([*header, *emit(data, Report)]) + "\n"


def _dated(data: dict[str, Any], year: int) -> dict[str, Any]:
    """The data for ``year``, marked a draft, year and draft first."""
    rest = {k: v for k, v in data.items() if k not in ("year", "draft")}
    return {"year": year, "draft": True, **rest}


# The standard outline of a 部门整体支出绩效自评报告: the typed sections, in the usual order,
# with the figures the home page and the key-figure summary show (left blank, so that
# `jixiao check` lists each until it is filled in or, if the report does not print it, deleted).
SKELETON_SECTIONS: dict[str, dict[str, str]] = {
    "overview": {"heading": "", "text": ""},
    "budget": {"heading": "", "text": "", "total": ""},
    "execution": {"heading": "", "text": "", "income": "", "spending": ""},
    "performance": {"heading": "", "text": "", "score": "", "grade": ""},
    "suggestions": {"heading": "", "text": ""},
}


def skeleton(
    year: int, department: str, schema_line: str | None, short_name: str | None = None
) -> str:
    """The text of a first data file when there is no earlier year to copy: the outline with
    blank headings, texts and key figures, each with a comment saying what goes there."""
    data: dict[str, Any] = {
        "year": year,
        "draft": True,
        "department": {"name": department, **({"short_name": short_name} if short_name else {})},
        "title": "",
        "basis": {"text": ""},
        "sections": {key: dict(section) for key, section in SKELETON_SECTIONS.items()},
        "signature": {"organisation": department, "printed_date": ""},
    }
    header = [
        *([schema_line] if schema_line else []),
        f"# {year}年度数据：由 jixiao 生成的空白草稿，各节按常见的五个部分排列。",
        "# 照原报告逐节填写标题（连同序号）和全文；原报告的节多于、少于或不同于这里时，",
        "# 照原文增删、改名（类别见每节上方的注释）。原报告没有印的数字删去那一行，绝不写 0。",
        "# 填完、jixiao check 没有问题后，删去 draft: true 一行，这一年才会发布。",
    ]
    return "\n".join([*header, *emit(data, Report)]) + "\n"
