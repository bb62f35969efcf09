"""A PDF's text layer as paragraphs, its ruled tables as grids (pdfplumber).

pdfplumber sees the lines a PDF draws, so a table printed from Word with its rules is a
grid again: each cell with its text, a merged cell with the rows and columns it covers.
The text outside the tables is read line by line, top to bottom, the tables put in
among the lines where they stand.  Page furniture (``furniture``) is taken away and
listed; lines a PDF wraps are joined back into paragraphs, and lines wrapped inside a
cell into the cell's text.  The text as extracted, before anything is taken away, goes with
the source (``Source.raw``) so the import can prove no number was lost.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.importer.furniture import Placed, find_furniture, notes
from jixiao.importer.read import Source, _bad, _clean
from jixiao.importer.tables import Cell, Grid, TableBlock, expand, from_places
from jixiao.infra.errors import StaffError

_SENTENCE_END = ("。", "：", ":", "；", "！", "？", "”", "）")
# an item's number starts a line; a decimal a wrap split (“78” / “546.46元”) does not
_NUMBERED = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+(、|[.．](?!\d)))"
)
_ASCII_WORD = re.compile(r"[A-Za-z]")
_LEADING_WORD = re.compile(r"[A-Za-z0-9.,%-]{0,16}")


@dataclass
class _Line:
    """A line of body text as printed: where it starts and ends, its font size."""

    text: str
    top: float
    x0: float
    x1: float
    size: float


@dataclass
class _Table:
    grid: Grid
    top: float
    page: int
    x0: float
    x1: float


_Item = _Line | _Table


def read_pdf(path: Path) -> Source:
    """The text layer, page by page; tables as grids, furniture listed, wrapped lines
    joined back into paragraphs."""
    removed: set[str] = set()
    pages = _pages(path, removed)
    if not any(isinstance(i, _Table) or i.text.strip() for page in pages for i in page):
        raise _bad(
            "这个 PDF 没有文字层（多半是扫描件），读不出文字。",
            path,
            "请找原报告的 Word 或文本版本；或先用 OCR 软件识别成文字、逐字核对后存为 .txt 再导入。",
        )
    placed = [[Placed(i.text, i.top) if isinstance(i, _Line) else None for i in p] for p in pages]
    furniture = find_furniture(placed)
    removed.update(notes(furniture))
    gone = {(r.page, r.index) for r in furniture}
    items = [
        item
        for number, page in enumerate(pages, start=1)
        for index, item in enumerate(page)
        if (number, index) not in gone
    ]
    repeated: list[str] = []
    items = _continued(items, repeated, removed)
    joined = _joined(items, removed)
    paragraphs = _clean(joined, removed)
    tables = sum(1 for item in items if isinstance(item, _Table))
    # what was extracted, before anything was taken away: the furniture, the header rows a
    # table repeats on the next page, and the lines, a paragraph's lines joined as the PDF
    # wrapped them (a number a wrap splits is one)
    raw = [r.text for r in furniture] + repeated + [str(line) for line in joined]
    return Source(path, "PDF", paragraphs, tables=tables, removed=sorted(removed), raw=raw)


def _pages(path: Path, removed: set[str]) -> list[list[_Item]]:
    """Each page's lines and tables top to bottom; a StaffError in Chinese when the file
    needs a password or is damaged."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    # pdfminer says in English what it works round (a missing CropBox …): not for staff
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        # An empty password opens what readers open without asking: the usual “no copying”
        # government PDF is encrypted (AES) with an owner password only.
        with pdfplumber.open(path, password="") as pdf:
            out: list[list[_Item]] = []
            tables = 0
            for number, page in enumerate(pdf.pages, start=1):
                # WPS and others print bold as the same glyph twice, a hair apart: once
                single = page.dedupe_chars()
                if len(single.chars) < len(page.chars):
                    removed.add("PDF 中为加粗而重叠印了两次的字（只录一次）")
                out.append(_page_items(single, number, tables))
                tables += sum(isinstance(i, _Table) for i in out[-1])
                page.close()  # pdfplumber keeps each page's objects otherwise
            return out
    except StaffError:
        raise
    except Exception as error:  # pdfminer raises many kinds of error on a damaged file
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise _bad("这个 PDF 设有密码。", path, "取消密码后再导入。") from None
        raise _bad(
            "这个 PDF 文件已损坏，读不出来。",
            path,
            f"用 PDF 阅读器打开后另存一份再导入（{type(cause).__name__}）。",
        ) from None


