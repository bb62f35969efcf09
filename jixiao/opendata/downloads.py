"""The data as files anyone can reuse: CSV, XLSX and JSON for each year and for all years.

- CSV: UTF-8 with a BOM (Excel on Windows then shows Chinese), CRLF line ends,
  one row per figure (tidy long format), Chinese column names.
- XLSX: one sheet per table; numbers are numbers, formatted to their printed
  precision; the same rows as the CSV on sheet 全部数字.
- JSON: the full validated model.  Decimals are written as JSON numbers with
  exactly the digits of the data (``0.10`` stays ``0.10``, never ``0.1000000001``);
  read them with ``json.loads(text, parse_float=decimal.Decimal)`` to keep them exact.

Every file is byte-identical for the same data: no timestamps, fixed order.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, Protocol

from jixiao.derive.keyfigures import key_figures
from jixiao.model.figures import Figure
from jixiao.model.report import Breakdown, Budget, Classification, Part, Report, all_indicators
from jixiao.model.tables import Value
from jixiao.model.tree import once_per_object, resolve
from jixiao.model.walk import Leaf, figure_leaves, leaves, nodes
from jixiao.opendata.xlsx import ZIP_DATE, Column, Sheet, Workbook, write_workbook
from jixiao.pages.tables import caption

FOLDER = "downloads"

# (column key, Chinese header, meaning) of the long table: the CSV and sheet 全部数字.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("year", "年度", "报告年度"),
    ("section", "章节", "数字所在的章节（及工作主题）标题，照原文"),
    (
        "path",
        "字段路径",
        "数字在数据文件中的位置，如 sections.performance.sections.theme-1.indicators[1].target",
    ),
    ("id", "编号", "数字所属统计项、指标或分项表的编号，跨年不变；无编号的为空"),
    ("name", "名称", "数字的名称：所属项目 / 细项"),
    ("value", "数值", "原文所印的数值，照原文精度"),
    ("unit", "单位", "原文所印的单位"),
    ("printed", "原文", "原文印的文字，如“约500人”"),
    ("approx", "近似", "原文的近似用语：约、余、多；准确数为空"),
    ("as_of", "截至", "原文所说的截至日期"),
    ("note", "说明", "录入时对这个数字的说明"),
    ("corrected_value", "更正后数值", "原文有误时本站采用的数值；无更正为空"),
    ("corrected_unit", "更正后单位", "更正后数值的单位"),
    ("correction_reason", "更正理由", "为何更正"),
)


@dataclass(frozen=True)
class Download:
    """One downloadable file: where it lives in the site and its bytes."""

    path: str
    year: int | None  # None: all years together
    kind: str  # csv, xlsx, json, schema
    content: bytes

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def file_path(year: int | None, kind: str) -> str:
    """Stable file names: downloads/jixiao-2021.csv, downloads/jixiao-all.xlsx."""
    return f"{FOLDER}/jixiao-{year if year is not None else 'all'}.{kind}"


def _plain(value: Decimal) -> str:
    """A Decimal in plain digits as the data wrote it: never 1E+1."""
    return format(value, "f")


def figure_rows(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """The long table: one row per figure of every report, in file order."""
    rows: list[dict[str, Any]] = []
    for report in reports:
        rows.extend(_row(report.year, leaf) for leaf in figure_leaves(report))
    return rows


def _row(year: int, leaf: Leaf) -> dict[str, Any]:
    figure = leaf.value
    assert isinstance(figure, Figure)
    correction = figure.correction
    return {
        "year": year,
        "section": leaf.section,
        "path": leaf.path,
        "id": leaf.owner_id,
        "name": leaf.label,
        "value": figure.value,
        "unit": figure.unit,
        "printed": figure.printed,
        "approx": figure.approx or "",
        "as_of": leaf.as_of,
        "note": figure.note or "",
        "corrected_value": correction.value if correction else None,
        "corrected_unit": correction.unit if correction else "",
        "correction_reason": correction.reason if correction else "",
    }


# --- CSV -----------------------------------------------------------------------------------


def to_csv(reports: Sequence[Report]) -> bytes:
    return _csv([[row[key] for key, _, _ in COLUMNS] for row in figure_rows(reports)])


def _csv(rows: list[list[Any]]) -> bytes:
    """The long table's rows (a value a column, in the order of COLUMNS) as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _, header, _ in COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


