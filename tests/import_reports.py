"""Whole reports for the end-to-end import: one synthetic report written as Word, PDF and
Excel, and the real reports' texts (read from ../shared at test time, never copied) laid
out as Word and PDF files.

The synthetic report (虚构县样品局 does not exist) has what real reports have: a cover
page, a form before the first heading, a basic-data table, two numbered items on one
line, a score table whose 总分 row alone prints the total score (97.6: the text never
states it), a project table with merged cells and 指标性质 | 指标值 | 度量单位 columns; the
PDF adds page numbers (``- n -``) and a running head. ``REPORT`` is the report as blocks
(a paragraph, a table, or a page break); ``EXPECTED`` what the import must structure.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.importer.read import pipe_cells
from tests import import_layouts as layouts
from tests.make_import_fixtures import (
    PAGE_BREAK,
    Spec,
    _draw_pages,
    add_table,
    paginate,
    wrapped,
)

DEPARTMENT = "虚构县样品局"
YEAR = 2030
TITLE = f"{DEPARTMENT}{YEAR}年度部门整体支出绩效自评报告"
SCORE_TITLE = "部门整体支出绩效评价得分表"
TOTAL_SCORE = "97.6"
SCORE: Spec = [
    [(SCORE_TITLE, 5, 1)],
    ["一级指标", "二级指标", "三级指标", "分值", "得分"],
    [("部门决策（20分）", 1, 2), ("目标设定", 2, 1), "10", "10"],
    [("预算编制", 2, 1), "10", "9.6"],
    [("部门管理（30分）", 1, 2), ("资金管理", 1, 2), "资金使用", "15", "15"],
    ["预算执行率", "15", "14"],
    ["部门绩效（50分）", ("产出与效果", 2, 1), "50", "49"],
    [("总分", 3, 1), "100", TOTAL_SCORE],
]
RUNNING_HEAD = f"{DEPARTMENT}{YEAR}年度部门整体支出绩效自评报告"
TWO_ITEMS = "1、完成样品抽检320批次。 2、完成快检设备运维24台次。"
SIGNATURE = (DEPARTMENT, "2031年3月20日")
REPORT: list[str | Spec] = [
    TITLE,
    f"单位名称：{DEPARTMENT}",
    "自评时间：2031年3月",
    PAGE_BREAK,
    layouts.FORM,
    "一、部门基本情况",
    "（一）机构设置。我局内设3个股室，下设1个检测中心。",
    "（二）人员情况。年末编制19名，实有人员18名。",
    layouts.BASIC_TITLE,
    layouts.BASIC,
    "二、部门整体支出情况",
    "2030年度部门决算总支出356.20万元，其中：基本支出280.50万元，项目支出75.70万元。",
    "三、部门整体支出绩效情况",
    TWO_ITEMS,
    "部门整体支出绩效自评得分情况见下表。",
    SCORE,
    "四、项目支出绩效情况",
    layouts.PROJECT_TITLE,
    layouts.PROJECT,
    "五、存在的问题",
    "部分项目支出进度偏慢。",
    "六、改进措施",
    "加强预算执行监控。",
    *SIGNATURE,
]
# What the import must structure from any of the three files, as printed.
EXPECTED = {"自评得分": TOTAL_SCORE, "评分表合计得分": TOTAL_SCORE, "项目表总分": "96.5"}
EXPECTED["项目全年执行数"] = "76"


def tables_of(blocks: list[str | Spec]) -> list[Spec]:
    return [b for b in blocks if isinstance(b, list)]


def text_of(blocks: list[str | Spec]) -> str:
    """The report's words as a reader reads them: paragraphs and every cell."""
    lines = [b for b in blocks if isinstance(b, str) and b != PAGE_BREAK]
    cells = [c[0] if isinstance(c, tuple) else c for t in tables_of(blocks) for r in t for c in r]
    return "\n".join(lines + cells)


def write_docx(blocks: list[str | Spec], target: Path) -> None:
    """The blocks as a Word file: a paragraph each, tables as Word tables (merged cells
    merged), a page break where the cover page ends."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for block in blocks:
        if block == PAGE_BREAK:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, str):
            document.add_paragraph(block)
        else:  # ruled, as reports' tables are (a PDF printed from it shows the grid)
            add_table(document, block)
            document.tables[-1].style = "Table Grid"
    document.save(str(target))


def _feet(number: int, pages: int) -> list[tuple[float, str]]:
    return [(800.0, f"- {number} -")]


def write_pdf(blocks: list[str | Spec], target: Path, *, head: str = RUNNING_HEAD) -> None:
    """The blocks as a PDF printed from Word: paragraphs wrapped into lines, tables ruled,
    a running head and ``- n -`` under each page but the cover."""
    lines: list[str | Spec] = []
    for block in blocks:
        lines += wrapped(block) if isinstance(block, str) and block != PAGE_BREAK else [block]
    cover = PAGE_BREAK in blocks
    _draw_pages(target, paginate(lines), head=head, cover=cover, feet=_feet, flush_right=SIGNATURE)


# The workbook's sheets: the report's 自评表.
SHEETS: dict[str, Spec] = {
    "整体支出评分表": SCORE,
    "项目支出绩效自评表": layouts.PROJECT,
    "基础数据表": layouts.BASIC,
}


def write_xlsx(target: Path) -> None:
    """The report's 自评表 as an Excel workbook: the score table, the project table and
    the basic-data table, a sheet each."""
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, spec in SHEETS.items():
        layouts.write_spec(workbook.create_sheet(title), spec)
    workbook.save(str(target))


def blocks_of_text(text: str) -> list[str | Spec]:
    """A published text (one paragraph a line, table cells between `` | ``) as blocks:
    each run of ``|`` rows one table, short rows filled out with empty cells.  A row is what
    the import's text reader takes for one, “| 明确性(5分) |” too (the one cell a web page
    leaves of a row whose merged cells it dropped): never a paragraph that cuts the table."""
    blocks: list[str | Spec] = []
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if (cells := pipe_cells(line)) is not None:
            rows.append(cells)
            continue
        if rows:
            width = max(len(r) for r in rows)
            blocks.append([[*r, *[""] * (width - len(r))] for r in rows])
            rows = []
        if line.strip():
            blocks.append(line.strip())
    return blocks


def write_real(text: str, folder: Path, stem: str) -> tuple[Path, Path]:
    """A real report's published text as ``stem.docx`` and ``stem.pdf`` in ``folder``."""
    blocks = blocks_of_text(text)
    word, pdf = folder / f"{stem}.docx", folder / f"{stem}.pdf"
    write_docx(blocks, word)
    write_pdf(blocks, pdf, head=next(b for b in blocks if isinstance(b, str))[:30])
    return word, pdf


def write_all(folder: Path) -> list[Path]:
    """The synthetic report as ``2030-report.docx``, ``.pdf`` and ``.xlsx``."""
    paths = [folder / f"{YEAR}-report.{suffix}" for suffix in ("docx", "pdf", "xlsx")]
    write_docx(REPORT, paths[0])
    write_pdf(REPORT, paths[1])
    write_xlsx(paths[2])
    return paths
