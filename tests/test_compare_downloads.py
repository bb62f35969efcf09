"""A year's comparison as CSV, XLSX and JSON: each read back equals the page's table, in exact
decimals with the unit named; not stated is empty or null, never 0; the page lists each
file's SHA-256; the same portal gives the same bytes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from jixiao.derive.compare import Comparison, comparison
from jixiao.opendata.compare import FIELDS, compare_files, header, rows
from jixiao.opendata.portal import portal_pages
from tests.portal_fixture import county


@pytest.fixture(scope="module")
def table() -> Comparison:
    return comparison(county(), 2030)


@pytest.fixture(scope="module")
def files(table: Comparison) -> dict[str, bytes]:
    return compare_files(county(), table)


def _expected_text(value: Any) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def test_csv_reads_back_as_the_table(table: Comparison, files: dict[str, bytes]) -> None:
    content = files["csv"]
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    read = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert read[0] == [header(f, table) for f in FIELDS]
    assert read[1:] == [[_expected_text(v) for v in values] for values in rows(table)]
    by_id = {line[0]: dict(zip(read[0], line, strict=True)) for line in read[1:]}
    assert by_id["yuan"]["年初预算（万元）"] == "521.75"  # 5217500元, converted exactly
    assert by_id["caizheng"]["决算总收入（万元）"] == "98.50"  # the printed digits
    assert by_id["quewei"]["年初预算（万元）"] == ""  # not stated: empty, never 0
    assert by_id["yuan"]["“三公”经费超出控制数（万元，计算）"] == "-1"


def test_json_reads_back_as_the_table_with_units(
    table: Comparison, files: dict[str, bytes]
) -> None:
    document = json.loads(files["json"])
    assert document["year"] == 2030 and document["unit"] == "万元"
    departments = {d["id"]: d for d in document["departments"]}
    assert [d["id"] for d in document["departments"]] == [r.department.id for r in table.rows]
    assert departments["yuan"]["budget"] == {"value": "521.75", "unit": "万元"}
    assert departments["caizheng"]["income"] == {"value": "98.50", "unit": "万元"}
    assert departments["caizheng"]["execution"] == {"value": "90.0", "unit": "%"}
    assert departments["caizheng"]["three_public_over"] == {"value": "2.5", "unit": "万元"}
    assert departments["quewei"]["budget"] is None and departments["quewei"]["score"] is None
    assert departments["dishu"]["grade_agrees"] is False
    for row, values in zip(table.rows, rows(table), strict=True):
        entry = departments[row.department.id]
        for field, value in zip(FIELDS, values, strict=True):
            found = entry[field.key]
            if value is None or value == "":
                assert found is None, (row.department.id, field.key)
            elif isinstance(value, Decimal):
                shown = found["value"] if isinstance(found, dict) else found
                assert Decimal(shown) == value and shown == format(value, "f")


def test_xlsx_reads_back_as_the_table(table: Comparison, files: dict[str, bytes]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames == ["说明", "对比"]
    sheet = book["对比"]
    read = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert read[0] == [header(f, table) for f in FIELDS]
    for got, values in zip(read[1:], rows(table), strict=True):
        for cell, value in zip(got, values, strict=True):
            if value is None or value == "":
                assert cell is None  # an empty cell, never 0
            elif isinstance(value, Decimal):
                assert isinstance(cell, int | float) and Decimal(repr(cell)) == value
            else:
                assert cell == value
    budget = sheet.cell(row=3, column=5)  # 元计局's budget: 521.75, shown with its 2 places
    assert budget.value == 521.75 and budget.number_format == "#,##0.00"


def test_files_are_the_same_bytes_for_the_same_portal(files: dict[str, bytes]) -> None:
    again = compare_files(county(), comparison(county(), 2030))
    assert again == files


def test_the_page_lists_each_file_with_its_sha256() -> None:
    site = portal_pages(county())
    page = site["compare/2030.md"]
    assert isinstance(page, str)
    for kind in ("csv", "xlsx", "json"):
        path = f"compare/jixiao-compare-2030.{kind}"
        content = site[path]
        assert isinstance(content, bytes)
        digest = hashlib.sha256(content).hexdigest()
        listed = re.search(
            rf"\[jixiao-compare-2030\.{kind}\]\(([^)]+)\).*\n\s+SHA-256：`([0-9a-f]+)`", page
        )
        assert listed is not None and listed[1] == f"jixiao-compare-2030.{kind}"
        assert listed[2] == digest


def test_formula_like_text_stays_text_in_csv() -> None:
    from tests.portal_fixture import department, year_report

    portal = county().__class__("县", (department("a", "=SUM(A1)", year_report("+局")),))
    content = compare_files(portal, comparison(portal, 2030))["csv"].decode("utf-8-sig")
    assert "'=SUM(A1)" in content and "'+局" in content
