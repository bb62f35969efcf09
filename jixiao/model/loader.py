"""Data files to validated reports, or every problem in them, in Chinese, with file and line."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from jixiao.infra.errors import StaffError, from_os_error, os_reason
from jixiao.model import report as model
from jixiao.model.figures import format_hint
from jixiao.model.tables import TABLE_KINDS
from jixiao.source.problems import DataError, Problem, display_path
from jixiao.source.upgrade import OLD_SECTIONS, is_old_shape, upgrade_text
from jixiao.source.yamlsource import (
    CONTROL_CHARACTERS,
    Document,
    Path_,
    decode,
    parse,
    read_bytes,
)

YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml$")


@dataclass
class Loaded:
    """The reports that loaded cleanly and the problems of those that did not."""

    reports: list[model.Report] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[int, Path] = field(default_factory=dict)
    documents: dict[int, Document] = field(default_factory=dict)
    # A hash of each loaded year's file and the code that read it: what was made from the
    # file can be kept between builds under it (the audit).
    keys: dict[int, str] = field(default_factory=dict)
    # Files that say ``draft: true`` (loaded or not), by the name their problems carry: a
    # draft's problems must not stop the finished years from being published.
    drafts: dict[str, Path] = field(default_factory=dict)

    def split(self) -> tuple[Loaded, Loaded]:
        """(the finished years, the drafts), each with its own reports, problems and sources."""
        finished, drafts = Loaded(), Loaded(drafts=dict(self.drafts))
        for report in self.reports:
            into = drafts if report.draft else finished
            into.reports.append(report)
            if report.year in self.sources:
                into.sources[report.year] = self.sources[report.year]
            if report.year in self.documents:
                into.documents[report.year] = self.documents[report.year]
            if report.year in self.keys:
                into.keys[report.year] = self.keys[report.year]
        for problem in self.problems:
            (drafts if problem.file in self.drafts else finished).problems.append(problem)
        return finished, drafts


def data_files(data_dir: Path) -> list[Path]:
    """The year files of a data folder, oldest first; a StaffError if it is no readable folder."""
    if not data_dir.is_dir():
        missing = not data_dir.exists()
        raise StaffError(
            "找不到数据文件夹。" if missing else "数据文件夹的位置是一个文件，不是文件夹。",
            path=data_dir,
            hint="请在项目根目录运行，或用 --data 指定数据文件夹。",
        )
    try:
        return sorted(p for p in data_dir.iterdir() if YEAR_FILE.match(p.name))
    except OSError as error:
        raise from_os_error(error, "读取数据文件夹", data_dir) from error


def load_year(path: Path) -> tuple[model.Report | None, list[Problem]]:
    """Load one year's file: the report, or None and every problem found in it."""
    report, problems, _ = load_year_with_source(path)
    return report, problems


def load_year_with_source(
    path: Path,
) -> tuple[model.Report | None, list[Problem], Document | None]:
    """As ``load_year``, with the parsed document that knows where each field was written."""
    name = display_path(path)
    raw = read_year_bytes(path)
    if isinstance(raw, Problem):
        return None, [raw], None
    doc = read_bytes(raw)
    report, problems = _validate(name, path.name, doc)
    return report, problems, doc


def _load_kept(
    path: Path,
) -> tuple[model.Report | None, list[Problem], Document | None, str | None]:
    """As ``load_year_with_source``, with the file's key (its name and bytes); the very
    objects of the last ``load_all`` where that read the same bytes under the same name."""
    raw = read_year_bytes(path)
    if isinstance(raw, Problem):
        return None, [raw], None, None
    name = display_path(path)
    digest = hashlib.sha256(f"{name}\0{path.name}\0".encode())
    digest.update(raw)
    key = digest.hexdigest()
    found = _read_before.get(key)
    if found is None:
        doc = read_bytes(raw)
        found = (*_validate(name, path.name, doc), doc)
    _read_now[key] = found
    return (*found, key)


