"""An Excel workbook (.xlsx), as some departments publish their 自评表: each sheet a table.

A sheet's merge ranges are its merged cells; a cell's text is what Excel shows, its value
formatted by the cell's number format (96.5 under ``0.00`` is 96.50, 0.965 under ``0.0%``
is 96.5%), so a figure is read as printed.  A formula's last computed value is what the
file stores and what a reader saw.  Empty rows and columns around a sheet's cells are no
part of its table.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.importer.grid import Grid, TableBlock, from_places

_DECIMALS = re.compile(r"\.([0#?]+)")


def displayed(value: Any, number_format: str) -> str:
    """A cell's value as Excel shows it under its number format (the first section)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, int | float | Decimal):
        return str(value).replace("\r\n", "\n").replace("\r", "\n")
    # a float as Excel shows it: 15 significant digits (0.1 + 0.2 is 0.3, not 0.30000000000000004)
    number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    section = (number_format or "General").split(";")[0]
    if section.lower() == "general" or section == "@":
        return format(number.normalize(), "f") if number == number.to_integral() else str(number)
    percent = "%" in section
    if percent:
        number *= 100
    found = _DECIMALS.search(section)
    places = len(found[1]) if found else 0
    shown = format(number, f"{',' if ',' in section else ''}.{places}f")
    return shown + ("%" if percent else "")


def read_sheets(path: Path) -> tuple[list[str], int]:
    """Each sheet with a cell as one table (a TableBlock), in the workbook's order."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True)
    blocks: list[str] = []
    for sheet in workbook.worksheets:
        grid = _sheet_grid(sheet)
        if grid is not None:
            blocks.append(TableBlock(grid))
    return blocks, len(blocks)


def _sheet_grid(sheet: Any) -> Grid | None:
    cells = [
        (cell.row, cell.column, displayed(cell.value, cell.number_format))
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and str(cell.value).strip()
    ]
    if not cells:
        return None
    top, bottom = min(r for r, _, _ in cells), max(r for r, _, _ in cells)
    left, right = min(c for _, c, _ in cells), max(c for _, c, _ in cells)
    texts = {(r, c): text for r, c, text in cells}
    owner: dict[tuple[int, int], object] = {}
    for merged in sheet.merged_cells.ranges:
        key = object()
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                owner[(r, c)] = key
        texts.setdefault((merged.min_row, merged.min_col), "")
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != (merged.min_row, merged.min_col):
                    texts[(r, c)] = texts[(merged.min_row, merged.min_col)]
    places = [
        [(owner.get((r, c)) or object(), texts.get((r, c), "")) for c in range(left, right + 1)]
        for r in range(top, bottom + 1)
    ]
    rows = from_places(places)
    return Grid(rows, f"工作表“{sheet.title}”") if rows else None
