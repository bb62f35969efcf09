"""A source report as paragraphs: its text, decoded and cleaned of word-processor artefacts.

Each reader gives the paragraphs in the order the source prints them, one a line, with
nothing rewritten but what no reader sees: line endings, the spaces that indent a
paragraph, bookmarks a word processor leaves (``[bookmark: _GoBack]``), invisible
characters.  What was removed is listed so the data file can say so.  A source that
cannot be read (empty, binary, an unknown encoding, a scan without text, a damaged or
password-protected file) is a ``StaffError`` in Chinese, and nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.importer import limits
from jixiao.importer.tables import Cell, Grid, TableBlock, from_places
from jixiao.infra.errors import ExitCode, StaffError, from_os_error
from jixiao.source.yamlsource import FORMAT_CHARACTERS

MAX_BYTES = 50 * 1024 * 1024  # no report is that large: a bigger file is the wrong file
TEXT_SUFFIXES = (".txt", ".md")
OLD_WORD = (".doc", ".wps")  # converted to .docx by LibreOffice where it is installed
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", ".xlsx", *OLD_WORD)
# the formats in words, for the command's help
SOURCE_FORMATS = ".docx、.doc、.wps（需 LibreOffice）、.xlsx、.txt、.md、带文字层的 .pdf"

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# Characters no reader sees; a word processor leaves them, they are not the report's.
_INVISIBLE = FORMAT_CHARACTERS  # what a data file refuses: zero-width, bidi controls, BOM…
# Spaces of other widths (no-break, thin, figure): a plain space on the page.
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")
# Control characters a data file may not hold (tabs become spaces, see _clean).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and .docx saved with a password


@dataclass
class Source:
    """What a reader found: the paragraphs in order (a table as one ``TableBlock``), how
    many tables, what it removed."""

    path: Path
    format: str  # 文本, Markdown, Word, PDF, Excel
    paragraphs: list[str]
    tables: int = 0
    # tables the reader found but kept as text rows (rows of different widths …)
    tables_as_text: int = 0
    removed: list[str] = field(default_factory=list)
    # paragraphs a Word file styles as headings (标题 1, Heading 2 …), with their level
    styled: dict[str, int] = field(default_factory=dict)
    # the text as the reader extracted it, before anything was removed: the import proves
    # each number of it is in the data file (the notes name what was removed)
    raw: list[str] = field(default_factory=list)


def _bad(message: str, path: Path, hint: str, code: ExitCode = ExitCode.DATA) -> StaffError:
    return StaffError(f"{message}没有写入任何文件。", path=path, hint=hint, code=code)


def read_source(path: Path) -> Source:
    """Read a report by its suffix; a StaffError saying why when it cannot be read."""
    suffix = path.suffix.lower()
    if not (path.exists() or path.is_symlink()):
        raise StaffError("找不到要导入的文件。", path=path, hint="检查文件名和路径。")
    if path.is_dir():
        raise StaffError("这是一个文件夹，不是报告文件。", path=path, hint="写出报告文件的路径。")
    if suffix not in SUFFIXES:
        raise StaffError(
            f"不认识“{suffix or '（无扩展名）'}”格式的文件。",
            path=path,
            hint="可导入 .txt、.md、.docx、.xlsx 和带文字层的 .pdf；.doc、.wps 在装有 LibreOffice "
            "时自动转换，否则请先在 Word 或 WPS 中另存为 .docx。",
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _bad(
                f"文件有 {size // (1024 * 1024)} MB，超过 50 MB，不像一份自评报告。",
                path,
                "检查是否选错了文件；报告中的大图片可先删去再导入。",
                ExitCode.USAGE,
            )
        raw = path.read_bytes()
    except OSError as error:
        raise from_os_error(error, "读取", path) from error
    if not raw.strip():
        raise _bad("文件是空的。", path, "检查是否选错了文件，或原文是否已保存。")
    limits.check_raw(path, raw)  # before any decoding or unpacking
    if suffix in OLD_WORD:
        source = _read_old_word(path)
    elif suffix == ".xlsx":
        source = _read_xlsx(path, raw)
    elif suffix == ".docx":
        source = _read_docx(path, raw)
    elif suffix == ".pdf":
        from jixiao.importer.pdf import read_pdf  # it uses this module's cleaning

        source = read_pdf(path)
    else:
        source = _read_text(path, raw, markdown=suffix == ".md")
    if not source.paragraphs:
        raise _bad("文件中没有文字。", path, "检查是否选错了文件。")
    limits.check_text(path, source.paragraphs)
    return source


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which includes GBK and GB2312), else an
    error: a text that decodes to mostly unprintable characters is no text at all.  Notepad's
    “Unicode” (UTF-16 with its byte-order mark) is read too."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise _bad(
            "这不是文本文件（含二进制内容）。",
            path,
            "Word 文件请用 .docx 扩展名；其他编码的文本请另存为 UTF-8。",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _readable(text):
            return text
    raise _bad(
        "无法识别文件的编码（不是 UTF-8，也不是 GBK/GB18030）。",
        path,
        "在记事本或 WPS 中打开原文，另存为“UTF-8”编码后再导入。",
    )


def _readable(text: str) -> bool:
    """Mostly Chinese, ASCII and punctuation: what a report is made of."""
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return True
    odd = sum(1 for c in letters if unicodedata.category(c) in ("Co", "Cn", "Cc", "Cs"))
    return odd / len(letters) < 0.01


def without_unseen(line: str) -> str:
    """A line without the control and invisible characters no reader sees."""
    return _INVISIBLE.sub("", _CONTROL.sub("", line))


def _clean(lines: list[str], removed: set[str], markdown: bool = False) -> list[str]:
    """Paragraphs without indentation, artefacts or empty lines; removals noted."""
    paragraphs: list[str] = []
    for line in lines:
        if isinstance(line, TableBlock):
            paragraphs.append(line)  # its cells are cleaned already
            continue
        for found in _BOOKMARK.findall(line):
            removed.add(f"文字处理软件留下的书签标记“{found}”")
        line = _BOOKMARK.sub("", line)
        if _INVISIBLE.search(line):
            removed.add("看不见的字符（零宽空格、字节顺序标记、软连字符、文字方向控制符）")
            line = _INVISIBLE.sub("", line)
        if _ODD_SPACE.search(line):
            removed.add("不换行空格、窄空格等特殊空格（改为普通空格）")
            line = _ODD_SPACE.sub(" ", line)
        if "\t" in line:
            removed.add("制表符（改为空格）")
            line = line.replace("\t", " ")
        if _CONTROL.search(line):
            removed.add("控制字符")
            line = _CONTROL.sub("", line)
        if markdown and _MD_HEADING.match(line):
            removed.add("Markdown 标题前的 # 号")
            line = _MD_HEADING.sub("", line)
        stripped = line.strip()  # str.strip() takes full-width spaces (U+3000) too
        if stripped != line and stripped:
            removed.add("段首、段尾的缩进空格（含全角空格）")
        if stripped:
            paragraphs.append(stripped)
    return paragraphs


def _read_text(path: Path, raw: bytes, *, markdown: bool) -> Source:
    text = decode(path, raw)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: set[str] = set()
    paragraphs = _clean(lines, removed, markdown)
    paragraphs, tables, as_text = _pipe_tables(paragraphs, removed, markdown)
    return Source(
        path,
        "Markdown" if markdown else "文本",
        paragraphs,
        tables=tables + as_text,
        tables_as_text=as_text,
        removed=sorted(removed),
        raw=lines,
    )


_DELIMITER = re.compile(r"^:?-{3,}:?$")


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a table row printed as text (``a | b``, ``| a | b |``); None when the
    line is no such row."""
    text = line.strip()
    edged = text.startswith("|") and text.endswith("|") and len(text) > 1
    if not edged and " | " not in text:
        return None
    if edged:
        text = text[1:-1]
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", text)]
    # “| 明确性(5分) |”: one cell of a table whose merged cells the text leaves out
    return cells if len(cells) >= 2 or edged else None


