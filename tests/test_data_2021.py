"""The shipped 2021 data is a faithful and complete transcription of the source report."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from jixiao.model.figures import Figure
from jixiao.model.report import Figures, Report, Section, all_indicators
from tests.conftest import page_text

# A word processor's bookmark left in the source; not part of the report (see transcription_notes).
NOT_REPORT_TEXT = "[bookmark: _GoBack]"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def source_lines(seed: str) -> list[str]:
    text = seed.replace(NOT_REPORT_TEXT, "")
    return [squeeze(line) for line in text.splitlines() if line.strip()]


def test_every_sentence_of_the_source_is_on_the_2021_page(built_site: Path, seed_2021: str) -> None:
    page = squeeze(page_text(built_site / "2021" / "index.html"))
    missing = [line for line in source_lines(seed_2021) if line not in page]
    assert missing == []


def test_every_number_of_the_source_is_on_the_2021_page(built_site: Path, seed_2021: str) -> None:
    page = page_text(built_site / "2021" / "index.html")
    on_page = NUMBER.findall(page)
    numbers = NUMBER.findall(seed_2021)
    assert len(numbers) > 250
    remaining = list(on_page)
    for number in numbers:
        assert number in remaining, f"{number} 不在页面上"
        remaining.remove(number)  # each occurrence counts


def test_the_page_carries_the_title_signature_and_date(built_site: Path) -> None:
    page = page_text(built_site / "2021" / "index.html")
    for text in [
        "2021年度人社局整体支出绩效自评报告",
        "新晃侗族自治县人力资源和社会保障局",
        "2022年5月20日",
    ]:
        assert text in page


def figure_sets(report: Report) -> list[tuple[str, str, Figures]]:
    """(label, verbatim text, figures) for every section and theme."""
    return [(place.label, place.text, place.figures) for place in report.places()]


def printed_figures(figures: Figures) -> list[Figure]:
    out: list[Figure] = [s.value for s in figures.stats]
    for indicator in all_indicators(figures):
        out += [
            f
            for f in (indicator.target, indicator.result, indicator.remaining, indicator.rate)
            if f
        ]
    for breakdown in figures.breakdowns:
        out += [breakdown.total] if breakdown.total else []
        stack = list(breakdown.parts)
        while stack:
            part = stack.pop()
            out.append(part.value)
            stack.extend(part.parts)
    if isinstance(figures, Section):
        out += _section_specific(figures)
    return out


def _section_specific(section: Section) -> list[Figure]:
    found: list[Figure] = []
    for name in ("total", "income", "spending", "carry_over", "score"):
        value = getattr(section, name, None)
        if isinstance(value, Figure):
            found.append(value)
    for part in getattr(section, "items", []):
        found.append(part.value)
    for name in ("authorised_posts", "headcount"):
        breakdown = getattr(section, name, None)
        if breakdown is not None:
            found += [breakdown.total] if breakdown.total else []
            found += [p.value for p in breakdown.parts]
    units = getattr(section, "internal_units", None)
    if units is not None and units.count is not None:
        found.append(units.count)
    for name in ("by_economic", "by_functional"):
        classification = getattr(section, name, None)
        if classification is not None:
            found += [p.value for p in classification.parts]
    three = getattr(section, "three_public", None)
    if three is not None:
        for item in three.items:
            found += [f for f in (item.control, item.actual, item.rate) if f]
    return found


def test_every_structured_figure_is_printed_in_its_section(report_2021: Report) -> None:
    for label, text, figures in figure_sets(report_2021):
        for figure in printed_figures(figures):
            assert figure.printed in text, f"{label}: “{figure.printed}”不在本节原文中"


# Numbers in the text that are not figures: dates, years, document numbers, ordinals.
NOT_FIGURES = re.compile(
    r"\d+(?=年|月|日|号| 号|〕|\]|、\d*月)"  # 2021年, 10月, 12 号, 〔2018〕, [2021], 6、7月份
    r"|^\d+(?=、)"  # 1、 numbering at the start of a paragraph
    r"|\d+-\d+(?=月份)"  # 1-11月份
)


def test_every_figure_of_the_text_is_captured_as_structured_data(report_2021: Report) -> None:
    uncaptured: list[str] = []
    for label, text, figures in figure_sets(report_2021):
        rest = text
        for printed in sorted({f.printed for f in printed_figures(figures)}, key=len, reverse=True):
            rest = re.sub(r"(?<![\d.])" + re.escape(printed), "§", rest)
        for line in rest.splitlines():
            line = NOT_FIGURES.sub("§", line.strip())
            uncaptured += [f"{label}: {n}" for n in NUMBER.findall(line)]
    assert uncaptured == []


def test_key_figures_are_as_printed(report_2021: Report) -> None:
    assert report_2021.budget and report_2021.execution and report_2021.performance
    assert report_2021.budget.total is not None
    assert report_2021.budget.total.value == Decimal("521.75")
    assert report_2021.execution.income is not None
    assert report_2021.execution.income.value == Decimal("441.37")
    assert report_2021.execution.spending is not None
    assert report_2021.execution.spending.value == Decimal("484.62")
    assert report_2021.performance.score is not None
    assert report_2021.performance.score.value == Decimal(97)
    assert report_2021.performance.grade == "优秀"
    assert report_2021.signature.date is not None
    assert report_2021.signature.date.isoformat() == "2022-05-20"
    # Printed mistakes are kept as printed.
    other = next(i for i in report_2021.budget.items if i.name == "其他人员经费")
    assert other.value.printed == "2017万元" and other.value.value == Decimal(2017)


def test_the_outline_is_the_reports(report_2021: Report) -> None:
    outline = [(p.anchor, p.kind, p.depth, p.label[:2]) for p in report_2021.places()]
    assert outline[:4] == [
        ("overview", "overview", 0, "一、"),
        ("budget", "budget", 0, "二、"),
        ("execution", "execution", 0, "三、"),
        ("performance", "performance", 0, "四、"),
    ]
    themes = outline[4:-1]
    assert [t[0] for t in themes] == [f"theme-{n}" for n in range(1, 11)]
    assert all(t[2] == 1 and t[3].startswith(f"{n}") for n, t in enumerate(themes, 1))
    assert outline[-1] == ("suggestions", "suggestions", 0, "五、")
