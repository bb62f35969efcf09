"""Page furniture of a PDF: the page numbers and running heads a printed page repeats.

Only what stands where furniture stands is furniture: a line at a page's top or foot
(nothing but other furniture between it and the page's edge, never a table cell) that
is either a page number in a form no body text takes (``- 3 -``, ``—3—``, ``第3页 共9页``,
``第 3 页``, ``3/9``), or a bare number that counts the pages (the same offset from the
page's number on at least two pages, at the same height), or a text repeated at the same
height on most pages (a running head, page numbers in it aside).  A bare number anywhere
else, in the body or in a table, is the report's and stays.  Every line taken away is
named, page and text, so the data file lists it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

# How far down (or up) from a page's edge furniture may stand: two lines (a page number
# under a running foot, 第3页 under - 3 -).
_DEPTH = 2
_SAME_HEIGHT = 4.0  # points: the same place on each page, give or take the rendering
_DASH = r"[-－—–‐―~～\s]"
_PAGE_FORMS = (
    re.compile(rf"^{_DASH}*[-－—–‐―~～]{_DASH}*\d{{1,4}}{_DASH}*[-－—–‐―~～]{_DASH}*$"),
    re.compile(r"^第\s*\d{1,4}\s*页\s*[,，/／]?\s*(共\s*\d{1,4}\s*页)?$"),
    re.compile(r"^共\s*\d{1,4}\s*页\s*[,，/／]?\s*第\s*\d{1,4}\s*页$"),
    re.compile(r"^\d{1,4}\s*[/／]\s*\d{1,4}$"),
    re.compile(r"^(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"),
)
_BARE = re.compile(r"^\d{1,3}$")


@dataclass(frozen=True)
class Placed:
    """A line of a page as printed: its text and how far down the page it stands."""

    text: str
    top: float


@dataclass(frozen=True)
class Removal:
    page: int  # counted from 1
    index: int  # the line's place among its page's lines
    text: str
    why: str  # 页码, 页眉, 页脚


def is_page_number_form(text: str) -> bool:
    """A line printed only as a page number is, never as body text."""
    stripped = text.strip()
    return any(form.match(stripped) for form in _PAGE_FORMS)


def _edges(page: list[Placed | None]) -> list[tuple[int, str]]:
    """The lines that stand at the page's top or foot: up to two lines before the first
    table (None) and after the last, with the edge each stands at."""
    out: list[tuple[int, str]] = []
    for index in range(min(_DEPTH, len(page))):
        if page[index] is None:
            break
        out.append((index, "top"))
    for index in range(len(page) - 1, max(len(page) - 1 - _DEPTH, -1), -1):
        if page[index] is None:
            break
        if (index, "top") not in out:
            out.append((index, "foot"))
    return out


def _key(text: str) -> str:
    """A running head's text without its page number."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def find_furniture(pages: list[list[Placed | None]]) -> list[Removal]:
    """The lines that are furniture, page by page, top to bottom; None in a page is a table
    (furniture never stands inside or behind one)."""
    edges = [
        (number, index, edge, line)
        for number, page in enumerate(pages, start=1)
        for index, edge in _edges(page)
        if (line := page[index]) is not None
    ]
    counters = _counting_numbers(edges)
    repeated = _running_texts(edges, len(pages))
    found: dict[tuple[int, int], str] = {}
    for number, index, edge, line in edges:
        text = line.text.strip()
        head = "页眉" if edge == "top" else "页脚"
        if is_page_number_form(text) or (number, index) in counters:
            found[(number, index)] = "页码"
        elif (edge, _key(text), round(line.top / _SAME_HEIGHT)) in repeated:
            found[(number, index)] = head
    kept = {key: why for key, why in found.items() if _reaches_edge(key, found, pages)}
    return [
        Removal(number, index, line.text, why)
        for (number, index), why in sorted(kept.items())
        if (line := pages[number - 1][index]) is not None
    ]


def _reaches_edge(
    key: tuple[int, int], found: dict[tuple[int, int], str], pages: list[list[Placed | None]]
) -> bool:
    """Furniture stands between the edge and the body: a line under a body line is body."""
    number, index = key
    length = len(pages[number - 1])
    above = all((number, i) in found for i in range(index))
    below = all((number, i) in found for i in range(index + 1, length))
    return above or below


def _counting_numbers(edges: list[tuple[int, int, str, Placed]]) -> set[tuple[int, int]]:
    """Bare numbers at an edge that count the pages: the number less the page's is the same
    on two pages or more, at the same height; one such number alone could be a figure."""
    by_offset: dict[tuple[str, int], list[tuple[int, int, float]]] = defaultdict(list)
    for number, index, edge, line in edges:
        text = line.text.strip()
        if _BARE.match(text):
            by_offset[(edge, int(text) - number)].append((number, index, line.top))
    out: set[tuple[int, int]] = set()
    for places in by_offset.values():
        heights = Counter(round(top / _SAME_HEIGHT) for _, _, top in places)
        height, count = heights.most_common(1)[0]
        if count >= 2:
            out |= {(n, i) for n, i, top in places if round(top / _SAME_HEIGHT) == height}
    return out


def _running_texts(
    edges: list[tuple[int, int, str, Placed]], pages: int
) -> set[tuple[str, str, int]]:
    """Texts repeated at the same edge and height on most pages (and on two at least)."""
    seen: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for number, _, edge, line in edges:
        # a number alone is a page number only where it counts the pages (a figure else)
        if re.search(r"[^\W\d_]", line.text):
            seen[(edge, _key(line.text), round(line.top / _SAME_HEIGHT))].add(number)
    return {key for key, numbers in seen.items() if len(numbers) >= max(2, (pages + 1) // 2)}


def notes(removals: list[Removal]) -> list[str]:
    """One note for each kind of furniture, every line taken away named with its page."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for removal in removals:
        kinds[removal.why].append(f"第{removal.page}页“{removal.text.strip()}”")
    words = {"页码": "PDF 各页的页码", "页眉": "PDF 各页重复的页眉", "页脚": "PDF 各页重复的页脚"}
    return [f"{words[why]}：{'、'.join(lines)}" for why, lines in sorted(kinds.items())]