def _pipe_tables(
    paragraphs: list[str], removed: set[str], markdown: bool
) -> tuple[list[str], int, int]:
    """Runs of rows printed with “|” between cells: a table when every row has as many
    cells (a Markdown table's |---| line after its header is dropped); rows of different
    widths (merged cells the text does not mark) stay text, counted."""
    out: list[str] = []
    tables = as_text = 0
    i = 0
    while i < len(paragraphs):
        run: list[list[str]] = []
        j = i
        while j < len(paragraphs) and (cells := pipe_cells(paragraphs[j])) is not None:
            run.append(cells)
            j += 1
        if not run:
            out.append(paragraphs[i])
            i += 1
            continue
        delimiter = len(run) > 2 and all(_DELIMITER.match(c) for c in run[1])
        rows = [run[0], *run[2:]] if delimiter else run
        if len(rows) >= 2 and len({len(r) for r in rows}) == 1 and len(rows[0]) >= 2:
            tables += 1
            kind = "Markdown" if markdown else "文本"
            grid = Grid([[Cell(c) for c in r] for r in rows], f"第{tables}张{kind}表格")
            out.append(TableBlock(grid))
            if delimiter:
                removed.add("Markdown 表格表头下的分隔行（| --- |）")
        else:
            as_text += 1 if len(run) >= 2 else 0  # one line with a “|” is no table
            out += paragraphs[i:j]
        i = j
    return out, tables, as_text


