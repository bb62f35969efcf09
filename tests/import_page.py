"""What a reader sees of an imported year: the report page rendered by jixiao's own
templates, as text, and the source lines it does not carry."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from jixiao.model.report import Report
from jixiao.pages.render import environment, render_report

NUMBER = re.compile(r"\d+(?:\.\d+)?")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(report: Report) -> str:
    """The visible text of the year's page (Markdown as the site's extensions read it)."""
    md = render_report(report, environment(), {})
    html = markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# A Markdown table's line under its header (| --- | :---: |): markup, no text.
DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# A cell printing only a dash or a slash: a form's “not applicable”, which a typed table
# shows as an empty cell.
DASH = re.compile(r"^[-－—–/／]+$")


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row printed as text (``a | b``, ``| a | b |``), else None."""
    text = line.strip()
    if " | " not in text and not (text.startswith("|") and text.endswith("|") and len(text) > 1):
        return None
    return [c.strip() for c in text.strip("|").split("|")]


def missing_lines(lines: list[str], page: str) -> list[str]:
    """Source lines whose text is not on the page (spacing aside); a cover line
    (名称：内容) counts when its name and content are both there; a table row (cells
    between “|”) counts when every cell is there, wherever the table puts it."""
    flat = squeeze(page)
    missing = []
    for line in lines:
        text = squeeze(line)
        if not text or text in flat or DELIMITER.match(text):
            continue
        cells = table_cells(line)
        if cells is not None and all(
            squeeze(c) in flat or DASH.match(c) for c in cells if squeeze(c)
        ):
            continue
        cover = re.match(r"^(.+?)[:：](.+)$", text)
        if cover and cover[1] in flat and cover[2] in flat:
            continue
        missing.append(line)
    return missing


def missing_numbers(source: str, page: str) -> list[str]:
    """Numbers of the source not on the page, each occurrence counted."""
    remaining = NUMBER.findall(page)
    missing = []
    for number in NUMBER.findall(source):
        if number in remaining:
            remaining.remove(number)
        else:
            missing.append(number)
    return missing
