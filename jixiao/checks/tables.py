"""Rules over the typed tables: 评分表 and 项目支出绩效自评表.

The arithmetic a reviewer does on a score sheet: the 分值 of an indicator's
sub-indicators add up to its own, no 得分 exceeds its 分值, the 得分 add up to
the table's total and the total is the report's self-score (as printed first: in
the text, else in the first score table that prints one), the table's grade
follows the grade bands; on a project table also 执行率 = 全年执行数 ÷ 全年预算数.
Every finding is located by field path and can be reviewed like any other.
Sums and rates go through ``jixiao.checks.intervals``, as in ``rules``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from jixiao.checks.intervals import Interval, interval, sum_fits_total
from jixiao.checks.rules import Finding, _rate_finding, _span, in_unit, number
from jixiao.model.figures import Figure
from jixiao.model.grades import GRADE_WORDS, grade_bands, grade_for
from jixiao.model.report import ProjectTable, Report, ScoreItem, ScoreTable
from jixiao.model.tree import FieldPath
from jixiao.model.units import REGISTRY, SCORE
from jixiao.model.walk import Printed, key_places


def typed_tables(report: Report) -> Iterator[tuple[FieldPath, object]]:
    """Every table of the report with its path: those before the first section, in the
    sections in source order, then the attachments."""
    for i, table in enumerate(report.tables):
        yield ("tables", i), table
    for place in report.places():
        for i, table in enumerate(place.figures.tables):
            yield (*place.path, "tables", i), table
    for i, table in enumerate(report.attachments):
        yield ("attachments", i), table


def _dimension(figures: list[Figure]) -> set[str]:
    return {f.used_unit_info.family for f in figures}


def _sum(parts: list[Figure]) -> Interval:
    total = Interval(Decimal(0), Decimal(0))
    for f in parts:
        total = total + interval(f)
    return total


def _sum_findings(
    rule: str,
    path: FieldPath,
    label: str,
    stated: Figure | None,
    parts: list[Figure] | None,
    what: str,
    subject: object,
) -> Iterator[Finding]:
    """A stated total against the sum of the figures that should make it up (nothing to
    check where either is missing)."""
    if stated is None or not parts:
        return
    if len(_dimension([stated, *parts])) > 1:
        units = "、".join(dict.fromkeys(f.used_unit for f in [stated, *parts]))
        yield Finding(
            "units",
            "warning",
            path,
            label,
            f"“{label}”的{what}单位不一致（{units}），无法相加核对。",
            stated=units,
            subject=subject,
        )
        return
    total = _sum(parts)
    finest = max((f.places for f in parts), default=0)
    if sum_fits_total(stated, total, finest):
        return
    unit = stated.used_unit_info
    exact = interval(stated)
    difference = total.low - exact.low if total.exact and exact.exact else None
    terms = "＋".join(f.printed for f in parts)
    yield Finding(
        rule,
        "warning",
        path,
        label,
        f"“{label}”原文{what}{stated.printed}，各项之和为{_span(total, unit)}（{terms}）"
        + (f"，相差{in_unit(abs(difference), unit)}。" if difference is not None else "。"),
        stated=stated.printed,
        computed=_span(total, unit),
        difference=in_unit(difference, unit) if difference is not None else None,
        subject=subject,
    )


def _over(
    path: FieldPath, label: str, score: Figure, weight: Figure, subject: object
) -> Iterator[Finding]:
    """得分 above its 分值 (both as printed, either may be approximate)."""
    if len(_dimension([score, weight])) > 1:
        return
    if interval(score).low <= interval(weight).high:
        return
    unit = score.used_unit_info
    yield Finding(
        "table-score-max",
        "warning",
        path,
        label,
        f"“{label}”得分{score.printed}超过分值{weight.printed}。",
        stated=score.printed,
        computed=f"不超过{weight.printed}",
        difference=in_unit(interval(score).low - interval(weight).high, unit),
        subject=subject,
    )


Of = Callable[[ScoreItem], "list[Figure] | None"]


def _weight_of(item: ScoreItem) -> list[Figure] | None:
    """The figures that make up an item's 分值: its own, else its sub-indicators'."""
    if item.weight is not None:
        return [item.weight]
    return _of_all(item.items, _weight_of) if item.items else None


def _score_of(item: ScoreItem) -> list[Figure] | None:
    """The figures that make up an item's 得分: its own, else its sub-indicators'."""
    if item.score is not None:
        return [item.score]
    return _of_all(item.items, _score_of) if item.items else None


def _of_all(items: list[ScoreItem], of: Of) -> list[Figure] | None:
    """All the items' figures, or None when one of them states none (nothing to add up)."""
    found = [of(item) for item in items]
    return None if any(f is None for f in found) else [f for fs in found if fs for f in fs]


def _score_items(path: FieldPath, table: str, items: list[ScoreItem]) -> Iterator[Finding]:
    for i, item in enumerate(items):
        at = (*path, i)
        label = f"{table}·{item.name}"
        if item.score is not None and item.weight is not None:
            yield from _over((*at, "score"), label, item.score, item.weight, item)
        if item.items:
            sums = (
                ("table-weights", "weight", _weight_of, "分值"),
                ("table-total", "score", _score_of, "得分"),
            )
            for rule, field, of, what in sums:
                stated, children = getattr(item, field), _of_all(item.items, of)
                yield from _sum_findings(rule, (*at, field), label, stated, children, what, item)
            yield from _score_items((*at, "items"), table, item.items)


