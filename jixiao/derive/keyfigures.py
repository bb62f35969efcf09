"""Figures a report implies but does not print.

Shares of the budget, 三公 totals, the grade its score earns.

Derived figures are always labelled as computed where they are shown; the
printed ones stay as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.figures import Figure, percent
from jixiao.model.grades import grade_for
from jixiao.model.report import Report


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
        grade_by_score=grade_for(report),
    )
