"""``jixiao import``: a source report to the text of a year's data file, and a summary.

Read the source, find its outline, structure the figures each section states plainly,
write the data file's text, then prove it: the text is read back by the model (so it
loads) and every paragraph of the source is found again in it, in order.  Any failure
of that proof is an error, never a file with something missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.importer.figures import Found, read_figures
from jixiao.importer.outline import Heading, Outline, build_outline
from jixiao.importer.read import Source, pipe_cells, read_source
from jixiao.importer.tables import FORM_WORDS, Converted, TableBlock, convert, is_title, squeeze
from jixiao.importer.write import SCHEMA_LINE, block, comment, list_item, read_back, scalar
from jixiao.model.loader import load_source
from jixiao.model.report import KIND_NAMES, Report
from jixiao.source.errors import ExitCode, StaffError

_NOTICE = re.compile(r"《(?P<notice>[^》]{4,80}通知)》\s*[（(](?P<number>[^（）()]{2,30}号)[）)]")
_DEPARTMENT_COVER = ("单位名称", "自评单位", "部门名称", "单位", "部门", "预算单位")
_TITLE_NAME = re.compile(
    r"^(?:\d{4}年度?)?(?P<name>.+?)(?:\d{4}年度?|部门整体|整体支出|部门预算|预算|绩效)"
)
UNSTATED = "（原文未载明，请填写）"


@dataclass
class Imported:
    """The data file's text, the report it loads as, and what was found, for the summary."""

    text: str
    report: Report
    source: Source
    outline: Outline
    found: dict[str, Found] = field(default_factory=dict)
    # each section's tables, as written to the file
    tables: dict[str, list[Converted]] = field(default_factory=dict)
    tables_as_text: int = 0  # tables found but written as text rows

    @property
    def figures(self) -> int:
        return sum(f.count() for f in self.found.values())

    @property
    def candidates(self) -> int:
        return sum(len(f.candidates) for f in self.found.values())

    def summary(self) -> str:
        sections = self.outline.walk()
        top = len(self.outline.sections)
        kinds = list(dict.fromkeys(KIND_NAMES[h.kind] for _, h in sections if h.kind != "other"))
        source = self.source
        lines = [
            f"已读取 {source.path.name}（{source.format}）：{len(source.paragraphs)} 段，"
            f"{source.tables} 张表格。",
            f"各节：{len(sections)} 节（第一级 {top} 节）；"
            f"按标题认出的类别：{'、'.join(kinds) or '无'}。",
            f"结构化的数字：{self.figures} 个；留在原文中待核对的数字：{self.candidates} 个"
            "（见数据文件中各节旁的注释）。",
        ]
        lines += self._table_summary()
        if self.outline.cover:
            lines.append(f"封面各项：{len(self.outline.cover)} 项。")
        if self.outline.contents:
            lines.append(f"原文目录：{len(self.outline.contents)} 条。")
        if not self.outline.organisation and not self.outline.printed_date:
            lines.append("原文没有落款（单位、日期）。")
        return "\n".join(lines)

    def _table_summary(self) -> list[str]:
        written = [t for ts in self.tables.values() for t in ts]
        kinds = {kind: sum(1 for t in written if t.kind == kind) for kind in TABLE_WORDS}
        typed = "、".join(f"{word} {kinds[k]} 张" for k, word in TABLE_WORDS.items() if kinds[k])
        unsure = sum(1 for t in written if t.candidates)
        lines = [
            f"表格：找到 {self.source.tables} 张，写成 tables 的 {len(written)} 张"
            + (f"（{typed}）" if typed else "")
            + f"，按原文留作文字行的 {self.tables_as_text} 张。"
        ]
        if unsure:
            lines.append(
                f"像评分表或项目表、但有格放不进去而写成一般表格的：{unsure} 张（见注释）。"
            )
        if self.source.format == "PDF":
            lines.append(
                "PDF 中的表格按文字行导入（pypdf 不识别表格的格线），请对照原文，"
                "需要时改写为 tables。"
            )
        return lines


