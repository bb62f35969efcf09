"""Figures and dates that cannot be what the report printed, refused while the data is read.

A rate is a share (%-family), a score is points (分-family), a project's funds are money: a
``rate: 45人`` or ``score: 97万元`` is a slip of the keyboard, not a figure to check. A score
never exceeds the total it is scored out of (100分 unless the report's score sheet prints
another), and a report is signed in its own year or soon after.  Each refusal carries
``expected``, ``found`` and ``hint`` and, where it is raised on a whole report, the ``path``
of the field, so the loader locates it like any other problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from jixiao.model.figures import Figure
from jixiao.model.tree import FieldPath
from jixiao.model.units import ARITHMETIC, MONEY, RATIO, SCORE

# The families each kind of figure may be written in, and how staff know them.
_FAMILY_WORDS = {
    RATIO: "百分数，如 45%（或声明为“比率”类别的单位）",
    SCORE: "分数，如 95分（或声明为“分数”类别的单位）",
    MONEY: "金额，如 12.5万元",
}
_WHAT = {RATIO: "比率", SCORE: "得分或分值", MONEY: "资金"}
_COUNTED_IN = {RATIO: "百分数", SCORE: "分", MONEY: "金额"}

DEFAULT_TOTAL_SCORE = Decimal(100)  # 分: the score sheets of the standard outline
SIGNED_AFTER_YEARS = 2  # a report is signed in the spring after its year; two years is late


def _in_family(family: str) -> Callable[[Figure], Figure]:
    def check(figure: Figure) -> Figure:
        if figure.family != family:
            raise PydanticCustomError(
                "plausible_family",
                "{what}“{printed}”的单位“{unit}”不对：{what}应以{counted_in}计",
                {
                    "what": _WHAT[family],
                    "printed": figure.printed,
                    "unit": figure.used_unit,
                    "counted_in": _COUNTED_IN[family],
                    "expected": _FAMILY_WORDS[family],
                    "found": f"{figure.printed}（单位“{figure.used_unit}”属于“{figure.family}”）",
                    "hint": "照原文核对单位；多半是录入时写错了单位或填错了字段。",
                },
            )
        return figure

    return check


Rate = Annotated[Figure, AfterValidator(_in_family(RATIO))]
Score = Annotated[Figure, AfterValidator(_in_family(SCORE))]
Money = Annotated[Figure, AfterValidator(_in_family(MONEY))]


def over_total(score: Figure, total: Figure | None, path: FieldPath) -> PydanticCustomError | None:
    """The refusal of a score above the total it is out of (``total``, else 100分); None when
    it fits or the two cannot be compared (a total in another family)."""
    if score.family != SCORE or (total is not None and total.family != SCORE):
        return None
    with localcontext(ARITHMETIC):
        ceiling = total.in_base_unit() if total is not None else DEFAULT_TOTAL_SCORE
        if score.in_base_unit() <= ceiling:
            return None
    out_of = total.printed if total is not None else f"{DEFAULT_TOTAL_SCORE}分"
    return PydanticCustomError(
        "plausible_score",
        "得分“{printed}”超过总分{out_of}",
        {
            "printed": score.printed,
            "out_of": out_of,
            "expected": f"不超过 {out_of}",
            "found": score.printed,
            "path": path,
            "hint": "照原文核对得分，多半是多按了键；原文满分不是 100 分的，"
            "把评分表及其总分值（total_weight）录入。",
        },
    )


def signed_far_off(year: int, date: datetime.date, path: FieldPath) -> PydanticCustomError | None:
    """The refusal of a signature dated before the report's year or long after it."""
    if year <= date.year <= year + SIGNED_AFTER_YEARS:
        return None
    return PydanticCustomError(
        "plausible_signature",
        "落款日期 {date} 与报告年度 {year} 年不符",
        {
            "date": date.isoformat(),
            "year": year,
            "expected": f"{year} 年至 {year + SIGNED_AFTER_YEARS} 年之间的日期",
            "found": date.isoformat(),
            "path": path,
            "hint": "照原文核对落款日期的年份（报告一般在次年签署）；"
            "原文确实如此时，不填 date，只在 printed_date 中照原文写。",
        },
    )
