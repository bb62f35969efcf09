"""The check engine: named rules over a validated report (勾稽关系 and more).

Each rule yields ``Finding``s: which rule, how serious, the field path, the
stated and computed values and their difference, and a sentence a finance
clerk understands.  Rules read the model, never raw YAML; arithmetic goes
through ``jixiao.checks.intervals`` so rounding, truncation and approximate figures
are treated alike everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact, localcontext
from typing import Literal

from jixiao.checks.glyphs import missing_glyphs
from jixiao.checks.intervals import (
    Interval,
    interval,
    printed_rate_fits,
    ratio_percent,
    sum_fits_total,
)
from jixiao.checks.personal import find_personal, screened_texts
from jixiao.model.figures import Figure
from jixiao.model.grades import grade_bands, grade_for, same_grade
from jixiao.model.loader import format_path
from jixiao.model.report import (
    Breakdown,
    Budget,
    Execution,
    Indicator,
    Overview,
    Part,
    Performance,
    Place,
    Report,
    ScoreTable,
    Section,
    ThreePublic,
    ThreePublicSection,
)
from jixiao.model.tree import FieldPath, descend
from jixiao.model.units import ARITHMETIC, REGISTRY, Unit
from jixiao.model.walk import KEY_FIGURES, key_places

Severity = Literal["error", "warning", "info"]

RULES: dict[str, str] = {
    "parts-sum": "合计与所列各项之和",
    "units": "相加各项的单位",
    "rate": "比率与分子÷分母",
    "remaining": "未完成数与目标减完成数",
    "grade": "等级与得分",
    "count-listed": "所述个数与列出的项目数",
    "balance": "收入、支出与结转结余",
    "fidelity": "结构化数字与原文",
    "confidential": "身份证号与手机号",
    "glyph": "图表字体能否写出名称和标题",
    "placeholder": "导入时留下的待填写标记",
    "review-stale": "核对说明与检查结果",
    "key-figure": "同一关键数字在各处所印",
    # the typed tables (jixiao.checks.tables)
    "table-weights": "表中下级指标分值之和与上级分值",
    "table-score-max": "表中得分不超过分值",
    "table-total": "表中各项得分之和与合计得分",
    "table-self-score": "评分表合计得分与报告的自评得分",
    "table-grade": "表中等级与得分",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    path: FieldPath
    label: str
    message: str
    stated: str | None = None
    computed: str | None = None
    difference: str | None = None
    subject: object = field(default=None, compare=False, repr=False)

    @property
    def field(self) -> str:
        return format_path(self.path)


def number(value: Decimal) -> str:
    """A Decimal as plain text, without exponent or trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def in_unit(value: Decimal, unit: Unit) -> str:
    """A value in its family's base unit, written in ``unit`` (45000 -> 4.5万元); in the base
    unit where ``unit`` cannot write it exactly (1元 in a unit of 100000000000000001元)."""
    division = ARITHMETIC.copy()
    shown = division.divide(value, unit.factor)
    if division.flags[Inexact]:
        base = next(
            (u for u in REGISTRY.values() if u.family == unit.family and u.factor == 1), None
        )
        if base is not None:
            return number(value) + base.name
        shown = _SHOWN_DIGITS.plus(shown)
    return number(shown) + unit.name


_SHOWN_DIGITS = Context(prec=28)


def _span(iv: Interval, unit: Unit) -> str:
    if iv.exact:
        return in_unit(iv.low, unit)
    return f"{in_unit(iv.low, unit)}～{in_unit(iv.high, unit)}"


# --- walking the report --------------------------------------------------------


@dataclass(frozen=True)
class SumGroup:
    """A stated total and the parts that should add up to it."""

    path: FieldPath
    label: str
    total: Figure | None
    parts: list[tuple[str, Figure]]
    exhaustive: bool
    subject: object


