"""The workbooks' bytes: SpreadsheetML (Office Open XML) written by hand.

openpyxl, a general library, built an object for every cell and serialised each
through an XML tree: two to three seconds of one core in a cold build of ten years
(eleven workbooks).  These workbooks use a small, fixed part of the format (text,
numbers with a number format, bold headers, column widths, a frozen first row,
document properties), so they are written here directly as text: about ten times
faster, and the same bytes for the same data, since no clock is read, the parts are
written in a fixed order and every zip entry carries the same date.

The choices, each a form that Excel, WPS, LibreOffice and openpyxl read:

- text as inline strings (``t="inlineStr"``), as openpyxl wrote these workbooks: no
  shared-string table to build, and each cell reads on its own.  Text from data that
  starts with "=" is text all the same (only a ``<f>`` element is a formula); its style
  carries ``quotePrefix`` so that Excel keeps it text when the cell is edited;
- numbers as numbers, a Decimal in exactly its own digits (never through a float),
  shown with thousands separators, the printed number of decimals and the unit;
- an empty text or None is no cell at all, which is how spreadsheets read them;
- the parts a spreadsheet needs and no more: no theme (the fonts are named in the
  style sheet), no shared strings, no calculation chain.

Text is XML-escaped.  Characters XML 1.0 cannot carry at all (most control characters,
lone surrogates) raise ValueError, as openpyxl refused them: the data model already
refuses control characters, so reaching one here is a bug to hear about, not to hide.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.model.figures import Figure

# Zip entries need a date; a fixed one keeps the bytes the same from build to build.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

CREATOR = "jixiao"
TITLE = "部门整体支出绩效自评报告数据"
ABOUT_TITLE = "说明"
ABOUT_WIDTHS = (18, 80)


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


# Number formats every spreadsheet knows by id: written by id, as Excel itself does.
_BUILTIN_FORMATS = {"General": 0, "#,##0": 3, "#,##0.00": 4}

# XML 1.0 allows tab, line feed and carriage return of the C0 controls, and no surrogates
# or U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str) -> str:
    bad = _ILLEGAL.search(text)
    if bad:
        raise ValueError(f"XML 1.0 cannot hold U+{ord(bad.group()):04X} in {text!r}")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A parser reads a raw carriage return as a line feed; a reference keeps it.
    return text.replace("\r", "&#13;") if "\r" in text else text


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _column_letter(index: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Styles:
    """The cell formats in the order first asked for: the same workbook, the same ids."""

    def __init__(self) -> None:
        self.formats: dict[str, int] = {}  # custom number format code -> its id
        self.xfs: dict[tuple[bool, bool, bool, int], int] = {}
        self.index(bold=False, center=False, quote=False, number_format="General")

    def index(self, *, bold: bool, center: bool, quote: bool, number_format: str) -> int:
        format_id = _BUILTIN_FORMATS.get(number_format)
        if format_id is None:
            format_id = self.formats.setdefault(number_format, 164 + len(self.formats))
        return self.xfs.setdefault((bold, center, quote, format_id), len(self.xfs))

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{_attribute(code)}"/>'
            for code, i in self.formats.items()
        )
        xfs = []
        for bold, center, quote, format_id in self.xfs:
            attributes = f'numFmtId="{format_id}" fontId="{int(bold)}" fillId="0" borderId="0"'
            attributes += ' xfId="0"'
            if format_id:
                attributes += ' applyNumberFormat="1"'
            if bold:
                attributes += ' applyFont="1"'
            if quote:
                attributes += ' quotePrefix="1"'
            if center:
                xfs.append(
                    f'<xf {attributes} applyAlignment="1"><alignment vertical="center"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
        font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
        return (
            _DECLARATION
            + f'<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            + '<fill><patternFill patternType="gray125"/></fill></fills>'
            + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            + "</borders>"
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            + "</cellStyleXfs>"
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            + "</styleSheet>"
        )


class _SheetWriter:
    """One worksheet's XML, a row at a time."""

    def __init__(self, styles: _Styles, widths: Sequence[int], frozen: bool) -> None:
        self.styles = styles
        self.widths = widths
        self.frozen = frozen
        self.rows: list[str] = []
        self.last_row = 0
        self.letters = [_column_letter(i) for i in range(1, len(widths) + 1)]
        # Each distinct text's cell after its reference: most texts repeat down a column.
        self.texts: dict[str, str] = {}
        self.quoted = styles.index(bold=False, center=False, quote=True, number_format="General")
        self.numbers: dict[tuple[int, str], str] = {}  # (places, unit) -> ' s="…"'

    def _text(self, text: str, style: int) -> str:
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return (f' s="{style}"' if style else "") + (
            f' t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'
        )

    def _number(self, value: Decimal, unit: str) -> str:
        digits = format(value, "f")  # plain digits, never 1E+1, never through a float
        point = digits.find(".")
        places = len(digits) - point - 1 if point >= 0 else 0
        style = self.numbers.get((places, unit))
        if style is None:
            code = _format(places, unit)
            index = self.styles.index(bold=False, center=False, quote=False, number_format=code)
            style = self.numbers[places, unit] = f' s="{index}"' if index else ""
        return f"{style}><v>{digits}</v></c>"

    def _fits(self, values: Sequence[Any]) -> None:
        if len(values) > len(self.letters):  # never dropped without a word
            raise ValueError(f"{len(values)} values for {len(self.letters)} columns: {values!r}")

    def heading(self, values: Sequence[str], *, center: bool) -> None:
        """A bold row, its empty cells bold too, across the sheet's columns."""
        self._fits(values)
        row = self.last_row = self.last_row + 1
        cells = []
        for column, letter in enumerate(self.letters):
            text = values[column] if column < len(values) else ""
            style = self.styles.index(
                bold=True, center=center, quote=text.startswith("="), number_format="General"
            )
            cell = self._text(text, style) if text else f' s="{style}"/>'
            cells.append(f'<c r="{letter}{row}"{cell}')
        self.rows.append(f'<row r="{row}">{"".join(cells)}</row>')

    def row(self, values: Sequence[Any]) -> None:
        self._fits(values)
        row = self.last_row = self.last_row + 1
        cells = []
        texts = self.texts
        # A shorter row (a line of 说明) leaves its last columns empty.
        for letter, value in zip(self.letters, values, strict=False):
            kind = type(value)
            if kind is str:
                if not value:
                    continue  # an empty text is an empty cell to every reader
                cell = texts.get(value)
                if cell is None:
                    style = self.quoted if value.startswith("=") else 0
                    cell = texts[value] = self._text(value, style)
            elif value is None:
                continue
            elif kind is int:
                cell = f"><v>{value}</v></c>"
            elif kind is Decimal:
                cell = self._number(value, "")
            elif isinstance(value, Figure):
                cell = self._number(value.value, value.unit)
            elif kind is bool:
                cell = f' t="b"><v>{int(value)}</v></c>'
            else:
                raise TypeError(f"no cell for {value!r} ({kind.__name__})")
            cells.append(f'<c r="{letter}{row}"{cell}')
        if cells:  # a row without cells is no row to a reader
            self.rows.append(f'<row r="{row}">{"".join(cells)}</row>')

    def xml(self, selected: bool) -> str:
        last = f"{_column_letter(max(len(self.widths), 1))}{max(self.last_row, 1)}"
        tab = ' tabSelected="1"' if selected else ""
        # The header row stays in view while scrolling.
        pane = (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
            if self.frozen
            else ""
        )
        columns = "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
            for i, width in enumerate(self.widths, start=1)
        )
        return (
            _DECLARATION
            + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            + f'<dimension ref="A1:{last}"/>'
            + f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
            + '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{columns}</cols>" if columns else "")
            + f"<sheetData>{''.join(self.rows)}</sheetData>"
            + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
            + "</worksheet>"
        )


