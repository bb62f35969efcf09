"""The workbooks' bytes, written with XlsxWriter.

XlsxWriter writes the same bytes for the same data when the document's created date is
given (here a date of the data, never the clock): it dates every zip entry 1980-01-01 and
writes the parts in a fixed order.  ``constant_memory`` stays off, so text goes to the
shared-string table, which every spreadsheet reads.

What these workbooks hold, each in a form that Excel, WPS, LibreOffice and openpyxl read:

- text as text, always through ``write_string`` (never guessed as a number, a formula or
  a link).  Text from data that starts with "=" carries ``quote_prefix``, so that Excel
  keeps it text when the cell is edited;
- numbers as numbers, a Decimal in exactly its own digits (XlsxWriter formats the value it
  is given, and a Decimal formats itself, never through a float), shown with thousands
  separators, the printed number of decimals and the unit.  A spreadsheet number keeps 15
  significant digits: a figure printed with more is written as its printed text instead,
  so that no digit is lost;
- an empty text or None is no cell at all, which is how spreadsheets read them.

Text is refused (ValueError) where a workbook cannot hold it exactly: characters XML 1.0
cannot carry (most control characters, lone surrogates; the data model already refuses
them, so reaching one here is a bug to hear about) and text longer than a cell holds
(XlsxWriter would cut it short).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from jixiao.model.figures import Figure

# The date of every zip entry in the package (XlsxWriter's own), and the document date
# when no report prints a full date.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

CREATOR = "jixiao"
TITLE = "部门整体支出绩效自评报告数据"
ABOUT_TITLE = "说明"
ABOUT_WIDTHS = (18, 80)

# A spreadsheet number holds 15 significant decimal digits exactly.
NUMBER_DIGITS = 15
# A cell holds at most 32767 characters (UTF-16 code units).
CELL_TEXT_LIMIT = 32767


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    get: Callable[[Any], Any]  # a Figure is written as its number, its unit in the format


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: list[list[Any]]  # each item's values, a column each: Figure, Decimal, int, str, None


@dataclass(frozen=True)
class Workbook:
    """Everything a workbook shows.  ``about`` is the first sheet, 说明: lines of text,
    where the first line and each line after an empty one are headings (bold)."""

    about: list[list[str]]
    sheets: list[Sheet]
    stamp: datetime.datetime  # the document's created and modified date


def number_format(value: Decimal, unit: str = "") -> str:
    """Thousands separators and the printed number of decimals; the unit shown after it."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _format(places, unit)


def _format(places: int, unit: str) -> str:
    number = "#,##0" + ("." + "0" * places if places else "")
    if not unit:
        return number
    # Inside a quoted literal a quote cannot be escaped: close it, add \", open it again.
    return number + '"' + unit.replace('"', '"\\""') + '"'


# XML 1.0 allows tab, line feed and carriage return of the C0 controls, and no surrogates
# or U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _checked(text: str) -> str:
    bad = _ILLEGAL.search(text)
    if bad:
        raise ValueError(f"XML 1.0 cannot hold U+{ord(bad.group()):04X} in {text!r}")
    if len(text.encode("utf-16-le")) // 2 > CELL_TEXT_LIMIT:
        raise ValueError(f"a cell holds {CELL_TEXT_LIMIT} characters at most: {text[:40]!r}…")
    return text


