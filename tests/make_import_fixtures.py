"""Make the Word and PDF versions of the synthetic import fixtures (tests/fixtures/import/*.txt).

    .venv/bin/python -m tests.make_import_fixtures 输出文件夹

Binary files are not committed: tests/test_import.py makes them with ``write_docx``,
``write_markdown`` and ``write_pdf`` in a temporary folder, so they are always the text
fixture: the Word file paragraph for paragraph plus a table (a 基本情况 form) after the
title, and where asked a score table (merged cells over rows and columns) and a project
table in the standard form under 四, with the artefacts Word leaves (indentation, a
bookmark); the Markdown file with ``##`` headings and a pipe table; the PDF wrapped into
lines and pages with page numbers, and where asked a table drawn as a grid; the PDF
``write_ruled_pdf`` makes as Word prints one (ruled tables with merged cells, a running
head, page numbers, bold printed twice, a table broken over pages where asked).

All the tables are invented, like the text: 虚构县测试局 does not exist.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
TEXT = FIXTURES / "2030.txt"
# A table as the form in front of many reports prints it (before the first heading: the
# rows stay the basis's text, “a | b”).
TABLE = [["项目", "内容"], ["预算编码", "999001"], ["评价方式", "单位自评"]]
# A cell is its text, or (text, colspan, rowspan) where the print merges it; rows leave
# out the places a merged cell covers, as HTML does.
Spec = list[list[Any]]
# The line of the text fixture the tables of 四 follow (its self-score, 92分).
AFTER = "经自评，我局整体支出绩效自评得分92分"
SCORE_TITLE = "部门整体支出绩效评价得分表"
SCORE: Spec = [
    [(SCORE_TITLE, 5, 1)],
    ["一级指标", "二级指标", "三级指标", "分值", "得分"],
    [("部门决策（20分）", 1, 2), ("目标设定", 2, 1), "10分", "10分"],
    [("预算编制", 2, 1), "10分", "9分"],
    [("部门管理（30分）", 1, 2), ("资金管理", 1, 2), "资金使用", "15", "14"],
    ["预算执行率", "15", "14"],
    ["部门绩效（50分）", ("产出与效果", 2, 1), "50分", "45分"],
    [("合计", 3, 1), "100分", "92分"],
    [("等级", 3, 1), ("优", 2, 1)],
]
# The same table with one score above its weight (16 of 15) and so a total that is not the
# sum of the scores (94): what `jixiao check` must report, never mend.
INCONSISTENT_SCORE: Spec = [
    [*row[:-1], "16"] if row and row[0] == "预算执行率" else row for row in SCORE
]
PROJECT_TITLE = "项目支出绩效自评表"
FUNDS_WORDS = ["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
INDICATOR_WORDS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
INDICATOR_WORDS += ["偏差原因分析及改进措施"]
PROJECT: Spec = [
    ["项目名称", ("虚构样品检测专项经费", 7, 1)],
    ["主管部门", ("虚构县测试局", 3, 1), "实施单位", ("虚构县测试局", 3, 1)],
    [("项目资金（万元）", 1, 3), "", *FUNDS_WORDS],
    ["年度资金总额", "50", "50", "45", "10", "90%", "9"],
    ["其中：本年财政拨款", "50", "50", "45", "-", "90%", "-"],
    [("年度总体目标", 1, 2), ("预期目标", 3, 1), ("实际完成情况", 4, 1)],
    [("检测样品不少于500件。", 3, 1), ("检测样品550件。", 4, 1)],
    INDICATOR_WORDS,
    [("产出指标", 1, 2), "数量指标", "检测样品数", "≥500件", "550件", "30", "30", ""],
    ["质量指标", "检测合格率", "≥95%", "98%", "20", "20", ""],
    ["效益指标", "社会效益指标", "投诉办结率", "≥90%", "90%", "20", "18", "部分投诉转办。"],
    ["满意度指标", "服务对象满意度指标", "送检单位满意度", "≥90%", "95%", "20", "19", ""],
    [("总分", 5, 1), "100", "96", "等级：优"],
]
# The Markdown file's table, under （二）质量工作, named by the line above it.
PIPE_TITLE = "质量投诉办理情况表"
PIPE = [["类别", "件数"], ["办结", "36件"], ["转办", "4件"]]
PIPE_AFTER = "全年受理质量投诉40件"


def _spec(table: list[list[str]] | Spec) -> Spec:
    return [list(row) for row in table]


def _width(spec: Spec) -> int:
    return sum(c[1] if isinstance(c, tuple) else 1 for c in spec[0])


def spec_places(spec: Spec) -> list[tuple[int, int, int, int, str]]:
    """Each cell of a spec where it stands: (row, column, rowspan, colspan, text), counted
    from 0, the places a merged cell covers skipped as a printed table skips them."""
    places: list[tuple[int, int, int, int, str]] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(spec):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            text, colspan, rowspan = cell if isinstance(cell, tuple) else (cell, 1, 1)
            taken |= {(r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan)}
            places.append((r, c, rowspan, colspan, text))
            c += colspan
    return places


def add_table(document: Any, spec: Spec) -> None:
    """A Word table laid out from the spec, merged cells merged as Word merges them."""
    grid = document.add_table(rows=len(spec), cols=_width(spec))
    for r, c, rowspan, colspan, text in spec_places(spec):
        target = grid.cell(r, c)
        if colspan > 1 or rowspan > 1:
            target = target.merge(grid.cell(r + rowspan - 1, c + colspan - 1))
        target.text = text


def write_docx(
    text: Path,
    target: Path,
    *,
    table: list[list[str]] | None = None,
    score: Spec | None = None,
    project: Spec | None = None,
) -> None:
    """The text fixture as a Word file: a paragraph per line (empty lines kept, as Word
    keeps them), the form after the title, the score table (named by its first row) and
    the project table (named by the line above it) after the self-score's line."""
    import docx

    document = docx.Document()
    lines = text.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        document.add_paragraph(line)
        if n == 0 and table:
            add_table(document, _spec(table))
        if AFTER in line:
            if score:
                add_table(document, score)
            if project:
                document.add_paragraph(PROJECT_TITLE)
                add_table(document, project)
    document.save(str(target))