def write_workbook(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes: 说明 first, then each sheet in order."""
    styles = _Styles()
    about = _SheetWriter(styles, ABOUT_WIDTHS, frozen=False)
    for index, line in enumerate(workbook.about):
        if index == 0 or (line and not workbook.about[index - 1]):
            about.heading(line, center=False)
        else:
            about.row(line)
    writers = [(ABOUT_TITLE, about)]
    for sheet in workbook.sheets:
        writer = _SheetWriter(styles, [c.width for c in sheet.columns], frozen=True)
        writer.heading([c.header for c in sheet.columns], center=True)
        for values in sheet.rows:
            writer.row(values)
        writers.append((sheet.title, writer))
    sheets = [writer.xml(selected=i == 1) for i, (_, writer) in enumerate(writers, start=1)]
    return _zip(
        [
            ("[Content_Types].xml", _content_types(len(sheets))),
            ("_rels/.rels", _ROOT_RELATIONSHIPS),
            ("docProps/core.xml", _core(workbook.stamp)),
            ("docProps/app.xml", _APP),
            ("xl/workbook.xml", _workbook([title for title, _ in writers])),
            ("xl/_rels/workbook.xml.rels", _workbook_relationships(len(sheets))),
            ("xl/styles.xml", styles.xml()),  # after the sheets: they asked for the formats
            *((f"xl/worksheets/sheet{i}.xml", xml) for i, xml in enumerate(sheets, start=1)),
        ]
    )


def _zip(parts: Sequence[tuple[str, str]]) -> bytes:
    """The parts in this order, every entry dated ZIP_DATE, so the bytes never depend on time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, text.encode("utf-8"))
    return out.getvalue()


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-"