TABLE_WORDS = {"score": "评分表", "project": "项目支出绩效自评表", "table": "一般表格"}


def import_report(path: Path, year: int) -> Imported:
    source = read_source(path)
    outline = build_outline(source.paragraphs, source.styled)
    as_text = source.tables_as_text
    tables: dict[str, list[Converted]] = {}
    # tables before the first heading: the report's own top-level tables
    outline.preamble, tables[FRONT], kept = _tables_of(outline.preamble, "front")
    as_text += kept
    for _, heading in outline.walk():
        heading.text, tables[heading.key], kept = _tables_of(heading.text, heading.key)
        as_text += kept
    found = {h.key: read_figures("\n".join(h.text), h.key, h.kind) for _, h in outline.walk()}
    text = render(source, outline, found, year, tables)
    report = _proven(text, source, outline, year)
    return Imported(text, report, source, outline, found, tables, as_text)


FRONT = ""  # the key of the tables before the first heading (no section has it)


def _tables_of(paragraphs: list[str], section: str) -> tuple[list[str], list[Converted], int]:
    """A section's paragraphs without its tables, the tables converted (a short line above a
    table naming it, …表, becomes its title), and how many stay text rows."""
    text: list[str] = []
    tables: list[Converted] = []
    kept = 0
    key = section.replace("_", "-")
    for paragraph in paragraphs:
        if not isinstance(paragraph, TableBlock):
            text.append(paragraph)
            continue
        title = text[-1] if text and is_title(text[-1]) else None
        converted = convert(paragraph.grid, len(tables) + 1, title, key)
        if converted is None:
            text += paragraph.grid.lines()
            kept += 1
            continue
        if converted.titled:
            text.pop()
        tables.append(converted)
    return text, tables, kept


def _department(outline: Outline) -> str | None:
    cover = dict((name, value) for name, value, _ in outline.cover)
    for name in _DEPARTMENT_COVER:
        if name in cover:
            return cover[name]
    if outline.organisation:
        return outline.organisation
    match = _TITLE_NAME.match("".join(outline.title))
    return match["name"] if match else None


def render(
    source: Source,
    outline: Outline,
    found: dict[str, Found],
    year: int,
    tables: dict[str, list[Converted]] | None = None,
) -> str:
    title = "".join(outline.title)
    out = [
        SCHEMA_LINE,
        f"# {title or f'{year}年度（原文未印标题）'}",
        f"# 由 jixiao import 从 {source.path.name}（{source.format}）导入：各段原文照录，",
        "# 按原文的顺序和层次分节；数字只在写法明确时结构化。请对照原文逐节核对标题、类别和数字，",
        "# 看各节旁“待核对”的注释，改完运行 jixiao check。",
        *(
            ["# PDF 中的表格按文字行导入（pypdf 不识别表格的格线），请对照原文核对。"]
            if source.format == "PDF"
            else []
        ),
        f"year: {year}",
    ]
    department = _department(outline)
    if department is None:
        out.append("# 原文中找不到单位全称，请照原文填写。")
    out += block("department", {"name": department or UNSTATED}, 0)
    if not title:
        out.append("# 原文没有印标题，请照原文填写。")
    out.append(f"title: {scalar(title or UNSTATED)}")
    if outline.cover:
        out.append("# 封面或正文前所印各项，照原文。")
        out.append("cover:")
        out += [
            line
            for name, value, _ in outline.cover
            for line in list_item({"name": name, "value": value}, 2)
        ]
    if outline.contents:
        out.append("# 原文所印目录。")
        out += block("contents", outline.contents, 0)
    if tables and tables.get(FRONT):
        out += ["", "# 正文之前（第一个标题之前）所印的表格。", *_tables(tables[FRONT], 0)]
    if outline.preamble:
        basis: dict[str, Any] = {"text": "\n".join(outline.preamble) + "\n"}
        lead: list[str] = []
        if any(pipe_cells(line) for line in outline.preamble):
            lead = comment(
                "待核对：正文之前有以“|”分隔格的表格行（basis 不带表格），照原文留作文字；"
                "请对照原文，需要时移到某一节的 tables",
                0,
            )
        notice = _NOTICE.search(basis["text"])
        if notice:
            basis |= {"notice": notice["notice"], "notice_number": notice["number"]}
        out += ["", *lead, *block("basis", basis, 0)]
    if outline.sections:
        out += ["", "sections:"]
        for heading in outline.sections:
            out += _section(heading, found, 2, tables or {})
    else:
        out += [
            "",
            "# 原文中没有找到带编号的标题（一、（一）1、……），全文写在 basis 中；请按原文分节。",
        ]
    signature: dict[str, Any] = {}
    if outline.organisation:
        signature["organisation"] = outline.organisation
    if outline.date:
        signature["date"] = outline.date
    if outline.printed_date:
        signature["printed_date"] = outline.printed_date
    if signature:
        out += ["", *block("signature", signature, 0)]
    else:
        out += ["", "# 原文末尾没有落款（单位、日期），所以不写 signature。"]
    notes = [f"导入时未录入：{what}。" for what in source.removed]
    if notes:
        out += ["", *block("transcription_notes", notes, 0)]
    return "\n".join(out) + "\n"


