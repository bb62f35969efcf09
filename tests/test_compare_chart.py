"""The comparison page's chart: each department's spending as a share of its budget, highest
first, the report pages' own Decimal rates; departments without a rate named as not drawn,
never a bar of 0; the same data gives the same SVG."""

from __future__ import annotations

from decimal import Decimal

from jixiao.charts.compare import execution_chart
from jixiao.charts.render import render_svg
from jixiao.derive.compare import comparison
from tests.portal_fixture import county, department, year_report


def test_bars_are_the_rates_highest_first_in_decimal() -> None:
    chart = execution_chart(comparison(county(), 2030))
    assert chart is not None
    drawn = [(row.label, row.first.value if row.first else None) for row in chart.rows]
    assert drawn == [
        ("虚构县低分局", Decimal("120.0")),
        ("虚构县财政局", Decimal("90.0")),
        ("虚构县元计局", Decimal("76.7")),
    ]
    assert all(isinstance(value, Decimal) for _, value in drawn)


def test_departments_without_a_rate_are_named_not_drawn() -> None:
    chart = execution_chart(comparison(county(), 2030))
    assert chart is not None
    assert "虚构县缺项局" not in [row.label for row in chart.rows]
    assert chart.notes == (
        "以下部门（单位）原文未载明年初预算或全年实际支出，无法计算，未作图：虚构县缺项局。",
    )
    assert "1个部门（单位）无法计算，未作图" in chart.alt
    assert ("虚构县缺项局", "原文未载明", "90", "无法计算") in chart.table.rows


def test_no_chart_when_no_rate_can_be_computed() -> None:
    portal = county().__class__("县", (department("a", "组", year_report("甲局", budget=None)),))
    assert execution_chart(comparison(portal, 2030)) is None


def test_the_same_data_draws_the_same_svg() -> None:
    chart = execution_chart(comparison(county(), 2030))
    assert chart is not None
    first = render_svg(chart)
    assert first == render_svg(chart)
    text = first.decode("utf-8")
    assert "2030年度各部门支出占年初预算" in text and "120.0%" in text


def test_charts_drawn_elsewhere_are_taken_from_the_store_not_drawn_again() -> None:
    from jixiao.opendata.portal import portal_charts, portal_pages

    portal = county()
    kept = {
        key: f"<svg>{chart.year}</svg>".encode() for key, chart in portal_charts(portal).items()
    }

    class Store:
        def get(self, key: str) -> bytes | None:
            return kept.get(key)

        def put(self, key: str, content: bytes) -> None:
            raise AssertionError("drawn again")

    files = portal_pages(portal, Store())
    drawn = {path: svg for path, svg in files.items() if path.endswith(".svg")}
    assert sorted(drawn.values()) == [b"<svg>2029</svg>", b"<svg>2030</svg>"]
