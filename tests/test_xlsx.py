"""The workbooks (written with XlsxWriter) read back, in openpyxl (and LibreOffice where
installed), as what they were given: exact numbers in their printed format, text as text,
bold headers, widths, a frozen header row, sheets in order, and the same bytes every time."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from jixiao.model.figures import Figure
from jixiao.opendata.downloads import to_xlsx
from jixiao.opendata.xlsx import ZIP_DATE, Column, Sheet, Workbook, number_format, write_workbook
from tests.hostile import HOSTILE
from tests.synthetic import report

STAMP = datetime.datetime(2031, 5, 20)
COLUMNS = [Column("名称", 20, lambda r: r[0]), Column("数值", 14, lambda r: r[1])]
SPECIAL = "<b>甲 & 乙</b> \"引号\" '单引号' &amp;"


def figure(printed: str) -> Figure:
    return Figure.model_validate(printed)


def book(*rows: list[Any], about: list[list[str]] | None = None) -> Workbook:
    lines = about if about is not None else [["标题"], ["说明文字"], [], ["工作表", "内容"]]
    sheets = [Sheet("数字", COLUMNS, list(rows)), Sheet("第二张", COLUMNS, [["乙", 2]])]
    return Workbook(lines, sheets, STAMP)


def read(workbook: Workbook) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(write_workbook(workbook)))


def test_numbers_read_back_exactly_in_their_printed_format() -> None:
    sheet = read(
        book(
            ["零点一零", Decimal("0.10")],
            ["大额", figure("123456789.12万元")],
            ["整数", 2030],
            ["十", Decimal("1E+1")],
            ["负数", Decimal("-0.5")],
            ["百分比", figure("90.0%")],
        )
    )["数字"]
    cells = [(row[1].value, row[1].number_format) for row in sheet.iter_rows(min_row=2)]
    assert cells == [
        (0.1, "#,##0.00"),
        (123456789.12, '#,##0.00"万元"'),
        (2030, "General"),
        (10, "#,##0"),
        (-0.5, "#,##0.0"),
        (90.0, '#,##0.0"%"'),
    ]
    assert [type(row[1].value) for row in sheet.iter_rows(min_row=2)] == [
        float,
        float,
        int,
        int,
        float,
        float,
    ]


def test_a_decimal_is_written_in_its_own_digits_never_through_a_float() -> None:
    digits = "1234567890123.45"  # fifteen digits: what a spreadsheet number keeps
    data = write_workbook(book(["多位", Decimal(digits)], ["零", Decimal("0.10")]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert f"<v>{digits}</v>" in sheet and "<v>0.10</v>" in sheet


def test_a_figure_with_more_digits_than_a_number_keeps_is_its_printed_text() -> None:
    sheet = read(book(["多位", figure("1234567890123456.78元")], ["整数", 10**16]))["数字"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [
        "1234567890123456.78元",
        "10000000000000000",
    ]


def test_number_formats() -> None:
    assert number_format(Decimal("300.5"), "万元") == '#,##0.0"万元"'
    assert number_format(Decimal("1E+3")) == "#,##0"
    assert number_format(Decimal("0.125"), "%") == '#,##0.000"%"'
    # A declared unit may hold a quote: it cannot end the quoted literal early.
    assert number_format(Decimal("1"), 'a"b') == '#,##0"a"\\""b"'


def test_headers_are_bold_centred_and_columns_wide_and_the_header_row_frozen() -> None:
    workbook = read(book(["甲", 1]))
    assert workbook.sheetnames == ["说明", "数字", "第二张"]
    for title in ("数字", "第二张"):
        sheet = workbook[title]
        assert [c.value for c in sheet[1]] == ["名称", "数值"]
        assert all(c.font.b and c.alignment.vertical == "center" for c in sheet[1])
        assert not any(c.font.b for c in sheet[2])
        assert sheet.freeze_panes == "A2"
        # XlsxWriter adds the cell padding: Excel shows the width asked for
        widths = sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width
        assert (int(widths[0]), int(widths[1])) == (20, 14)
    about = workbook["说明"]
    assert about.freeze_panes is None
    widths = about.column_dimensions["A"].width, about.column_dimensions["B"].width
    assert (int(widths[0]), int(widths[1])) == (18, 80)
    bold = [row[0].row for row in about.iter_rows() if all(c.font.b for c in row)]
    assert bold == [1, 4]  # the title, and each line after an empty one
    assert [c.value for c in about[4]] == ["工作表", "内容"]


def test_text_stays_text_exactly_and_formula_like_text_keeps_its_quote_prefix() -> None:
    texts = ["=1+1", SPECIAL, "  前后空格  ", "两行\n文字", "回车\r\n换行", "@SUM(A1)", *HOSTILE]
    texts += ["<r>像富文本</r>", "_x0041_ 像转义", "12", "http://example.com/"]
    sheet = read(book(*([text, None] for text in texts)))["数字"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # A carriage return is written _x000D_, as the format escapes it (Excel and LibreOffice
    # read it back as one; openpyxl leaves that escape to its reader).
    assert [str(c.value).replace("_x000D_", "\r") for c in cells] == texts
    assert {c.data_type for c in cells} == {"s"}
    assert [c.quotePrefix for c in cells] == [text.startswith("=") for text in texts]


def test_the_about_sheet_holds_formula_like_and_special_text_as_text() -> None:
    about = read(book(about=[["=标题"], [SPECIAL]]))["说明"]
    assert (about["A1"].value, about["A1"].data_type, about["A1"].quotePrefix) == (
        "=标题",
        "s",
        True,
    )
    assert about["A1"].font.b and about["A2"].value == SPECIAL


def test_none_and_empty_text_are_empty_cells() -> None:
    sheet = read(book(["", None], [None, 1]))["数字"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        [None, None],
        [None, 1],
    ]


def test_values_a_workbook_cannot_hold_exactly_are_refused() -> None:
    with pytest.raises(TypeError):
        write_workbook(book(["浮点数", 0.1]))  # a float would not be the printed digits
    with pytest.raises(ValueError, match="U\\+0007"):
        write_workbook(book(["响铃\a", 1]))
    with pytest.raises(ValueError, match="3 values for 2 columns"):
        write_workbook(book(["甲", 1, "多余"]))


def test_document_properties_are_fixed_and_dated_by_the_data() -> None:
    workbook = read(book(["甲", 1]))
    properties = workbook.properties
    assert (properties.creator, properties.title) == ("jixiao", "部门整体支出绩效自评报告数据")
    assert properties.created == properties.modified == STAMP


def test_the_same_data_gives_the_same_bytes_every_part_well_formed_and_dated() -> None:
    data = write_workbook(book(["甲", Decimal("1.5")]))
    assert data == write_workbook(book(["甲", Decimal("1.5")]))
    assert data != write_workbook(book(["甲", Decimal("1.6")]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        assert "xl/worksheets/sheet3.xml" in [e.filename for e in entries]
        for entry in entries:
            assert entry.date_time == ZIP_DATE, entry.filename
            ET.fromstring(archive.read(entry))  # well-formed
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2031-05-20T00:00:00Z") == 2  # created and modified: the data's date


def test_a_report_workbook_reads_back_with_hostile_text_intact() -> None:
    breakdowns = [
        {
            "id": f"b{i}",
            "name": text,
            "total": "10万元",
            "parts": [{"name": "甲", "value": "10万元"}],
        }
        for i, text in enumerate(HOSTILE)
    ]
    data = to_xlsx(
        [report(budget={"text": "预算10万元。" * len(HOSTILE), "breakdowns": breakdowns})]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    totals = workbook["合计与分项"]
    assert [c.value for c in totals[1]][:3] == ["年度", "章节", "表"]
    assert set(HOSTILE) <= {row[2] for row in totals.iter_rows(min_row=2, values_only=True)}
    about = workbook["说明"]
    assert [row[0].row for row in about.iter_rows() if all(c.font.b for c in row)] == [1, 4, 11]