def _part_groups(
    path: FieldPath, label: str, parts: list[Part], exhaustive: bool
) -> list[SumGroup]:
    groups: list[SumGroup] = []
    for i, part in enumerate(parts):
        if part.parts:
            groups.append(
                SumGroup(
                    (*path, i),
                    f"{label}·{part.name}",
                    part.value,
                    [(p.name, p.value) for p in part.parts],
                    exhaustive,
                    part,
                )
            )
            groups += _part_groups(
                (*path, i, "parts"), f"{label}·{part.name}", part.parts, exhaustive
            )
    return groups


def _breakdown_groups(path: FieldPath, b: Breakdown) -> list[SumGroup]:
    top = SumGroup(path, b.name, b.total, [(p.name, p.value) for p in b.parts], b.exhaustive, b)
    return [top, *_part_groups((*path, "parts"), b.name, b.parts, b.exhaustive)]


def _indicator_groups(path: FieldPath, indicator: Indicator) -> list[SumGroup]:
    groups: list[SumGroup] = []
    if indicator.parts:
        for key, word in (("target", "目标"), ("result", "完成"), ("remaining", "未完成")):
            parts = [(p.name, getattr(p, key)) for p in indicator.parts]
            total = getattr(indicator, key)
            if total is not None and all(f is not None for _, f in parts):
                groups.append(
                    SumGroup(
                        (*path, key), f"{indicator.name}（{word}）", total, parts, True, indicator
                    )
                )
        for i, part in enumerate(indicator.parts):
            groups += _indicator_groups((*path, "parts", i), part)
    return groups


def sum_groups(report: Report) -> list[SumGroup]:
    groups: list[SumGroup] = []
    for place in report.places():
        groups += _section_groups(place.path, place.figures)
        for i, b in enumerate(place.figures.breakdowns):
            groups += _breakdown_groups((*place.path, "breakdowns", i), b)
        for i, indicator in enumerate(place.figures.indicators):
            groups += _indicator_groups((*place.path, "indicators", i), indicator)
    return groups


def _section_groups(at: FieldPath, section: Section) -> list[SumGroup]:
    """The totals a typed section states with the parts it lists for them."""
    groups: list[SumGroup] = []
    if isinstance(section, Overview):
        for name in ("authorised_posts", "headcount"):
            b = getattr(section, name)
            if b is not None:
                groups += _breakdown_groups((*at, name), b)
    if isinstance(section, Budget) and section.items:
        parts = [(p.name, p.value) for p in section.items]
        groups.append(SumGroup((*at, "items"), "年初预算", section.total, parts, True, section))
        groups += _part_groups((*at, "items"), "年初预算", section.items, True)
    if isinstance(section, Execution):
        for key, label in (
            ("by_economic", "支出（按经济分类）"),
            ("by_functional", "支出（按功能分类）"),
        ):
            c = getattr(section, key)
            if c is not None:
                parts = [(p.name, p.value) for p in c.parts]
                groups.append(SumGroup((*at, key), label, section.spending, parts, c.exhaustive, c))
                groups += _part_groups((*at, key, "parts"), label, c.parts, c.exhaustive)
    if isinstance(section, Execution | ThreePublicSection) and section.three_public is not None:
        t = section.three_public
        for key, total, label in (
            ("control", t.total_control, "“三公”经费控制数"),
            ("actual", t.total_actual, "“三公”经费实际支出"),
        ):
            listed = [(i.name, getattr(i, key)) for i in t.items if getattr(i, key) is not None]
            if total is not None and listed:
                path: FieldPath = (*at, "three_public", f"total_{key}")
                groups.append(SumGroup(path, label, total, listed, True, t))
    return groups


def _indicators(
    path: FieldPath, indicators: list[Indicator]
) -> Iterator[tuple[FieldPath, Indicator]]:
    """Indicators and their per-category parts, with their paths."""
    for at, node in descend(indicators, path, stop=(Figure,)):
        if isinstance(node, Indicator):
            yield at, node