def _read_old_word(path: Path) -> Source:
    """A .doc or .wps file, converted to .docx by LibreOffice in a temporary folder."""
    import shutil
    import subprocess
    import tempfile

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise _bad(
            f"{path.suffix} 是旧版 Word/WPS 格式，本机没有安装 LibreOffice，无法自动转换。",
            path,
            "在 Word 或 WPS 中打开，另存为 .docx 后再导入；或安装 LibreOffice（soffice）后重试。",
            ExitCode.USAGE,
        )
    if path.read_bytes()[:8] != _OLE_MAGIC:  # LibreOffice would read anything as text
        raise _bad(
            f"这不是旧版 Word/WPS 文件（{path.suffix} 文件都以同样的文件头开始，这个没有）。",
            path,
            "检查是否选错了文件；能打开时在 Word 或 WPS 中另存为 .docx 后再导入。",
            ExitCode.USAGE,
        )
    with tempfile.TemporaryDirectory() as folder:
        # a profile of its own: two conversions at once would wait on one profile's lock
        profile = Path(folder, "profile").as_uri()
        command = [office, f"-env:UserInstallation={profile}", "--headless"]
        command += ["--convert-to", "docx", "--outdir", folder, str(path)]
        try:
            subprocess.run(command, capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise _bad(
                "用 LibreOffice 转换这个文件没有成功。",
                path,
                f"在 Word 或 WPS 中另存为 .docx 后再导入（{type(error).__name__}）。",
            ) from None
        converted = Path(folder) / f"{path.stem}.docx"
        if not converted.exists():
            raise _bad(
                "用 LibreOffice 转换这个文件没有成功（文件可能已损坏或设有密码）。",
                path,
                "在 Word 或 WPS 中打开，另存为 .docx 后再导入。",
            )
        source = _read_docx(converted, converted.read_bytes())
    source.path = path
    source.removed = sorted(
        {*source.removed, f"原文为 {path.suffix} 格式，由 LibreOffice 转换为 .docx 后读取"}
    )
    return source


def _read_xlsx(path: Path, raw: bytes) -> Source:
    """Each sheet of a workbook as a table."""
    from jixiao.importer.xlsx import read_sheets

    if raw.startswith(_OLE_MAGIC) or not raw.startswith(b"PK"):
        raise _bad(
            "这个 Excel 文件设有打开密码、是旧版 .xls 格式，或已损坏。",
            path,
            "在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx 再导入。",
        )
    try:
        blocks, tables = read_sheets(path)
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise _bad(
            "这个 Excel 文件已损坏，读不出来。",
            path,
            f"在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入（{type(error).__name__}）。",
        ) from None
    return Source(path, "Excel", blocks, tables=tables)


def _read_docx(path: Path, raw: bytes) -> Source:
    """Paragraphs and tables in body order, each table a grid of its cells."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if raw.startswith(_OLE_MAGIC):
        raise _bad(
            "这个 Word 文件设有打开密码，或是旧版 .doc 格式。",
            path,
            "在 Word 或 WPS 中打开，取消密码（或另存为 .docx）后再导入。",
        )
    lines: list[str] = []
    headings: dict[str, int] = {}
    tables = 0
    removed: set[str] = set()
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except (zipfile.BadZipFile, PackageNotFoundError) as error:
        raise _bad(
            "这个 Word 文件已损坏，读不出来。",
            path,
            f"在 Word 或 WPS 中打开并另存为 .docx 后再导入（{type(error).__name__}）。",
        ) from None
    except Exception as error:  # a damaged part: XML, relationships … the parser's own errors
        raise _bad(
            "这个 Word 文件的内容已损坏，读不出来。",
            path,
            f"在 Word 或 WPS 中打开并另存为 .docx 后再导入（{type(error).__name__}）。",
        ) from None
    for block in blocks:
        if isinstance(block, Paragraph):
            lines += block.text.split("\n")  # a manual line break is a new line as printed
            level = _heading_level(block)
            if level is not None and block.text.strip():
                headings.setdefault(block.text, level)
        elif isinstance(block, Table):
            grid = _docx_grid(block, tables + 1, removed)
            if grid is not None:  # a table without a row prints nothing
                tables += 1
                lines.append(TableBlock(grid))
    paragraphs = _clean(lines, removed)
    styled = {
        cleaned[0]: level
        for text, level in headings.items()
        if len(cleaned := _clean(text.split("\n"), set())) == 1
    }
    return Source(
        path,
        "Word",
        paragraphs,
        tables=tables,
        removed=sorted(removed),
        styled=styled,
        raw=[str(line) for line in lines],
    )


def _docx_grid(table: object, number: int, removed: set[str]) -> Grid | None:
    """A Word table as a grid: python-docx gives every place of a row, a merged cell's
    ``_tc`` repeated over the places it covers.  Where it cannot follow the merges (a
    damaged or unusual table), each cell Word stores is a cell of its own."""
    places: list[list[tuple[object, str]]] = []
    for row in getattr(table, "rows", []):
        # Word lets a row start after the first column and end before the last: those
        # places are blank, never a reason to flatten the table
        line: list[tuple[object, str]] = [(object(), "") for _ in range(row.grid_cols_before)]
        try:
            cells = [(cell._tc, _cell_text(cell, removed)) for cell in row.cells]
        except Exception:  # python-docx's own errors on merges it cannot follow
            removed.add("Word 表格中无法辨认的合并（各格照原文分开录入）")
            cells = [(object(), _tc_text(tc)) for tc in row._tr.tc_lst]
        line += cells
        line += [(object(), "") for _ in range(row.grid_cols_after)]
        places.append(line)
    rows = from_places(places)
    return Grid(rows, f"第{number}张 Word 表格") if rows else None


def _cell_text(cell: object, removed: set[str]) -> str:
    """A cell's paragraphs, one a line; a table inside the cell as its rows (“a | b”)."""
    from docx.table import Table

    lines: list[str] = []
    for block in cell.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            removed.add("表格中套着的表格（按行录入，各格以“|”分开）")
            lines += [
                " | ".join(" ".join(c.text.split()) for c in _distinct_cells(row))
                for row in block.rows
            ]
        else:
            lines += block.text.split("\n")
    return "\n".join(_clean(lines, removed))


def _distinct_cells(row: object) -> list[Any]:
    out: list[Any] = []
    for cell in getattr(row, "cells", ()):
        if not out or getattr(out[-1], "_tc", None) is not cell._tc:
            out.append(cell)
    return out


def _tc_text(tc: object) -> str:
    texts = ["".join(t.text or "" for t in p.iter(_W_TEXT)) for p in tc.iter(_W_PARAGRAPH)]  # type: ignore[attr-defined]
    return "\n".join(t.strip() for t in texts if t.strip())


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_PARAGRAPH, _W_TEXT = f"{_W}p", f"{_W}t"


_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$")


def _heading_level(paragraph: object) -> int | None:
    """The level of a paragraph Word styles as a heading, else None."""
    style = getattr(paragraph, "style", None)
    match = _HEADING_STYLE.match(getattr(style, "name", "") or "")
    return int(match.group(1)) if match else None