# Typed fields in the order the model declares them, then the lists.
_ORDER = (
    "score",
    "grade",
    "founded",
    "total",
    "items",
    "income",
    "spending",
    "carry_over",
    "by_economic",
    "by_functional",
    "three_public",
    "headcount",
    "internal_units",
    "duties",
)


_ROWS_AS_TEXT = (
    "待核对：这一节有以“|”分隔格的表格行，各行格数不同（原文没有标出合并的格），"
    "照原文留作文字；请对照原文，需要时改写为 tables"
)
_TABLE_NOTES = {
    "score": "评分表（由表头认出）：各格照原文；指标的层级按合并的格分，名称中所印的分值"
    "（如“（25分）”）写作 weight，只印数字的分值、得分按“分”读。请对照原文核对层级、分值和得分",
    "project": "项目支出绩效自评表（由标准表样认出）：各格照原文，只印数字的金额按表头的单位读，"
    "分值、得分按“分”读。请对照原文核对",
    "table": "表格照原文逐格录入，合并的格写 colspan/rowspan；表头印有单位（如“（万元）”）的列中"
    "只印数字的格按该单位读",
}


def _tables(converted: list[Converted], indent: int) -> list[str]:
    pad = " " * indent
    out = [f"{pad}tables:"]
    for table in converted:
        out += comment(_TABLE_NOTES[table.kind], indent + 2)
        for why in table.candidates:
            out += comment("待核对：" + why, indent + 2)
        out += list_item(table.data, indent + 2)
    return out


