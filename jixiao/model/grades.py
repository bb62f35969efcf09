"""The grade a score earns: one rule, read from the report's own bands, for every surface.

The page, the downloads, the trend charts, ``jixiao diff`` and the grade check
all ask ``grade_for(report)``, so a report's own ``grade_bands`` (DOMAIN: the
default is 90/80/60 for 优/良/中, 差 below) can never be honoured by one and
ignored by another.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.figures import Figure
from jixiao.model.report import Report
from jixiao.model.walk import key_places

Bands = tuple[tuple[Decimal, str], ...]

# Lower bound of the score for each grade, highest first.
DEFAULT_GRADE_BANDS: Bands = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)

# The ways reports name the grades, to one word each: a report may print 优秀 where its
# bands (or the default ones) say 优, or name its bands 优秀/良好/合格/不合格 and print 优.
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中"}
GRADE_WORDS |= {"合格": "中", "及格": "中", "差": "差", "较差": "差", "不合格": "差"}


def canonical_grade(grade: str) -> str:
    """The one word for a grade (优秀 → 优, 不合格 → 差); a grade of other words as written."""
    word = grade.strip()
    return GRADE_WORDS.get(word, word)


def same_grade(printed: str, computed: str) -> bool:
    """Whether two names mean the same grade: 优秀 and 优, 合格 and 中, 较差 and 不合格."""
    return canonical_grade(printed) == canonical_grade(computed)


def grade_agrees(report: Report) -> bool | None:
    """Whether the printed grade is the one the score earns (each where the report prints it
    first, as the page header shows them); None when either is not stated."""
    expected = grade_for(report)
    grade = next((p.value for p in key_places(report)["grade"]), None)
    if not isinstance(grade, str) or expected is None:
        return None
    return same_grade(grade, expected)


def grade_bands(report: Report) -> Bands:
    """The report's own bands, highest first, or the default ones."""
    if report.grade_bands:
        return tuple(sorted(((b.floor, b.grade) for b in report.grade_bands), reverse=True))
    return DEFAULT_GRADE_BANDS


def grade_for(report: Report, score: Decimal | None = None) -> str | None:
    """The grade the score (by default the report's self-score, where it prints it first)
    earns in the report's bands; None when the report states no score."""
    if score is None:
        printed = next((p.value for p in key_places(report)["score"]), None)
        if not isinstance(printed, Figure):
            return None
        score = printed.in_base_unit()  # 170点 at 0.5分 a 点 is 85分
    bands = grade_bands(report)
    return next((grade for floor, grade in bands if score >= floor), bands[-1][1])
