"""What a printed figure can mean, as an interval, and the arithmetic checks do with it.

An exact figure is the point [v, v]. 约 (about) is taken as ±10%. 余 and 多
("more than") are lower bounds up to the next step of the last written digit:
30多 is [30, 40), 200余 is [200, 300), 150余 is [150, 160).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.figures import Figure

ABOUT = Decimal("0.1")


@dataclass(frozen=True)
class Interval:
    low: Decimal
    high: Decimal

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


def _step(value: Decimal) -> Decimal:
    """The step of the last written digit: 30 -> 10, 200 -> 100, 150 -> 10, 0.5 -> 0.1."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(exponent)


def interval(figure: Figure) -> Interval:
    """The figure's used value, in its dimension's base unit, as an interval."""
    value = figure.used_value * figure.used_unit_info.factor
    if figure.correction is not None or figure.approx is None:
        return Interval(value, value)
    if figure.approx == "约":
        return Interval(value * (1 - ABOUT), value * (1 + ABOUT))
    step = _step(figure.used_value) * figure.used_unit_info.factor
    return Interval(value, value + step)


def unit_step(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def printed_rate_fits(printed: Decimal, places: int, computed: Interval) -> bool:
    """Whether a printed rate is some value of ``computed`` rounded half up or truncated
    to the printed precision: p - half <= r < p + step for some r in the interval."""
    step = unit_step(places)
    return computed.low < printed + step and computed.high >= printed - step / 2


def ratio_percent(numerator: Interval, denominator: Interval) -> Interval | None:
    """numerator / denominator x 100 for positive quantities; None if the denominator can be 0."""
    if denominator.low <= 0:
        return None
    return Interval(
        numerator.low / denominator.high * 100,
        numerator.high / denominator.low * 100,
    )


def sum_fits_total(total: Figure, parts: Interval, finest_places: int) -> bool:
    """Whether a stated total agrees with the sum of its parts. A total printed with fewer
    decimals than its parts may be their sum rounded to its precision."""
    stated = interval(total)
    if total.correction is None and total.approx is None and total.places < finest_places:
        half = unit_step(total.places) / 2 * total.used_unit_info.factor
        stated = Interval(stated.low - half, stated.high + half)
    return stated.overlaps(parts)