# The years the last ``load_all`` of this process read, by key.  Under ``mkdocs serve`` a
# rebuild after one year changed takes the other years' very objects, so everything worked
# out from them before (walks, audits, charts' data: ``once_per_object``) is taken too.
# Reports are frozen; the problems and documents are only ever read.
_read_before: dict[str, tuple[model.Report | None, list[Problem], Document | None]] = {}
_read_now: dict[str, tuple[model.Report | None, list[Problem], Document | None]] = {}


def read_year_bytes(path: Path) -> bytes | Problem:
    """The bytes of a year file, or why it cannot be read: a folder or a dangling link
    where the file should be, no permission, a failing disk."""
    name = display_path(path)
    if path.is_symlink() and not path.exists():
        return Problem(
            name,
            "这是一个符号链接，它指向的文件不存在。",
            found=f"指向 {os.readlink(path)}",
            hint="恢复它指向的文件，或删除这个链接。",
        )
    if path.is_dir():
        return Problem(
            name,
            "这是一个文件夹，不是数据文件。",
            hint=f"以年份命名的 {path.name} 应是一年的数据文件；把这个文件夹改名或移走。",
        )
    if not path.exists():
        return Problem(name, "找不到这个文件。", hint="检查文件名和路径。")
    try:
        return path.read_bytes()
    except OSError as error:
        reason, hint = os_reason(error)
        return Problem(name, f"读不出这个文件：{reason}。", hint=hint)


def load_source(raw: bytes, name: str, file_name: str) -> tuple[model.Report | None, list[Problem]]:
    """Load one year's data from its bytes; ``name`` is how problems refer to the file
    (e.g. ``HEAD:data/2021.yaml``), ``file_name`` its base name, checked against the year.
    A version written for the first model is read as upgraded."""
    doc = read_bytes(raw)
    if is_old_shape(doc.value):
        text, _ = decode(raw)
        doc = parse(upgrade_text(text or ""))
    return _validate(name, file_name, doc)


def _validate(
    name: str, file_name: str, doc: Document
) -> tuple[model.Report | None, list[Problem]]:
    problems = [
        Problem(
            name,
            issue.message,
            issue.position.line if issue.position else None,
            issue.position.column if issue.position else None,
            field=format_path(issue.path),
            expected=issue.expected,
            found=issue.found,
            hint=issue.hint,
        )
        for issue in doc.issues
    ]
    if problems:
        return None, problems
    if not isinstance(doc.value, dict):
        # What a file not named as a year's holds is not shown: it may be anything
        # (``jixiao diff /etc/passwd``).
        shown = _kind if YEAR_FILE.match(file_name) else _kind_only
        found = "空文件" if doc.value is None else shown(doc.value)
        return None, [
            Problem(
                name,
                "文件的最外层应是字段映射。",
                1,
                1,
                expected="以“year: 2021”这类“字段: 值”开头的映射",
                found=found,
                hint="从上一年的数据文件复制结构，再逐项填写。",
            )
        ]
    if is_old_shape(doc.value):
        first = next(key for key in doc.value if key in OLD_SECTIONS)
        position = doc.position_of((first,))
        return None, [
            Problem(
                name,
                "这是旧格式的数据文件：正文各节应写在 sections 之下。",
                position.line if position else None,
                position.column if position else None,
                field=first,
                expected="sections: 下按原文顺序写各节",
                found=f"顶层的“{first}”",
                hint=f"运行 jixiao upgrade {name}，自动改成新格式（注释和写法照旧保留）。",
            )
        ]
    problems = _year_mismatch(name, file_name, doc)
    try:
        report = model.Report.model_validate(doc.value)
    except ValidationError as error:
        problems += [_problem(name, doc, e) for e in error.errors(include_url=False)]
        return None, sorted(problems, key=_reading_order)
    if problems:
        return None, problems
    return report, []


