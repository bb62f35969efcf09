"""The grade a score earns: one rule, read from the report's own bands, for every surface.

The page, the downloads, the trend charts, ``jixiao diff`` and the grade check
all ask ``grade_for(report)``, so a report's own ``grade_bands`` (DOMAIN: the
default is 90/80/60 for 优/良/中, 差 below) can never be honoured by one and
ignored by another.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.report import Report

Bands = tuple[tuple[Decimal, str], ...]

# Lower bound of the score for each grade, highest first.
DEFAULT_GRADE_BANDS: Bands = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)

# The ways reports print the default grades.
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中"}
GRADE_WORDS |= {"合格": "中", "及格": "中", "差": "差", "较差": "差", "不合格": "差"}


def grade_bands(report: Report) -> Bands:
    """The report's own bands, highest first, or the default ones."""
    if report.grade_bands:
        return tuple(sorted(((b.floor, b.grade) for b in report.grade_bands), reverse=True))
    return DEFAULT_GRADE_BANDS


def grade_for(report: Report, score: Decimal | None = None) -> str | None:
    """The grade the score (by default the report's self-score) earns in the report's bands;
    None when the report states no score."""
    if score is None:
        if report.score is None:
            return None
        score = report.score.used_value
    bands = grade_bands(report)
    return next((grade for floor, grade in bands if score >= floor), bands[-1][1])
