"""Figures a report implies but does not print.

Shares of the budget, 三公 totals, the grade its score earns.

Derived figures are always labelled as computed where they are shown; the
printed ones stay as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jixiao.model.figures import Figure
from jixiao.model.report import Report

# Lower bound of the score for each grade, highest first (DOMAIN: 90/80/60).
DEFAULT_GRADE_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)


def percent(part: Decimal, whole: Decimal, places: int = 1) -> Decimal | None:
    """part / whole as a percentage, rounded half up; None when whole is zero."""
    if whole == 0:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (part / whole * 100).quantize(exponent, rounding=ROUND_HALF_UP)


def grade_for(score: Decimal, bands: tuple[tuple[Decimal, str], ...] = DEFAULT_GRADE_BANDS) -> str:
    for floor, grade in bands:
        if score >= floor:
            return grade
    return bands[-1][1]


def _sum(figures: list[Figure]) -> Decimal | None:
    """Sum of figures of one unit; None if any is in another unit or the list is empty."""
    if not figures or len({f.used_unit for f in figures}) != 1:
        return None
    return sum((f.used_value for f in figures), Decimal(0))


@dataclass(frozen=True)
class KeyFigures:
    """The figures shown at the top of a report page and on the home page."""

    year: int
    budget: Figure
    income: Figure | None
    spending: Figure | None
    income_share: Decimal | None  # income as % of budget, computed
    spending_share: Decimal | None  # spending as % of budget, computed
    three_public_control: Decimal | None  # 万元, stated total or sum of items
    three_public_actual: Decimal | None
    three_public_unit: str
    three_public_share: Decimal | None
    score: Figure
    grade: str
    grade_by_score: str


def key_figures(report: Report) -> KeyFigures:
    budget = report.budget.total
    execution = report.execution
    income, spending = execution.income, execution.spending
    control = actual = None
    unit = "万元"
    three = execution.three_public
    if three is not None:
        controls = [i.control for i in three.items if i.control is not None]
        actuals = [i.actual for i in three.items if i.actual is not None]
        control = three.total_control.used_value if three.total_control else _sum(controls)
        actual = three.total_actual.used_value if three.total_actual else _sum(actuals)
        if actuals:
            unit = actuals[0].used_unit
    same_unit = [f for f in (income, spending) if f is not None and f.used_unit == budget.used_unit]
    return KeyFigures(
        year=report.year,
        budget=budget,
        income=income,
        spending=spending,
        income_share=percent(income.used_value, budget.used_value) if income in same_unit else None,
        spending_share=percent(spending.used_value, budget.used_value)
        if spending in same_unit
        else None,
        three_public_control=control,
        three_public_actual=actual,
        three_public_unit=unit,
        three_public_share=(
            percent(actual, control) if actual is not None and control is not None else None
        ),
        score=report.performance.score,
        grade=report.performance.grade,
        grade_by_score=grade_for(report.performance.score.used_value),
    )