def all_figures(report: Report) -> Iterator[tuple[FieldPath, Figure, Place]]:
    """Every structured figure with its path and the section or theme that should print it."""
    for place in report.places():
        # nested sections are places of their own
        for path, node in descend(place.figures, place.path, stop=(Figure,), skip=_NESTED):
            if isinstance(node, Figure):
                yield path, node, place


_NESTED = frozenset({"sections"})


# --- the rules --------------------------------------------------------------------


def check_sums(report: Report) -> Iterator[Finding]:
    for group in sum_groups(report):
        if not group.parts:
            continue  # a total that lists no parts (“实有人数为10人。”): nothing to add up
        if group.total is None:
            if len({f.family for _, f in group.parts}) > 1:
                yield _units_finding(group)
            continue
        figures = [f for _, f in group.parts]
        dimensions = {f.family for f in [group.total, *figures]}
        if len(dimensions) > 1:
            yield _units_finding(group)
            continue
        parts = Interval(Decimal(0), Decimal(0))
        for f in figures:
            parts = parts + interval(f)
        unit = group.total.used_unit_info
        stated = interval(group.total)
        finest = max((f.places for f in figures), default=0)
        terms = "＋".join(f.printed for f in figures)
        if group.exhaustive:
            if sum_fits_total(group.total, parts, finest):
                continue
            difference = parts.low - stated.low if parts.exact and stated.exact else None
            yield Finding(
                "parts-sum",
                "warning",
                group.path,
                group.label,
                f"“{group.label}”原文合计{group.total.printed}，所列各项之和为{_span(parts, unit)}"
                f"（{terms}）"
                + (f"，相差{in_unit(abs(difference), unit)}。" if difference is not None else "。"),
                stated=group.total.printed,
                computed=_span(parts, unit),
                difference=in_unit(difference, unit) if difference is not None else None,
                subject=group.subject,
            )
        elif parts.low > stated.high:
            yield Finding(
                "parts-sum",
                "warning",
                group.path,
                group.label,
                f"“{group.label}”原文只列出其中部分项目，但所列各项之和{_span(parts, unit)}"
                f"已超过合计{group.total.printed}。",
                stated=group.total.printed,
                computed=_span(parts, unit),
                difference=in_unit(parts.low - stated.high, unit),
                subject=group.subject,
            )


def _units_finding(group: SumGroup) -> Finding:
    units = "、".join(
        dict.fromkeys(f.used_unit for f in [group.total, *(f for _, f in group.parts)] if f)
    )
    return Finding(
        "units",
        "warning",
        group.path,
        group.label,
        f"“{group.label}”的合计与各项单位不一致（{units}），无法相加核对。",
        stated=units,
        subject=group.subject,
    )


def _rate_finding(
    path: FieldPath,
    label: str,
    rate: Figure,
    numerator: Figure,
    denominator: Figure,
    words: tuple[str, str],
    subject: object,
) -> Finding | None:
    num, den = interval(numerator), interval(denominator)
    if numerator.family != denominator.family:
        return Finding(
            "units",
            "warning",
            path,
            label,
            f"“{label}”的{words[0]}{numerator.printed}与{words[1]}{denominator.printed}单位不同，"
            "无法核对比率。",
            stated=f"{numerator.used_unit}、{denominator.used_unit}",
            subject=subject,
        )
    computed = ratio_percent(num, den)
    if computed is None:
        if den.high == 0 and num.high == 0 and rate.in_base_unit() in (0, 100):
            return None  # 0 of 0: printed as 0% (or 100%) is a normal way to say "nothing due"
        return Finding(
            "rate",
            "warning",
            path,
            label,
            f"“{label}”的{words[1]}为{denominator.printed}，比率无法计算，原文却印为{rate.printed}。",
            stated=rate.printed,
            computed="无法计算",
            subject=subject,
        )
    unit = rate.used_unit_info  # % or a declared 比率 unit such as ‰: compared in its own
    if printed_rate_fits(rate.used_value, rate.places, _divided(computed, unit.factor)):
        return None
    shown = _span(computed, unit) if not computed.exact else None
    exact = computed.low.quantize(Decimal("0.0001")) if computed.exact else None
    in_rate_unit = (exact or Decimal(0)) / unit.factor
    computed_text = shown or f"{number(in_rate_unit)}{unit.name}"
    return Finding(
        "rate",
        "warning",
        path,
        label,
        f"“{label}”原文比率{rate.printed}，按{words[0]}÷{words[1]}"
        f"（{numerator.printed}÷{denominator.printed}）计算为{computed_text}，"
        f"按原文精度四舍五入或截尾都得不到{rate.printed}。",
        stated=rate.printed,
        computed=computed_text,
        difference=(
            f"{number((exact or Decimal(0)) - rate.in_base_unit())}个百分点"
            if exact is not None
            else None
        ),
        subject=subject,
    )


