"""Tables of a source report as the model's tables: general grids, 评分表 and 项目支出绩效自评表.

A reader gives a table as a ``Grid``: its rows left to right, each cell with its verbatim
text and the places it merges (``colspan``/``rowspan``), merged places left out as HTML
does.  ``convert`` writes it as a data file's table: the general kind always fits, cell
for cell; a table whose header says it is a score table or the standard project form is
typed as one only when every cell it prints has a place in that kind, so the page still
carries every cell.  Where the header looks typed but something does not fit, the table
stays general and the reason is listed for staff to confirm.  Nothing is computed: a
figure is the cell's text, a bare number gets the unit its column or the form prints,
an empty cell is no figure (never 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from jixiao.importer.columns import BARE, FUND_WORDS, LEVELS, SCORE_WORDS
from jixiao.importer.grid import Cell, Grid, TableBlock, expand, from_places, squeeze
from jixiao.importer.project_table import looks_project, project_table
from jixiao.importer.score_table import Refused, looks_scored, score_table
from jixiao.model.tables import ProjectTable, ScoreTable

__all__ = [  # the readers take the grid from here, as before the split
    "Cell",
    "Converted",
    "Grid",
    "TableBlock",
    "convert",
    "expand",
    "from_places",
    "is_title",
    "squeeze",
]

# --- what a converted table is ---------------------------------------------------------


@dataclass
class Converted:
    kind: str  # table, score, project
    data: dict[str, Any]
    candidates: list[str] = field(default_factory=list)  # why a typed-looking table is not
    titled: bool = False  # the title given (the paragraph above) was used


_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|元|亿元|千元)\s*[）)]")
_TITLE = re.compile(r"(表|表[（(].{1,20}[）)])$")


def is_title(paragraph: str) -> bool:
    """A paragraph that names the table below it: short, one line, ending in 表."""
    text = paragraph.strip()
    return (
        not isinstance(paragraph, TableBlock)
        and len(text) <= 40
        and "。" not in text
        and bool(_TITLE.search(text))
    )


def _cell(cell: Cell, unit: str | None) -> Any:
    """A general table's cell as written: the text, spans where merged, and the unit its
    column prints where the text is a bare number."""
    out: dict[str, Any] = {"text": cell.text}
    if unit is not None and BARE.match(cell.text.strip()):
        out["unit"] = unit
    if cell.colspan > 1:
        out["colspan"] = cell.colspan
    if cell.rowspan > 1:
        out["rowspan"] = cell.rowspan
    return out["text"] if len(out) == 1 else out


def _title_row(rows: list[list[Cell]], width: int) -> str | None:
    """A first row that is one cell across the table, above other rows: the table's name."""
    if len(rows) > 1 and len(rows[0]) == 1:
        only = rows[0][0]
        text = only.text.strip()
        if only.colspan == width > 1 and only.rowspan == 1 and text and "\n" not in text:
            return text if len(text) <= 60 else None
    return None


def convert(grid: Grid, number: int, title: str | None, key: str) -> Converted | None:
    """The grid as a data file's table; None for a frame around one text (a text box), which
    stays text."""
    places = expand(grid.rows)
    if places is None or not places:
        return None
    texts = [c for row in grid.rows for c in row if c.text.strip()]
    if len(places[0]) < 2 and len(texts) < 2:
        return None
    width = len(places[0])
    rows = grid.rows
    caption = _title_row(rows, width)
    if caption is not None:
        rows, places = rows[1:], places[1:]
    named = caption or title
    ident = f"{key}-table-{number}"
    used = caption is None and title is not None
    reasons: list[str] = []
    typed = _typed(rows, places, named, ident, reasons)
    if typed is not None:
        return Converted(typed[0], typed[1], titled=used)
    general = _general(rows, places, named, ident, caption is not None)
    return Converted("table", general, reasons, titled=used)


def _typed(
    rows: list[list[Cell]],
    places: list[list[Cell]],
    title: str | None,
    ident: str,
    reasons: list[str],
) -> tuple[str, dict[str, Any]] | None:
    """A score or project table, when the header says so and every cell has its place."""
    if len(rows) < 2:
        return None
    model: type[ScoreTable] | type[ProjectTable]
    if looks_scored(places):
        kind, what, model = "score", "表头像评分表", ScoreTable
    elif looks_project(places):
        kind, what, model = "project", "像项目支出绩效自评表", ProjectTable
    else:
        return None
    try:
        if kind == "score":
            data = _explicit(score_table(rows, places, title, ident))
        else:
            data = _explicit(project_table(places, title, ident))
        model.model_validate(data)  # a cell the model cannot hold: better general than lost
    except Refused as why:
        reasons.append(f"{what}，但{why}，保留为一般表格")
        return None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        reasons.append(f"{what}，但“{where}”一处数据模型读不进（{first['msg']}），保留为一般表格")
        return None
    return kind, data


def _explicit(data: dict[str, Any]) -> dict[str, Any]:
    """Columns written out as {label, field}: the label is printed text, a value the file's
    readers (and the import's proof) see, never a mapping's key."""
    out = dict(data)
    for key in ("columns", "fund_columns", "goal_columns", "indicator_columns"):
        if key in out:
            out[key] = [
                column if "label" in column else {"label": label, "field": field}
                for column in out[key]
                for label, field in list(column.items())[:1]
            ]
    return out


def _header_height(rows: list[list[Cell]]) -> int:
    """The first row and the rows its merged cells reach down into: the header, when rows
    are left below it (a header never merges into the body)."""
    height, grown = 1, True
    while grown:
        reach = max(r + c.rowspan for r in range(height) for c in rows[r])
        grown = reach > height
        height = max(height, reach)
    return height if height < len(rows) else 0


def _general(
    rows: list[list[Cell]],
    places: list[list[Cell]],
    title: str | None,
    ident: str,
    captioned: bool,
) -> dict[str, Any]:
    height = _header_height(rows)
    units: list[str | None] = []
    for c in range(len(places[0])):
        words = "".join(places[r][c].text for r in range(height))
        found = _UNIT_IN_HEADER.search(words)
        units.append(found[1] if found else None)
    out: dict[str, Any] = {"id": ident, "title": title or "（原文未印表名）"}
    if not captioned and title is None:
        out["note"] = "原文表格前后没有印表名，表名为导入时所写，请照原文改写"

    def written(line: list[Cell], r: int) -> list[Any]:
        cells = []
        column = 0
        for cell in line:
            while places[r][column] is not cell:
                column += 1
            cells.append(_cell(cell, units[column] if r >= height else None))
            column += cell.colspan
        return cells

    if height:
        out["header"] = [written(line, r) for r, line in enumerate(rows[:height])]
    out["rows"] = [written(line, r) for r, line in enumerate(rows) if r >= height]
    return out


# Words a typed table's page prints itself where the source printed them (项目名称, 主管部门 …)
# or that a typed table holds as its kind (合计, 等级): carried by the kind, not the data.
FORM_WORDS = frozenset(
    {
        *LEVELS,
        *SCORE_WORDS,
        *FUND_WORDS,
        "合计",
        "等级",
        "总分",
        "项目名称",
        "主管部门",
        "实施单位",
        "项目资金（万元）",
        "项目资金（元）",
        "年度总体目标",
    }
)