def _grade(
    report: Report,
    path: FieldPath,
    label: str,
    grade: str,
    score: Figure | Interval,
    table: object,
) -> Iterator[Finding]:
    value = score if isinstance(score, Interval) else interval(score)
    unit = score.used_unit_info if isinstance(score, Figure) else REGISTRY["分"]  # a sum of points
    if not value.exact or unit.family != SCORE:
        return  # an approximate score, or one in %, earns no one grade
    expected = grade_for(report, value.low)
    if expected is None or GRADE_WORDS.get(grade, grade) == expected:
        return
    floors = "/".join(number(floor) for floor, _ in grade_bands(report)[:-1])
    shown = score.printed if isinstance(score, Figure) else f"{number(value.low)}分"
    yield Finding(
        "table-grade",
        "warning",
        path,
        label,
        f"“{label}”得分{shown}按{floors}分档应为“{expected}”，表中等级为“{grade}”。",
        stated=grade,
        computed=expected,
        subject=table,
    )


def check_score_table(report: Report, path: FieldPath, table: ScoreTable) -> Iterator[Finding]:
    yield from _score_items((*path, "items"), table.title, table.items)
    weights, scores = _of_all(table.items, _weight_of), _of_all(table.items, _score_of)
    yield from _sum_findings(
        "table-weights",
        (*path, "total_weight"),
        table.title,
        table.total_weight,
        weights,
        "总分值",
        table,
    )
    yield from _sum_findings(
        "table-total", (*path, "total"), table.title, table.total, scores, "合计得分", table
    )
    if table.total is not None and table.total_weight is not None:
        yield from _over((*path, "total"), table.title, table.total, table.total_weight, table)
    # the table's total, or where it prints none, what its scores add up to
    total: Figure | Interval | None = table.total
    if total is None and scores and _dimension(scores) == {SCORE}:
        total = _sum(scores)
    # the self-score wherever the report prints it first, the text before the tables; a
    # table that prints it first has nothing of its own to compare
    self_score = next(iter(key_places(report)["score"]), None)
    if total is not None and self_score is not None and self_score.subject is not table:
        yield from _self_score(path, table, total, self_score)
    if total is not None and table.grade is not None:
        yield from _grade(report, (*path, "grade"), table.title, table.grade, total, table)


def _self_score(
    path: FieldPath, table: ScoreTable, total: Figure | Interval, printed: Printed
) -> Iterator[Finding]:
    self_score = printed.value
    if not isinstance(self_score, Figure):
        return
    stated = interval(self_score)
    if isinstance(total, Figure):
        if total.used_unit_info.family != self_score.used_unit_info.family:
            return
        value, shown, at = interval(total), total.printed, (*path, "total")
    else:
        value, shown, at = total, _span(total, self_score.used_unit_info), (*path, "items")
    if value.overlaps(stated):
        return
    yield Finding(
        "table-self-score",
        "warning",
        at,
        table.title,
        f"“{table.title}”的合计得分{shown}与“{printed.where}”所印自评得分"
        f"{self_score.printed}不一致。",
        stated=self_score.printed,
        computed=shown,
        difference=in_unit(value.low - stated.low, self_score.used_unit_info)
        if value.exact and stated.exact
        else None,
        subject=table,
    )


def check_project_table(report: Report, path: FieldPath, table: ProjectTable) -> Iterator[Finding]:
    label = table.project
    scores: list[Figure] = []
    weights: list[Figure] = []
    for i, row in enumerate(table.funds):
        at = (*path, "funds", i)
        row_label = f"{label}·{row.name}"
        if row.rate is not None and row.budget is not None and row.executed is not None:
            found = _rate_finding(
                (*at, "rate"),
                row_label,
                row.rate,
                row.executed,
                row.budget,
                ("全年执行数", "全年预算数"),
                row,
            )
            if found:
                yield found
        if row.score is not None and row.weight is not None:
            yield from _over((*at, "score"), row_label, row.score, row.weight, row)
        # only the scored funds row (年度资金总额) counts: its 其中 rows print “-”
        scores += [row.score] if row.score is not None else []
        weights += [row.weight] if row.weight is not None else []
    for i, indicator in enumerate(table.indicators):
        at = (*path, "indicators", i)
        if indicator.score is not None and indicator.weight is not None:
            yield from _over(
                (*at, "score"),
                f"{label}·{indicator.name}",
                indicator.score,
                indicator.weight,
                indicator,
            )
        scores += [indicator.score] if indicator.score is not None else []
        weights += [indicator.weight] if indicator.weight is not None else []
    yield from _sum_findings(
        "table-total", (*path, "total"), label, table.total, scores, "总得分", table
    )
    yield from _sum_findings(
        "table-weights",
        (*path, "total_weight"),
        label,
        table.total_weight,
        weights,
        "总分值",
        table,
    )
    if table.total is not None and table.grade is not None:
        yield from _grade(report, (*path, "grade"), label, table.grade, table.total, table)


def check_tables(report: Report) -> Iterator[Finding]:
    for path, table in typed_tables(report):
        if isinstance(table, ScoreTable):
            yield from check_score_table(report, path, table)
        elif isinstance(table, ProjectTable):
            yield from check_project_table(report, path, table)