# A text cell starting with one of these is a formula to Excel and WPS (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain(value)
    text = str(value)
    # OWASP's rule: a leading apostrophe makes the spreadsheet show the cell as text.
    return "'" + text if text.startswith(FORMULA_START) else text


# --- JSON ----------------------------------------------------------------------------------


def to_json(reports: Sequence[Report], *, single: bool) -> bytes:
    """One report as the data file's structure, or all of them as {"reports": [...]}."""
    texts = [_report_json(report) for report in reports]
    if single:
        return (texts[0] + "\n").encode("utf-8")
    return joined_json(texts)


def joined_json(texts: Sequence[str]) -> bytes:
    """Reports' JSON (each as ``to_json`` writes one, without its last line break) as one
    {"reports": [...]}."""
    if not texts:
        return b'{\n  "reports": []\n}\n'
    # Each report two levels in: every line of its own JSON indented by four spaces, as
    # _json would write it there (strings never hold a raw line break).
    body = ",\n".join("    " + text.replace("\n", "\n    ") for text in texts)
    return ('{\n  "reports": [\n' + body + "\n  ]\n}\n").encode("utf-8")


@once_per_object
def _report_json(report: Report) -> str:
    # Only finished years are published, so "draft" would say nothing but false.
    return _json(report.model_dump(mode="python", exclude={"draft"}), 0)


