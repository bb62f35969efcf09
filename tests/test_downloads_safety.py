"""Downloads are safe to open in Excel and WPS: text from data never becomes a formula.

OWASP's CSV-injection rule: a text cell starting with =, +, -, @, a tab or a carriage return
gets a leading apostrophe in CSV; in XLSX every text from data is stored as text.  Tested by
reading the files back.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.model.report import Report
from jixiao.opendata.downloads import FORMULA_START, _csv_cell, to_csv, to_xlsx
from tests.synthetic import report

# A tab or carriage return cannot start a one-line field (the model refuses them), so the
# hostile texts here start with the other four; the tab and CR starts are tested on the cell.
HOSTILE = ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3", "@SUM(A1)"]


def hostile_report() -> Report:
    """Every hostile text as the name of a total (which starts the labels of its figures),
    a part name, a note and the department's name."""
    breakdowns = [
        {
            "id": f"b{i}",
            "name": text,
            "total": "10万元",
            "parts": [{"name": text, "value": "10万元", "note": text}],
        }
        for i, text in enumerate(HOSTILE)
    ]
    return report(
        department={"name": HOSTILE[0]},
        budget={"text": "预算10万元。" * len(HOSTILE), "breakdowns": breakdowns},
    )


def test_csv_text_cells_never_start_like_a_formula() -> None:
    rows = list(csv.reader(io.StringIO(to_csv([hostile_report()]).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    for text in HOSTILE:  # shown as typed, the apostrophe hidden by the spreadsheet
        assert any(cell.startswith("'" + text) for cell in cells), text
    assert [c for c in cells if c.startswith(FORMULA_START)] == []


@pytest.mark.parametrize("text", ["=1+1", "+86", "-", "@x"])
def test_each_formula_start_is_neutralised_in_csv(text: str) -> None:
    out = to_csv([report(department={"name": "虚构测试局"}, title=f"{text}标题")])
    assert text not in out.decode("utf-8-sig").replace("'" + text, "")


@pytest.mark.parametrize("text", ["\t=1+1", "\r=1+1", "=1", "+1", "-1", "@1"])
def test_every_formula_start_of_the_owasp_rule_gets_an_apostrophe(text: str) -> None:
    assert _csv_cell(text) == "'" + text
    assert _csv_cell(" =1") == " =1" and _csv_cell(Decimal("-1.5")) == "-1.5"  # numbers stay


def test_xlsx_stores_text_from_data_as_text() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([hostile_report()])))
    formulas = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    texts = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert set(HOSTILE) <= texts  # stored exactly as typed
