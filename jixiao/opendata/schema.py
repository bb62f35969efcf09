"""The JSON Schema of a year's data file, generated from the model, for editors.

Each data file starts with ``# yaml-language-server: $schema=report.schema.json``;
editors with the YAML language server (VS Code's YAML extension and others) then
complete field names, show the Chinese descriptions on hover and underline
mistakes while staff type.  The schema is generated from ``jixiao.model.report`` and
shipped as ``data/report.schema.json``; a test fails when it is stale, and
``jixiao schema`` rewrites it.

The model's validators accept more than its bare structure says (a figure may be
written as ``521.75万元``; a correction as ``{to: 2.17万元, reason: ...}``), so the
generated schema is adjusted to what staff actually write.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jixiao.infra.errors import ExitCode, StaffError
from jixiao.infra.safe_write import write_atomic
from jixiao.model.loader import data_files
from jixiao.model.report import Report
from jixiao.model.units import UNITS
from jixiao.model.walk import field_label

FILE_NAME = "report.schema.json"
MODELINE = f"# yaml-language-server: $schema={FILE_NAME}"

# Chinese descriptions of the model's types (their docstrings are for developers).
DESCRIPTIONS: dict[str, str] = {
    "Report": "一个年度的部门整体支出绩效自评报告：各节原文及其中的数字",
    "Department": "报告单位",
    "Basis": "报告开头一段及所依据的文件",
    "CoverField": "封面或基本情况表中的一项，照原文",
    "Overview": "一节（类别 overview）：部门（单位）概况",
    "Budget": "一节（类别 budget）：年初预算安排情况",
    "Execution": "一节（类别 execution）：本年预算执行情况",
    "ThreePublicSection": "一节（类别 three_public）：“三公”经费情况",
    "Performance": "一节（类别 performance）：整体支出绩效情况、自评得分和等级",
    "Section": "一节：原文标题、原文全文、其中的数字及下一级各节",
    "Signature": "落款",
    "InternalUnits": "内设股室",
    "Classification": "支出按某种分类列出的各科目",
    "ThreePublic": "“三公”经费：各类别的控制数和实际支出数",
    "ThreePublicItem": "“三公”经费的一个类别",
    "Stat": "一个有名称的数字，如“手机资格认证率98%”",
    "Indicator": "一个指标：目标（任务数）、完成数、完成率，照原文；缺的可不写",
    "Breakdown": "一个合计及原文所列的各项",
    "Part": "合计中的一项；可再列出其中各项（含……）",
    "Figure": "原文中的一个数字，带单位，照原文写",
    "Correction": "原文数字有误时本站采用的数字及理由（在页面上公开为更正说明）",
    "GradeBand": "评分分档中的一档：该等级的最低分和等级名称",
    "Review": "核对说明：jixiao check 的一条检查结果经单位核实后的说明（随报告公开）",
    "Value": "表中一处原文：照原文写文字；能照读的数字（5分、98.5%）同时读作数字",
    "Cell": "表格的一格：写原文文字，或写成 {text: 文字, colspan: 向右格数, rowspan: 向下行数}",
    "Row": "表格的一行：写成列表，每格一项；被上面向下合并的格占去的位置不写",
    "Table": "一张表格，照原文：表名、表头各行、表身各行",
    "ScoreItem": "评分表中的一个指标：分值、评分标准、指标值、实际完成值、得分，可再分下一级指标",
    "ScoreTable": "评分表（kind: score）：各级指标的分值和得分、合计得分和等级",
    "ProjectFunds": "项目资金的一行：年初预算数、全年预算数、全年执行数、分值、执行率、得分",
    "ProjectIndicator": "项目绩效指标的一行：各级指标、年度指标值、实际完成值、分值、得分",
    "ProjectTable": "项目支出绩效自评表（kind: project）：项目、资金、年度总体目标和绩效指标",
    "Column": "表头的一列：原文所印的列名（label）和这一列的格写在哪一项（field）",
    "ExtraCell": "表中其他列的一格：所在列的列名和原文",
    "Remark": "项目表中“行名 | 内容”的一行，如其他需要说明事项",
    "NotPersonal": "形似身份证号或手机号、经核实不是个人信息的号码（如文号、项目编号）及核实结果",
    "DeclaredUnit": "单位表中没有、本文件用到的单位：名称、类别、合几个该类别的基本单位",
}

_FIGURE_PATTERN = r"^\s*(约)?\s*[0-9]+(\.[0-9]+)?\s*(余|多)?\s*(" + "|".join(UNITS) + r")\s*$"
_FIGURE_TEXT = {
    "type": "string",
    "pattern": _FIGURE_PATTERN,
    "description": "照原文写数字和单位，如 521.75万元、约500人、200余万元、45%。可用单位："
    + "、".join(UNITS)
    # the schema is one for every file; a unit one file declares is known to jixiao check only
    + "；其他单位在文件顶层 units 中声明后可用（编辑器仍会标出，以 jixiao check 为准）",
    "examples": ["521.75万元", "约500人", "200余万元", "45%"],
}


def report_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    definitions: dict[str, Any] = schema["$defs"]
    _describe(schema, "Report")
    for name, definition in definitions.items():
        _describe(definition, name)
    figure = definitions["Figure"]
    figure["required"] = ["printed"]
    figure["properties"]["printed"]["description"] = "原文印的文字，如“0万无”"
    figure["properties"]["value"]["description"] = "数值（原文不能照读时写明）"
    figure["properties"]["unit"]["description"] = "单位"
    figure["properties"]["approx"]["description"] = "近似用语：约、余、多"
    figure["properties"]["note"]["description"] = "说明：为何这样读，或其他需要说明的地方"
    figure["properties"]["correction"]["description"] = DESCRIPTIONS["Correction"]
    definitions["Figure"] = {
        "description": figure.pop("description"),
        "anyOf": [
            _FIGURE_TEXT,
            {
                **figure,
                "description": "原文不能照读（如“0万无”）或需要更正时写成映射："
                "{printed: 原文, value: 数值, unit: 单位, note: 说明}",
            },
        ],
    }
    _sections_by_kind(schema, definitions)
    _tables_as_typed(definitions)
    correction = definitions["Correction"]
    correction["required"] = ["to", "reason"]
    correction["properties"]["to"]["description"] = "更正后的数字，带单位，如 2.17万元"
    correction["properties"]["reason"]["description"] = "更正理由"
    for key in ("value", "unit"):
        correction["properties"][key]["description"] = "由 to 读出，不必填写"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "jixiao 年度数据文件（data/YYYY.yaml）",
        **schema,
    }


def _tables_as_typed(definitions: dict[str, Any]) -> None:
    """Table cells and rows as staff type them: a cell as its text (or a bare number), a row
    as a list of cells, a project's funds as bare numbers in the unit of its header."""
    for name in ("Value", "Cell"):
        cell = definitions[name]
        cell["properties"]["unit"] = {
            "enum": list(UNITS),
            "description": "原文数字不带单位、单位印在表头时，写表头的单位，如 万元",
        }
        definitions[name] = {
            "description": cell.pop("description"),
            "anyOf": [
                {"type": "string", "description": "照原文写这一格的文字"},
                {"type": "number", "description": "原文只印数字（单位在表头）"},
                {"type": "null", "description": "空格"},
                cell,
            ],
        }
    row = definitions["Row"]
    definitions["Row"] = {
        "description": row.pop("description"),
        "anyOf": [{"type": "array", "items": {"$ref": "#/$defs/Cell"}}, row],
    }
    bare = {
        "ProjectFunds": ("initial", "budget", "executed", "weight", "score"),
        "ProjectIndicator": ("weight", "score"),
        "ProjectTable": ("total_weight", "total"),
        "ScoreItem": ("weight", "score"),
        "ScoreTable": ("total_weight", "total"),
    }
    for name, keys in bare.items():
        properties = definitions[name]["properties"]
        for key in keys:
            what = "金额，按表的 unit（默认万元）读" if key in _FUNDS else "分值或得分，按分读"
            properties[key] = {
                "description": properties[key].get("description", ""),
                "anyOf": [
                    {"type": "number", "description": f"原文只印数字时照写：{what}"},
                    *properties[key]["anyOf"],
                ],
            }