def _section(
    heading: Heading, found: dict[str, Found], indent: int, tables: dict[str, list[Converted]]
) -> list[str]:
    pad = " " * indent
    figures = found[heading.key]
    out = ["", f"{pad}{heading.key}:"]
    inner = indent + 2
    if heading.kind != "other" and heading.key != heading.kind:
        out.append(f"{' ' * inner}kind: {heading.kind}")
    elif heading.kind == "other":
        out += comment(
            "标题中没有认出类别；是概况、预算、执行、绩效、问题、建议等时，写 kind", inner
        )
    out += block("heading", heading.heading, inner)
    if heading.text:
        out += block("text", "\n".join(heading.text) + "\n", inner)
    for key in _ORDER:
        if key in figures.fields:
            out += block(key, figures.fields[key], inner, figures.comments)
    lists = (
        (
            "indicators",
            "任务数、完成数、完成率照原文；名称取自数字前的文字，编号 id 可改为有意义的英文",
        ),
        ("breakdowns", "“其中”之后所列各项；只列举部分时写 exhaustive: false"),
        ("stats", "以紧挨在数字前的文字为名称，请核对名称；编号 id 可改为有意义的英文并逐年沿用"),
    )
    for key, why in lists:
        items = getattr(figures, key)
        if items:
            out += comment(why, inner)
            if key in figures.comments:
                out += comment(figures.comments[key], inner)
            out += block(key, items, inner)
    if tables.get(heading.key):
        out += _tables(tables[heading.key], inner)
    if any(pipe_cells(line) for line in heading.text):
        out += comment(_ROWS_AS_TEXT, inner)
    if figures.candidates:
        out += comment(
            "待核对：这些数字留在原文中，没有结构化——" + "、".join(figures.candidates), inner
        )
    if heading.children:
        out.append(f"{' ' * inner}sections:")
        for child in heading.children:
            out += _section(child, found, inner + 2, tables)
    return out


def _proven(text: str, source: Source, outline: Outline, year: int) -> Report:
    """The model loads the text, and every paragraph of the source is in it, in order."""
    report, problems = load_source(text.encode("utf-8"), f"{year}.yaml", f"{year}.yaml")
    if report is None:
        details = "；".join(p.message for p in problems[:3])
        raise StaffError(
            f"导入结果不能被数据模型读入（{details}）；没有写入任何文件。",
            path=source.path,
            hint="这是 jixiao import 的缺陷，请把原文交给维护人员。",
            code=ExitCode.DATA,
        )
    written = read_back(text)
    carried = "\n".join(_texts(written))
    position = 0
    cover = {line: (name, value) for name, value, line in outline.cover}
    for paragraph in source.paragraphs:
        if isinstance(paragraph, TableBlock):
            _cells_carried(paragraph, carried, source)
            continue
        if paragraph in cover:
            name, value = cover[paragraph]
            if f"{name}：{value}" in carried:
                continue
        found = carried.find(paragraph, position)
        if found < 0:
            found = carried.find(paragraph)
        if found < 0:
            raise StaffError(
                f"导入时有一段原文没有落进数据文件：“{paragraph[:30]}……”；没有写入任何文件。",
                path=source.path,
                hint="这是 jixiao import 的缺陷，请把原文交给维护人员。",
                code=ExitCode.DATA,
            )
        position = found
    return report


def _cells_carried(block: TableBlock, carried: str, source: Source) -> None:
    """Every cell of a table is in the file (a bare number is checked as a figure by the
    model; a dash is the form's blank)."""
    for row in block.grid.rows:
        for cell in row:
            text = cell.text.strip()
            if not text or re.fullmatch(r"[0-9.\-－—–/／]+", text) or text in carried:
                continue
            if squeeze(text) in FORM_WORDS or (text.startswith("等级：") and text[3:] in carried):
                continue
            raise StaffError(
                f"导入时表格的一格没有落进数据文件：“{text[:30]}”（{block.grid.where}）；"
                "没有写入任何文件。",
                path=source.path,
                hint="这是 jixiao import 的缺陷，请把原文交给维护人员。",
                code=ExitCode.DATA,
            )


def _texts(data: Any) -> list[str]:
    """Every string of the written file that carries source text, in file order."""
    if isinstance(data, dict):
        if "heading" in data:
            head = data["heading"] + str(data.get("text", ""))
            return [head, *_texts(data.get("tables", [])), *_texts(data.get("sections", {}))]
        if set(data) == {"name", "value"} and isinstance(data["value"], str):
            return [f"{data['name']}：{data['value']}"]
        return [t for value in data.values() for t in _texts(value)]
    if isinstance(data, list):
        return [t for item in data for t in _texts(item)]
    return [data] if isinstance(data, str) else []
