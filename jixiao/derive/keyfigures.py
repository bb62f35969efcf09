"""Figures a report implies but does not print.

Shares of the budget, 三公 totals, the grade its score earns.

Derived figures are always labelled as computed where they are shown; the
printed ones stay as printed.  A printed key figure is taken from wherever the
report prints it (``jixiao.model.walk.key_places``): the first place, with where
that is, so the page can link to it; ``jixiao check`` finds places that disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.figures import Figure, common_unit, in_common_unit, percent
from jixiao.model.grades import grade_for, same_grade
from jixiao.model.report import Report, ThreePublic
from jixiao.model.tree import once_per_object
from jixiao.model.units import REGISTRY, Unit
from jixiao.model.walk import KeyValue, Printed, key_places


@dataclass(frozen=True)
class Source:
    """Where a key figure is printed: the heading the page shows it under, in words."""

    anchor: str
    where: str


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
    # where each printed figure was taken from; None where the report does not print it
    budget_from: Source | None = None
    income_from: Source | None = None
    spending_from: Source | None = None
    three_public_from: Source | None = None
    score_from: Source | None = None
    grade_from: Source | None = None


def share(part: Figure | None, whole: Figure | None) -> Decimal | None:
    """part as a percentage of whole, converted within their kind of unit; None when either
    is missing, they are of different kinds, or whole is zero."""
    common = in_common_unit([part, whole]) if part is not None and whole is not None else None
    return percent(common[0][0], common[0][1]) if common is not None else None


def _first(report: Report, name: str) -> Printed | None:
    """The first place the report prints a key figure, if any."""
    return next(iter(key_places(report)[name]), None)


def _value(printed: Printed | None) -> KeyValue | None:
    return printed.value if printed is not None else None


def _figure(printed: Printed | None) -> Figure | None:
    value = _value(printed)
    return value if isinstance(value, Figure) else None


def _source(printed: Printed | None) -> Source | None:
    return Source(printed.anchor, printed.where) if printed is not None else None


@once_per_object  # the page, its neighbours' comparisons, the downloads and charts all ask
def key_figures(report: Report) -> KeyFigures:
    found = {name: _first(report, name) for name in key_places(report)}
    budget, income, spending = (_figure(found[n]) for n in ("budget", "income", "spending"))
    score = _figure(found["score"])
    printed_grade = _value(found["grade"])
    grade = printed_grade if isinstance(printed_grade, str) else None
    three = _value(found["three_public"])
    by_score = grade_for(report, score.in_base_unit()) if score is not None else None
    control, actual, unit, basis, note = _three_public_totals(three)
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
        score=score,
        grade=grade,
        grade_by_score=by_score,
        grade_agrees=(
            same_grade(grade, by_score) if grade is not None and by_score is not None else None
        ),
        budget_from=_source(found["budget"]),
        income_from=_source(found["income"]),
        spending_from=_source(found["spending"]),
        three_public_from=_source(found["three_public"]),
        score_from=_source(found["score"]),
        grade_from=_source(found["grade"]),
    )


def grade_by_score(report: Report, score: Figure | None) -> str | None:
    """The grade a printed score earns in the report's bands (a performance section's own
    score, shown beside its printed grade); None without a score."""
    return grade_for(report, score.in_base_unit()) if score is not None else None


def _three_public_totals(
    three: KeyValue | None,
) -> tuple[Decimal | None, Decimal | None, Unit, str, str]:
    """The 三公 control and actual totals in one unit of money: the stated totals, else the
    sum of the items; with what they are and how they were made comparable."""
    control = actual = None
    unit, note, basis = REGISTRY["万元"], "", "各项合计，计算值"
    if not isinstance(three, ThreePublic):
        return control, actual, unit, basis, note
    controls = (
        [three.total_control]
        if three.total_control
        else [i.control for i in three.items if i.control]
    )
    actuals = (
        [three.total_actual] if three.total_actual else [i.actual for i in three.items if i.actual]
    )
    if three.total_control or three.total_actual:
        basis = "原文合计" if three.total_control and three.total_actual else "原文合计及各项合计"
    common = common_unit([*controls, *actuals])
    if common is not None:
        values, unit = common
        control = sum(values[: len(controls)], Decimal(0)) if controls else None
        actual = sum(values[len(controls) :], Decimal(0)) if actuals else None
        if len({f.used_unit for f in [*controls, *actuals]}) > 1:
            note = f"原文金额单位不一，已换算为{unit.name}"
    return control, actual, unit, basis, note
