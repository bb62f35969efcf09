"""The 2021 report printed to PDF (A4) by Chromium: all of the report, none of the site; on
the one-department site and as a department's report in the county portal (the same report:
tests/make_portal_fixture.py's renshe).  The portal's comparison page prints its sortable
table whole, in the order the reader chose, without the sorting controls."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from jixiao.model.report import Report
from tests.browser.conftest import Recorded, broken_images

A4_POINTS = (595, 842)


@pytest.fixture(scope="module", params=["site", "portal"])
def report_url(request: pytest.FixtureRequest) -> str:
    """The 2021 report's page: on the one-department site, and renshe's in the portal."""
    if request.param == "site":
        return str(request.getfixturevalue("site_url")) + "2021/"
    return str(request.getfixturevalue("portal_url")) + "renshe/2021/"


@pytest.fixture(scope="module")
def printed(browser: Any, report_url: str) -> dict[str, Any]:
    """The PDF's pages as text, plus what the page showed in print media."""
    from pypdf import PdfReader

    page = browser.new_page()
    try:
        page.goto(report_url)
        page.wait_for_load_state("networkidle")
        assert broken_images(page) == []  # lazy charts loaded before printing
        page.emulate_media(media="print")
        images = page.eval_on_selector_all(
            "article img",
            """imgs => imgs.map(i => ({src: i.getAttribute("src"), loaded: i.complete
                && i.naturalWidth > 0, width: i.getBoundingClientRect().width,
                height: i.getBoundingClientRect().height}))""",
        )
        tables = page.eval_on_selector_all("article table", "ts => ts.length")
        pdf = page.pdf(format="A4", print_background=False)
    finally:
        page.close()
    reader = PdfReader(io.BytesIO(pdf))
    texts = [_plain(p.extract_text() or "") for p in reader.pages]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    drawn = sum(len(p.images) for p in reader.pages)
    return {"texts": texts, "sizes": sizes, "images": images, "tables": tables, "drawn": drawn}


def _plain(text: str) -> str:
    """PDF text as the page's text: no line breaks or spaces from the layout, and CJK
    ideographs instead of the look-alike radicals the font's character map names
    (⼈ U+2F08 for 人: NFKC folds those; ⻔ U+2ED4 for 门: RADICALS maps those)."""
    text = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))
    return text.translate(RADICALS)


# CJK Radicals Supplement characters that Noto Sans CJK SC names for simplified ideographs.
RADICALS = str.maketrans(
    {
        "\u2ea0": "民",
        "\u2ec5": "见",
        "\u2ec6": "角",
        "\u2ec8": "讠",
        "\u2ecb": "车",
        "\u2ecf": "阝",
        "\u2ed3": "长",
        "\u2ed4": "门",
        "\u2ed8": "青",
        "\u2eda": "页",
        "\u2edb": "风",
        "\u2edc": "飞",
        "\u2edd": "食",
        "\u2ee2": "马",
        "\u2ee3": "骨",
        "\u2ee4": "鬼",
        "\u2ee5": "鱼",
        "\u2ee6": "鸟",
        "\u2ee9": "黄",
        "\u2eed": "齐",
        "\u2eef": "齿",
        "\u2ef0": "龙",
        "\u2ef3": "龟",
    }
)


def _find(text: str, needle: str) -> int:
    """Where needle starts in the printed text; -1 if absent."""
    return text.find(_plain(needle))


def test_pages_are_a4(printed: dict[str, Any]) -> None:
    assert printed["sizes"]
    for width, height in printed["sizes"]:
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2


def test_every_section_is_printed_in_order(printed: dict[str, Any], report_2021: Report) -> None:
    text = "".join(printed["texts"])
    headings = [report_2021.title, *[place.label for place in report_2021.places()]]
    positions = [_find(text, heading) for heading in headings]
    missing = [h for h, at in zip(headings, positions, strict=True) if at < 0]
    assert missing == []
    assert positions == sorted(positions)
    # The last words of the report's text, and its signature, are on paper too.
    last = report_2021.places()[-1].figures
    assert _find(text, last.text.strip().splitlines()[-1][-20:]) >= 0
    assert report_2021.signature.printed_date is not None
    assert _find(text, report_2021.signature.printed_date) >= 0


def test_tables_are_printed_whole(printed: dict[str, Any]) -> None:
    text = "".join(printed["texts"])
    assert printed["tables"] > 5
    # Cells from the first, a middle and the last column of the report's tables.
    for cell in ["离退休人员春节一次性生活补助", "521.75万元", "工资福利性支出", "368.49万元"]:
        assert _find(text, cell) >= 0, cell
    # A wide table is not cut at the page edge: its right-hand column is there in every row.
    assert text.count("万元") >= 30


def test_navigation_and_search_are_not_printed(printed: dict[str, Any]) -> None:
    text = "".join(printed["texts"])
    for chrome in ["搜索", "跳转至", "关于本站", "回到页面顶部", "MaterialforMkDocs"]:
        assert _find(text, chrome) < 0, chrome


def test_images_on_the_page_are_printed(printed: dict[str, Any]) -> None:
    """Charts may be SVG or PNG; whatever the page shows must be on paper, at a real size."""
    for image in printed["images"]:
        assert image["loaded"], image
        assert image["width"] > 50 and image["height"] > 30, image
    raster = [i for i in printed["images"] if not str(i["src"]).endswith(".svg")]
    assert printed["drawn"] >= len(raster)


def test_pages_break_sensibly(printed: dict[str, Any], report_2021: Report) -> None:
    """No page ends with a heading or with the line that introduces a table ("年初预算："),
    whose content starts on the next page; no page but the last is nearly empty."""
    headings = [h for h in [place.label for place in report_2021.places() if place.depth == 0]]
    texts = printed["texts"]
    for number, text in enumerate(texts[:-1], start=1):
        for heading in headings:
            at = _find(text, heading)
            assert at < 0 or at + len(heading) < len(text), f"page {number} ends with {heading}"
        assert not text.endswith(":"), f"page {number} ends with {text[-20:]}"  # NFKC: ：→:
    assert all(len(text) > 100 for text in texts[:-1]), [len(t) for t in texts]
    assert 3 <= len(texts) <= 30


def test_printing_requests_nothing_from_other_hosts(recorded: Recorded, report_url: str) -> None:
    recorded.page.goto(report_url)
    recorded.page.emulate_media(media="print")
    recorded.page.pdf(format="A4")
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []


def test_print_stylesheet_is_ours(tmp_path: Path) -> None:
    css = (Path(__file__).parents[2] / "jixiao" / "theme" / "stylesheets" / "jixiao.css").read_text(
        encoding="utf-8"
    )
    assert "size: A4" in css
