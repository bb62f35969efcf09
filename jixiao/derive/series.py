"""Reports across years: neighbours, changes from the previous year, and histories joined by id.

An indicator or breakdown keeps its ``id`` from year to year even when its
name is reworded; the id, never the name, joins the years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.derive.keyfigures import KeyFigures, key_figures
from jixiao.model.figures import Figure, percent
from jixiao.model.report import (
    Breakdown,
    Classification,
    Execution,
    Indicator,
    Overview,
    Report,
    all_indicators,
)


@dataclass(frozen=True)
class Delta:
    """The change of one figure from the previous year, in the figure's unit."""

    amount: Decimal
    unit: str
    percent: Decimal | None  # None when the previous value was zero

    @property
    def sign(self) -> str:
        return "+" if self.amount > 0 else ""


def delta(
    current: Figure | Decimal | None, previous: Figure | Decimal | None, unit: str = ""
) -> Delta | None:
    if current is None or previous is None:
        return None
    now = current.used_value if isinstance(current, Figure) else current
    before = previous.used_value if isinstance(previous, Figure) else previous
    if isinstance(current, Figure) and isinstance(previous, Figure):
        if current.family != previous.family:
            return None  # 元 and 人 have no difference
        unit = current.used_unit
        # last year's figure in this year's unit (12万元 then 150000元: 15万元), exactly
        before = previous.in_base_unit() / current.used_unit_info.factor
    amount = now - before
    share = percent(amount, before) if before != 0 else None
    return Delta(amount, unit, share)


@dataclass(frozen=True)
class YearChanges:
    """Changes of a year's key figures from the previous published year."""

    previous_year: int
    budget: Delta | None
    income: Delta | None
    spending: Delta | None
    three_public_actual: Delta | None
    score: Delta | None


def changes(current: KeyFigures, previous: KeyFigures) -> YearChanges:
    return YearChanges(
        previous_year=previous.year,
        budget=delta(current.budget, previous.budget),
        income=delta(current.income, previous.income),
        spending=delta(current.spending, previous.spending),
        three_public_actual=_three_public_delta(current, previous),
        score=_points(delta(current.score, previous.score)),
    )


def _three_public_delta(current: KeyFigures, previous: KeyFigures) -> Delta | None:
    """The change of 三公 spending in this year's unit; last year's converted within money."""
    now, before = current.three_public_unit_info, previous.three_public_unit_info
    amount = previous.three_public_actual
    if now.family != before.family:
        return None
    if amount is not None:
        amount = amount * before.factor / now.factor
    return delta(current.three_public_actual, amount, now.name)


def _points(change: Delta | None) -> Delta | None:
    """A score moves by points; a percentage of a score means nothing to a reader."""
    return Delta(change.amount, change.unit, None) if change is not None else None


@dataclass(frozen=True)
class Neighbours:
    previous: int | None
    next: int | None
    changes: YearChanges | None


def neighbours(reports: list[Report], year: int) -> Neighbours:
    years = sorted(r.year for r in reports)
    index = years.index(year)
    previous = years[index - 1] if index > 0 else None
    following = years[index + 1] if index + 1 < len(years) else None
    by_year = {r.year: r for r in reports}
    found = None
    if previous is not None:
        found = changes(key_figures(by_year[year]), key_figures(by_year[previous]))
    return Neighbours(previous, following, found)


@dataclass(frozen=True)
class IndicatorYear:
    year: int
    indicator: Indicator


@dataclass
class IndicatorHistory:
    id: str
    years: list[IndicatorYear] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The newest name: what readers know it by now."""
        return self.years[-1].indicator.name

    @property
    def renamed(self) -> bool:
        return len({y.indicator.name for y in self.years}) > 1


@dataclass(frozen=True)
class BreakdownYear:
    year: int
    breakdown: Breakdown


@dataclass
class BreakdownHistory:
    id: str
    years: list[BreakdownYear] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.years[-1].breakdown.name

    @property
    def part_names(self) -> list[str]:
        names: dict[str, None] = {}
        for entry in self.years:
            names.update(dict.fromkeys(p.name for p in entry.breakdown.parts))
        return list(names)


def _sorted(reports: list[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: r.year)


def indicator_histories(
    reports: list[Report], *, recurring_only: bool = True
) -> list[IndicatorHistory]:
    """Each indicator id with its entries by year, oldest first; newest indicators first."""
    histories: dict[str, IndicatorHistory] = {}
    for report in _sorted(reports):
        for figures in (place.figures for place in report.places()):
            for indicator in all_indicators(figures):
                histories.setdefault(indicator.id, IndicatorHistory(indicator.id)).years.append(
                    IndicatorYear(report.year, indicator)
                )
    found = [h for h in histories.values() if len(h.years) > 1 or not recurring_only]
    return sorted(found, key=lambda h: -h.years[-1].year)


def breakdown_histories(
    reports: list[Report], *, recurring_only: bool = True
) -> list[BreakdownHistory]:
    histories: dict[str, BreakdownHistory] = {}
    for report in _sorted(reports):
        listed: list[Breakdown] = []
        for figures in (place.figures for place in report.places()):
            if isinstance(figures, Overview):  # every overview section, at any depth
                staffing = (figures.authorised_posts, figures.headcount)
                listed += [b for b in staffing if b is not None]
            listed += figures.breakdowns
        for breakdown in listed:
            if breakdown is not None:
                histories.setdefault(breakdown.id, BreakdownHistory(breakdown.id)).years.append(
                    BreakdownYear(report.year, breakdown)
                )
    found = [h for h in histories.values() if len(h.years) > 1 or not recurring_only]
    return sorted(found, key=lambda h: -h.years[-1].year)


@dataclass(frozen=True)
class ClassificationRow:
    year: int
    values: dict[str, Figure]


def economic_history(reports: list[Report]) -> tuple[list[str], list[ClassificationRow]]:
    """Spending by economic classification, one row a year, columns joined by name."""
    names: dict[str, None] = {}
    rows: list[ClassificationRow] = []
    for report in _sorted(reports):
        c = by_economic(report)
        values = {p.name: p.value for p in c.parts} if c is not None else {}
        names.update(dict.fromkeys(values))
        rows.append(ClassificationRow(report.year, values))
    return list(names), rows


def by_economic(report: Report) -> Classification | None:
    """Spending by economic classification: the first execution section, at any depth, that
    lists it."""
    sections = (place.figures for place in report.places())
    return next(
        (s.by_economic for s in sections if isinstance(s, Execution) and s.by_economic), None
    )
