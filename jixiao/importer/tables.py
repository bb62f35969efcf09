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
from decimal import Decimal
from typing import Any

from jixiao.model.figures import read_printed
from jixiao.model.tables import PROJECT_INDICATOR_COLUMNS
from jixiao.model.units import lookup


@dataclass(frozen=True, eq=False)
class Cell:
    """One cell as printed; identity, not text, tells merged places apart."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Grid:
    """A table as the source prints it, rows in HTML form (merged places left out)."""

    rows: list[list[Cell]]
    where: str  # 第2张 Word 表格, 第15行起的 Markdown 表格 …

    def lines(self) -> list[str]:
        """The rows as text, cells joined by “ | ” (how a table stays text)."""
        return [" | ".join(c.text.replace("\n", " ") for c in row) for row in self.rows]


class TableBlock(str):
    """A table in the paragraph stream: its text is its rows, so the outline and every
    reader of text see it as today; the grid goes with it."""

    grid: Grid

    def __new__(cls, grid: Grid) -> TableBlock:
        block = super().__new__(cls, "\n".join(grid.lines()))
        block.grid = grid
        return block


def from_places(places: list[list[tuple[object, str]]]) -> list[list[Cell]] | None:
    """HTML rows from a grid of (identity, text) per place, the same identity repeated over
    merged places (python-docx repeats a merged cell's ``_tc``); None when the merges are
    no rectangles or the rows differ in width."""
    if not places or any(len(row) != len(places[0]) for row in places):
        return None
    seen: set[int] = set()
    rows: list[list[Cell]] = []
    height, width = len(places), len(places[0])
    for r in range(height):
        row: list[Cell] = []
        for c in range(width):
            key, text = places[r][c]
            if id(key) in seen:
                continue
            seen.add(id(key))
            colspan = 1
            while c + colspan < width and places[r][c + colspan][0] is key:
                colspan += 1
            rowspan = 1
            while r + rowspan < height and places[r + rowspan][c][0] is key:
                rowspan += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    if places[r + dr][c + dc][0] is not key:
                        return None  # a merge that is no rectangle
            row.append(Cell(text, colspan, rowspan))
        rows.append(row)
    return rows


def expand(rows: list[list[Cell]]) -> list[list[Cell]] | None:
    """Every place of the grid holding the cell that covers it; None when the rows do not
    make a rectangle."""
    grid: list[list[Cell | None]] = [[] for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while column < len(grid[r]) and grid[r][column] is not None:
                column += 1
            for dr in range(cell.rowspan):
                if r + dr >= len(grid):
                    return None
                target = grid[r + dr]
                while len(target) < column + cell.colspan:
                    target.append(None)
                for dc in range(cell.colspan):
                    if target[column + dc] is not None:
                        return None
                    target[column + dc] = cell
            column += cell.colspan
    width = len(grid[0]) if grid else 0
    out: list[list[Cell]] = []
    for line in grid:
        if len(line) != width or any(place is None for place in line):
            return None
        out.append([place for place in line if place is not None])
    return out


# --- what a converted table is ---------------------------------------------------------


@dataclass
class Converted:
    kind: str  # table, score, project
    data: dict[str, Any]
    candidates: list[str] = field(default_factory=list)  # why a typed-looking table is not
    titled: bool = False  # the title given (the paragraph above) was used


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|元|亿元|千元)\s*[）)]")
_BARE = re.compile(r"^[0-9]{1,15}(?:\.[0-9]{1,6})?$")
# A cell printing only a dash or a slash: the form's “not applicable”, no figure.
_DASH = re.compile(r"^[-－—–/／\\]+$")
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


def _known(text: str) -> bool:
    reading = read_printed(text)
    return reading is not None and lookup(reading.unit, {}) is not None


def _cell(cell: Cell, unit: str | None) -> Any:
    """A general table's cell as written: the text, spans where merged, and the unit its
    column prints where the text is a bare number."""
    out: dict[str, Any] = {"text": cell.text}
    if unit is not None and _BARE.match(cell.text.strip()):
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
    """The grid as a data file's table; None when its rows make no rectangle or it has one
    column (it stays text)."""
    places = expand(grid.rows)
    if places is None or not places or len(places[0]) < 2:
        return None  # one column is a frame around text (a box), not a table
    width = len(places[0])
    rows = grid.rows
    caption = _title_row(rows, width)
    if caption is not None:
        rows, places = rows[1:], places[1:]
    named = caption or title
    ident = f"{key}-table-{number}"
    reasons: list[str] = []
    score = _score(rows, places, named, ident, reasons)
    used = caption is None and title is not None
    if score is not None:
        return Converted("score", score, titled=used)
    project = _project(rows, places, named, ident, reasons)
    if project is not None:
        return Converted("project", project, titled=used)
    general = _general(rows, places, named, ident, caption is not None)
    return Converted("table", general, reasons, titled=used)


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


# --- score tables ----------------------------------------------------------------------

LEVELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")
_SCORE_COLUMNS = {
    "分值": "weight",
    "权重": "weight",
    "评分标准": "standard",
    "指标说明": "explanation",
    "指标值": "target",
    "实际完成值": "actual",
    "得分": "score",
    "偏差原因及改进措施": "reason",
}
_SCOREISH = ("分值", "权重", "得分", "扣分")
_NAME_WEIGHT = re.compile(r"[（(]\s*(\d{1,3}(?:\.\d{1,2})?\s*分)\s*[）)]$")


def _looks_scored(labels: list[str]) -> bool:
    return any("指标" in w for w in labels) and any(w in _SCOREISH for w in labels)


def _figure(text: str, column: str, points: bool) -> tuple[Any, bool]:
    """A score or weight cell: (what to write, whether it fits).  Text with a unit is
    written as printed; a bare number is in points where the header says 分值/得分; an
    empty or dash cell is no figure."""
    text = text.strip()
    if not text or _DASH.match(text):
        return None, True  # no figure, and never 0
    if _known(text):
        return text, True
    if points and _BARE.match(text):
        return Decimal(text), True
    return None, False


def _score(
    rows: list[list[Cell]],
    places: list[list[Cell]],
    title: str | None,
    ident: str,
    reasons: list[str],
) -> dict[str, Any] | None:
    if len(rows) < 2:
        return None
    labels = [squeeze(cell.text) for cell in places[0]]
    if not _looks_scored(labels):
        return None

    def refuse(why: str) -> None:
        reasons.append(f"表头像评分表，但{why}，保留为一般表格")

    if any(cell.rowspan > 1 for cell in rows[0]):
        refuse("表头占了不止一行")
        return None
    depth = 0
    while depth < len(labels) and labels[depth] == LEVELS[depth]:
        depth += 1
    columns: dict[str, int] = {}
    for c, word in enumerate(labels[depth:], start=depth):
        name = _SCORE_COLUMNS.get(word)
        if depth == 0 or name is None or name in columns:
            what = "“" + word + "”" if word else "空白表头"
            refuse(f"第{c + 1}列的{what}不是评分表的列名（一级指标…、分值、得分等）")
            return None
        columns[name] = c
    if "score" not in columns:
        refuse("没有“得分”列")
        return None
    weight_word = labels[columns["weight"]] if "weight" in columns else "分值"
    points = weight_word == "分值"
    nodes: dict[int, dict[str, Any]] = {}
    top: list[dict[str, Any]] = []
    out: dict[str, Any] = {
        "kind": "score",
        "id": ident,
        "title": title or "评分表（原文未印表名）",
    }
    if weight_word != "分值":
        out["weight_word"] = weight_word
    dashes = False
    for r in range(1, len(places)):
        line = places[r]
        first = squeeze(line[0].text)
        if first in ("合计", "等级") and all(line[k] is line[0] for k in range(depth)):
            rest = line[depth:]
            if first == "等级":
                if any(cell is not rest[0] for cell in rest) or not rest[0].text.strip():
                    refuse("“等级”一行的格与评分表不同")
                    return None
                out["grade"] = rest[0].text.strip()
                continue
            for name, c in columns.items():
                text = line[c].text
                if name in ("weight", "score"):
                    value, fits = _figure(text, name, points or name == "score")
                    if not fits:
                        refuse(f"合计行第{c + 1}格“{text}”读不出数字和单位")
                        return None
                    if value is not None:
                        out["total_weight" if name == "weight" else "total"] = value
                elif text.strip():
                    refuse(f"合计行第{c + 1}格有文字“{text}”")
                    return None
            continue
        path: list[Cell] = []
        for k in range(depth):
            if not path or line[k] is not path[-1]:
                path.append(line[k])
        while len(path) > 1 and not path[-1].text.strip():
            path.pop()  # a blank lower level: the indicator has no sub-level here
        if any(not cell.text.strip() for cell in path):
            refuse(f"第{r + 1}行有空白的指标名称")
            return None
        if any("\n" in cell.text for cell in path):
            refuse(f"第{r + 1}行的指标名称分了行")
            return None
        leaf = path[-1]
        if id(leaf) in nodes:
            refuse(f"第{r + 1}行的指标与上一行合并")
            return None
        item: dict[str, Any] = {"name": leaf.text.strip()}
        for name, c in columns.items():
            cell = line[c]
            if cell.rowspan > 1 or (c > 0 and line[c - 1] is cell):
                refuse(f"第{r + 1}行第{c + 1}格与别的格合并")
                return None
            text = cell.text.strip()
            if name in ("weight", "score"):
                value, fits = _figure(text, name, points or name == "score")
                if not fits:
                    refuse(f"第{r + 1}行第{c + 1}格“{text}”读不出数字和单位")
                    return None
                dashes = dashes or bool(_DASH.match(text))
                if value is not None:
                    item[name] = value
            elif text:
                item[name] = text
        parent_list = top
        for cell in path[:-1]:
            node = nodes.get(id(cell))
            if node is None:
                node = {"name": cell.text.strip(), "items": []}
                nodes[id(cell)] = node
                parent_list.append(node)
            parent_list = node["items"]
        nodes[id(leaf)] = item
        parent_list.append(item)
    if not top:
        refuse("没有指标行")
        return None
    for node in nodes.values():
        # a weight printed in the name, 部门决策（25分）: the name stays as printed
        found = _NAME_WEIGHT.search(node["name"])
        if "weight" not in node and found and points:
            node["weight"] = found[1].replace(" ", "")
    out["items"] = [_ordered(node) for node in top]
    if dashes:
        out["note"] = "原文印“-”或“/”的分值、得分格表示不适用，在此留空"
    return {k: out[k] for k in _SCORE_ORDER if k in out}


_ITEM_ORDER = (
    "name",
    "weight",
    "standard",
    "explanation",
    "target",
    "actual",
    "score",
    "reason",
    "items",
)
_SCORE_ORDER = (
    "kind",
    "id",
    "title",
    "weight_word",
    "items",
    "total_weight",
    "total",
    "grade",
    "note",
)


def _ordered(node: dict[str, Any]) -> dict[str, Any]:
    out = {k: node[k] for k in _ITEM_ORDER if k in node and k != "items"}
    if node.get("items"):
        out["items"] = [_ordered(child) for child in node["items"]]
    return out


# --- project tables ----------------------------------------------------------------------

_FUNDS_WORDS = ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
_FUNDS_KEYS = ("initial", "budget", "executed", "weight", "rate", "score")
_INDICATOR_WORDS = PROJECT_INDICATOR_COLUMNS
_PROJECTISH = ("预算数", "执行数", "执行率")


def _distinct(line: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for cell in line:
        if not out or out[-1] is not cell:
            out.append(cell)
    return out


def _project(
    rows: list[list[Cell]],
    places: list[list[Cell]],
    title: str | None,
    ident: str,
    reasons: list[str],
) -> dict[str, Any] | None:
    texts = [squeeze(cell.text) for line in places for cell in line]
    if "项目名称" not in texts or not any(w in t for t in texts for w in _PROJECTISH):
        return None

    def refuse(why: str) -> None:
        reasons.append(f"像项目支出绩效自评表，但{why}，保留为一般表格")

    if len(places[0]) != 8:
        refuse(f"表宽{len(places[0])}列，不是标准表样的8列")
        return None
    out: dict[str, Any] = {
        "kind": "project",
        "id": ident,
        "title": title or "项目支出绩效自评表",
    }
    funds: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    dashes = False
    r = 0
    while r < len(places):
        line = places[r]
        cells = _distinct(line)
        words = [squeeze(c.text) for c in cells]
        first = words[0]
        if first == "项目名称" and len(cells) == 2 and "project" not in out:
            out["project"] = cells[1].text.strip()
        elif words[:1] == ["主管部门"] and len(cells) == 4 and words[2] == "实施单位":
            if cells[1].text.strip():
                out["department"] = cells[1].text.strip()
            if cells[3].text.strip():
                out["implementer"] = cells[3].text.strip()
        elif re.fullmatch(r"项目资金（(万元|元)）", first) and not funds:
            unit = first[5:-1]
            count = cells[0].rowspan - 1
            if tuple(words[2:]) != _FUNDS_WORDS or words[1] or count < 1:
                refuse(f"第{r + 1}行项目资金的列名与标准表样不同")
                return None
            out["unit"] = unit
            for k in range(r + 1, r + 1 + count):
                row = _distinct(places[k])[1:]
                if len(row) != 7 or any(c.rowspan > 1 for c in row):
                    refuse(f"第{k + 1}行项目资金的格数与标准表样不同")
                    return None
                found: dict[str, Any] = {"name": row[0].text.strip()}
                for key, cell in zip(_FUNDS_KEYS, row[1:], strict=True):
                    money = key in ("initial", "budget", "executed")
                    value, fits = _figure(cell.text, key, key in ("weight", "score") or money)
                    if not fits or (key == "rate" and isinstance(value, Decimal)):
                        refuse(f"第{k + 1}行“{cell.text}”读不出数字和单位")
                        return None
                    dashes = dashes or bool(_DASH.match(cell.text.strip()))
                    if value is not None:
                        found[key] = value
                if not found["name"]:
                    refuse(f"第{k + 1}行项目资金没有行名")
                    return None
                funds.append(found)
            r += count
        elif (
            first == "年度总体目标"
            and cells[0].rowspan == 2
            and words[1:] == ["预期目标", "实际完成情况"]
        ):
            below = _distinct(places[r + 1])[1:] if r + 1 < len(places) else []
            if len(below) != 2 or any(c.rowspan > 1 for c in below):
                refuse(f"第{r + 2}行年度总体目标的格与标准表样不同")
                return None
            for key, cell in zip(("goal_expected", "goal_actual"), below, strict=True):
                if cell.text.strip():
                    out[key] = cell.text.strip()
            r += 1
        elif tuple(words) == _INDICATOR_WORDS:
            r += 1
            while r < len(places) and squeeze(places[r][0].text) != "总分":
                indicator = _indicator(places, r, indicators, reasons)
                if indicator is None:
                    return None
                dashes = dashes or indicator.pop("_dash", False)
                indicators.append(indicator)
                r += 1
            continue
        elif first == "总分" and cells[0].colspan == 5 and len(cells) == 4:
            for key, cell in zip(("total_weight", "total"), cells[1:3], strict=True):
                value, fits = _figure(cell.text, key, True)
                if not fits:
                    refuse(f"第{r + 1}行“{cell.text}”读不出数字和单位")
                    return None
                if value is not None:
                    out[key] = value
            grade = cells[3].text.strip()
            if grade.startswith("等级："):
                out["grade"] = grade[3:].strip()
            elif grade:
                refuse(f"第{r + 1}行“{grade}”不是“等级：…”")
                return None
        else:
            refuse(f"第{r + 1}行（“{cells[0].text.strip()[:20]}”）不在标准表样中")
            return None
        r += 1
    if "project" not in out or not out["project"]:
        refuse("没有项目名称")
        return None
    if funds:
        out["funds"] = funds
    if indicators:
        out["indicators"] = indicators
    if dashes:
        out["note"] = "原文印“-”或“/”的格表示不适用，在此留空"
    order = (
        "kind", "id", "title", "project", "department", "implementer", "unit", "funds",
        "goal_expected", "goal_actual", "indicators", "total_weight", "total", "grade", "note",
    )  # fmt: skip
    return {k: out[k] for k in order if k in out}


def _indicator(
    places: list[list[Cell]], r: int, done: list[dict[str, Any]], reasons: list[str]
) -> dict[str, Any] | None:
    line = places[r]
    above = places[r - 1] if done else None
    out: dict[str, Any] = {}
    for k, key in enumerate(("level1", "level2")):
        cell = line[k]
        if above is not None and above[k] is cell:
            continue  # merged from the row above: the model repeats it
        if cell.colspan > 1 or not cell.text.strip() or "\n" in cell.text.strip():
            reasons.append(
                f"像项目支出绩效自评表，但第{r + 1}行的指标级别格与标准表样不同，保留为一般表格"
            )
            return None
        out[key] = cell.text.strip()
    rest = line[2:]
    if len(_distinct(rest)) != 6 or any(c.rowspan > 1 for c in rest):
        reasons.append(f"像项目支出绩效自评表，但第{r + 1}行的格数与标准表样不同，保留为一般表格")
        return None
    name = rest[0].text.strip()
    if not name or "\n" in name:
        reasons.append(f"像项目支出绩效自评表，但第{r + 1}行没有三级指标名称，保留为一般表格")
        return None
    out["name"] = name
    for key, cell in zip(("target", "actual"), rest[1:3], strict=True):
        if cell.text.strip():
            out[key] = cell.text.strip()
    for key, cell in zip(("weight", "score"), rest[3:5], strict=True):
        value, fits = _figure(cell.text, key, True)
        if not fits:
            reasons.append(
                f"像项目支出绩效自评表，但第{r + 1}行“{cell.text}”读不出数字和单位，保留为一般表格"
            )
            return None
        if _DASH.match(cell.text.strip()):
            out["_dash"] = True
        if value is not None:
            out[key] = value
    if rest[5].text.strip():
        out["reason"] = rest[5].text.strip()
    return out


# Words a typed table's page prints itself (its column names, 合计, 总分 …): a cell of the
# source printing one of them is carried by the kind, not by the data.
FORM_WORDS = frozenset(
    {
        *LEVELS,
        *_SCORE_COLUMNS,
        *_FUNDS_WORDS,
        *_INDICATOR_WORDS,
        "合计",
        "等级",
        "总分",
        "项目名称",
        "主管部门",
        "实施单位",
        "项目资金（万元）",
        "项目资金（元）",
        "年度总体目标",
        "预期目标",
        "实际完成情况",
    }
)
