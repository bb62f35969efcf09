"""The portal's comparison of departments: one row per department of a year, from its key figures.

Every figure is the one its own report page shows (``jixiao.derive.keyfigures``): the
execution rate is the page's 支出占预算 share, the 三公 totals are the page's totals, the grade
by score is the page's.  What is added here is only what a comparison needs:

- one unit of money for the whole table, so a column never mixes 元 and 万元: the unit the
  departments print most (of equals, the larger), every amount converted to it exactly
  through the units' factors, and said so where a report printed another unit;
- how far the 三公 spending is over (or under) its control figure, in that unit;
- a figure a report does not state is None here, never 0; one that cannot be converted
  (a unit of another kind) is kept as printed, with why it cannot be compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from jixiao.derive.keyfigures import KeyFigures, Source
from jixiao.derive.portal import DepartmentSite, Portal, PublishedYear
from jixiao.model.figures import Figure
from jixiao.model.grades import canonical_grade
from jixiao.model.units import ARITHMETIC, MONEY, REGISTRY, Unit

# The grades in order, best last, so that a sort by grade reads 优 above 差 when descending.
GRADE_RANK = {"差": 1, "中": 2, "良": 3, "优": 4}
# A page's unit of money when no department prints a figure in one.
DEFAULT_MONEY = REGISTRY["万元"]


@dataclass(frozen=True)
class Amount:
    """An amount of money in the table's unit: exact, with the report's approximation word."""

    value: Decimal  # in ``unit``
    unit: Unit
    approx: str | None = None
    note: str = ""  # how it differs from the print: converted, corrected
    anchor: str = ""  # the heading of the report page it is printed under

    def number(self) -> str:
        """The value as the table shows it, under a header that names the unit: 约500, 200余."""
        text = format(self.value, "f")
        if self.approx == "约":
            return f"约{text}"
        return f"{text}{self.approx or ''}"

    def base(self) -> Decimal:
        """In the family's base unit (元), for sorting across any units."""
        with localcontext(ARITHMETIC):
            return self.value * self.unit.factor


@dataclass(frozen=True)
class Foreign:
    """A figure printed in a unit that is not money (a misprint kept as printed): shown, never
    compared or drawn."""

    printed: str
    anchor: str = ""


Money = Amount | Foreign


@dataclass(frozen=True)
class CompareRow:
    """One department's year, as the comparison shows it."""

    department: DepartmentSite
    year: int
    draft: bool  # a year not yet finished (shown under ``mkdocs serve`` only)
    budget: Money | None
    income: Money | None
    spending: Money | None
    execution: Decimal | None  # spending as % of budget, as the report page computes it
    three_actual: Amount | None
    three_control: Amount | None
    three_over: Decimal | None  # actual - control, in the table's unit; < 0: under control
    three_anchor: str
    three_basis: str  # the stated totals or the sum of the items ("" when not stated)
    score: Figure | None
    score_anchor: str
    grade: str | None  # as printed
    grade_anchor: str
    grade_by_score: str | None
    grade_agrees: bool | None
    notes: tuple[str, ...]  # conversions, corrections, what the 三公 totals are

    @property
    def over_control(self) -> bool:
        return self.three_over is not None and self.three_over > 0

    @property
    def grade_rank(self) -> int | None:
        return GRADE_RANK.get(canonical_grade(self.grade)) if self.grade else None

    @property
    def grade_by_score_rank(self) -> int | None:
        return GRADE_RANK.get(self.grade_by_score) if self.grade_by_score else None


@dataclass(frozen=True)
class Comparison:
    """The rows of one table, in the county's order, and the one unit of money they share."""

    year: int | None  # None: each department's newest year (the home page)
    unit: Unit
    rows: tuple[CompareRow, ...]


def years(portal: Portal) -> list[int]:
    """Every year some department published, newest first."""
    return sorted({y.year for d in portal.departments for y in d.years}, reverse=True)


def comparison(portal: Portal, year: int) -> Comparison:
    """The departments that published this year, in the county's order."""
    pairs = [
        (department, published)
        for department in portal.departments
        for published in department.years
        if published.year == year
    ]
    return _comparison(year, pairs)


def newest(portal: Portal) -> Comparison:
    """Each department's newest year (the home page's table)."""
    return _comparison(None, [(d, d.newest) for d in portal.departments if d.years])


