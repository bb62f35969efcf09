"""Figures a report implies but does not print.

Shares of the budget, 三公 totals, the grade its score earns.

Derived figures are always labelled as computed where they are shown; the
printed ones stay as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.figures import Figure, common_unit, in_common_unit, percent
from jixiao.model.grades import grade_agrees, grade_for
from jixiao.model.report import Report
from jixiao.model.tree import once_per_object
from jixiao.model.units import REGISTRY, Unit


@dataclass(frozen=True)
class KeyFigures:
    """The figures shown at the top of a report page and on the home page."""

    year: int
    budget: Figure | None  # None: the report does not state it
    income: Figure | None
    spending: Figure | None
    income_share: Decimal | None  # income as % of budget, computed
    spending_share: Decimal | None  # spending as % of budget, computed
    three_public_control: Decimal | None  # 万元, stated total or sum of items
    three_public_actual: Decimal | None
    three_public_unit: str
    three_public_unit_info: Unit  # its family and factor, for converting across years
    three_public_share: Decimal | None
    three_public_basis: str  # what the amounts are: the stated totals or the sum of the items
    three_public_note: str  # how the amounts were made comparable, when they had to be
    score: Figure | None
    grade: str | None
    grade_by_score: str | None
    grade_agrees: bool | None  # the printed grade names the grade the score earns (优秀 = 优)


def share(part: Figure | None, whole: Figure | None) -> Decimal | None:
    """part as a percentage of whole, converted within their kind of unit; None when either
    is missing, they are of different kinds, or whole is zero."""
    common = in_common_unit([part, whole]) if part is not None and whole is not None else None
    return percent(common[0][0], common[0][1]) if common is not None else None


@once_per_object  # the page, its neighbours' comparisons, the downloads and charts all ask
def key_figures(report: Report) -> KeyFigures:
    budget = report.budget.total if report.budget else None
    income = report.execution.income if report.execution else None
    spending = report.execution.spending if report.execution else None
    control = actual = None
    unit, note, basis = REGISTRY["万元"], "", "各项合计，计算值"
    three = report.three_public
    if three is not None:
        # the stated totals, else the sum of the items; all in one unit of money
        controls = (
            [three.total_control]
            if three.total_control
            else [i.control for i in three.items if i.control]
        )
        actuals = (
            [three.total_actual]
            if three.total_actual
            else [i.actual for i in three.items if i.actual]
        )
        if three.total_control or three.total_actual:
            basis = (
                "原文合计" if three.total_control and three.total_actual else "原文合计及各项合计"
            )
        common = common_unit([*controls, *actuals])
        if common is not None:
            values, unit = common
            control = sum(values[: len(controls)], Decimal(0)) if controls else None
            actual = sum(values[len(controls) :], Decimal(0)) if actuals else None
            if len({f.used_unit for f in [*controls, *actuals]}) > 1:
                note = f"原文金额单位不一，已换算为{unit.name}"
    return KeyFigures(
        year=report.year,
        budget=budget,
        income=income,
        spending=spending,
        income_share=share(income, budget),
        spending_share=share(spending, budget),
        three_public_control=control,
        three_public_actual=actual,
        three_public_unit=unit.name,
        three_public_unit_info=unit,
        three_public_share=(
            percent(actual, control) if actual is not None and control is not None else None
        ),
        three_public_basis=basis,
        three_public_note=note,
        score=report.score,
        grade=report.grade,
        grade_by_score=grade_for(report),
        grade_agrees=grade_agrees(report),
    )
