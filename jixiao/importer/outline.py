"""Paragraphs to the report's outline: title, cover, contents, preamble, numbered sections
and signature, every paragraph verbatim and in source order.

A paragraph opening with a number (一、/（一）/1、/（1）/第一部分/①) is a heading when it is
short, or when its first sentence is: then the heading is that sentence and the rest of
the paragraph is the section's first line of text (as the seed prints “1、推进就业创业，
就业创业形势总体稳定。目前，……”).  A long numbered paragraph is text (a list item).
Levels follow the order the numbering styles first appear, so a report that puts 1、
straight under 一、 nests it there.  Kinds come from heading keywords.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from jixiao.importer.tables import TableBlock

# Numbering styles; the level of each is decided by the order they appear in.
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(r"^第[一二三四五六七八九十]+(部分|章)")),
    ("han", re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    ("han-paren", re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    ("arabic", re.compile(r"^\d{1,2}[、.．](?![\d])")),
    ("arabic-paren", re.compile(r"^[（(]\d{1,2}[）)]")),
    ("circled", re.compile(r"^[①-⑳]")),
]
# Where a paragraph holding several numbered items (“1、甲。 2、乙。”, as pypdf often returns
# them, with full-width spaces) may be cut: after a space or a sentence's end, before the
# next number of the same style.
_ITEM_BREAK = re.compile(r"(?<=[。；;！？!?])[ \u3000]*|[ \u3000]+")
_HAN_DIGITS = "一二三四五六七八九"


HEADING_MAX = 60  # a whole paragraph this short that opens with a number is a heading
FIRST_SENTENCE_MAX = 40  # or one whose first sentence is this short

# Kinds by heading keywords, first match wins: 三公 before 预算, 问题 before 分析 …
KIND_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("three_public", ("三公",)),
    ("problems", ("问题",)),
    ("measures", ("措施", "改进", "整改")),
    ("suggestions", ("建议",)),
    ("appendix", ("附件", "附表")),
    ("analysis", ("分析",)),
    ("execution", ("执行",)),
    ("budget", ("预算",)),
    ("overview", ("概况", "概述", "基本情况")),
    ("performance", ("绩效", "自评", "评价结论", "得分")),
]
_COVER = re.compile(r"^(?P<name>[\u4e00-\u9fff（）()]{2,10})\s*[:：]\s*(?P<value>\S.{0,80})$")
_DATE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?$")
# 二〇二二年五月二十日: printed in words, kept as printed (the date field stays empty)
_DATE_WORDS = re.compile(
    r"^[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?$"
)
ORG_END = ("局", "委", "办", "院", "会", "中心", "厅", "部", "所", "站", "队", "处", "室", "馆")
_TITLE_ENDS = ("报告", "报告书", "自评表", "评价表")


@dataclass
class Heading:
    style: str
    heading: str
    text: list[str] = field(default_factory=list)
    children: list[Heading] = field(default_factory=list)
    kind: str = "other"
    key: str = ""


@dataclass
class Outline:
    title: list[str] = field(default_factory=list)  # lines, printed as one title
    cover: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, line
    contents: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    sections: list[Heading] = field(default_factory=list)
    organisation: str | None = None
    printed_date: str | None = None

    @property
    def date(self) -> datetime.date | None:
        match = _DATE.match(self.printed_date or "")
        if not match or not match["d"]:
            return None
        try:
            return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None

    def walk(self) -> list[tuple[int, Heading]]:
        found: list[tuple[int, Heading]] = []

        def visit(items: list[Heading], depth: int) -> None:
            for item in items:
                found.append((depth, item))
                visit(item.children, depth + 1)

        visit(self.sections, 0)
        return found


# Headings Word styles as 标题 1/Heading 1 … with its automatic numbering, which is not part
# of the paragraph's text: their text and level, as the reader found them.
Styled = dict[str, int]


def style_of(paragraph: str, styled: Styled | None = None) -> str | None:
    if isinstance(paragraph, TableBlock):
        return None  # a table is never a heading, whatever its first cell says
    numbered = next((name for name, pattern in STYLES if pattern.match(paragraph)), None)
    if numbered is None and styled and paragraph in styled:
        return f"word-heading-{styled[paragraph]}"
    return numbered


def _number(style: str, paragraph: str) -> int | None:
    """The number a numbered paragraph opens with (1 for “1、”, “（一）” and “①”)."""
    if style == "circled":
        return ord(paragraph[0]) - ord("①") + 1
    digits = re.match(r"^第?[（(]?([0-9]+|[一二三四五六七八九十]+)", paragraph)
    if not digits:
        return None
    value = digits[1]
    if value.isdigit():
        return int(value)
    tens, _, units = value.rpartition("十")
    if "十" not in value:
        return _HAN_DIGITS.index(value) + 1 if len(value) == 1 else None
    ten = 1 if tens == "" else (_HAN_DIGITS.find(tens) + 1 if len(tens) == 1 else 0)
    unit = _HAN_DIGITS.find(units) + 1 if units else 0
    return ten * 10 + unit if ten and (unit or not units) else None


def split_items(paragraph: str) -> list[str]:
    """A paragraph that opens with a numbered item and holds the next ones of the same style
    (“1、甲。 2、乙。”, “（1）丙。（2）丁。”), cut into its items; the spaces between them are
    dropped.  Any other paragraph is returned whole."""
    style = style_of(paragraph)
    number = _number(style, paragraph) if style else None
    if style is None or number is None or style == "part":
        return [paragraph]
    pattern = dict(STYLES)[style]
    items, start = [], 0
    for gap in _ITEM_BREAK.finditer(paragraph):
        rest = paragraph[gap.end() :]
        if gap.end() <= start or not pattern.match(rest):
            continue
        if _number(style, rest) != number + 1:
            continue
        items.append(paragraph[start : gap.start()])
        start, number = gap.end(), number + 1
    items.append(paragraph[start:])
    return [item for item in items if item]


def split_heading(paragraph: str, styled: Styled | None = None) -> tuple[str, str] | None:
    """(heading, rest) when a numbered paragraph is a heading; None when it is text.  A
    paragraph Word styles as a heading is one, whatever its length."""
    if isinstance(paragraph, TableBlock):
        return None
    if styled and paragraph in styled:
        return paragraph, ""
    if style_of(paragraph) is None:
        return None
    if len(paragraph) <= HEADING_MAX and "。" not in paragraph.rstrip("。"):
        return paragraph, ""
    end = paragraph.find("。")
    if 0 < end < FIRST_SENTENCE_MAX:
        return paragraph[: end + 1], paragraph[end + 1 :].strip()
    return None


KIND_HEADING_MAX = 20  # a longer heading is a sentence about something, not a part's name


def kind_of(heading: str) -> str:
    words = re.sub(r"^\S*?[、.．）)]", "", heading, count=1)  # the number is no keyword
    if len(words) > KIND_HEADING_MAX:
        return "other"
    for kind, keywords in KIND_KEYWORDS:
        if any(k in words for k in keywords):
            return kind
    return "other"


def _contents_end(paragraphs: list[str], first: int) -> int:
    """Where a printed contents list that starts at ``first`` ends (``first`` if there is
    none): a run of short lines, the first heading printed again further on."""
    run_end = first
    while run_end < len(paragraphs) and _short(paragraphs[run_end]):
        run_end += 1
    numbered = [i for i in range(first, run_end) if style_of(paragraphs[i])]
    again = (
        paragraphs.index(paragraphs[first], first + 1)
        if paragraphs.count(paragraphs[first]) > 1
        else None
    )
    if again is None or len(numbered) < 3 or again <= numbered[-1]:
        return first
    # what follows the last numbered line (a repeated title) is not contents
    return numbered[-1] + 1


def _short(line: str) -> bool:
    return not isinstance(line, TableBlock) and len(line) <= HEADING_MAX and "。" not in line


def is_unit_name(text: str) -> bool:
    """Words that end as a unit's name does (局, 委, 中心 …); never with a “|”: a table's
    cells printed as text (“| 社会”, what is left of a row an excerpt cuts off) name no unit."""
    return text.endswith(ORG_END) and "|" not in text


def _is_organisation(line: str) -> bool:
    return (
        not isinstance(line, TableBlock)
        and len(line) <= 40
        and is_unit_name(line)
        and not re.search(r"[，。；：:,]", line)
    )


def build_outline(paragraphs: list[str], styled: Styled | None = None) -> Outline:
    outline = Outline()
    lines = list(paragraphs)
    # the signature: a date on its own, after the organisation on its own
    if lines and (_DATE.match(lines[-1]) or _DATE_WORDS.match(lines[-1])):
        outline.printed_date = lines.pop()
        if lines and _is_organisation(lines[-1]):
            outline.organisation = lines.pop()
    elif lines and _is_organisation(lines[-1]) and len(lines) > 1:
        outline.organisation = lines.pop()
    first_heading = next((i for i, p in enumerate(lines) if split_heading(p, styled)), len(lines))
    head, body = lines[:first_heading], lines[first_heading:]
    contents_end = _contents_end(lines, first_heading) if first_heading < len(lines) else 0
    if contents_end > first_heading:
        outline.contents = lines[first_heading:contents_end]
        # what follows the contents up to the body (a repeated title) is preamble
        again = lines.index(lines[first_heading], contents_end)
        head += lines[contents_end:again]
        body = lines[again:]
    _front(outline, head)
    _sections(outline, body, styled)
    return outline


def _front(outline: Outline, head: list[str]) -> None:
    """Title lines, cover fields and the opening paragraphs before the first heading: the
    title is the first short lines up to one ending as a title does (报告, 自评表); cover
    fields (名称：内容) come before any opening paragraph."""
    for line in head:
        if isinstance(line, TableBlock):
            outline.preamble.append(line)  # a form before the text: written as its rows
            continue
        # a table's row kept as text (its rows of different widths) is no title line
        short = len(line) <= HEADING_MAX and "。" not in line and "|" not in line
        cover = _COVER.match(line)
        titled = outline.title and outline.title[-1].endswith(_TITLE_ENDS)
        if cover and not outline.preamble:
            outline.cover.append((cover["name"], cover["value"].strip(), line))
        elif short and not outline.preamble and not titled and len(outline.title) < 3:
            outline.title.append(line)
        else:
            outline.preamble.append(line)


def _sections(outline: Outline, body: list[str], styled: Styled | None) -> None:
    stack: list[Heading] = []
    for paragraph in body:
        found = split_heading(paragraph, styled)
        style = style_of(paragraph, styled)
        if found and style:
            heading, rest = found
            node = Heading(style, heading, [rest] if rest else [], kind=kind_of(heading))
            levels = [h.style for h in stack]
            if style in levels:
                del stack[levels.index(style) :]
            if stack:
                stack[-1].children.append(node)
            else:
                outline.sections.append(node)
            stack.append(node)
        elif stack:
            stack[-1].text.append(paragraph)
        else:
            outline.preamble.append(paragraph)
    _keys(outline)


def _keys(outline: Outline) -> None:
    """The kind's name for the first section of a kind, else section-N (top) or s1-2 …; keys
    are ids, so three_public is written three-public (its ``kind:`` then says what it is)."""
    taken: set[str] = set()

    def visit(items: list[Heading], at: tuple[int, ...]) -> None:
        for n, item in enumerate(items, start=1):
            here = (*at, n)
            if item.kind != "other" and item.kind.replace("_", "-") not in taken:
                item.key = item.kind.replace("_", "-")
            elif len(here) == 1:
                item.key = f"section-{n}"
            else:
                item.key = "s" + "-".join(str(i) for i in here)
            taken.add(item.key)
            visit(item.children, here)

    visit(outline.sections, ())