def _json(value: Any, depth: int) -> str:
    """JSON with Decimals as numbers in their own digits (json.dumps would need floats)."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{_json(v, depth + 1)}" for v in value) + f"\n{pad}]"
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, datetime.date):
        return f'"{value.isoformat()}"'
    return json.dumps(value, ensure_ascii=False)


# --- XLSX ----------------------------------------------------------------------------------


def _long_columns() -> list[Column]:
    widths = {"section": 30, "path": 40, "name": 36, "printed": 16, "note": 30}
    return [Column(header, widths.get(key, 12), itemgetter(key)) for key, header, _ in COLUMNS]


def _indicator_rows(reports: Sequence[Report]) -> list[tuple[int, str, Any]]:
    rows: list[tuple[int, str, Any]] = []
    for report in reports:
        for figures in (place.figures for place in report.places()):
            rows.extend((report.year, figures.heading, i) for i in all_indicators(figures))
    return rows


_INDICATOR_COLUMNS = [
    Column("年度", 8, lambda r: r[0]),
    Column("章节或主题", 30, lambda r: r[1]),
    Column("编号", 24, lambda r: r[2].id),
    Column("指标", 36, lambda r: r[2].name),
    Column("方向", 6, lambda r: r[2].operator),
    Column("目标", 14, lambda r: r[2].target),
    Column("完成", 14, lambda r: r[2].result),
    Column("未完成", 14, lambda r: r[2].remaining),
    Column("完成率（原文）", 14, lambda r: r[2].rate),
    Column("截至", 16, lambda r: r[2].as_of),
    Column("说明", 30, lambda r: r[2].note),
]


@dataclass(frozen=True)
class _TotalRow:
    year: int
    section: str
    table: str
    item: str  # 合计, or the part's name indented by its depth
    value: Figure | None
    note: str


def _total_rows(reports: Sequence[Report]) -> list[_TotalRow]:
    """Every total with its listed parts (budget items, classifications, breakdowns)."""
    rows: list[_TotalRow] = []
    for report in reports:
        for node in nodes(report):
            obj = node.obj
            if isinstance(obj, Breakdown):
                table, total, parts = obj.name, obj.total, obj.parts
            elif isinstance(obj, Budget):
                table, total, parts = "年初预算", obj.total, obj.items
            elif isinstance(obj, Classification):
                table, total, parts = " / ".join(node.names) or "分类", None, obj.parts
            else:
                continue
            if not parts:
                continue
            base = (report.year, node.section, table)
            rows.append(_TotalRow(*base, "合计（原文）", total, total.note or "" if total else ""))
            rows.extend(_part_rows(base, parts, 0))
    return rows


def _part_rows(base: tuple[int, str, str], parts: Sequence[Part], depth: int) -> list[_TotalRow]:
    rows = []
    for part in parts:
        name = "　" * depth + ("其中：" if depth == 0 else "含：") + part.name
        rows.append(_TotalRow(*base, name, part.value, part.value.note or part.note or ""))
        rows.extend(_part_rows(base, part.parts, depth + 1))
    return rows


_TOTAL_COLUMNS = [
    Column("年度", 8, attrgetter("year")),
    Column("章节", 30, attrgetter("section")),
    Column("表", 24, attrgetter("table")),
    Column("项目", 36, attrgetter("item")),
    Column("数值", 14, attrgetter("value")),
    Column("说明", 40, attrgetter("note")),
]

_THREE_PUBLIC_COLUMNS = [
    Column("年度", 8, lambda r: r[0]),
    Column("类别", 22, lambda r: r[1].category),
    Column("原文用语", 16, lambda r: r[1].name),
    Column("控制数", 14, lambda r: r[1].control),
    Column("实际支出数", 14, lambda r: r[1].actual),
    Column("实际支出占控制数（原文）", 24, lambda r: r[1].rate),
]

_KEY_COLUMNS = [
    Column("年度", 8, lambda k: k.year),
    Column("年初预算", 14, lambda k: k.budget),
    Column("决算总收入", 14, lambda k: k.income),
    Column("全年实际支出", 14, lambda k: k.spending),
    Column("收入为预算的%（计算）", 22, lambda k: k.income_share),
    Column("支出为预算的%（计算）", 22, lambda k: k.spending_share),
    Column("“三公”经费控制数（计算）", 24, lambda k: k.three_public_control),
    Column("“三公”经费实际支出（计算）", 26, lambda k: k.three_public_actual),
    Column("“三公”经费单位", 14, lambda k: k.three_public_unit),
    Column("自评得分", 10, lambda k: k.score),
    Column("等级（原文）", 12, lambda k: k.grade),
    Column("按分数应得等级", 14, lambda k: k.grade_by_score),
]


@dataclass(frozen=True)
class _TableRow:
    year: int
    section: str
    table: str
    path: str
    name: str
    printed: str
    value: Figure | None


# Fields of a table that say how it is written, not what it prints.
_TABLE_FORM = frozenset(
    {"kind", "id", "colspan", "rowspan", "weight_word", "unit", "field", "column"}
)


def _table_rows(reports: Sequence[Report]) -> list[_TableRow]:
    """Every place of every table, text and figures alike, in file order: a cell's figure
    beside the text it is read from."""
    rows: list[_TableRow] = []
    for report in reports:
        for leaf in leaves(report):
            start = next(
                (i for i, step in enumerate(leaf.at) if step in ("tables", "attachments")), None
            )
            if start is None or leaf.at[-1] in _TABLE_FORM:
                continue
            owner = resolve(report, leaf.at[:-1])
            value = leaf.value
            figure: Figure | None
            if isinstance(value, Figure):
                if isinstance(owner, Value):
                    continue  # shown in the row of the cell's text
                printed, figure = value.printed, value
            elif isinstance(value, str) and value:
                printed = value
                figure = owner.figure if isinstance(owner, Value) else None
            else:
                continue
            table = caption(resolve(report, leaf.at[: start + 2]))
            rows.append(
                _TableRow(report.year, leaf.section, table, leaf.path, leaf.label, printed, figure)
            )
    return rows


_TABLE_COLUMNS = [
    Column("年度", 8, attrgetter("year")),
    Column("章节", 30, attrgetter("section")),
    Column("表", 30, attrgetter("table")),
    Column("字段路径", 40, attrgetter("path")),
    Column("名称", 36, attrgetter("name")),
    Column("原文", 40, attrgetter("printed")),
    Column("数值", 14, attrgetter("value")),
    Column("单位", 8, lambda r: r.value.unit if r.value else None),
]


def _sheet(title: str, columns: Sequence[Column], items: Sequence[Any]) -> Sheet:
    return Sheet(title, columns, [[c.get(item) for c in columns] for item in items])


@once_per_object  # a build asks for each year's rows for its own files and for all years'
def _year_sheets(report: Report) -> list[Sheet]:
    """One year's rows of every sheet (a workbook of several years joins them, year by year)."""
    items = report.three_public.items if report.three_public else []
    three = [(report.year, item) for item in items]
    return [
        _sheet("全部数字", _long_columns(), figure_rows([report])),
        _sheet("主要数字", _KEY_COLUMNS, [key_figures(report)]),
        _sheet("目标与完成", _INDICATOR_COLUMNS, _indicator_rows([report])),
        _sheet("三公经费", _THREE_PUBLIC_COLUMNS, three),
        _sheet("合计与分项", _TOTAL_COLUMNS, _total_rows([report])),
        _sheet("表格", _TABLE_COLUMNS, _table_rows([report])),
    ]


