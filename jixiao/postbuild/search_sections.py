"""What search reads of a built page: the report's main text, section by section.

Only the page's content (Material's ``<article class="md-content__inner">``) is read, never
its navigation, header or footer.  Every heading with an ``id`` starts a section, so a result
leads to the passage (``2021/#theme-3``), not only to the page.  Both search indexes are made
from these sections: Pagefind's (``search_index``) and the offline bundle's
(``search_offline``), so the two find the same passages.

Which pages are searched, and under which filters (年度, and 部门 on a portal), is given by the
build as a mapping from each page's URL to its filters (``report_filters`` makes it for a
one-department site); a page outside the mapping is not searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

# Filter name -> its value, for one page: {"年度": "2021"} or {"部门": "人社局", "年度": "2021"}.
PageFilters = Mapping[str, str]
YEAR, DEPARTMENT = "年度", "部门"

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is no passage a reader sees (a chart's data waits in a <template>).
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg"})
# Elements that do not end a run of text.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "code", "em", "i", "mark", "q", "s", "small", "span", "strong"}
    | {"sub", "sup", "time", "u", "wbr", "data", "cite", "dfn", "kbd", "samp", "var"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
_SPACES = re.compile(r"\s+")
_CELLS = frozenset({"td", "th"})
_CELL_MARK, _ROW_MARK = " ｜ ", "； "  # (U+FF5C, U+FF1B)
_CONTENT = '<article class="md-content__inner'
# A report page of the site: <year>.md, or <department-id>/<year>.md on a portal.
_REPORT_PAGE = re.compile(r"^(?:(?P<department>[a-z0-9][a-z0-9-]*)/)?(?P<year>(?:19|20)\d\d)\.md$")


@dataclass(frozen=True)
class Section:
    """One passage of a page: its anchor (empty for the text before the first heading with
    an id), its heading and its text, whitespace collapsed."""

    anchor: str
    title: str
    text: str


@dataclass(frozen=True)
class SearchedPage:
    """A page as search knows it: its URL relative to the site root (``2021/``), its title
    (the first heading), its filters and its sections in page order."""

    url: str
    title: str
    filters: PageFilters
    sections: tuple[Section, ...]

    def section_url(self, section: Section) -> str:
        return f"{self.url}#{section.anchor}" if section.anchor else self.url


def report_filters(
    paths: Iterable[str],
    departments: Mapping[str, str] | None = None,
    *,
    directory_urls: bool = True,
) -> dict[str, dict[str, str]]:
    """The searched pages of a site by URL, with their filters: every report page
    (``<year>.md``, or ``<department-id>/<year>.md`` whose department's name
    ``departments`` gives) under 年度, and 部门 where there is one."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(paths):
        match = _REPORT_PAGE.match(path)
        if match is None:
            continue
        department = match.group("department")
        filters: dict[str, str] = {}
        if department is not None:
            if departments is None or department not in departments:
                continue  # a folder that is no department of the portal
            filters[DEPARTMENT] = departments[department]
        filters[YEAR] = match.group("year")
        stem = path.removesuffix(".md")
        found[f"{stem}/" if directory_urls else f"{stem}.html"] = filters
    return found


class _Sections(HTMLParser):
    """The sections of the page's main content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self._article = 0  # depth of <article> elements inside the content, once in it
        self._skipping = 0
        self._heading: str | None = None  # the tag of the heading being read
        self._anchor = ""
        self._title: list[str] = []
        self._text: list[str] = []
        self._cells = 0  # cells begun in the table row being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "article":
            if self._article or "md-content__inner" in (named.get("class") or "").split():
                self._article += 1
            return
        if not self._article or tag in _VOID:
            if self._article and tag not in _INLINE:
                self._text.append(" ")
            return
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _HEADINGS and named.get("id") and not self._skipping:
            self._close_section()
            self._heading, self._anchor = tag, named.get("id") or ""
        elif tag in _CELLS:
            # Cells apart by a mark, not a space: the personal screen reads numbers split by
            # spaces as one, and a row of bare figures would read as an ID number.
            self._text.append(_CELL_MARK if self._cells else " ")
            self._cells += 1
        elif tag not in _INLINE:
            self._cells = 0 if tag == "tr" else self._cells
            (self._title if self._heading else self._text).append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self._article:
            return
        if tag == "article":
            self._article -= 1
            if not self._article:
                self._close_section()
        elif tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == self._heading:
            self._heading = None
        elif tag == "tr" and not self._heading:
            self._text.append(_ROW_MARK)
        elif tag not in _INLINE:
            (self._title if self._heading else self._text).append(" ")

    def handle_data(self, data: str) -> None:
        if self._article and not self._skipping:
            (self._title if self._heading else self._text).append(data)

    def _close_section(self) -> None:
        title, text = _clean(self._title), _clean(self._text)
        if title or text:
            self.sections.append(Section(self._anchor, title, text))
        self._anchor, self._title, self._text = "", [], []


def _clean(pieces: list[str]) -> str:
    # Material's word-break hints (zero-width spaces) are no text
    return _SPACES.sub(" ", "".join(pieces).replace("\u200b", "")).strip()


def page_sections(html: str) -> list[Section]:
    """The sections of a built page's main content, in page order."""
    parser = _Sections()
    # Material's navigation comes before the content: start at the content, as the parser would
    start = html.find(_CONTENT)
    parser.feed(html[start:] if start >= 0 else html)
    parser.close()
    return parser.sections


def searched_page(url: str, html: str, filters: PageFilters) -> SearchedPage:
    return page_of(url, page_sections(html), filters)


def page_of(url: str, sections: list[Section], filters: PageFilters) -> SearchedPage:
    """The page of these sections: titled by its first heading."""
    title = next((section.title for section in sections if section.title), url)
    return SearchedPage(url, title, dict(filters), tuple(sections))


def sections_json(sections: Iterable[Section]) -> list[list[str]]:
    return [[section.anchor, section.title, section.text] for section in sections]


def sections_from_json(value: object) -> list[Section] | None:
    """The sections ``sections_json`` made, or None for a value of any other shape."""
    if not isinstance(value, list):
        return None
    sections = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and all(type(v) is str for v in item)):
            return None
        sections.append(Section(*item))
    return sections


def page_file(url: str) -> str:
    """The built file of a page URL: ``2021/`` → ``2021/index.html``."""
    return url + "index.html" if url.endswith("/") or not url else url
