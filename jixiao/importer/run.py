"""``jixiao import``: a source report to the text of a year's data file, and a summary.

Read the source, find its outline, structure the figures each section states plainly,
write the data file's text, then prove it: the text is read back by the model (so it
loads), every paragraph of the source is found again in it, in order, and every number
the reader extracted, before it took anything away, is in it (what was taken away, page
numbers and the like, is named in its notes).  When the proof fails on the outline found,
the text is written again without it (the body as the basis's text, as printed), so a
readable report always imports; a file with something missing is never written.  The
department is the site's when the import goes into a site; the year is a draft.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from jixiao.checks.rules import PLACEHOLDER
from jixiao.importer.figures import Found, read_figures
from jixiao.importer.outline import (
    Heading,
    Outline,
    build_outline,
    is_unit_name,
    split_heading,
    split_items,
)
from jixiao.importer.read import Source, pipe_cells, read_source, without_unseen
from jixiao.importer.tables import FORM_WORDS, Converted, TableBlock, convert, is_title, squeeze
from jixiao.infra.errors import ExitCode, StaffError
from jixiao.model.loader import load_source
from jixiao.model.report import KIND_NAMES, Report
from jixiao.source.yamlwrite import (
    LOADER,
    SCHEMA_LINE,
    block,
    comment,
    list_item,
    read_back,
    scalar,
)

# on one line: a name a wrap split (“…关于下达\n2016年…通知”) is no name the model takes
_NOTICE = re.compile(
    r"《(?P<notice>[^》\n]{4,80}通知)》[ \u3000]*[（(](?P<number>[^（）()\n]{2,30}号)[）)]"
)
_DEPARTMENT_COVER = ("单位名称", "自评单位", "部门名称", "单位", "部门", "预算单位")
_TITLE_NAME = re.compile(
    r"^(?:\d{4}年度?)?(?P<name>.+?)(?:\d{4}年度?|部门整体|整体支出|部门预算|预算|绩效)"
)
UNSTATED = PLACEHOLDER
_ITEMS_SPLIT = "一段中相连的几个编号项（如“1、…… 2、……”）之间的空格（各项分为各段）"
_HEADING_GAP = "标题句与同一段中接着的正文之间的空格（如“1、推进就业创业。　目前……”）"


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
    named: str | None = None  # the department the source names (title, cover, signature)
    as_text: str | None = None  # why the outline was given up and the body kept as text

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
        if self.as_text:
            lines.append(
                f"分节没有通过核对（{self.as_text}），正文照原文写在 basis 中，请按原文分节。"
            )
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
        return lines


TABLE_WORDS = {"score": "评分表", "project": "项目支出绩效自评表", "table": "一般表格"}


def import_report(
    path: Path, year: int, site: str | None = None, short_name: str | None = None
) -> Imported:
    """The source as a year's draft; ``site`` is the department of the site it goes into
    (its name is the data's, whatever the source prints)."""
    source = read_source(path)
    split = _split_items(source)
    outline = build_outline(split.paragraphs, split.styled)
    named = _department(outline)
    other = named if names_another(named, site, short_name) else None
    department = Named(site or named, other, short_name if site else None)
    try:
        imported = _structured(split, outline, year, department)
    except StaffError as failed:
        imported = _as_text(source, year, department, failed)
    imported.named = named
    return imported


@dataclass(frozen=True)
class Named:
    """The department the data file names, and another one the source prints, if any."""

    name: str | None
    other: str | None = None
    short_name: str | None = None  # the site's


def names_another(named: str | None, site: str | None, short_name: str | None = None) -> bool:
    """Whether the source names a department that is not the site's (its full or short
    name, or one within the other: 县人社局 and 新晃侗族自治县人社局 are one)."""
    if not named or not site:
        return False
    printed = re.sub(r"\s", "", named)
    return not any(
        printed in own or own in printed
        for own in (re.sub(r"\s", "", n) for n in (site, short_name) if n)
    )


def _split_items(source: Source) -> Source:
    """Paragraphs holding several numbered items cut into their items, and the space after
    a heading's sentence dropped where the paragraph's text runs on (“1、甲。　目前……”);
    notes say so."""
    paragraphs: list[str] = []
    removed = list(source.removed)
    for paragraph in source.paragraphs:
        if isinstance(paragraph, TableBlock):
            paragraphs.append(paragraph)
            continue
        items = split_items(paragraph)
        if len(items) > 1 and _ITEMS_SPLIT not in removed:
            removed.append(_ITEMS_SPLIT)
        for item in items:
            found = split_heading(item, source.styled)
            joined = "".join(found) if found else item
            if joined != item and _HEADING_GAP not in removed:
                removed.append(_HEADING_GAP)
            paragraphs.append(joined)
    if paragraphs == source.paragraphs:
        return source
    return replace(source, paragraphs=paragraphs, removed=removed)


def _structured(source: Source, outline: Outline, year: int, department: Named) -> Imported:
    as_text = source.tables_as_text
    tables: dict[str, list[Converted]] = {}
    # tables before the first heading: the report's own top-level tables
    outline.preamble, tables[FRONT], kept = _tables_of(outline.preamble, "front")
    as_text += kept
    for _, heading in outline.walk():
        heading.text, tables[heading.key], kept = _tables_of(heading.text, heading.key)
        as_text += kept
    found = {
        h.key: read_figures("\n".join(h.text), _id_prefix(h.key), h.kind) for _, h in outline.walk()
    }
    text = render(source, outline, found, year, tables, department)
    report = _proven(text, source, outline, year)
    return Imported(text, report, source, outline, found, tables, as_text)


def _id_prefix(key: str) -> str:
    """The figures' ids of a section start with its key, written as the model wants ids
    (three_public → three-public)."""
    return re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-")[:48] or "section"


def _as_text(source: Source, year: int, department: Named, failed: StaffError) -> Imported:
    """The report with its body as the basis's text, every paragraph as printed, when the
    outline found does not prove; the title is kept when that proves, else left to fill in."""
    lines: list[str] = []
    tables = 0
    for paragraph in source.paragraphs:
        if isinstance(paragraph, TableBlock):
            tables += 1
            lines += paragraph.grid.lines()
        else:
            lines.append(paragraph)
    found = build_outline(lines).title
    titled = found if lines[: len(found)] == found else []
    why = failed.message.removesuffix("没有写入任何文件。").rstrip("；。")
    for title in (titled, []):
        outline = Outline(title=list(title), preamble=lines[len(title) :])
        text = render(source, outline, {}, year, {}, department, as_text=why)
        try:
            report = _proven(text, source, outline, year)
        except StaffError:
            continue
        return Imported(text, report, source, outline, {}, {}, tables, as_text=why)
    raise failed


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
        # “单位：万元” above a table names a unit of money, not the department
        if name in cover and is_unit_name(re.sub(r"[（(]盖章[)）]$", "", cover[name])):
            return cover[name]
    if outline.organisation:
        return outline.organisation
    match = _TITLE_NAME.match("".join(outline.title))
    # a title's words before 部门整体… name a unit only when they end as one does
    return match["name"] if match and is_unit_name(match["name"]) else None


def render(
    source: Source,
    outline: Outline,
    found: dict[str, Found],
    year: int,
    tables: dict[str, list[Converted]] | None = None,
    department: Named | None = None,
    as_text: str | None = None,
) -> str:
    title = "".join(outline.title)
    out = _header(source, title, year, as_text)
    out += _department_lines(department or Named(_department(outline)))
    if not title:
        out.append("# 原文没有印标题，请照原文填写。")
    out.append(f"title: {scalar(title or UNSTATED)}")
    out += _front_matter(outline, tables)
    if outline.sections:
        out += ["", "sections:"]
        for heading in outline.sections:
            out += _section(heading, found, 2, tables or {})
    elif not as_text:
        out += [
            "",
            "# 原文中没有找到带编号的标题（一、（一）1、……），全文写在 basis 中；请按原文分节。",
        ]
    out += _closing(outline, source)
    return "\n".join(out) + "\n"


def _header(source: Source, title: str, year: int, as_text: str | None) -> list[str]:
    """The file's opening comments, its year and draft mark."""
    return [
        SCHEMA_LINE,
        f"# {title or f'{year}年度（原文未印标题）'}",
        f"# 由 jixiao import 从 {source.path.name}（{source.format}）导入：各段原文照录，",
        "# 按原文的顺序和层次分节；数字只在写法明确时结构化。请对照原文逐节核对标题、类别和数字，",
        "# 看各节旁“待核对”的注释，改完运行 jixiao check。",
        *(
            [
                f"# 分节没有通过核对（{as_text}）：正文照原文逐段写在 basis 中，",
                "# 请对照原文分节（sections），改完运行 jixiao check。",
            ]
            if as_text
            else []
        ),
        f"year: {year}",
        "# 导入的年度是草稿：核对完、jixiao check 没有问题后，删去 draft: true 一行才会发布。",
        "draft: true",
    ]


def _department_lines(department: Named) -> list[str]:
    out: list[str] = []
    if department.name is None:
        out.append("# 原文中找不到单位全称，请照原文填写。")
    if department.other:
        out.append(f"# 原文所印单位为“{department.other}”，与本网站的单位不同（用 --force 导入）。")
    short = {"short_name": department.short_name} if department.short_name else {}
    return out + block("department", {"name": department.name or UNSTATED, **short}, 0)


def _front_matter(outline: Outline, tables: dict[str, list[Converted]] | None) -> list[str]:
    """What is printed before the first heading: cover, contents, tables, the opening text."""
    out: list[str] = []
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
    return out


def _closing(outline: Outline, source: Source) -> list[str]:
    """The signature, and what the reading left out."""
    out: list[str] = []
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
    return out


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
    """The model loads the text, every paragraph of the source is in it, in order, and
    every number of the source as extracted."""
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
    _numbers_carried(text, source)
    return report


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Values the import writes itself, not the source's: their digits prove nothing.
_OWN_VALUES = frozenset({"id", "colspan", "rowspan", "year"})


def _numbers_carried(text: str, source: Source) -> None:
    """Every number of the source as extracted, before anything was taken away, is in the
    data file as often as extracted: in its text, its tables, its figures or the notes on
    what was taken away (page numbers …).  Numbers are read line by line, as printed."""
    if not source.raw:
        return
    extracted = Counter(
        number
        for unit in source.raw
        for line in unit.split("\n")
        for number in _NUMBER.findall(without_unseen(line))
    )
    written = Counter(
        number
        for value in _values(yaml.compose(text, Loader=LOADER))
        for line in value.split("\n")
        for number in _NUMBER.findall(line)
    )
    lost = extracted - written
    if lost:
        numbers = "、".join(sorted(lost.elements(), key=lambda n: (len(n), n))[:20])
        raise StaffError(
            f"导入时原文中有数字没有落进数据文件：{numbers}；没有写入任何文件。",
            path=source.path,
            hint="这是 jixiao import 的缺陷，请把原文交给维护人员。",
            code=ExitCode.DATA,
        )


def _values(node: yaml.Node | None) -> list[str]:
    """The scalar values of a data file as written (45.50 stays 45.50), keys and the
    import's own values aside."""
    if isinstance(node, yaml.ScalarNode):
        return [str(node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [v for item in node.value for v in _values(item)]
    if isinstance(node, yaml.MappingNode):
        return [
            v for key, item in node.value if key.value not in _OWN_VALUES for v in _values(item)
        ]
    return []


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