def _workbook(reports: Sequence[Report]) -> Workbook:
    parts = [_year_sheets(r) for r in reports]
    sheets = [
        Sheet(first.title, first.columns, [row for part in parts for row in part[i].rows])
        for i, first in enumerate(parts[0])
    ]
    tables = bool(sheets[-1].rows)
    if not tables:  # a sheet only where a report prints tables: other workbooks stay as they were
        sheets.pop()
    return Workbook(_about_lines(reports, tables), sheets, _stamp(reports))


def _stamp(reports: Sequence[Report]) -> datetime.datetime:
    """Fixed document dates: the newest signature date, never the time of the build (the
    zip epoch when no report prints a full date)."""
    dates = [r.signature.date for r in reports if r.signature.date is not None]
    newest = max(dates) if dates else datetime.date(*ZIP_DATE[:3])
    return datetime.datetime(newest.year, newest.month, newest.day)


def to_xlsx(reports: Sequence[Report]) -> bytes:
    return _write_workbook(_workbook(reports))


def _write_workbook(workbook: Workbook) -> bytes:
    return write_workbook(workbook)


def _about_lines(reports: Sequence[Report], tables: bool) -> list[list[str]]:
    department = reports[-1].department.name
    years = "、".join(str(r.year) for r in reports)
    return [
        [f"{department}部门整体支出绩效自评报告数据（{years}年度）"],
        ["数字照原文录入；“计算”列由本站据原文数字计算。数值以数字存储，按原文的小数位数显示。"],
        [],
        ["工作表", "内容"],
        ["全部数字", "每个数字一行：年度、章节、编号、名称、数值、单位、原文、近似、说明、更正"],
        ["主要数字", "每年一行：年初预算、收入、支出、“三公”经费、自评得分与等级"],
        ["目标与完成", "每个指标一行：目标、完成、未完成、原文完成率"],
        ["三公经费", "每个类别一行：控制数、实际支出数、原文比例"],
        ["合计与分项", "年初预算、支出分类和原文所列各项合计：原文合计及其中各项"],
        *([["表格", "报告所印表格的每一格、每一项：原文文字，及其中的数字"]] if tables else []),
        [],
        ["“全部数字”的列", "含义"],
        *[[header, meaning] for _, header, meaning in COLUMNS],
    ]


# --- all files -----------------------------------------------------------------------------


class KeptFiles(Protocol):
    """Where files made before are kept between builds, by a name of what they were made from
    (the build cache's ``Store``)."""

    def get(self, name: str) -> bytes | None: ...

    def put(self, name: str, content: bytes) -> None: ...


