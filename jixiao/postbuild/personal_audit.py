"""Audit a built site for personal data: no ID or mobile number on any surface a reader gets.

The data is screened before a build (``jixiao.checks.personal`` via the checks), the
hand-written pages and site settings too (``jixiao.checks.site_text``); this audit reads
what the build made of them all, as the host audit does for other hosts, so that a surface
nobody thought of (an anchor made from a section key, a search-index location, a download's
field path, a commit subject in the revision history, a theme override) is still read.

What is read, each piece on its own so that numbers in neighbouring cells never join:
- HTML, parsed as the browser parses it (``html_texts``): the text of each block (inline
  elements such as links and emphasis do not break a text), and the attributes a reader or a
  search engine gets: ``alt``, ``title``, ``content`` (the meta description), ``aria-label``,
  ``id`` and the ``#fragment`` of links.  File names in ``src`` and ``href`` are the build's
  hashes, not text.
- the search index and JSON downloads: every key, string and number.  Pagefind's chunks
  (``pagefind/``, gzip: fragments hold JSON, the rest CBOR) and the offline bundle's search
  scripts (``search/offline/``) are read as the data they hold, every string of them.
- CSV: every cell.  XLSX: every text and value in its sheets and shared strings.
- SVG: the text, title and description elements.
Numbers the data declares ``not_personal`` are allowed; hashes (the SHA-256 of each download)
are not numbers.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import markupever

from jixiao.checks.personal import FEWEST_DIGITS, find_personal, mask_personal
from jixiao.postbuild.search_offline import FOLDER as OFFLINE_SEARCH
from jixiao.postbuild.search_offline import read_script

# Elements that do not end a run of text: a number split by them is still one number.
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    }
)
# (a chart's data table waits in a <template>: it is read like any text)
_SKIPPED = frozenset({"script", "style"})
_TEXT_ATTRIBUTES = frozenset({"alt", "title", "content", "aria-label", "id", "placeholder"})
_WHITESPACE = re.compile(r"[\n\r\f]+")
_SVG_TEXT = frozenset({"text", "tspan", "title", "desc"})


# A SHA-256 or git hash the site prints (the downloads page lists each file's): eleven digits
# in a row are common in one, and none is anybody's number.
_HASH = re.compile(r"(?<![0-9A-Za-z])(?=[0-9]*[a-f])[0-9a-f]{32,}(?![0-9A-Za-z])")


def _blank(match: re.Match[str]) -> str:
    return "#" * len(match.group())


# Joins the pieces of a file to count their digits at once: no digit, letter or separator, and
# NFKC never joins anything across it.
_APART = "\x00"
_NOT_DIGIT = re.compile("[^0-9\x00]+")


@dataclass(frozen=True)
class PersonalLeak:
    """A personal number in the built site: the file (relative to the site), where in it,
    and the number masked."""

    file: str
    where: str
    kind: str
    masked: str

    def render(self) -> str:
        return f"{self.file}：{self.where}中有{self.kind}（{self.masked}）"


class _Texts(HTMLParser):
    """The texts of a page, each block's text one piece, and its readable attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self._run: list[str] = []
        self._skipping = 0

    def _end_run(self) -> None:
        if self._run:
            # a line break in the markup is a space on the screen
            self.pieces.append(("正文", _WHITESPACE.sub(" ", "".join(self._run))))
            self._run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        if tag not in _INLINE:
            self._end_run()
        for name, value in attrs:
            if value is None:
                continue
            if name in _TEXT_ATTRIBUTES:
                self.pieces.append((f"<{tag} {name}>", value))
            elif name in ("href", "src") and "#" in value:
                self.pieces.append((f"<{tag} {name}>", value.split("#", 1)[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        if tag not in _INLINE:
            self._end_run()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._run.append(data)

    def close(self) -> None:
        super().close()
        self._end_run()


def html_texts(text: str) -> list[tuple[str, str]]:
    """The pieces of a page as the browser shows it.  The standard library's parser alone reads
    some markup otherwise than a browser (``<!-->`` and ``--!>`` as the middle of a comment,
    ``</style x>`` as style text) and would miss a number the browser shows after them, so
    the page is parsed as the browser parses it first (html5ever, as the host audit reads
    pages: ``markup_urls``) and written out again in the standard's own form, which it reads
    as the browser did (``<noscript>``'s content as its markup, shown with scripting off)."""
    parser = _Texts()
    parser.feed(markupever.parse(text, markupever.HtmlOptions()).serialize())
    parser.close()
    return parser.pieces


def json_texts(value: object, at: str = "") -> Iterator[tuple[str, str]]:
    """Every key, string and number in a JSON value, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{at}（键）", str(key)
            yield from json_texts(item, f"{at}.{key}" if at else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_texts(item, f"{at}[{index}]")
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        yield at or "值", value if isinstance(value, str) else json.dumps(value)


def csv_texts(text: str) -> Iterator[tuple[str, str]]:
    for row_number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for column, cell in enumerate(row, start=1):
            yield f"第 {row_number} 行第 {column} 列", cell


def xml_texts(
    data: bytes,
    wanted: frozenset[str] | None = None,
    prefix: str = "",
    structure: frozenset[tuple[str, str]] = frozenset(),
) -> list[tuple[str, str]]:
    """Text and attribute values of an XML document (of the wanted elements only, if named),
    each named by its element (after ``prefix``), but for the attributes ``structure`` names
    (element, attribute; local names).  A workbook has thousands of cells with the same few
    attributes: each name is made once."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []
    pieces: list[tuple[str, str]] = []
    names: dict[tuple[object, str], str] = {}

    def named(tag: object, attribute: str = "") -> str:
        """The piece's name: "" for an attribute of the structure."""
        name = names.get((tag, attribute))
        if name is None:
            local = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
            bare = attribute.rsplit("}", 1)[-1]
            inner = f"{local} {bare}" if attribute else local
            skipped = attribute and (local, bare) in structure
            name = names[(tag, attribute)] = "" if skipped else f"{prefix}<{inner}>"
        return name

    for element in root.iter():
        tag = element.tag
        if wanted is not None:
            if (tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "") not in wanted:
                continue
            if element.text and element.text.strip():
                pieces.append((named(tag), element.text))
            continue
        for piece in (element.text, element.tail):
            if piece and piece.strip():
                pieces.append((named(tag), piece))
        for attribute, value in element.attrib.items():
            name = named(tag, attribute)
            if name:
                pieces.append((name, value))
    return pieces


def _search_texts(index: object) -> Iterator[tuple[str, str]]:
    """The search index: its entries' texts are HTML (a number split across tags is read as
    the page shows it)."""
    for where, text in json_texts(index):
        if where.endswith(".text") and "<" in text:
            yield from ((f"{where} {inner}", piece) for inner, piece in html_texts(text))
        else:
            yield where, text


# Pagefind's chunks: gzip, then this signature, then JSON (fragments) or CBOR.
_PAGEFIND_SIGNATURE = b"pagefind_dcd"
_PAGEFIND_CHUNKS = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")


def pagefind_texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """Every string of one of Pagefind's chunks, the marks it puts between words (U+200B)
    removed: the text as a reader gets it.  A chunk that cannot be read is read as text."""
    try:
        raw = gzip.decompress(data).removeprefix(_PAGEFIND_SIGNATURE)
        if name.endswith(".pf_fragment"):
            pieces = list(json_texts(json.loads(raw)))
        else:
            pieces = [("CBOR", text) for text in cbor_strings(raw)]
    except (OSError, EOFError, ValueError, IndexError):
        pieces = [("全文", data.decode("utf-8", errors="replace"))]
    for where, text in pieces:
        yield where, text.replace("\u200b", "")


def cbor_strings(data: bytes) -> list[str]:
    """The text strings of a CBOR document (RFC 8949), in order; ValueError if it is not one."""
    found: list[str] = []
    at = 0
    while at < len(data):
        at = _cbor_item(data, at, found)
    return found


def _cbor_item(data: bytes, at: int, found: list[str]) -> int:
    """Read the item at ``at`` (containers as their header only: their items follow); the
    position after it."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24 or (major == 7 and info >= 28):
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    else:  # indefinite lengths: Pagefind writes none
        raise ValueError("CBOR with an indefinite length")
    if major in (2, 3):
        if at + length > len(data):
            raise ValueError("CBOR string past the end")
        if major == 3:
            found.append(data[at : at + length].decode("utf-8"))
        return at + length
    return at


# A sheet's attributes that place and type its cells and rows, never text a reader gets (the
# schema makes them a cell reference, a style or type code, a row number, a column span): a
# workbook of ten years has 50,000 of them, two thirds of what it holds.
_CELL_PLACES = frozenset({("c", "r"), ("c", "s"), ("c", "t"), ("row", "r"), ("row", "spans")})


def xlsx_texts(data: bytes) -> list[tuple[str, str]]:
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return []
    pieces: list[tuple[str, str]] = []
    with book:
        for name in sorted(book.namelist()):
            if name.endswith(".xml") and name.startswith("xl/"):
                pieces += xml_texts(book.read(name), prefix=f"{name} ", structure=_CELL_PLACES)
    return pieces


def file_texts(name: str, data: bytes) -> Iterable[tuple[str, str]]:
    """The pieces of text a reader may get from one built file, by its suffix."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return xlsx_texts(data)
    if suffix == ".svg":
        return xml_texts(data, _SVG_TEXT)
    if suffix in _PAGEFIND_CHUNKS:
        return pagefind_texts(name, data)
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if suffix == ".js" and name.startswith(OFFLINE_SEARCH + "/"):
        try:
            return json_texts(read_script(text))
        except ValueError:
            return [("全文", text)]
    if suffix in (".html", ".htm"):
        return html_texts(text)
    if suffix == ".json":
        try:
            value = json.loads(text)
        except ValueError:
            return [("全文", text)]
        if name.endswith("search_index.json"):
            return _search_texts(value)
        return json_texts(value)
    if suffix == ".csv":
        return csv_texts(text)
    if suffix in (".txt", ".md"):
        return [(f"第 {n} 行", line) for n, line in enumerate(text.splitlines(), start=1)]
    return []


# Bytes to read below which spreading the reading over other processes costs more than it saves.
SPREAD_FROM = 4_000_000
# A file to read (the site folder, its path there, the numbers allowed), and what was found.
Unread = tuple[str, str, list[str]]
Audited = tuple[str, list[PersonalLeak]]
Spread = Callable[[Callable[[Unread], Audited], Iterable[Unread]], Iterable[Audited]]


def audit_personal(
    site_dir: Path,
    allowed: Iterable[str] = (),
    known: Set[str] = frozenset(),
    clean: set[str] | None = None,
    under: str = "",
    spread: Spread | None = None,
) -> list[PersonalLeak]:
    """Every personal number in the built site, in file order (the theme's scripts, styles and
    images aside: they come with the package, not from the data).  A file whose hash (of its
    path and bytes, ``clean_key``) is in ``known`` was found clean before, by the same code with
    the same numbers allowed, and is not read again; ``clean`` gets this build's clean files.
    ``under`` limits the audit to one folder of the site (one written after the rest).
    ``spread`` (``map``'s shape, say a process pool's) reads the files not known, where they
    hold at least ``SPREAD_FROM`` bytes: a site read from nothing is mostly parsing."""
    allowed = sorted(allowed)
    clean = set() if clean is None else clean
    unread: list[Unread] = []
    size = 0
    for path in sorted((site_dir / under).rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or rel.startswith("assets/"):
            continue
        data = path.read_bytes()
        key = clean_key(rel, data)
        if key in known:
            clean.add(key)
        else:
            unread.append((str(site_dir), rel, allowed))
            size += len(data)
    read = spread if spread is not None and size >= SPREAD_FROM else map
    leaks: list[PersonalLeak] = []
    for key, found in read(file_leaks, unread):
        leaks += found
        if not found:
            clean.add(key)
    return leaks


def clean_key(rel: str, data: bytes) -> str:
    return hashlib.sha256(rel.encode() + b"\0" + data).hexdigest()


def file_leaks(where: Unread) -> Audited:
    """The file at ``rel`` in the site folder: its ``clean_key`` and the numbers in it (in a
    worker process too: the file is read where it is audited, from what that process read)."""
    site_dir, rel, allowed = where
    data = (Path(site_dir) / rel).read_bytes()
    return clean_key(rel, data), _file_leaks(rel, data, allowed)


def _file_leaks(rel: str, data: bytes, allowed: list[str]) -> list[PersonalLeak]:
    # where a number is may be named by it (a key on the path): the message masks it too
    return [
        PersonalLeak(mask_personal(rel), mask_personal(where), found.kind, found.masked)
        for where, text in _with_enough_digits(list(file_texts(rel, data)))
        for found in find_personal(text, allowed)
    ]


def _with_enough_digits(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pieces, hashes blanked, that hold enough digits for a number (as ``find_personal``
    counts them: after NFKC), counted for all pieces at once: a file has tens of thousands
    of pieces, and almost none holds a number."""
    texts = [text for _, text in pieces]
    joined = _HASH.sub(_blank, _APART.join(texts))
    split = joined.split(_APART)
    if len(split) != len(texts):  # a piece holding the separator itself: one by one
        return [(where, _HASH.sub(_blank, text)) for where, text in pieces]
    digits = _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", joined)).split(_APART)
    return [
        (where, text)
        for (where, _), text, found in zip(pieces, split, digits, strict=True)
        if len(found) >= FEWEST_DIGITS
    ]