def _reading_order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _year_mismatch(name: str, file_name: str, doc: Document) -> list[Problem]:
    match = YEAR_FILE.match(file_name)
    year = doc.value.get("year")
    if match is None or not isinstance(year, Decimal) or year == int(match[1]):
        return []
    position = doc.position_of(("year",))
    return [
        Problem(
            name,
            "文件名中的年份与文件里的 year 不一致。",
            position.line if position else None,
            position.column if position else None,
            field="year",
            expected=match[1],
            found=str(year),
            hint=f"文件名应为 {year}.yaml，或把 year 改为 {match[1]}。",
        )
    ]


def load_all(paths: list[Path]) -> Loaded:
    """Load several year files; every problem of every file is collected."""
    loaded = Loaded()
    _read_now.clear()
    for path in paths:
        report, problems, doc, key = _load_kept(path)
        loaded.problems.extend(problems)
        if doc is not None and isinstance(doc.value, dict) and doc.value.get("draft") is True:
            loaded.drafts[display_path(path)] = path
        if report is None:
            continue
        if report.year in loaded.sources:
            where = doc.position_of(("year",)) if doc is not None else None
            loaded.problems.append(
                Problem(
                    display_path(path),
                    f"{report.year} 年已有数据文件 {display_path(loaded.sources[report.year])}。",
                    where.line if where else None,
                    where.column if where else None,
                    field="year",
                    hint="每年只能有一个数据文件；合并两个文件，删去其一。",
                )
            )
            continue
        loaded.sources[report.year] = path
        if key is not None:
            loaded.keys[report.year] = key
        if doc is not None:
            loaded.documents[report.year] = doc
        loaded.reports.append(report)
    loaded.reports.sort(key=lambda r: r.year)
    loaded.problems += _other_departments(loaded)
    _read_before.clear()
    _read_before.update(_read_now)
    return loaded


def _other_departments(loaded: Loaded) -> list[Problem]:
    """One problem for each department beyond the site's own: a site publishes one department,
    and years of two joined into one history would compare one with the other.  The site's
    department is the one most years name (of equals, the earliest year's)."""
    by_name: dict[str, list[int]] = {}
    for report in loaded.reports:  # oldest first
        by_name.setdefault(report.department.name.strip(), []).append(report.year)
    if len(by_name) < 2:
        return []
    own = max(by_name, key=lambda name: (len(by_name[name]), -by_name[name][0]))
    problems = []
    for name, years in by_name.items():
        if name == own:
            continue
        year = years[0]
        doc = loaded.documents.get(year)
        where = doc.position_of(("department", "name")) if doc is not None else None
        problems.append(
            Problem(
                display_path(loaded.sources[year]),
                f"这个数据文件夹里有两个部门的报告：{_years(by_name[own])}是“{own}”的，"
                f"{_years(years)}是“{name}”的。",
                where.line if where else None,
                where.column if where else None,
                field="department.name",
                expected=f"“{own}”",
                found=f"“{name}”",
                hint="一个网站只发布一个部门的报告：把这个部门的数据文件移到另一个文件夹，"
                f"用 jixiao init 另建网站（如 jixiao init 新文件夹 --department {name}）；"
                "若是同一部门、名称写法不同，改成一致。",
            )
        )
    return problems


def _years(years: list[int]) -> str:
    return "、".join(str(year) for year in years) + " 年"


