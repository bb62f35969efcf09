"""A figure as printed: its exact text, its Decimal value, its unit, and whether it is approximate.

Staff write a figure the way the report prints it, ``521.75万元`` or
``约500人`` or ``200余万元``; the reading is exact and keeps the printed
precision.  A figure whose print cannot be read as is (``0万无``, a typo) is
written as a mapping that keeps the print and states the value, unit and why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from jixiao.model.text import Line
from jixiao.model.units import ARITHMETIC, UNIT_NAME, Unit, lookup, unknown_hint
from jixiao.model.units import UNITS as UNITS

Approx = Literal["约", "余", "多"]

# The registry (jixiao.model.units); ``UNITS`` stays importable from here for older code.
UNIT_LIST = "、".join(UNITS)

# The validation context key under which the loader passes a file's declared units.
DECLARED = "units"


def declared_in(info: ValidationInfo | None) -> Mapping[str, Unit]:
    context = info.context if info is not None else None
    found = context.get(DECLARED) if isinstance(context, dict) else None
    return found if isinstance(found, Mapping) else {}


def _unit_of(name: str) -> Unit:
    """A unit of a figure built without validation (``model_construct``): the registry's."""
    unit = lookup(name)
    if unit is None:
        raise KeyError(name)
    return unit


def common_unit(figures: Sequence[Figure]) -> tuple[list[Decimal], Unit] | None:
    """The figures' used values in one unit: their own when they share it, else the largest
    unit of their family (4500元 and 0.5万元 are 0.45 and 0.5 万元), so no sum or ratio ever
    adds 元 to 万元; None when they are of different families (元 and 人) or there are none."""
    units = {f.used_unit_info for f in figures}
    if len(units) == 1:
        return [f.used_value for f in figures], units.pop()
    if not units or len({u.family for u in units}) != 1:
        return None
    unit = max(units, key=lambda u: (u.factor, u.name))
    with localcontext(ARITHMETIC):
        return [f.used_value * f.used_unit_info.factor / unit.factor for f in figures], unit


def in_common_unit(figures: Sequence[Figure]) -> tuple[list[Decimal], str] | None:
    """As ``common_unit``, with the unit's name."""
    common = common_unit(figures)
    return (common[0], common[1].name) if common is not None else None


def percent(part: Decimal, whole: Decimal, places: int = 1) -> Decimal | None:
    """part / whole as a percentage, rounded half up; None when whole is zero."""
    if whole == 0:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (part / whole * 100).quantize(exponent, rounding=ROUND_HALF_UP)


# The longest number a report prints is about 12 digits (元 amounts in the billions);
# arithmetic (shares, sums) keeps 28 digits, so anything near that is a typo, not a figure.
MAX_DIGITS = 18

_PRINTED = re.compile(
    r"^(?P<pre>约)?\s*(?P<num>[0-9]{1,18}(?:\.[0-9]{1,18})?)\s*(?P<post>余|多)?\s*(?P<unit>[^\s0-9.]\S*?)\s*$"
)


class Reading(BaseModel):
    """What a printed figure says when read literally."""

    value: Decimal
    unit: str
    approx: Approx | None


def read_printed(text: str) -> Reading | None:
    """Read ``约500人`` as (500, 人, 约); None when the text is not a number with a unit.

    The unit read may be unknown (``436.4万``); callers decide what that means."""
    match = _PRINTED.match(text.strip())
    if match is None:
        return None
    approx = match["pre"] or match["post"]
    return Reading(value=Decimal(match["num"]), unit=match["unit"], approx=approx)


_FULL_WIDTH_DIGITS = re.compile(r"[０-９]")
_GROUPED = re.compile(r"[0-9][,，][0-9]{3}")


def format_hint(found: object) -> str:
    """What to do about a figure that could not be read, by what is wrong with it."""
    if not isinstance(found, str):
        return ""
    text = found.strip()
    if _FULL_WIDTH_DIGITS.search(text):
        return "把全角数字改为半角数字，如“５２１．７５万元”写成“521.75万元”。"
    if _GROUPED.search(text):
        return "去掉千位分隔符，如“1,136人”写成“1136人”。"
    if text.startswith(("-", "－", "负")):
        return (
            "数字不能为负；若原文如此，写成 {printed: 原文, value: 数值, unit: 单位, note: 说明}。"
        )
    if "百分之" in text:
        return "百分比写成数字加 %，如“45%”。"
    if len(re.sub(r"[^0-9]", "", text)) > MAX_DIGITS or re.search(r"[0-9]{19}", text):
        return f"数字位数过多（超过 {MAX_DIGITS} 位），多半是多按了键或粘贴错了；请照原文核对。"
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        return f"数字后要写单位，如 {text}万元、{text}人；比率写成百分数，如 45%。"
    return ""


def _format_error(found: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "figure_format",
        "数字的写法不对",
        {"units": UNIT_LIST, "found": found},
    )


def unknown_unit(name: str, declared: Mapping[str, Unit]) -> PydanticCustomError:
    return PydanticCustomError(
        "figure_unit",
        "未知单位“{unit}”",
        {"unit": name, "hint": unknown_hint(name, declared)},
    )


def _read_known(text: str, declared: Mapping[str, Unit]) -> Reading:
    """The reading of a printed figure whose unit is known; the error to show otherwise."""
    reading = read_printed(text)
    if reading is None:
        raise _format_error(text)
    if lookup(reading.unit, declared) is None:
        if not UNIT_NAME.match(reading.unit):
            raise _format_error(text)  # “1,000万元”: the number is misread, not the unit
        raise unknown_unit(reading.unit, declared)
    return reading


