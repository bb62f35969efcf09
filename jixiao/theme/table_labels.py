"""Every cell of every table told what it is: a ``data-label`` from its table's header grid.

On a phone the stylesheet stacks each table row as a card and shows each cell behind its
label (stylesheets/jixiao.css), so no column is pushed off the screen.  The label of a cell
is what the table prints above it: the column headers over its column, top to bottom
(“人数·编制数” under a two-row head), after a header that spans the whole block on its left
(“项目资金（万元）·全年预算数（A）” in a project table, whose unit only that header prints).
Every table gets its labels here, in one place: the Markdown tables of the templates, the
report's tables written in HTML (jixiao/pages/tables.py), the chart data tables waiting in a
``<template>`` and any table a site writes by hand.

A Python-Markdown extension (the plugin adds it to every site) running last on a page's
HTML: the tables keep their markup, and so their meaning to screen readers; only attributes
are added, at their place in the text, so nothing else of the page changes.  A cell that
already carries a ``data-label`` keeps it.  Labels are text, escaped as attribute values.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# Joins the headers of one column, top to bottom.
JOIN = "·"


@dataclass(eq=False)  # cells are told apart by identity, not text
class Cell:
    """One cell as the table writes it (merged places left out, as in HTML)."""

    header: bool  # a <th>
    text: str = ""
    scope: str = ""
    colspan: int = 1
    rowspan: int = 1
    in_head: bool = False  # in <thead>
    labelled: bool = False  # carries its own data-label
    at: int = -1  # where a data-label goes in the page's text (before the tag's ">")


@dataclass(eq=False)
class _Placed:
    cell: Cell
    row: int  # first row
    column: int  # first column
    kind: str  # "column": a column header; "block": a header over rows; "": data


@dataclass
class Grid:
    """The cells of a table by the places they cover."""

    places: dict[tuple[int, int], _Placed] = field(default_factory=dict)
    cells: list[_Placed] = field(default_factory=list)
    # The run of column headers nearest above a place, by place (``_heads_from``): every cell
    # below a head row asks for the same run, which a tall table would walk up to again and again.
    runs: dict[tuple[int, int], tuple[list[_Placed], int]] = field(default_factory=dict)

    def at(self, row: int, column: int) -> _Placed | None:
        return self.places.get((row, column))


def grid(rows: list[list[Cell]], sections: list[int] | None = None) -> Grid:
    """Lay the rows out as HTML does: a merged cell takes its places in the rows below
    (never past its row group: ``sections`` numbers each row's thead/tbody/tfoot)."""
    sections = sections or [0] * len(rows)
    group_ends = {section: r for r, section in enumerate(sections)}  # each group's last row
    out = Grid()
    for r, row in enumerate(rows):
        end = group_ends[sections[r]]
        column = 0
        all_headers = all(cell.header for cell in row)
        for cell in row:
            while (r, column) in out.places:
                column += 1
            placed = _Placed(cell, r, column, _kind(cell, all_headers))
            out.cells.append(placed)
            last = end if cell.rowspan == 0 else min(end, r + max(cell.rowspan, 1) - 1)
            for dr in range(r, last + 1):
                for dc in range(column, column + max(cell.colspan, 1)):
                    out.places.setdefault((dr, dc), placed)
            column += max(cell.colspan, 1)
    return out


def _kind(cell: Cell, all_headers: bool) -> str:
    """HTML's rule for what a header cell heads: its scope, else a head row's column."""
    if not cell.header:
        return ""
    if cell.scope in ("col", "colgroup"):
        return "column"
    if cell.scope in ("row", "rowgroup"):
        return "block" if cell.rowspan != 1 else "row"
    return "column" if cell.in_head or all_headers else "row"


def labels(rows: list[list[Cell]], sections: list[int] | None = None) -> list[str]:
    """Each cell's label, row by row ("" for column headers and cells nothing heads)."""
    return _labels(grid(rows, sections))


def _labels(laid: Grid) -> list[str]:
    return [_label(laid, placed) if placed.kind != "column" else "" for placed in laid.cells]


def _label(laid: Grid, placed: _Placed) -> str:
    span = range(placed.column, placed.column + max(placed.cell.colspan, 1))
    heads = [_column_heads(laid, placed, column) for column in span]
    common = heads[0]
    for other in heads[1:]:  # a cell across columns headed differently: what they share
        shared = 0
        while shared < min(len(common), len(other)) and common[shared] is other[shared]:
            shared += 1
        common = common[:shared]
    words = [" ".join(head.cell.text.split()).rstrip("：: ") for head in common]
    return JOIN.join(word for word in words if word)


def _column_heads(laid: Grid, placed: _Placed, column: int) -> list[_Placed]:
    """The column headers nearest above the cell in this column, top to bottom, after any
    header on its left that spans both them and the cell's row."""
    found, top = _heads_from(laid, placed.row - 1, column)
    if not found:
        return []
    blocks = [
        left
        for left in _row_left_of(laid, placed.row, placed.column)
        if left.kind == "block" and left.row <= top and left is not placed
    ]
    return blocks + found


def _heads_from(laid: Grid, row: int, column: int) -> tuple[list[_Placed], int]:
    """The nearest run of column headers at or above this place in the column, top to bottom,
    and the row where the walk up met its top one (a header spanning rows counts once)."""
    start = row
    while row >= 0 and (row, column) not in laid.runs:
        above = laid.at(row, column)
        if above is not None and above.kind == "column":
            break
        row -= 1
    if row < 0:
        found: tuple[list[_Placed], int] = ([], -1)
    elif (row, column) in laid.runs:
        found = laid.runs[(row, column)]
    else:
        run: list[_Placed] = []
        top = at = row
        while at >= 0:
            above = laid.at(at, column)
            if above is None or above.kind != "column":
                break
            if above not in run:
                run.append(above)
                top = at
            at -= 1
        found = (run[::-1], top)
    for place in range(row if row >= 0 else 0, start + 1):
        laid.runs[(place, column)] = found
    return found


def _row_left_of(laid: Grid, row: int, column: int) -> list[_Placed]:
    seen: list[_Placed] = []
    for c in range(column):
        left = laid.at(row, c)
        if left is not None and left not in seen:
            seen.append(left)
    return seen


# --- the page's HTML ----------------------------------------------------------------------


@dataclass
class _Table:
    rows: list[list[Cell]] = field(default_factory=list)
    sections: list[int] = field(default_factory=list)
    row_ends: list[int] = field(default_factory=list)  # where each <tr>'s start tag ends, or -1
    section: int = 0
    in_head: bool = False
    cell: Cell | None = None  # the cell whose text is being read


# A table's tags and comments; what lies between them is text.
_TAG = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


# The start tags that tell anything of a table's layout or its cells' text.
_READ_TAGS = frozenset(("thead", "tbody", "tfoot", "tr", "td", "th", "br"))


def _read(page: str, start: int, end: int) -> list[_Table]:
    """The tables between start and end of the page (tables inside tables too), with where
    each cell's and row's start tag ends."""
    open_tables: list[_Table] = []
    done: list[_Table] = []
    table: _Table | None = None
    text_from = start  # where the text since the last tag or comment starts
    for token in _TAG.finditer(page, start, end):
        if table is not None and table.cell is not None and token.start() > text_from:
            table.cell.text += html.unescape(page[text_from : token.start()])
        text_from = token.end()
        name = token.group(2)
        if name is None:  # a comment
            continue
        name = name.lower()
        if token.group(1):  # an end tag
            if name == "table" and table is not None:
                done.append(open_tables.pop())
                table = open_tables[-1] if open_tables else None
            elif name in ("td", "th", "tr") and table is not None:
                table.cell = None
        elif name == "table":
            table = _Table()
            open_tables.append(table)
        elif table is not None and name in _READ_TAGS:
            _start_tag(table, name, token)
    if table is not None and table.cell is not None and end > text_from:
        table.cell.text += html.unescape(page[text_from:end])
    return done + open_tables[::-1]


def _start_tag(table: _Table, name: str, token: re.Match[str]) -> None:
    tag_end = token.end() - (2 if token.group(0).endswith("/>") else 1)
    if name in ("thead", "tbody", "tfoot"):
        table.section += 1
        table.in_head = name == "thead"
        table.cell = None
    elif name == "tr":
        _new_row(table, tag_end)
    elif name in ("td", "th"):
        if not table.rows or table.sections[-1] != table.section:
            _new_row(table, -1)
        written = token.group(3)
        attributes = {  # most cells are a bare <td>: nothing to read
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in (_ATTRIBUTE.finditer(written) if written.strip() else ())
        }
        table.cell = Cell(
            header=name == "th",
            scope=html.unescape(attributes.get("scope", "")).strip().lower(),
            colspan=_span(attributes.get("colspan"), 1),
            rowspan=_span(attributes.get("rowspan"), 1),
            in_head=table.in_head,
            labelled="data-label" in attributes,
            at=tag_end,
        )
        table.rows[-1].append(table.cell)
    elif name == "br" and table.cell is not None:
        table.cell.text += " "


def _new_row(table: _Table, end: int) -> None:
    table.rows.append([])
    table.sections.append(table.section)
    table.row_ends.append(end)
    table.cell = None


def _span(value: str | None, default: int) -> int:
    if value is None:  # most cells: no need to raise and catch
        return default
    try:
        return max(0, int((value or "").strip()))
    except ValueError:
        return default


# A figure as tables print it: "118.8", "≥200人次", "93.5%", "10分", "-3.2万元".
_FIGURE = re.compile(r"[≥≤＞＜><=约-]?[0-9][0-9,.，．]*[%‰]?[^\s0-9]{0,4}")


def _attributes(table: _Table) -> list[tuple[int, str]]:
    """What a table's tags get, by where in the text: a cell its label (and whether it is a
    figure, which never breaks between its digits and its unit); a row of column headers
    only, that it is one (on a phone its words are in the labels below it)."""
    out: list[tuple[int, str]] = []
    laid = _plain(table.rows) or _laid_out(table)
    for (cell, _), label in zip(laid[0], laid[1], strict=True):
        if label and not cell.labelled:
            out.append((cell.at, f' data-label="{html.escape(label)}"'))
        if _FIGURE.fullmatch(" ".join(cell.text.split())):
            out.append((cell.at, " data-jx-figure"))
    heads = {id(cell) for cell, kind in laid[0] if kind == "column"}
    for row, end in zip(table.rows, table.row_ends, strict=True):
        in_head = row and row[0].in_head  # a <thead> is hidden as a whole
        if row and end >= 0 and not in_head and all(id(cell) in heads for cell in row):
            out.append((end, " data-jx-head"))
    return out


# Each cell with what it heads ("column", "row", "block" or "") in the table's order, and
# each cell's label.
_LaidOut = tuple[list[tuple[Cell, str]], list[str]]


def _laid_out(table: _Table) -> _LaidOut:
    laid = grid(table.rows, table.sections)
    return [(placed.cell, placed.kind) for placed in laid.cells], _labels(laid)


def _plain(rows: list[list[Cell]]) -> _LaidOut | None:
    """The labels of a table without merged cells or scopes (most tables: every Markdown
    table), as ``grid`` and ``_labels`` give them, found in one pass down the rows: the label
    of a cell is the run of column headers nearest above it.  None for any other table."""
    cells: list[tuple[Cell, str]] = []
    found: list[str] = []
    runs: dict[int, tuple[int, list[str]]] = {}  # column -> (row of its last header, words)
    for r, row in enumerate(rows):
        all_headers = all(cell.header for cell in row)
        for column, cell in enumerate(row):
            if cell.colspan != 1 or cell.rowspan != 1 or cell.scope:
                return None
            kind = _kind(cell, all_headers)
            cells.append((cell, kind))
            if kind == "column":
                last, words = runs.get(column, (-2, []))
                word = " ".join(cell.text.split()).rstrip("：: ")
                runs[column] = (r, (words if last == r - 1 else []) + [word])
                found.append("")
            else:
                found.append(JOIN.join(w for w in runs.get(column, (0, []))[1] if w))
    return cells, found


_TABLE_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)