def _divided(values: Interval, factor: Decimal) -> Interval:
    return Interval(values.low / factor, values.high / factor)


def check_rates(report: Report) -> Iterator[Finding]:
    for fs in report.places():
        for where, indicator in _indicators((*fs.path, "indicators"), fs.figures.indicators):
            if indicator.rate is None or indicator.target is None or indicator.result is None:
                continue
            if indicator.operator == "≤":
                continue  # for a ceiling the printed "rate" is not result / target
            found = _rate_finding(
                (*where, "rate"),
                indicator.name,
                indicator.rate,
                indicator.result,
                indicator.target,
                ("完成数", "目标数"),
                indicator,
            )
            if found:
                yield found
    for place in report.places():
        section = place.figures
        if not isinstance(section, Execution | ThreePublicSection) or not section.three_public:
            continue
        for i, item in enumerate(section.three_public.items):
            if item.rate is None or item.control is None or item.actual is None:
                continue
            found = _rate_finding(
                (*place.path, "three_public", "items", i, "rate"),
                item.name,
                item.rate,
                item.actual,
                item.control,
                ("实际支出数", "控制数"),
                item,
            )
            if found:
                yield found


def check_remaining(report: Report) -> Iterator[Finding]:
    for fs in report.places():
        for where, i in _indicators((*fs.path, "indicators"), fs.figures.indicators):
            if i.remaining is None or i.target is None or i.result is None:
                continue
            units = {f.family for f in (i.remaining, i.target, i.result)}
            if len(units) > 1:
                continue
            computed = interval(i.target) - interval(i.result)
            if computed.overlaps(interval(i.remaining)):
                continue
            unit = i.remaining.used_unit_info
            yield Finding(
                "remaining",
                "warning",
                (*where, "remaining"),
                i.name,
                f"“{i.name}”原文未完成{i.remaining.printed}，目标{i.target.printed}减完成"
                f"{i.result.printed}为{_span(computed, unit)}。",
                stated=i.remaining.printed,
                computed=_span(computed, unit),
                subject=i,
            )


def check_grade(report: Report) -> Iterator[Finding]:
    """The printed grade of every performance section against the score it earns: the
    section's own score, else the report's self-score wherever it is printed."""
    self_score = next(iter(key_places(report)["score"]), None)
    floors = "/".join(number(floor) for floor, _ in grade_bands(report)[:-1])
    for place in report.places():
        p = place.figures
        if not isinstance(p, Performance) or p.grade is None:
            continue
        if p.score is not None:
            score, source = p.score, "自评得分"
        elif self_score is not None and isinstance(self_score.value, Figure):
            score, source = self_score.value, f"“{self_score.where}”所印自评得分"
        else:
            continue  # a report that states no score has nothing to compare
        expected = grade_for(report, score.in_base_unit())  # 170点 at 0.5分 a 点 is 85分
        if expected is None or same_grade(p.grade, expected):
            continue  # 优秀 printed, 优 by the bands (or bands named 优秀 and 优 printed) agree
        yield Finding(
            "grade",
            "warning",
            (*place.path, "grade"),
            "自评等级",
            f"{source}{score.printed}按{floors}分档应为“{expected}”，原文等级为“{p.grade}”。",
            stated=p.grade,
            computed=expected,
            subject=p,
        )


