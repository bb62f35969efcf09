"""What each chart shows, computed from a validated report before anything is drawn.

A chart's data is plain, picklable and hashable text and Decimals: the
drawing code (``jixiao.charts.draw``) needs nothing else, the cache key is its
serialisation, and the text alternative and the data table come from the
same values the bars do.  Values are the ones arithmetic uses
(``Figure.used_value``: corrections applied); the printed text travels
with them so tables and notes can show both.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from jixiao.checks.glyphs import FAMILY
from jixiao.model.figures import Figure
from jixiao.model.units import Unit

Kind = Literal["bars", "pairs", "completion", "split", "years"]


@dataclass(frozen=True)
class Value:
    """One drawn figure: the value used, its unit, and how the report printed it."""

    value: Decimal
    unit: str
    printed: str
    approx: str | None = None
    note: str = ""
    # the unit's family and factor: a unit a report declares is known only with its figures
    info: Unit = field(kw_only=True)

    @classmethod
    def of(cls, figure: Figure) -> Value:
        note = figure.note or ""
        fix = figure.correction
        if fix is not None:
            note = f"原文印作“{figure.printed}”，按{fix.to}作图：{fix.reason}"
        return cls(
            value=figure.used_value,
            unit=figure.used_unit,
            printed=figure.printed,
            approx=figure.approx,
            note=note,
            info=figure.used_unit_info,
        )

    @property
    def corrected(self) -> bool:
        return self.note.startswith("原文印作")

    def text(self) -> str:
        """The value used, with its unit and approximation marker: 约500人, 200余万元."""
        return approx_text(self.value, self.unit, self.approx)

    def dimension(self) -> str:
        return self.info.family

    def base(self) -> Decimal:
        """In the family's base unit, so 万人 and 人 compare."""
        return self.value * self.info.factor


def approx_text(value: Decimal, unit: str, approx: str | None) -> str:
    if approx == "约":
        return f"约{value}{unit}"
    if approx:
        return f"{value}{approx}{unit}"
    return f"{value}{unit}"


@dataclass(frozen=True)
class Row:
    """One bar (``bars``), one category of two bars (``pairs``), one indicator
    (``completion``: first is the target, second the result), one done/left split,
    or one year of a trend chart (``years``: a bar for each series in ``values``,
    None where the year has no such figure, drawn as a labelled gap)."""

    label: str
    first: Value | None
    second: Value | None = None
    rate: Decimal | None = None  # computed percentage shown at the bar
    approx_rate: bool = False  # the rate rests on an approximate figure
    met: bool | None = None  # completion: the target was reached (or, for ≤, kept)
    operator: str = ""
    values: tuple[Value | None, ...] = ()  # years: one per series of the chart
    remark: str = ""  # years: after the year's last value (the grade), or why it has none


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-align these columns


@dataclass(frozen=True)
class Chart:
    """Everything needed to draw one chart and describe it in words and as a table."""

    year: int
    id: str  # stable, kebab-case; part of the file name
    place: str  # where on the report page: "key-figures", "budget", "execution", "theme-3"
    kind: Kind
    title: str
    alt: str  # the text alternative: the main comparison in one sentence
    axis_label: str  # the value axis, with its unit
    rows: tuple[Row, ...]
    series: tuple[str, ...] = ()  # legend names for pairs and split
    notes: tuple[str, ...] = ()  # shown under the chart: corrections, mismatches
    table: Table = field(default_factory=lambda: Table((), (), ()))

    def key_data(self) -> str:
        """A canonical serialisation of the chart's input, for the cache key."""
        return json.dumps(dataclasses.asdict(self), default=str, ensure_ascii=False, sort_keys=True)


class MissingGlyphError(ValueError):
    """A chart's text has characters the bundled font cannot draw.  Defined here, not beside
    the drawing: a build whose charts are drawn in worker processes never imports
    matplotlib itself, yet reads their errors."""

    def __init__(self, chart: Chart, characters: list[str]) -> None:
        self.chart = chart
        self.characters = characters
        shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in characters)
        super().__init__(
            f"{chart.year}年的图表“{chart.title}”中有字体 {FAMILY} 没有的字符：{shown}；"
            "画出来会是方框。请检查数据中这些字符是否录入有误。"
        )

    def __reduce__(self) -> tuple[type[MissingGlyphError], tuple[Chart, list[str]]]:
        # Raised in worker processes: rebuilt from its fields, not from its message.
        return (MissingGlyphError, (self.chart, self.characters))


# The figure's size, in inches: known before a chart is drawn, so a page can name and size its
# image while the drawing is still being done.
WIDTH = 4.2  # see the style file for why
PAIR_STEP = 1.5  # a category's two bars, its label and the gap to the next
YEAR_BAR = 0.38  # a trend chart's bars within a year, one per series
YEAR_GAP = PAIR_STEP - YEAR_BAR  # the year's label above its bars and the space to the next


def year_tops(chart: Chart) -> list[float]:
    step = YEAR_BAR * (len(chart.series) - 1) + YEAR_GAP
    return [i * step for i in range(len(chart.rows))]


def height(chart: Chart) -> float:
    """Figure height in inches: room for each row, its label and the axis below."""
    if chart.kind == "years":
        span = year_tops(chart)[-1] + YEAR_BAR * (len(chart.series) - 1) + 1.7
        return 1.6 + span * 0.5
    per_row = PAIR_STEP * 0.5 if chart.kind == "pairs" else 0.5
    return 1.3 + per_row * len(chart.rows) + (0.3 if chart.kind != "bars" else 0)