class _Formats:
    """The workbook's cell formats, one object per distinct look, made when first asked for."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.made: dict[tuple[bool, bool, bool, str], Format] = {}

    def get(
        self, *, bold: bool = False, center: bool = False, quote: bool = False, code: str = ""
    ) -> Format | None:
        if not (bold or center or quote or code):
            return None  # the default look: no format at all
        key = (bold, center, quote, code)
        found = self.made.get(key)
        if found is None:
            properties: dict[str, Any] = {"bold": bold, "quote_prefix": quote}
            if center:
                properties["valign"] = "vcenter"
            if code:
                properties["num_format"] = code
            found = self.made[key] = self.book.add_format(properties)
        return found


class _SheetWriter:
    """One worksheet, a row at a time."""

    def __init__(self, sheet: Worksheet, formats: _Formats, width: int) -> None:
        self.sheet = sheet
        self.formats = formats
        self.width = width
        self.row_index = -1

    def _fits(self, values: Sequence[Any]) -> None:
        if len(values) > self.width:  # never dropped without a word
            raise ValueError(f"{len(values)} values for {self.width} columns: {values!r}")

    def _text(self, column: int, text: str, *, bold: bool = False, center: bool = False) -> None:
        look = self.formats.get(bold=bold, center=center, quote=text.startswith("="))
        text = _checked(text)
        if text.startswith("<r>") and text.endswith("</r>"):
            # XlsxWriter takes such a text for rich-string XML and writes it unescaped:
            # as plain runs (it wants three) it is escaped, and reads back as the same text.
            runs = (text[:1], text[1:2], text[2:], *([look] if look else []))
            self.sheet.write_rich_string(self.row_index, column, *runs)
        else:
            self.sheet.write_string(self.row_index, column, text, look)

    def _number(self, column: int, value: Decimal, unit: str | None) -> None:
        """A number; ``unit`` None for a count (a year), shown as it is."""
        exponent = int(value.as_tuple().exponent)
        if exponent > 0:
            value = value.quantize(Decimal(1))  # 1E+1 as 10: plain digits, read as a whole number
        if len(value.as_tuple().digits) > NUMBER_DIGITS:
            self._text(column, f"{value:f}{unit or ''}")  # more digits than a number keeps
            return
        look = None if unit is None else self.formats.get(code=_format(max(0, -exponent), unit))
        # A Decimal, never a float: XlsxWriter writes f"{number:.16G}", a Decimal's own digits.
        self.sheet.write_number(self.row_index, column, value, look)

    def heading(self, values: Sequence[str], *, center: bool) -> None:
        """A bold row, its empty cells bold too, across the sheet's columns."""
        self._fits(values)
        self.row_index += 1
        for column in range(self.width):
            text = values[column] if column < len(values) else ""
            if text:
                self._text(column, text, bold=True, center=center)
            else:
                look = self.formats.get(bold=True, center=center)
                self.sheet.write_blank(self.row_index, column, None, look)

    def row(self, values: Sequence[Any]) -> None:
        self._fits(values)
        self.row_index += 1
        for column, value in enumerate(values):
            kind = type(value)
            if value is None or (kind is str and not value):
                continue  # an empty text is an empty cell to every reader
            if kind is str:
                self._text(column, value)
            elif kind is Decimal:
                self._number(column, value, "")
            elif isinstance(value, Figure):
                self._number(column, value.value, value.unit)
            elif kind is bool:
                self.sheet.write_boolean(self.row_index, column, value)
            elif kind is int:
                self._number(column, Decimal(value), None)
            else:
                raise TypeError(f"no cell for {value!r} ({kind.__name__})")


def _new_sheet(
    book: xlsxwriter.Workbook, formats: _Formats, title: str, widths: Sequence[int]
) -> _SheetWriter:
    sheet = book.add_worksheet(title)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    return _SheetWriter(sheet, formats, len(widths))


def write_workbook(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes: 说明 first, then each sheet in order."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": False})
    # Dated by the data: the same bytes from build to build (created and modified).
    book.set_properties({"title": TITLE, "author": CREATOR, "created": workbook.stamp})
    formats = _Formats(book)
    about = _new_sheet(book, formats, ABOUT_TITLE, ABOUT_WIDTHS)
    for index, line in enumerate(workbook.about):
        if index == 0 or (line and not workbook.about[index - 1]):
            about.heading(line, center=False)
        else:
            about.row(line)
    for sheet in workbook.sheets:
        writer = _new_sheet(book, formats, sheet.title, [c.width for c in sheet.columns])
        writer.sheet.freeze_panes(1, 0)  # the header row stays in view while scrolling
        writer.heading([c.header for c in sheet.columns], center=True)
        for values in sheet.rows:
            writer.row(values)
    book.close()
    return out.getvalue()
