"""A table as a reader finds it: rows of cells with their merges, before anything is typed.

Every reader (Word, Excel, text, PDF) gives a table as a ``Grid``: its rows left to right,
each cell with its verbatim text and the places it merges (``colspan``/``rowspan``), merged
places left out as HTML does.  ``from_places`` builds one from a grid of places where a
merged cell repeats over the places it covers (as python-docx and a sheet's merge ranges
give it); ``expand`` gives every place the cell that covers it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def from_places(places: list[list[tuple[object, str]]]) -> list[list[Cell]] | None:
    """HTML rows from a grid of (identity, text) per place, the same identity repeated over
    merged places; None when there is no place at all.  A short row is filled with empty
    places (Word lets a row end before the last column), and the part of a merge that is no
    rectangle is a blank place of its own: the grid always holds every printed cell."""
    if not places or not any(places):
        return None
    width = max(len(row) for row in places)
    filled = [row + [(object(), "") for _ in range(width - len(row))] for row in places]
    height = len(filled)
    covered = [[False] * width for _ in filled]
    used: set[int] = set()
    rows: list[list[Cell]] = []
    for r in range(height):
        row: list[Cell] = []
        for c in range(width):
            if covered[r][c]:
                continue
            key, text = filled[r][c]
            covered[r][c] = True
            if id(key) in used:
                row.append(Cell(""))  # the rest of a merge that is no rectangle
                continue
            used.add(id(key))
            colspan, rowspan = _spans(filled, covered, r, c)
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[r + dr][c + dc] = True
            row.append(Cell(text, colspan, rowspan))
        rows.append(row)
    return rows


def _spans(
    places: list[list[tuple[object, str]]], covered: list[list[bool]], r: int, c: int
) -> tuple[int, int]:
    """How far the cell at (r, c) reaches right, then down as a whole rectangle."""
    key = places[r][c][0]
    width, height = len(places[0]), len(places)
    colspan = 1
    while c + colspan < width and places[r][c + colspan][0] is key and not covered[r][c + colspan]:
        colspan += 1
    rowspan = 1
    while r + rowspan < height and all(
        places[r + rowspan][c + k][0] is key and not covered[r + rowspan][c + k]
        for k in range(colspan)
    ):
        rowspan += 1
    return colspan, rowspan


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


def distinct(line: list[Cell]) -> list[Cell]:
    """A row's cells once each, left to right (a merged cell covers several places)."""
    out: list[Cell] = []
    for cell in line:
        if not out or out[-1] is not cell:
            out.append(cell)
    return out