def _continued(items: list[_Item], repeated: list[str], removed: set[str]) -> list[_Item]:
    """A table that runs on over a page break as one table: a table that starts a page
    (furniture aside) right after one that ends the page before, as wide and with as many
    columns, continues it.  The header row Word repeats on the new page is left out, named."""
    out: list[_Item] = []
    for item in items:
        before = out[-1] if out else None
        if not (
            isinstance(item, _Table)
            and isinstance(before, _Table)
            and item.page == before.page + 1
            and abs(item.x0 - before.x0) <= 2
            and abs(item.x1 - before.x1) <= 2
            and _columns(item.grid) == _columns(before.grid)
        ):
            out.append(item)
            continue
        rows = item.grid.rows
        if len(rows) > 1 and _texts(rows[0]) == _texts(before.grid.rows[0]):
            repeated.append(" | ".join(_texts(rows[0])))
            removed.add(f"PDF 跨页表格在续页重复印的表头（{before.grid.where}）")
            rows = rows[1:]
        grid = Grid(before.grid.rows + rows, before.grid.where)
        out[-1] = _Table(grid, before.top, item.page, before.x0, before.x1)
        removed.add("PDF 跨页的表格（已接成一张）")
    return out


def _columns(grid: Grid) -> int:
    places = expand(grid.rows)
    return len(places[0]) if places else -1


def _texts(row: list[Cell]) -> list[str]:
    return [cell.text for cell in row]


def _page_items(page: Any, number: int, before: int) -> list[_Item]:
    """The page's ruled tables and the lines outside them, in reading order (top down)."""
    tables: list[_Item] = []
    boxes = []  # a table that is no grid of cells stays lines of text
    for table in page.find_tables():
        rows = _rows(table)
        if rows is not None and _whole(table, rows, page.chars):
            where = f"第{before + len(tables) + 1}张 PDF 表格（第{number}页）"
            x0, top, x1, _ = table.bbox
            tables.append(_Table(Grid(rows, where), top, number, x0, x1))
            boxes.append(table.bbox)

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x < b[2] and b[1] <= y < b[3] for b in boxes)

    body = page.filter(outside) if boxes else page
    lines: list[_Item] = []
    for line in body.extract_text_lines(strip=False, return_chars=True):
        sizes = [c["size"] for c in line["chars"] if c["text"].strip()]
        size = statistics.median(sizes) if sizes else 0.0
        lines.append(_Line(line["text"], line["top"], line["x0"], line["x1"], size))
    return sorted([*lines, *tables], key=lambda item: item.top)


def _whole(table: Any, rows: list[list[Cell]], chars: list[dict[str, Any]]) -> bool:
    """A grid of two rows and two columns at least, with no text beside it: rules drawn
    round part of a table only (a frame, the lines under some rows) make no table, and
    its text stays lines."""
    if len(rows) < 2 or max(sum(cell.colspan for cell in row) for row in rows) < 2:
        return False
    if not any(cell.text.strip() for row in rows for cell in row):
        return False  # an empty frame (a page border, a box drawn for a signature)
    x0, top, x1, bottom = table.bbox
    for char in chars:
        y = (char["top"] + char["bottom"]) / 2
        x = (char["x0"] + char["x1"]) / 2
        if top <= y < bottom and not x0 <= x < x1 and char["text"].strip():
            return False
    return True