def _unsaid(data: dict[str, Any], key: str) -> bool:
    """Whether a mapping writes ``key: null`` without a note saying why."""
    return key in data and data[key] is None and not data.get("note")


def _approx_null(printed: str) -> PydanticCustomError:
    # an explicit null would silently drop the 约 of “约500人”: a figure printed as
    # approximate stays approximate unless a note says why not
    return PydanticCustomError(
        "plausible_approx",
        "原文“{printed}”是约数，approx 却写成了空值",
        {
            "printed": printed,
            "expected": "照原文的 约、余 或 多",
            "found": "approx: null",
            "hint": "删去“approx: null”这一项（约数由原文读出）；确实不是约数的，在 note 中说明。",
        },
    )


class Correction(BaseModel):
    """A printed figure that is wrong: the value to use instead, and why (published as 更正说明)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    to: str
    value: Annotated[Decimal, Field(max_digits=MAX_DIGITS)]
    unit: str
    reason: Line

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and isinstance(data.get("to"), str):
            reading = read_printed(data["to"])
            if reading is None or lookup(reading.unit, declared_in(info)) is None:
                raise PydanticCustomError(
                    "correction_format",
                    "更正后的数字“{to}”写法不对，应为带单位的数字，如 2.17万元",
                    {"to": data["to"]},
                )
            return {**data, "value": reading.value, "unit": reading.unit}
        return data


class Figure(BaseModel):
    """A printed figure. ``value`` and ``unit`` are what the print says, or, where the print
    cannot be read literally, what staff state it means (with ``note`` saying why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    printed: Line
    value: Annotated[Decimal, Field(max_digits=MAX_DIGITS)]
    unit: str
    approx: Approx | None = None
    note: Line | None = None
    correction: Correction | None = None

    # The units looked up when the figure was read (a declared unit is known only then).
    _unit: Unit | None = PrivateAttr(default=None)
    _used: Unit | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        declared = declared_in(info)
        if isinstance(data, str):
            known = _read_known(data, declared)
            return {"printed": data, **known.model_dump()}
        if isinstance(data, dict) and isinstance(data.get("printed"), str):
            reading = read_printed(data["printed"])
            if reading is not None and reading.approx and _unsaid(data, "approx"):
                raise _approx_null(data["printed"])
            merged = dict(data)
            correction = data.get("correction")
            unknown = reading is None or lookup(reading.unit, declared) is None
            if unknown and isinstance(correction, dict):
                # A misprint that cannot be read at all (“0万无”): the correction says what it
                # is, and its reason is the explanation.
                corrected = read_printed(str(correction.get("to", "")))
                if corrected is not None:
                    merged.setdefault("value", corrected.value)
                    merged.setdefault("unit", corrected.unit)
                    return merged
            if reading is not None:
                for key, read_value in reading.model_dump().items():
                    merged.setdefault(key, read_value)
                differs = merged["value"] != reading.value or merged["unit"] != reading.unit
            else:
                differs = True
            if differs and not merged.get("note"):
                raise PydanticCustomError(
                    "figure_note_missing",
                    "印刷文字“{printed}”不能按字面读出所给的数值和单位，须用 note 说明理由",
                    {"printed": data["printed"]},
                )
            return merged
        if isinstance(data, dict):
            return data
        raise _format_error(data)

    @model_validator(mode="after")
    def _known_unit(self, info: ValidationInfo) -> Figure:
        declared = declared_in(info)
        unit = lookup(self.unit, declared)
        if unit is None:
            raise unknown_unit(self.unit, declared)
        self._unit = unit
        used = lookup(self.used_unit, declared)
        if used is None:
            raise unknown_unit(self.used_unit, declared)
        self._used = used
        if self.value < 0:
            raise PydanticCustomError(
                "figure_negative", "数字不能为负：{value}", {"value": self.value}
            )
        return self

    @property
    def used_value(self) -> Decimal:
        """The value arithmetic uses: the corrected one where the print was wrong."""
        return self.correction.value if self.correction else self.value

    @property
    def used_unit(self) -> str:
        return self.correction.unit if self.correction else self.unit

    @property
    def places(self) -> int:
        """Decimal places as printed: 521.75 -> 2, 29 -> 0."""
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    @property
    def unit_info(self) -> Unit:
        """The printed unit: its family and factor."""
        return self._unit or _unit_of(self.unit)

    @property
    def used_unit_info(self) -> Unit:
        """The unit arithmetic uses (the corrected one where the print was wrong)."""
        return self._used or _unit_of(self.used_unit)

    @property
    def dimension(self) -> str:
        return self.unit_info.family

    @property
    def family(self) -> str:
        """The family of the used unit: figures add up and compare only within one."""
        return self.used_unit_info.family

    def in_base_unit(self) -> Decimal:
        """The used value in its family's base unit (元 for money, 人 for people)."""
        with localcontext(ARITHMETIC):
            return self.used_value * self.used_unit_info.factor

    def text(self) -> str:
        """The canonical text: value and unit, with the approximation marker."""
        core = f"{self.value}{self.unit}"
        if self.approx == "约":
            return f"约{core}"
        if self.approx:
            return f"{self.value}{self.approx}{self.unit}"
        return core