def check_count_listed(report: Report) -> Iterator[Finding]:
    """The number of internal units an overview section states against the names it lists,
    on every overview section at any depth."""
    for place in report.places():
        o = place.figures
        units = o.internal_units if isinstance(o, Overview) else None
        if units is None or units.count is None:
            continue
        listed = Decimal(len(units.names))
        if interval(units.count).overlaps(Interval(listed, listed)):
            continue
        yield Finding(
            "count-listed",
            "warning",
            (*place.path, "internal_units", "count"),
            "内设股室",
            f"原文说内设股室{units.count.printed}，实际列出{len(units.names)}个。",
            stated=units.count.printed,
            computed=f"{len(units.names)}个",
            subject=units,
        )


def check_balance(report: Report) -> Iterator[Finding]:
    """Income less spending against the carry-over, on every execution section that prints
    all three."""
    for place in report.places():
        e = place.figures
        if not isinstance(e, Execution):
            continue
        if e.income is None or e.spending is None or e.carry_over is None:
            continue
        if len({f.family for f in (e.income, e.spending, e.carry_over)}) > 1:
            continue
        computed = interval(e.income) - interval(e.spending)
        if computed.overlaps(interval(e.carry_over)):
            continue
        unit = e.carry_over.used_unit_info
        yield Finding(
            "balance",
            "info",
            (*place.path, "carry_over"),
            "结转结余",
            f"决算总收入{e.income.printed}减全年支出{e.spending.printed}为{_span(computed, unit)}，"
            f"原文结转结余{e.carry_over.printed}（年初结转等因素可造成差异，仅供参考）。",
            stated=e.carry_over.printed,
            computed=_span(computed, unit),
            subject=e,
        )


@dataclass(frozen=True)
class _Sighting:
    """One printed value of a key figure, where it is printed."""

    label: str
    value: Figure | str
    path: FieldPath
    where: str
    subject: object


def _sightings(report: Report) -> dict[tuple[str | int, ...], list[_Sighting]]:
    """The printed values of each key figure, keyed by what they are: the 三公 figures each
    by its total or its category's item, so two sections' 三公 tables compare line by line."""
    found: dict[tuple[str | int, ...], list[_Sighting]] = {}
    for name, places in key_places(report).items():
        for printed in places:
            if name == "score" and isinstance(printed.subject, ScoreTable):
                continue  # a table's total against the self-score: ``table-self-score``
            if isinstance(printed.value, ThreePublic):
                for key, label, at, figure in _three_public_figures(printed.value):
                    seen = _Sighting(label, figure, (*printed.at, *at), printed.where, figure)
                    found.setdefault((name, *key), []).append(seen)
                continue
            subject = printed.value if isinstance(printed.value, Figure) else printed.subject
            seen = _Sighting(KEY_FIGURES[name], printed.value, printed.at, printed.where, subject)
            found.setdefault((name,), []).append(seen)
    return found


def _three_public_figures(
    t: ThreePublic,
) -> Iterator[tuple[tuple[str | int, ...], str, FieldPath, Figure]]:
    """The 三公 totals and each category's amounts, the n-th item of a category matched
    with the n-th of the same category elsewhere."""
    for key, word in (("total_control", "控制数合计"), ("total_actual", "实际支出数合计")):
        figure = getattr(t, key)
        if figure is not None:
            yield (key,), f"“三公”经费{word}", (key,), figure
    counted: dict[str, int] = {}
    for i, item in enumerate(t.items):
        n = counted[item.category] = counted.get(item.category, -1) + 1
        for key, word in (("control", "控制数"), ("actual", "实际支出数")):
            figure = getattr(item, key)
            if figure is not None:
                label = f"“三公”经费·{item.category}{word}"
                yield (item.category, n, key), label, ("items", i, key), figure