def _content_types(sheets: int) -> str:
    overrides = [
        ("/xl/workbook.xml", "officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", "officedocument.spreadsheetml.styles+xml"),
        *(
            (f"/xl/worksheets/sheet{i}.xml", "officedocument.spreadsheetml.worksheet+xml")
            for i in range(1, sheets + 1)
        ),
        ("/docProps/core.xml", "package.core-properties+xml"),
        ("/docProps/app.xml", "officedocument.extended-properties+xml"),
    ]
    return (
        _DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + f'<Default Extension="rels" ContentType="{_TYPE}package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{_TYPE}{kind}"/>' for name, kind in overrides
        )
        + "</Types>"
    )


def _relationships(targets: Sequence[tuple[str, str]]) -> str:
    return (
        _DECLARATION
        + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(targets, start=1)
        )
        + "</Relationships>"
    )


_ROOT_RELATIONSHIPS = _relationships(
    [
        (f"{_RELATIONSHIPS}/officeDocument", "xl/workbook.xml"),
        (f"{_PACKAGE_RELATIONSHIPS}/metadata/core-properties", "docProps/core.xml"),
        (f"{_RELATIONSHIPS}/extended-properties", "docProps/app.xml"),
    ]
)

_APP = (
    _DECLARATION
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    + f"<Application>{CREATOR}</Application></Properties>"
)


def _workbook_relationships(sheets: int) -> str:
    return _relationships(
        [
            *(
                (f"{_RELATIONSHIPS}/worksheet", f"worksheets/sheet{i}.xml")
                for i in range(1, sheets + 1)
            ),
            (f"{_RELATIONSHIPS}/styles", "styles.xml"),
        ]
    )


def _workbook(titles: Sequence[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_attribute(title)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(titles, start=1)
    )
    return (
        _DECLARATION
        + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        + '<bookViews><workbookView activeTab="0"/></bookViews>'
        + f"<sheets>{sheets}</sheets></workbook>"
    )


def _core(stamp: datetime.datetime) -> str:
    # W3CDTF; the stamp is a date of the data, written as openpyxl did (UTC).
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    dated = 'xsi:type="dcterms:W3CDTF"'
    return (
        _DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        + 'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        + 'xmlns:dcterms="http://purl.org/dc/terms/" '
        + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + f"<dc:title>{_escape(TITLE)}</dc:title><dc:creator>{CREATOR}</dc:creator>"
        + f"<dcterms:created {dated}>{when}</dcterms:created>"
        + f"<dcterms:modified {dated}>{when}</dcterms:modified>"
        + "</cp:coreProperties>"
    )