def _comparison(
    year: int | None, pairs: Sequence[tuple[DepartmentSite, PublishedYear]]
) -> Comparison:
    unit = money_unit([published.key for _, published in pairs])
    return Comparison(year, unit, tuple(_row(d, published, unit) for d, published in pairs))


def money_unit(keys: Sequence[KeyFigures]) -> Unit:
    """The unit of money the departments print most in their key figures; of equals, the
    larger (万元 before 元)."""
    counts: Counter[Unit] = Counter()
    for key in keys:
        for figure in (key.budget, key.income, key.spending):
            if figure is not None and figure.family == MONEY:
                counts[figure.used_unit_info] += 1
        if key.three_public_actual is not None or key.three_public_control is not None:
            counts[key.three_public_unit_info] += 1
    if not counts:
        return DEFAULT_MONEY
    return max(counts, key=lambda u: (counts[u], u.factor, u.name))


def convert(value: Decimal, source: Unit, target: Unit) -> Decimal:
    """value from one unit of money to another, exactly (5217500元 is 521.75万元)."""
    if source == target:
        return value
    with localcontext(ARITHMETIC):
        return value * source.factor / target.factor


def _anchor(source: Source | None) -> str:
    return source.anchor if source is not None else ""


def _money(figure: Figure | None, unit: Unit, source: Source | None, what: str) -> Money | None:
    if figure is None:
        return None
    anchor = _anchor(source)
    if figure.family != unit.family:
        return Foreign(figure.printed, anchor)
    notes = []
    if figure.approx:
        notes.append(f"{what}原文为约数“{figure.printed}”")
    if figure.correction is not None:
        notes.append(f"{what}原文印作“{figure.printed}”，按更正后的{figure.correction.to}计")
    elif figure.used_unit != unit.name:
        notes.append(f"{what}原文为“{figure.printed}”，已换算为{unit.name}")
    value = convert(figure.used_value, figure.used_unit_info, unit)
    return Amount(value, unit, figure.approx, "；".join(notes), anchor)


def _three(key: KeyFigures, unit: Unit) -> tuple[Amount | None, Amount | None, str]:
    """The 三公 actual and control totals in the table's unit; and how they were converted."""
    own = key.three_public_unit_info
    if own.family != unit.family:
        return None, None, ""
    anchor = _anchor(key.three_public_from)
    amounts = [
        Amount(convert(v, own, unit), unit, anchor=anchor) if v is not None else None
        for v in (key.three_public_actual, key.three_public_control)
    ]
    if amounts[0] is None and amounts[1] is None:
        return None, None, ""
    said = [key.three_public_note] if key.three_public_note else []
    if own != unit:
        said.append(f"“三公”经费原文以{own.name}计，已换算为{unit.name}")
    return amounts[0], amounts[1], "，".join(said)


def _row(department: DepartmentSite, published: PublishedYear, unit: Unit) -> CompareRow:
    key = published.key
    budget = _money(key.budget, unit, key.budget_from, "年初预算")
    income = _money(key.income, unit, key.income_from, "决算总收入")
    spending = _money(key.spending, unit, key.spending_from, "全年实际支出")
    actual, control, three_note = _three(key, unit)
    over = None
    if actual is not None and control is not None:
        with localcontext(ARITHMETIC):
            over = actual.value - control.value
    notes = [m.note for m in (budget, income, spending) if isinstance(m, Amount) and m.note]
    notes += [
        f"“{m.printed}”的单位不是金额，未换算、未比较"
        for m in (budget, income, spending)
        if isinstance(m, Foreign)
    ]
    if key.score is not None and key.score.correction is not None:
        fix = key.score.correction
        notes.append(f"自评得分原文印作“{key.score.printed}”，按更正后的{fix.to}计")
    return CompareRow(
        department=department,
        year=published.year,
        draft=published.draft,
        budget=budget,
        income=income,
        spending=spending,
        execution=key.spending_share,
        three_actual=actual,
        three_control=control,
        three_over=over,
        three_anchor=_anchor(key.three_public_from),
        three_basis=key.three_public_basis if actual is not None or control is not None else "",
        score=key.score,
        score_anchor=_anchor(key.score_from),
        grade=key.grade,
        grade_anchor=_anchor(key.grade_from),
        grade_by_score=key.grade_by_score,
        grade_agrees=key.grade_agrees,
        notes=tuple([*notes, *([three_note] if three_note else [])]),
    )
