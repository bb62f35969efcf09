"""Across years, with the synthetic three-year fixture (tests/fixtures/years)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import build_site, config_for, page_text
from tests.synthetic import MINIMAL, YEARS


@pytest.fixture(scope="module")
def years_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("years")
    site = base / "site"
    build_site(config_for(base, YEARS), site)
    return site


def flat(path: Path) -> str:
    """The page's article text without any whitespace, for phrase matching."""
    return re.sub(r"\s+", "", page_text(path))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def rows(table: object) -> list[list[str]]:
    """The body rows of a table as lists of cell texts."""
    assert isinstance(table, Tag), table
    return [[td.get_text() for td in tr.select("td")] for tr in table.select("tr")[1:]]


def article_links(path: Path) -> list[str]:
    article = soup(path).select_one("article")
    assert article is not None
    return [str(a.get("href")) for a in article.find_all("a")]


def test_every_year_links_to_its_neighbours(years_site: Path) -> None:
    first = article_links(years_site / "2031" / "index.html")
    middle = article_links(years_site / "2032" / "index.html")
    last = article_links(years_site / "2033" / "index.html")
    assert "../2032/" in first and "../2030/" not in first
    assert "../2031/" in middle and "../2033/" in middle
    assert "../2032/" in last
    text = flat(years_site / "2032" / "index.html")
    assert "上一年度：2031年度·下一年度：2033年度" in text


def test_key_figures_show_the_change_from_the_previous_year(years_site: Path) -> None:
    text = flat(years_site / "2032" / "index.html")
    assert "年初预算110万元比2031年增加10万元（+10.0%）" in text
    assert "比2031年减少2万元（-100.0%）" in text  # 三公: a year with none spent
    assert "比2031年减少7分" in text
    assert "比2030年" not in flat(years_site / "2031" / "index.html")


def test_the_trends_page_carries_every_year(years_site: Path) -> None:
    page = soup(years_site / "trends" / "index.html")
    years = [row[0] for row in rows(page.find("table"))]
    assert years == ["2031年度", "2032年度", "2033年度"]
    text = page_text(years_site / "trends" / "index.html")
    assert "0万元" in text


def test_indicator_histories_join_years_by_id_across_a_rename(years_site: Path) -> None:
    page = soup(years_site / "trends" / "index.html")
    heading = page.find(id="indicator-training")
    assert heading is not None and "职业技能培训" in heading.get_text()
    assert [(r[0], r[1], r[4]) for r in rows(heading.find_next("table"))] == [
        ("2031年", "职业培训", "120人"),
        ("2032年", "职业技能培训", "130人"),
        ("2033年", "职业技能培训", "150人"),
    ]
    jobs = page.find(id="indicator-new-jobs")
    assert jobs is not None
    assert [r[0] for r in rows(jobs.find_next("table"))] == ["2031年", "2033年"]  # none in 2032


def test_report_pages_link_recurring_indicators_to_their_history(years_site: Path) -> None:
    assert "../trends/#indicator-training" in article_links(years_site / "2032" / "index.html")


def test_home_and_navigation_list_the_newest_year_first(years_site: Path) -> None:
    home = page_text(years_site / "index.html")
    assert re.search(r"2033年度.*2032年度.*2031年度", home, re.S)
    nav = soup(years_site / "index.html").select("nav.md-nav--primary > ul > li > a")
    labels = [a.get_text(" ", strip=True) for a in nav]
    assert (
        labels.index("2033年度报告") < labels.index("2032年度报告") < labels.index("2031年度报告")
    )


def test_with_one_year_the_trends_page_says_so(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(config_for(tmp_path, MINIMAL.parent), site, tmp_path / "chart-cache")
    text = page_text(site / "trends" / "index.html")
    assert "目前只发布了 2030 年度一个年度的报告" in text
    assert soup(site / "trends" / "index.html").select("article img") == []


def test_the_trends_page_shows_charts_with_text_alternatives_and_tables(years_site: Path) -> None:
    page = years_site / "trends" / "index.html"
    images = soup(page).select("article img.jx-chart")
    sources = [str(img["src"]) for img in images]
    assert [re.sub(r"-[0-9a-f]{12}\.svg$", "", s) for s in sources] == [
        "../charts/trends-budget-execution",
        "../charts/trends-three-public",
        "../charts/trends-self-score",
        "../charts/trends-spending-economic",
        "../charts/trends-indicator-training",
        "../charts/trends-indicator-new-jobs",
    ]
    for img, src in zip(images, sources, strict=True):
        assert (page.parent / src).resolve().read_bytes().startswith(b"<?xml")
        assert str(img["alt"]).endswith("。")
        details = img.find_next("details")
        assert details is not None and details.get_text().lstrip().startswith("图表数据")
        assert len(rows(details.find("table"))) == 3  # every year, the missing one included
    alts = [str(img["alt"]) for img in images]
    assert "2032年实际支出0万元，为控制数5万元的0.0%" in alts[1]
    assert "2032年报告未列此指标" in alts[5]
    # each indicator's chart sits under its own history table
    training = soup(page).find(id="indicator-training")
    assert training is not None
    chart = training.find_next("img")
    assert chart is not None and "trends-indicator-training" in str(chart["src"])