_FUNDS = frozenset({"initial", "budget", "executed"})


def _sections_by_kind(node: Any, definitions: dict[str, Any]) -> None:
    """Sections as staff write them: the kind may be left out and is then read from the key.

    Pydantic's discriminated union needs ``kind`` in every section, which editors would
    underline; here each ``sections`` mapping picks its section's type by ``kind`` where it
    is written and by the key where not, with ``if``/``then`` so that an editor underlines a
    mistake at the field itself, not the whole section."""
    if isinstance(node, list):
        for item in node:
            _sections_by_kind(item, definitions)
        return
    if not isinstance(node, dict):
        return
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1:
        ((pattern, union),) = patterns.items()
        if isinstance(union, dict) and union.get("discriminator", {}).get("propertyName") == "kind":
            mapping: dict[str, str] = union["discriminator"]["mapping"]
            del node["patternProperties"]
            node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
            node["properties"] = {
                key: _by_kind(mapping, key, definitions)
                for key, ref in mapping.items()
                if ref != mapping["other"]
            }
            node["additionalProperties"] = _by_kind(mapping, "other", definitions)
    for value in list(node.values()):
        _sections_by_kind(value, definitions)


def _by_kind(mapping: dict[str, str], default: str, definitions: dict[str, Any]) -> dict[str, str]:
    """A reference to the section type chosen by ``kind``, else by ``default`` (defined once)."""
    name = f"SectionKeyed_{default}"
    if name not in definitions:
        kinds = sorted(mapping)
        cases: list[dict[str, Any]] = [
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": kind}}},
                "then": {"$ref": mapping[kind]},
            }
            for kind in kinds
        ]
        cases.append({"if": {"not": {"required": ["kind"]}}, "then": {"$ref": mapping[default]}})
        definitions[name] = {
            "description": f"一节：按 kind 所写的类别读；不写 kind 时按 {default} 读",
            "type": "object",
            "properties": {"kind": {"enum": kinds, "description": "这一节的类别"}},
            "allOf": cases,
        }
    return {"$ref": f"#/$defs/{name}"}