def _rows(table: Any) -> list[list[Cell]] | None:
    """A pdfplumber table as HTML rows: each cell's box tells the columns and rows it
    spans (pdfplumber gives None for the places a merged cell covers)."""
    cells = [tuple(c) for c in table.cells]
    xs = sorted({round(x, 1) for c in cells for x in (c[0], c[2])})
    ys = sorted({round(y, 1) for c in cells for y in (c[1], c[3])})
    texts = {
        tuple(box): text
        for row, line in zip(table.rows, table.extract(), strict=True)
        for box, text in zip(row.cells, line, strict=True)
        if box is not None
    }
    grid: list[list[tuple[object, str] | None]] = [[None] * (len(xs) - 1) for _ in ys[:-1]]
    for box in cells:
        text = _cell_text(texts.get(box) or "")
        key = object()
        for r in range(ys.index(round(box[1], 1)), ys.index(round(box[3], 1))):
            for c in range(xs.index(round(box[0], 1)), xs.index(round(box[2], 1))):
                grid[r][c] = (key, text)
    if any(place is None for row in grid for place in row):
        return None  # a place no cell covers: not a grid of cells
    places = [[place for place in row if place is not None] for row in grid]
    return from_places(places)


def _cell_text(text: str) -> str:
    """A cell's lines joined as they were typed: a line the cell's width wrapped runs on
    (with a space between two Latin words); a numbered line starts a new one."""
    out = ""
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        if not out:
            out = line
        elif _NUMBERED.match(line):
            out += "\n" + line
        elif _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(line[0]):
            out += " " + line
        else:
            out += line
    return out


def _joined(items: list[_Item], removed: set[str]) -> list[str]:
    """Body lines joined into paragraphs where the PDF wrapped them, tables in place.  A
    wrapped line runs to the full width of the text: as many characters as most long
    lines hold (indentation counted), or as far right as they reach."""
    lines = [item for item in items if isinstance(item, _Line) and item.text.strip()]
    if not lines:
        return [TableBlock(item.grid) for item in items if isinstance(item, _Table)]
    left = min(line.x0 for line in lines)
    widths = sorted(_width(line, left) for line in lines)
    rights = sorted(line.x1 for line in lines)
    # most long lines, but no less than nearly the longest: in a report of short lines
    # (a form's cells, one a line) most lines are short and a short one wraps nothing
    full = max(widths[int(0.9 * (len(widths) - 1))], int(0.8 * widths[-1]))
    right = max(rights[int(0.9 * (len(rights) - 1))], left + 0.9 * (rights[-1] - left))
    out: list[str] = []
    previous: _Line | None = None
    for item in items:
        if isinstance(item, _Table):
            out.append(TableBlock(item.grid))
            previous = None
            continue
        text = item.text.rstrip()
        if not text.strip():
            continue
        # a Latin word or a number does not break: the line before ends short by its width
        leading = _LEADING_WORD.match(text.strip())
        word = len(leading[0]) / 2 if leading else 0
        wrapped = previous is not None and _wraps(previous, left, full, right - word * item.size)
        if wrapped and out and not _NUMBERED.match(text.strip()):
            out[-1] += text.strip()
            removed.add("PDF 排版造成的段内换行（已接回一段）")
        else:
            out.append(text)
        previous = item
    return out


def _width(line: _Line, left: float) -> int:
    """A line's length in characters, its indentation counted in characters too."""
    indent = round((line.x0 - left) / line.size) if line.size else 0
    return len(line.text.strip()) + indent


def _wraps(line: _Line, left: float, full: int, right: float) -> bool:
    """A line the PDF wrapped: it starts at the text's left edge (a paragraph's first line
    indented two characters or so; a right-aligned or centred line, a signature, a title,
    is no wrapped line), runs to the full width and ends no sentence."""
    text = line.text.rstrip()
    if text.endswith(_SENTENCE_END) or line.x0 - left > 2.5 * max(line.size, 1.0):
        return False
    return _width(line, left) >= full - 1 or line.x1 >= right - max(line.size, 1.0)
