"""How much a source may hold before the importer does any work with it.

A report is a few thousand characters (the longest with all its tables, some tens of
thousands); a Word file holding one unpacks to a few MB.  A file far past that is the wrong
file, or a zip bomb: it is refused at once with the reason, instead of running for minutes
and ending with a data file too large to read back.  The Word checks read the zip's
directory (the sizes its members declare) first, and the body only once its size is known
to be small.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from jixiao.infra.errors import ExitCode, StaffError

MAX_TEXT_CHARS = 200_000  # characters of text: some five times the longest report
# A text file's bytes: UTF-8 takes at most 4 bytes a character (3 for Chinese).
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS
MAX_DOCUMENT_XML = 4 * 1024 * 1024  # the body of a Word file, its markup included
MAX_UNPACKED = 200 * 1024 * 1024  # every member of a Word file, its pictures included
# Paragraphs of a Word file's body, the cells of its tables included: a report with large
# score sheets has a few thousand
MAX_PARAGRAPHS = 10_000
_PARAGRAPH = re.compile(rb"<w:p[\s>/]")
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_MB = 1024 * 1024
_HINT = "检查是否选错了文件；确是这份报告的，把正文另存为一个只含这份报告的文件再导入。"


def _too_large(what: str, path: Path, found: str, expected: str) -> StaffError:
    return StaffError(
        f"{what}，不像一份自评报告；没有写入任何文件。",
        path=path,
        hint=_HINT,
        code=ExitCode.USAGE,
        expected=expected,
        found=found,
    )


def check_raw(path: Path, raw: bytes) -> None:
    """Refuse a source whose size says it is no report, before it is decoded or unpacked."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md") and len(raw) > MAX_TEXT_BYTES:
        raise _too_large(
            f"文本文件有 {len(raw) / _MB:.1f} MB",
            path,
            f"{len(raw) / _MB:.1f} MB",
            f"不超过 {MAX_TEXT_BYTES / _MB:.1f} MB（约 {MAX_TEXT_CHARS // 10000} 万字）",
        )
    if suffix == ".docx":
        _check_docx(path, raw)


def _check_docx(path: Path, raw: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: the Word reader explains a damaged file
    body = sum(m.file_size for m in members if m.filename == "word/document.xml")
    if body > MAX_DOCUMENT_XML:
        raise _too_large(
            f"这个 Word 文件的正文解压后有 {body / _MB:.1f} MB",
            path,
            f"word/document.xml 解压后 {body / _MB:.1f} MB",
            f"不超过 {MAX_DOCUMENT_XML // _MB} MB",
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise _too_large(
            f"这个 Word 文件解压后有 {unpacked / _MB:.0f} MB",
            path,
            f"解压后共 {unpacked / _MB:.0f} MB",
            f"不超过 {MAX_UNPACKED // _MB} MB",
        )
    _check_docx_body(path, raw)


def _check_docx_body(path: Path, raw: bytes) -> None:
    """The body's paragraphs and text counted in its markup (a few MB at most, read in well
    under a second) before the Word reader, which takes about a millisecond a paragraph."""
    try:
        body = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return  # no body, or a damaged one: the Word reader explains
    paragraphs = len(_PARAGRAPH.findall(body))  # table cells hold paragraphs too
    if paragraphs > MAX_PARAGRAPHS:
        raise _too_large(
            f"这个 Word 文件有 {paragraphs} 个段落（表格的每一格也算）",
            path,
            f"{paragraphs} 个段落",
            f"不超过 {MAX_PARAGRAPHS} 个段落",
        )
    length = sum(len(t) for t in _TEXT.findall(body.decode("utf-8", "replace")))
    if length > MAX_TEXT_CHARS:
        raise _too_large(
            f"这个 Word 文件中的文字约有 {length} 个字",
            path,
            f"约 {length} 个字",
            f"不超过 {MAX_TEXT_CHARS} 个字",
        )


def check_text(path: Path, paragraphs: list[str]) -> None:
    """Refuse a source whose text, as read, is far longer than any report's."""
    length = sum(len(p) for p in paragraphs if isinstance(p, str))
    if length > MAX_TEXT_CHARS:
        raise _too_large(
            f"文件中的文字有 {length} 个字",
            path,
            f"{length} 个字",
            f"不超过 {MAX_TEXT_CHARS} 个字",
        )