def format_path(path: Path_ | tuple[int | str, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "映射（字段: 值）"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, bool):
        return f"真假值 {str(value).lower()}"
    if isinstance(value, Decimal):
        return f"数字 {value}"
    if value is None:
        return "空值"
    text = str(value)
    text = text if len(text) <= 40 else text[:40] + "…"
    # Line breaks and invisible characters are shown, not acted on by the terminal.
    text = _INVISIBLE.sub(lambda m: _visible(m.group()), text)
    return f"“{text}”"


def _kind_only(value: Any) -> str:
    if isinstance(value, str):
        return "一段文字，不是“字段: 值”的映射"
    return _kind(value).split(" ")[0]


# Shown by their code: control and format characters, and lone surrogates (no character).
_INVISIBLE = re.compile(f"[\\x00-\\x1f{CONTROL_CHARACTERS.pattern[1:-1]}\\ud800-\\udfff]")


def _visible(char: str) -> str:
    return {"\n": "↵", "\t": "⇥"}.get(char, f"<U+{ord(char):04X}>")


def _all_field_names() -> list[str]:
    names: set[str] = set()
    for obj in vars(model).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            names.update(obj.model_fields)
    return sorted(names)


_EXPECTED = {
    "table_shape": "每行一样宽（算上合并的格）",
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "model_type": "映射（字段: 值）",
    "model_attributes_type": "映射（字段: 值）",
    "dict_type": "映射（字段: 值）",
    "date_type": "日期，如 2022-05-20",
    "date_parsing": "日期，如 2022-05-20",
    "date_from_datetime_parsing": "日期，如 2022-05-20",
    "string_too_short": "非空文字",
    "string_pattern_mismatch": "小写英文字母、数字和连字符组成的编号，如 vocational-training",
    "decimal_type": "数字",
    "decimal_parsing": "数字",
    "string_unicode": "文字（每个字符都是有效的 Unicode 字符）",
    "figure_format": "带单位的数字，如 521.75万元、约500人、45%",
    "figure_unit": "单位表中的单位，或文件顶层 units 中声明的单位",
}

_HINT = {
    "missing": "补上这个字段；可参照上一年的文件。",
    "string_type": "这里应写一段文字；列表或映射请改成一段文字。",
    "list_type": "写成列表，每项单独一行，以“- ”开头，并比上一层多缩进两格。",
    "model_type": "写成“字段: 值”的映射，每个字段单独一行，并比上一层多缩进两格。",
    "model_attributes_type": "写成“字段: 值”的映射，每个字段单独一行，并比上一层多缩进两格。",
    "dict_type": "写成“字段: 值”的映射，每个字段单独一行，并比上一层多缩进两格。",
    "date_type": "日期写成 年-月-日，如 2022-05-20；日期必须真实存在。",
    "date_parsing": "日期写成 年-月-日，如 2022-05-20；日期必须真实存在。",
    "date_from_datetime_parsing": "日期写成 年-月-日，如 2022-05-20；日期必须真实存在。",
    "int_type": "写成整数，如 2021。",
    "int_parsing": "写成整数，如 2021。",
    "bool_type": "写 true（是）或 false（否）。",
    "bool_parsing": "写 true（是）或 false（否）。",
    "string_too_short": "填写内容，或删去这个字段。",
    "greater_than_equal": "检查数字是否写错。",
    "less_than_equal": "检查数字是否写错。",
    "correction_format": "写成带单位的数字，如 2.17万元。",
    "string_pattern_mismatch": "编号用来跨年对应同一指标，定下后不要再改。",
    "figure_format": "照原文写数字和单位，如 521.75万元；原文有误、不能照读时写成 "
    "{printed: 原文, value: 数值, unit: 单位, note: 说明}。",
    "figure_note_missing": "在 note 中说明为什么这样读，如“原文“万无”为“万元”之误”。",
    "unit_declared_name": "照原文写单位，如“公顷”。",
    "unit_declared_known": "删去这条声明；这个单位不声明也能用。",
    "unit_declared_family": "删去类别名称前后的空格（包括全角空格）；"
    "类别名称须与已有类别一字不差。",
    "unit_declared_factor": "如 {name: 公顷, family: 面积, factor: 10000}；不与已有单位换算的，"
    "写一个新的类别。",
    "duplicate_unit": "每个单位只声明一次；删去其一。",
    "duplicate_id": "同一年内每个编号只能用一次；改用一个新编号。",
    "table_shape": "合并的格写成 {text: 文字, colspan: 向右格数, rowspan: 向下行数}；"
    "被合并占去的位置在下面各行（或右边）不再写；每行算上合并的格应一样宽。",
    "duplicate_section": "给这一节换一个键名，如 section-3-1；键名只用作锚点，不影响页面上的标题。",
    "string_too_long": "编号用几个简短的英文词，如 new-jobs；完整的名称写在 name 中。",
    "decimal_max_digits": "照原文核对这个数字，多半是多按了键或粘贴错了。",
    "one_line": "把这段文字写在一行内：去掉“|”或“>”块写法和引号中的 \\n、\\t；正文请写在 text 中。",
    "control_character": "删去这个字符；它多半来自引号中的 \\a、\\u200b 之类的转义写法，"
    "或随网页、Word 中的文字粘贴而来。",
    "literal_error": "从给出的写法中选一个，照抄。",
    "string_unicode": "删去这个字符；它多半来自引号中的 \\ud800 之类的转义写法，"
    "单独一个代理码位不是字符。",
}


def _without_kind_tags(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Pydantic names the kind a section was validated as inside the path; the file does not."""
    out: list[int | str] = []
    for index, part in enumerate(loc):
        if index >= 2 and loc[index - 2] == "sections" and part in model.KIND_NAMES:
            continue
        if index >= 2 and loc[index - 2] in ("tables", "attachments") and part in TABLE_KINDS:
            continue
        out.append(part)
    return tuple(out)


def _problem(file: str, doc: Document, error: ErrorDetails) -> Problem:
    loc = _without_kind_tags(tuple(error["loc"]))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "union_tag_invalid":
        return _kind_problem(file, doc, loc, ctx)
    loc, value = _located(kind, loc, error.get("input"), ctx)
    if kind == "missing":
        position = doc.position_of(loc[:-1])
        return Problem(
            file,
            f"缺少必填字段“{loc[-1]}”。",
            position.line if position else None,
            position.column if position else None,
            field=format_path(loc),
            expected=f"字段“{loc[-1]}”",
            found="没有这个字段",
            hint=_HINT["missing"],
        )
    position = doc.position_of(loc)
    line = position.line if position else None
    column = position.column if position else None
    if kind == "extra_forbidden":
        return _unknown_field(file, loc, line, column)
    message, hint = _message_and_hint(kind, error["msg"], ctx, value)
    expected, found = _expected_and_found(kind, ctx, value)
    return Problem(
        file,
        message,
        line,
        column,
        field=format_path(loc),
        expected=expected,
        found=found,
        hint=hint,
    )


def _kind_problem(
    file: str, doc: Document, loc: tuple[int | str, ...], ctx: dict[str, Any]
) -> Problem:
    """A section's or a table's kind that is not one of the kinds."""
    table = len(loc) >= 2 and loc[-2] in ("tables", "attachments")
    loc = (*loc, "kind")
    position = doc.position_of(loc)
    if table:
        message, kinds = "不是已有的表格类别。", TABLE_KINDS
        hint = "；".join(f"{k} {v}" for k, v in TABLE_KINDS.items()) + "。一般表格不写 kind。"
    else:
        message, kinds = "不是已有的类别。", model.KIND_NAMES
        hint = (
            "类别说明这一节是什么："
            + "；".join(f"{k} {v}" for k, v in model.KIND_NAMES.items())
            + "。不属于这些的写 other 或删去 kind。"
        )
    return Problem(
        file,
        message,
        position.line if position else None,
        position.column if position else None,
        field=format_path(loc),
        expected="、".join(kinds),
        found=_kind(ctx.get("tag")),
        hint=hint,
    )


def _located(
    kind: str, loc: tuple[int | str, ...], value: Any, ctx: dict[str, Any]
) -> tuple[tuple[int | str, ...], Any]:
    """Where the problem is and the value found there, for errors raised on a whole table or
    report that name the field themselves."""
    if kind == "table_shape":
        # Raised on the whole table; the error knows which row or cell is out of line.
        return (*loc, *ctx["path"]), ctx["shown"]
    if kind in ("duplicate_id", "duplicate_section", "duplicate_unit"):
        # Raised on the whole report; the error knows which field holds the second use.
        return (*loc, *ctx["path"]), ctx["id"] if kind == "duplicate_id" else ctx["key"]
    if kind.startswith("plausible") and "path" in ctx:
        return (*loc, *ctx["path"]), value  # raised on a report or table: it names the field
    return loc, value


def _unknown_field(
    file: str, loc: tuple[int | str, ...], line: int | None, column: int | None
) -> Problem:
    # at the top level only the report's own fields can be meant
    names = list(model.Report.model_fields) if len(loc) == 1 else _all_field_names()
    # A field of another kind of section is refused here: never suggest it back.
    names = [name for name in names if name != loc[-1]]
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    hint = f"是否想写“{close[0]}”？" if close else "删去这个字段，或检查拼写与缩进。"
    if loc[-1] in _all_field_names():
        hint = (
            f"“{loc[-1]}”是别的层或别类的节才有的字段，这里不能写：检查缩进；"
            "若这一节是某一类（如部门概况），用该类的键名或 kind 声明。"
        )
    return Problem(
        file,
        f"未知字段“{loc[-1]}”。",
        line,
        column,
        field=format_path(loc),
        expected="本层允许的字段",
        found=f"“{loc[-1]}”",
        hint=hint,
    )


def _message_and_hint(kind: str, msg: str, ctx: dict[str, Any], value: Any) -> tuple[str, str]:
    message = _message(kind, msg, ctx)
    own_hint = kind == "figure_unit" or kind.startswith("plausible")
    hint = str(ctx["hint"]) if own_hint else _HINT.get(kind, "")
    if value == "":
        # A blank left by `jixiao new`, or a field typed without its value.
        message = "尚未填写。"
        hint = "照新报告填写" + (
            "带单位的数字，如 521.75万元。" if kind == "figure_format" else "。"
        )
    if isinstance(value, bool) and kind in ("string_type", "figure_format"):
        hint = "YAML 把 yes/no/on/off/true/false 读成真假值；如是文字请加引号。"
    elif kind == "figure_format" and format_hint(value):
        hint = format_hint(value)
    elif isinstance(value, Decimal) and kind == "figure_format":
        hint = f"数字后要写单位，如 {value}万元、{value}人；比率写成百分数，如 45%。"
    elif isinstance(value, dict) and kind == "string_type":
        hint = "文字中有“: ”（英文冒号加空格）时，YAML 会把它读成字段；请给整段文字加引号。"
    elif isinstance(value, Decimal) and kind == "string_type":
        hint = "YAML 把它读成了数字；如是文字请加引号。"
    return message, hint


def _expected_and_found(kind: str, ctx: dict[str, Any], value: Any) -> tuple[str, str]:
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("' or '", "'、'").replace("', '", "'、'")
    else:
        expected = _EXPECTED.get(kind, "")
    found = _kind(value)
    if kind == "figure_unit" and not isinstance(value, str):
        found = _kind(str(ctx["unit"]))  # a mapping's unit field, not the whole mapping
    if kind.startswith(("unit_declared", "plausible")):
        expected, found = str(ctx["expected"]), str(ctx["found"])
    return expected, found


def _message(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    if kind.startswith(("figure", "unit_declared", "plausible")) or kind in (
        "duplicate_id",
        "duplicate_unit",
        "duplicate_section",
        "table_shape",
        "one_line",
        "control_character",
    ):
        return msg + "。"
    fixed = {
        "literal_error": "不是允许的写法。",
        "greater_than_equal": f"数值太小，应不小于 {ctx.get('ge')}。",
        "less_than_equal": f"数值太大，应不大于 {ctx.get('le')}。",
        "string_too_short": "不能为空。",
        "string_pattern_mismatch": "编号的写法不对。",
        "decimal_max_digits": f"数字位数过多，应不超过 {ctx.get('max_digits')} 位。",
        "string_too_long": f"太长了，应不超过 {ctx.get('max_length')} 个字。",
        "string_unicode": "文字中有无效的字符（单独的代理码位，如 \\ud800）。",
    }
    if kind in fixed:
        return fixed[kind]
    expected = _EXPECTED.get(kind)
    if expected:
        return f"类型不对，应为{expected}。"
    return f"数据不合要求（{msg}）。"


def load_or_raise(path: Path) -> model.Report:
    report, problems = load_year(path)
    if report is None:
        raise DataError(problems)
    return report
