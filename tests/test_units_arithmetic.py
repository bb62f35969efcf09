"""Arithmetic never mixes units: 元 and 万元 are converted before they meet, and the page says
so; figures of different kinds are never added or divided."""

from __future__ import annotations

from decimal import Decimal

from jixiao.checks.audit import audit
from jixiao.derive.keyfigures import key_figures, share
from jixiao.model.figures import Figure, in_common_unit
from jixiao.opendata.diff import derived
from jixiao.pages.render import environment, render_report
from tests.synthetic import report

MIXED_THREE_PUBLIC = {
    "text": "支出90万元。招待费控制数为5万元，实际支出4500元，占控制数9%。",
    "spending": "90万元",
    "three_public": {
        "items": [
            {
                "category": "公务接待费",
                "name": "招待费",
                "control": "5万元",
                "actual": "4500元",
                "rate": "9%",
            }
        ]
    },
}


def figure(text: str) -> Figure:
    return Figure.model_validate(text)


def test_values_meet_in_the_larger_unit_of_their_kind() -> None:
    assert in_common_unit([figure("4500元"), figure("0.5万元")]) == (
        [Decimal("0.45"), Decimal("0.5")],
        "万元",
    )
    assert in_common_unit([figure("3万人"), figure("500人")]) == (
        [Decimal(3), Decimal("0.05")],
        "万人",
    )
    assert in_common_unit([figure("2.17万元"), figure("1万元")]) == (
        [Decimal("2.17"), Decimal(1)],
        "万元",
    )
    assert in_common_unit([figure("5万元"), figure("5人")]) is None


def test_three_public_in_wan_yuan_and_yuan_is_converted_not_added() -> None:
    key = key_figures(report(execution=MIXED_THREE_PUBLIC))
    assert (key.three_public_control, key.three_public_actual) == (Decimal(5), Decimal("0.45"))
    assert key.three_public_unit == "万元"
    assert key.three_public_share == Decimal("9.0")
    assert key.three_public_note == "原文金额单位不一，已换算为万元"


def test_the_page_says_what_the_figure_was_computed_from() -> None:
    page = render_report(report(execution=MIXED_THREE_PUBLIC), environment(), {})
    assert "为控制数的 9.0%" in page
    assert "已换算为万元" in page
    assert "450000" not in page and "90000" not in page


def test_the_printed_rate_checks_against_converted_amounts() -> None:
    findings = audit(report(execution=MIXED_THREE_PUBLIC)).findings
    assert [f for f in findings if f.rule == "rate"] == []


def test_shares_of_the_budget_convert_within_money() -> None:
    key = key_figures(report(execution={"spending": "900000元", "text": "支出900000元。"}))
    assert key.spending_share == Decimal("90.0")
    assert share(figure("5人"), figure("100万元")) is None  # different kinds: no share


def test_jixiao_diff_rates_convert_too() -> None:
    rates = [d.value for d in derived(report(execution=MIXED_THREE_PUBLIC)).values()]
    assert "9.0%" in rates
    assert not any(v.startswith("90000") for v in rates)