def _tables(page: str) -> list[tuple[int, int]]:
    """Where each outermost table starts and ends in the page: only tables are read."""
    found: list[tuple[int, int]] = []
    depth, start = 0, 0
    for tag in _TABLE_TAG.finditer(page):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                end = page.find(">", tag.end())
                found.append((start, len(page) if end < 0 else end + 1))
    if depth > 0:  # a table left open runs to the end of the page
        found.append((start, len(page)))
    return found


def label_tables(page: str) -> str:
    """The page's HTML with a data-label on every table cell that a header heads."""
    inserts: list[tuple[int, str]] = []
    for start, end in _tables(page):
        inserts += [insert for table in _read(page, start, end) for insert in _attributes(table)]
    if not inserts:
        return page
    out = []
    last = 0
    for at, text in sorted(inserts, key=lambda insert: insert[0]):  # stable: label first
        out += [page[last:at], text]
        last = at
    return "".join(out) + page[last:]


class _Labels(Postprocessor):
    def run(self, text: str) -> str:
        return label_tables(text)


class TableLabels(Extension):
    """Python-Markdown extension ``jixiao.theme.table_labels``."""

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        # after every other postprocessor: raw HTML (priority 30) is back in the page
        md.postprocessors.register(_Labels(md), "jixiao_table_labels", 1)


def makeExtension(**kwargs: object) -> TableLabels:  # Python-Markdown's name
    return TableLabels(**kwargs)