def _describe(definition: dict[str, Any], model_name: str) -> None:
    """Chinese descriptions for the type and each of its fields; no English titles."""
    definition.pop("title", None)
    definition["description"] = DESCRIPTIONS[model_name]
    model = _models()[model_name]
    for field, prop in definition.get("properties", {}).items():
        prop.pop("title", None)
        if "description" not in prop:
            label = field_label(model, field) or "数字，照原文写，如 13人"
            if label != field:
                prop["description"] = label


def _models() -> dict[str, Any]:
    from jixiao.model import figures, tables
    from jixiao.model import report as model

    found: dict[str, Any] = {}
    for module in (model, figures, tables):
        for name in DESCRIPTIONS:
            if hasattr(module, name):
                found[name] = getattr(module, name)
    return found


@functools.cache  # the model's own: the same for every build of a process
def render_schema() -> str:
    """The schema file's text: stable key order, Chinese unescaped, final newline."""
    return json.dumps(report_schema(), ensure_ascii=False, indent=2) + "\n"


def run(folder: Path, *, check: bool, force: bool = False) -> tuple[ExitCode, str]:
    """``jixiao schema``: write folder/report.schema.json, or with check only compare.
    An existing file that differs is replaced only with force: nothing is overwritten unasked.
    Returns (exit code, message): OK up to date or written, DATA stale; usage is a StaffError."""
    data_files(folder)  # a StaffError unless it is a data folder
    target = folder / FILE_NAME
    text = render_schema()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current == text:
        return ExitCode.OK, f"{target} 已是最新。"
    if check:
        return ExitCode.DATA, f"{target} 已过时或不存在；运行 jixiao schema --force 重新生成。"
    if current is not None and not force:
        raise StaffError(
            "已存在且与模型不一致；没有改动它。",
            path=target,
            hint="加 --force 重新生成（会替换该文件）。",
        )
    write_atomic(target, text.encode("utf-8"))
    return ExitCode.OK, f"已写出 {target}。"