def _same(a: Figure | str, b: Figure | str) -> bool:
    """Whether two printings say the same: one grade by another name, or figures of one
    kind whose readings overlap (96分 and 96.0分; 约 and 余 as intervals)."""
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and same_grade(a, b)
    return a.family == b.family and interval(a).overlaps(interval(b))


def _plain(value: Figure | str) -> str:
    return value.printed if isinstance(value, Figure) else value


def _shown(value: Figure | str) -> str:
    return value.printed if isinstance(value, Figure) else f"“{value}”"


def check_key_figures(report: Report) -> Iterator[Finding]:
    """A key figure printed in several places (two performance sections, a section and a
    score table, two 三公 tables) must say the same everywhere: the page header takes the
    first place; each later place that differs is a finding there, naming both.  A score
    table's total against the self-score is ``table-self-score`` (jixiao.checks.tables)."""
    for sightings in _sightings(report).values():
        first = sightings[0]
        for later in sightings[1:]:
            if _same(first.value, later.value):
                continue
            yield Finding(
                "key-figure",
                "warning",
                later.path,
                later.label,
                f"{later.label}在“{later.where}”印为{_shown(later.value)}，"
                f"在“{first.where}”印为{_shown(first.value)}，两处不一致"
                f"（页首取“{first.where}”所印）。",
                stated=_plain(later.value),
                computed=_plain(first.value),
                subject=later.subject,
            )


def check_fidelity(report: Report) -> Iterator[Finding]:
    for path, figure, fs in all_figures(report):
        if figure.printed in fs.text or "tables" in path:
            continue  # a table's figures are read from its own cells, not from the text
        yield Finding(
            "fidelity",
            "warning",
            path,
            fs.label,
            f"数字“{figure.printed}”不在“{fs.label}”的原文中，可能录入有误。",
            stated=figure.printed,
            subject=figure,
        )


def check_confidential(report: Report) -> Iterator[Finding]:
    allowed = [n.number for n in report.not_personal]
    for path, text, surface in screened_texts(report):
        for found in find_personal(text, allowed):
            yield Finding(
                "confidential",
                "error",
                path,
                found.kind,
                f"{surface}中含有{found.kind}（{found.masked}），公开前必须删除。",
                stated=found.masked,
            )


# Fields whose text the charts draw: names, categories, headings, theme numbers and titles.
CHARTED = frozenset({"name", "category", "heading", "number", "title"})


def check_glyphs(report: Report) -> Iterator[Finding]:
    for path, text in descend(report):
        if not isinstance(text, str) or not path or path[-1] not in CHARTED:
            continue
        if "tables" in path or path[0] == "attachments":
            continue  # tables are HTML text on the page, never drawn in a chart
        for char in missing_glyphs(text):
            yield Finding(
                "glyph",
                "error",
                path,
                "字符",
                f"“{text}”中的“{char}”（U+{ord(char):04X}）图表字体中没有，图上会显示成方框。",
                stated=char,
            )


# What ``jixiao import`` writes where the source names no value: never publishable.
PLACEHOLDER = "（原文未载明，请填写）"


def check_placeholders(report: Report) -> Iterator[Finding]:
    for path, text in descend(report):
        if isinstance(text, str) and PLACEHOLDER in text:
            yield Finding(
                "placeholder",
                "error",
                path,
                "待填写",
                f"这里还是导入时留下的“{PLACEHOLDER}”，尚未填写。",
                stated=PLACEHOLDER,
            )


CHECKS: list[Callable[[Report], Iterator[Finding]]] = [
    check_sums,
    check_rates,
    check_remaining,
    check_grade,
    check_count_listed,
    check_balance,
    check_key_figures,
    check_fidelity,
    check_confidential,
    check_glyphs,
    check_placeholders,
]


def run_checks(report: Report) -> list[Finding]:
    """Every finding of every rule, in the order of the report."""
    # imported here: the table rules build on this module's helpers
    from jixiao.checks.tables import check_tables

    with localcontext(ARITHMETIC):  # exact whatever digits a value and its factor have
        return [finding for check in [*CHECKS, check_tables] for finding in check(report)]