def write_markdown(text: Path, target: Path) -> None:
    """The text fixture as Markdown: ``##`` before the top headings, and a pipe table with
    its |---| line, named by the line above it, after the line on complaints."""
    import re

    out = []
    for line in text.read_text(encoding="utf-8").split("\n"):
        out.append(re.sub(r"^(一|二|三|四|五|六)、", r"## \1、", line))
        if PIPE_AFTER in line:
            out += ["", PIPE_TITLE, ""]
            out.append("| " + " | ".join(PIPE[0]) + " |")
            out.append("|" + "---|" * len(PIPE[0]))
            out += ["| " + " | ".join(row) + " |" for row in PIPE[1:]]
            out.append("")
    target.write_text("\n".join(out), encoding="utf-8")


PDF_LINE = 38  # characters a line of the PDF holds: longer paragraphs wrap, as PDFs do
PDF_PAGE = 40  # lines a page holds


def write_pdf(text: Path, target: Path, *, table: list[list[str]] | None = None) -> None:
    """The text fixture as a PDF with a text layer (matplotlib, Noto Sans CJK from pip):
    paragraphs wrapped at a fixed width, indentation kept, a page number under each page;
    the table, where given, drawn after the self-score's line as a grid of cells at fixed
    columns with lines between them (no “|” in its text, as in a real PDF)."""
    import matplotlib

    matplotlib.use("Agg")
    import noto_cjk_sans_otc
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    font = FontProperties(
        fname=str(Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc")
    )
    lines: list[str | list[str]] = []
    for paragraph in text.read_text(encoding="utf-8").splitlines():
        paragraph = paragraph.replace("[bookmark: _GoBack]", "")  # Word's, not printed
        table_here = table is not None and AFTER in paragraph
        while len(paragraph) > PDF_LINE:
            lines.append(paragraph[:PDF_LINE])
            paragraph = paragraph[PDF_LINE:]
        lines.append(paragraph)
        if table_here and table is not None:
            lines += [list(row) for row in table]
    pages = [lines[i : i + PDF_PAGE] for i in range(0, len(lines), PDF_PAGE)]
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(target) as pdf:
        for number, page in enumerate(pages, start=1):
            figure = Figure(figsize=(8.27, 11.69))
            for row, line in enumerate(page):
                y = 0.94 - row * 0.022
                if isinstance(line, list):  # a table row: cells in columns, ruled
                    for c, cell in enumerate(line):
                        x = 0.08 + c * 0.2
                        figure.text(x + 0.01, y, cell, fontproperties=font, fontsize=10)
                        figure.add_artist(Line2D([x, x], [y - 0.006, y + 0.016], lw=0.5))
                    figure.add_artist(Line2D([0.08, 0.08 + len(line) * 0.2], [y - 0.006] * 2))
                    continue
                figure.text(0.08, y, line, fontproperties=font, fontsize=11)
            figure.text(0.5, 0.03, f"- {number} -", fontproperties=font, fontsize=10)
            pdf.savefig(figure)


# --- a PDF printed from Word: ruled tables, running heads, page numbers -----------------

# The 基本情况 table the ruled PDF prints under 一 (merged cells over rows and columns,
# every figure a bare number, as forms print them).
BASIC_TITLE = "部门人员和资产情况表"
BASIC: Spec = [
    [("人员类别", 2, 1), "编制数", "实有人数"],
    [("在职", 1, 2), "行政", "12", "12"],
    ["事业", "7", "7"],
    [("合计", 2, 1), "19", "19"],
    [("资产总额（万元）", 2, 1), ("60", 2, 1)],
]
BASIC_AFTER = "虚构县测试局成立于2015年3月"
# A body paragraph that is only a small number (the same as a page number): it is text.
BARE_PARAGRAPH = "2"
BARE_AFTER = "2、培训工作"
RUNNING_HEAD = "虚构县测试局2030年度部门整体支出绩效自评报告（公开版）"
_PT_WIDTH, _PT_HEIGHT = 595.0, 842.0  # A4 in points
_MARGIN, _TOP, _FOOT = 60.0, 70.0, 770.0  # the body's left edge, top and foot
_LINE = 20.0  # a body line's height


# The signature (the text fixture's last lines), printed flush right as reports print it.
_SIGNATURE = ("虚构县测试局", "2031年4月15日")


def _page_feet(number: int, pages: int) -> list[tuple[float, str]]:
    return [(800.0, f"- {number} -"), (818.0, f"第{number}页 共{pages}页")]


def _ruled_layout(spec: Spec, width: float) -> list[tuple[float, float, float, float, str]]:
    """The cells of a table as (x0, top, x1, bottom, text) relative to its top-left corner:
    equal columns, each row as high as its tallest cell's wrapped text."""
    columns = _width(spec)
    column = width / columns
    places = spec_places(spec)
    heights = [16.0] * len(spec)
    for r, _, rowspan, colspan, text in places:
        if rowspan == 1:
            lines = len(_cell_lines(text, colspan * column))
            heights[r] = max(heights[r], 6.0 + 11.0 * lines)
    tops = [sum(heights[:r]) for r in range(len(spec) + 1)]
    return [
        (c * column, tops[r], (c + colspan) * column, tops[r + rowspan], text)
        for r, c, rowspan, colspan, text in places
    ]


def _cell_lines(text: str, width: float) -> list[str]:
    """A cell's text wrapped as Word wraps it in a narrow column (9 pt a character), its
    own line breaks kept."""
    fits = max(1, int((width - 6) // 9))
    lines = [part[i : i + fits] for part in text.split("\n") for i in range(0, len(part), fits)]
    return lines or [""]


# A long table (no merged cells) that runs over a page break, its header row repeated on
# the new page as Word repeats it; printed under 五 when asked.
LONG_TITLE = "虚构项目支出明细表"
LONG: Spec = [["序号", "项目", "金额（万元）"]] + [
    [str(n), f"虚构项目{n}", f"{n}.5"] for n in range(1, 41)
]
LONG_AFTER = "一是部分项目支出进度偏慢"


def write_ruled_pdf(target: Path, *, long: bool = False) -> None:
    """The text fixture as a PDF printed from Word: a running head on each page, both
    ``- 3 -`` and ``第3页 共4页`` at each page's foot, the 基本情况 table ruled under 一
    and the project form (named by the line above it) under 四, with merged cells and
    text wrapped inside narrow cells; a body paragraph that is only a small number; where
    asked, the long table under 五, broken over pages."""
    blocks: list[str | Spec] = []
    for paragraph in TEXT.read_text(encoding="utf-8").splitlines():
        paragraph = paragraph.replace("[bookmark: _GoBack]", "")
        whole = paragraph
        while len(paragraph) > PDF_LINE:
            blocks.append(paragraph[:PDF_LINE])
            paragraph = paragraph[PDF_LINE:]
        blocks.append(paragraph)
        if BASIC_AFTER in whole:
            blocks += [BASIC_TITLE, BASIC]
        if BARE_AFTER in whole:
            blocks.append(BARE_PARAGRAPH)
        if AFTER in whole:
            blocks += [PROJECT_TITLE, PROJECT]
        if long and LONG_AFTER in whole:
            blocks += [LONG_TITLE, LONG]
    _draw_pages(target, paginate(blocks, breakable=[LONG]))


# A block that starts a new page (after a cover page, as Word's page break does).
PAGE_BREAK = "\f"
Pages = list[list[tuple[float, str | list[tuple[float, float, float, float, str]]]]]


def wrapped(paragraph: str) -> list[str]:
    """A paragraph as the lines of a PDF page, wrapped as Word wraps it: by width (PDF_LINE
    Chinese characters a line, a Latin letter or digit half of one)."""
    lines, line, width = [], "", 0.0
    for char in paragraph:
        size = 0.5 if char.isascii() else 1.0
        if width + size > PDF_LINE:
            # a number or a Latin word is not broken: it moves whole to the next line
            word = re.search(r"[A-Za-z0-9.]+$", line) if char.isascii() and char.isalnum() else None
            carried = word[0] if word and len(word[0]) < len(line) else ""
            lines.append(line[: len(line) - len(carried)])
            line, width = carried, len(carried) * 0.5
        line, width = line + char, width + size
    return [*lines, line]


def paginate(blocks: list[str | Spec], breakable: list[Spec] | None = None) -> Pages:
    """Lines and tables placed down pages; a table in ``breakable`` (no merged cells)
    breaks between rows with its head repeated, another moves whole to the next page."""
    pages: Pages = [[]]
    y = _TOP
    for item in blocks:
        if item == PAGE_BREAK:
            pages.append([])
            y = _TOP
            continue
        if isinstance(item, str):
            if y + _LINE > _FOOT:
                pages.append([])
                y = _TOP
            pages[-1].append((y, item))
            y += _LINE
            continue
        # a table without merged cells breaks between any two rows; one taller than a
        # page breaks too (where it can)
        breaks = any(item is b for b in breakable or []) or _table_height(item) > _FOOT - _TOP
        while item:
            rows = len(item)
            while rows > 1 and y + _table_height(item[:rows]) > _FOOT and breaks:
                rows -= 1
            if y + _table_height(item[:rows]) > _FOOT and y > _TOP:
                pages.append([])
                y = _TOP
                continue
            pages[-1].append((y, _ruled_layout(item[:rows], _PT_WIDTH - 2 * _MARGIN)))
            y += _table_height(item[:rows]) + 8
            item = [item[0], *item[rows:]] if rows < len(item) else []
    return pages


def _table_height(spec: Spec) -> float:
    return max(bottom for _, _, _, bottom, _ in _ruled_layout(spec, _PT_WIDTH - 2 * _MARGIN))


def _draw_pages(
    target: Path,
    pages: Pages,
    *,
    head: str = RUNNING_HEAD,
    cover: bool = False,
    feet: Callable[[int, int], list[tuple[float, str]]] = _page_feet,
    flush_right: tuple[str, ...] = _SIGNATURE,
) -> None:
    """The pages drawn; with ``cover`` the first page has neither head nor foot and the
    page numbers start at the second, as Word prints a cover page."""
    import matplotlib

    matplotlib.use("Agg")
    import noto_cjk_sans_otc
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    font = FontProperties(
        fname=str(Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc")
    )

    def at(x: float, y: float) -> tuple[float, float]:
        return x / _PT_WIDTH, 1 - y / _PT_HEIGHT

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(target) as pdf:
        for number, page in enumerate(pages, start=0 if cover else 1):
            figure = Figure(figsize=(_PT_WIDTH / 72, _PT_HEIGHT / 72))
            if number:
                figure.text(*at(_MARGIN, 40), head, fontproperties=font, fontsize=8)
            for y, item in page:
                if isinstance(item, str) and item in flush_right:  # right-aligned, as printed
                    place = at(_PT_WIDTH - _MARGIN, y + 14)
                    figure.text(*place, item, fontproperties=font, fontsize=11, ha="right")
                    continue
                if isinstance(item, str):
                    figure.text(*at(_MARGIN, y + 14), item, fontproperties=font, fontsize=11)
                    if re.match(r"^[一二三四五六]、", item):  # bold as WPS prints it: twice
                        figure.text(
                            *at(_MARGIN + 0.3, y + 14), item, fontproperties=font, fontsize=11
                        )
                    continue
                for x0, top, x1, bottom, text in item:
                    left, right, up, down = _MARGIN + x0, _MARGIN + x1, y + top, y + bottom
                    for xs, ys in (
                        ((left, right), (up, up)),
                        ((left, right), (down, down)),
                        ((left, left), (up, down)),
                        ((right, right), (up, down)),
                    ):
                        ends = [at(xs[0], ys[0]), at(xs[1], ys[1])]
                        figure.add_artist(
                            Line2D([e[0] for e in ends], [e[1] for e in ends], lw=0.6, c="k")
                        )
                    for n, line in enumerate(_cell_lines(text, x1 - x0)):
                        place = at(left + 3, up + 13 + 11 * n)
                        figure.text(*place, line, fontproperties=font, fontsize=9)
            for y, foot in feet(number, len(pages) - cover) if number else []:
                figure.text(*at(_PT_WIDTH / 2 - 20, y), foot, fontproperties=font, fontsize=9)
            pdf.savefig(figure)


def main(argv: list[str]) -> None:
    from tests import import_reports

    out = Path(argv[0]) if argv else Path.cwd()
    out.mkdir(parents=True, exist_ok=True)
    for path in import_reports.write_all(out):
        print(f"已写出 {path}")
    for text in sorted(FIXTURES.glob("*.txt")):
        target = out / f"{text.stem}.docx"
        write_docx(text, target, table=TABLE, score=SCORE, project=PROJECT)
        write_markdown(text, target.with_suffix(".md"))
        write_pdf(text, target.with_suffix(".pdf"), table=PIPE)
        ruled = target.with_name(f"{text.stem}-ruled.pdf")
        write_ruled_pdf(ruled, long=True)
        print(
            f"已写出 {target}、{target.with_suffix('.md')}、{target.with_suffix('.pdf')} 和 {ruled}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