def downloads(
    reports: Sequence[Report],
    kept: KeptFiles | None = None,
    sources: Mapping[int, str] | None = None,
) -> list[Download]:
    """Every download: each year's files, then all years together (when there are reports).
    A group of years each named in ``sources`` (a hash of the file it was read from) is
    taken from ``kept`` where it was made before (workbooks are the slow part of a build)."""
    if not reports:
        return []
    ordered = sorted(reports, key=lambda r: r.year)
    sources = sources or {}
    out: list[Download] = []
    shown: list[str] = []  # what each year's workbook shows (``_content_key``)
    texts: list[str] = []  # each year's JSON
    for report in ordered:
        made = _kept_files([report], True, kept, sources)
        shown.append(made.shown)
        texts.append(made.files["json"].decode("utf-8").removesuffix("\n"))
        out += [Download(file_path(report.year, k), report.year, k, made.files[k]) for k in KINDS]
    # All years: the JSON joins the years' own, and the workbook and the CSV, which show what
    # the years' workbooks show, are named by those: a year whose prose alone was edited
    # leaves them, without the rows of every year made again to find that out.
    together = hashlib.sha256("\0".join(shown).encode()).hexdigest()
    made = _kept_files(ordered, False, kept, sources, together, texts)
    return out + [Download(file_path(None, k), None, k, made.files[k]) for k in KINDS]


@dataclass(frozen=True)
class _Made:
    files: dict[str, bytes]  # by kind
    shown: str  # a name for what the workbook shows (``_content_key``), or "" where not needed


def _kept_files(
    group: list[Report],
    single: bool,
    kept: KeptFiles | None,
    sources: Mapping[int, str],
    shown: str = "",
    texts: list[str] | None = None,
) -> _Made:
    """A group's files, as ``_files`` makes them; where every year is named in ``sources``,
    taken from ``kept`` if made before, and kept (with what the workbook shows) if not."""
    if kept is None or any(r.year not in sources for r in group):
        return _files(group, single, shown=shown, texts=texts)
    made_from = "\0".join([str(single), *(sources[r.year] for r in group)])
    found = {kind: kept.get(f"{made_from}\0{kind}") for kind in KINDS}
    named = kept.get(f"{made_from}\0shown") if single else None
    shown = named.decode("ascii", errors="replace") if named else shown
    missing = [kind for kind, content in found.items() if content is None]
    if not missing and (shown or not single):
        return _Made({kind: content for kind, content in found.items() if content}, shown)
    made = _files(group, single, missing, kept, shown, texts)
    for kind in missing:
        kept.put(f"{made_from}\0{kind}", made.files[kind])
    if single and not named:
        kept.put(f"{made_from}\0shown", made.shown.encode("ascii"))
    return _Made({kind: found[kind] or made.files[kind] for kind in KINDS}, made.shown)


KINDS = ("csv", "xlsx", "json")


def _files(
    group: list[Report],
    single: bool,
    kinds: Sequence[str] = KINDS,
    kept: KeptFiles | None = None,
    shown: str = "",
    texts: list[str] | None = None,
) -> _Made:
    """The group's files of these kinds; kept by what its workbook shows (``shown`` where the
    caller knows it, else made from the workbook), returned with that name; ``texts`` are its
    reports' JSON where made already."""
    book = functools.cache(lambda: _workbook(group))
    named = shown or (_content_key(book()) if kept is not None else "")
    make = {
        # the workbook's first sheet is the long table, as the CSV has it
        "csv": lambda: _csv(book().sheets[0].rows),
        "xlsx": lambda: _write_workbook(book()),
        "json": lambda: joined_json(texts) if texts is not None else to_json(group, single=single),
    }
    files = {}
    for kind in kinds:
        if kind == "json" or kept is None:
            files[kind] = make[kind]()
            continue
        # The workbook and the CSV hold the figures and tables, not the report's prose: a year
        # whose prose alone was edited leaves them as they were, and their files are taken from
        # before (writing the workbook of ten years costs a seventh of a second).
        name = f"{named}\0{kind}"
        content = kept.get(name)
        if content is None:
            content = make[kind]()
            kept.put(name, content)
        files[kind] = content
    return _Made(files, named)


def _content_key(book: Workbook) -> str:
    """A name for everything a workbook shows (its values' reprs: Decimal keeps its places)."""
    shown = (book.about, [(s.title, [c.header for c in s.columns], s.rows) for s in book.sheets])
    return hashlib.sha256(repr((shown, book.stamp)).encode("utf-8")).hexdigest()
