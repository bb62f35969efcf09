"""Which charts a report's data supports, and their data, text alternatives and tables.

Each builder returns the charts it can make from the report, possibly none:
no chart is drawn for data that is not there.  Text is generated from the
same values the bars show, in Chinese, with approximate figures marked.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.charts.data import Chart, Row, Table, Value, approx_text
from jixiao.derive.keyfigures import key_figures
from jixiao.model.figures import percent
from jixiao.model.report import Breakdown, Budget, Execution, Indicator, Part, Report
from jixiao.model.tree import once_per_object
from jixiao.model.units import MONEY

Builder = Callable[[Report], list[Chart]]


@once_per_object  # a rebuild under serve gets the unchanged years' report objects again
def charts_for(report: Report) -> list[Chart]:
    """Every chart of a report, in page order (shared: callers must not change the list)."""
    charts: list[Chart] = []
    for builder in BUILDERS:
        charts.extend(builder(report))
    return charts


def _pct(rate: Decimal | None, approx: bool = False) -> str:
    if rate is None:
        return "—"
    return f"{'约' if approx else ''}{rate}%"


def _shown(value: Value | None) -> str:
    """A table cell: the value used, and the print where that differs."""
    if value is None:
        return "—"
    return value.text()


def _printed(value: Value | None) -> str:
    return value.printed if value is not None else "—"


def _one_unit(values: list[Value]) -> bool:
    return bool(values) and len({v.unit for v in values}) == 1


def _sum(values: list[Value]) -> Decimal:
    return sum((v.value for v in values), Decimal(0))


def _bar_table(rows: list[Row], rate_header: str | None) -> Table:
    headers = ["项目", "作图数值", "原文", *([rate_header] if rate_header else []), "说明"]
    numeric = [False, True, True, *([True] if rate_header else []), False]
    body = []
    for row in rows:
        cells = [row.label, _shown(row.first), _printed(row.first)]
        if rate_header:
            cells.append(_pct(row.rate, row.approx_rate))
        cells.append(row.first.note if row.first else "")
        body.append(tuple(cells))
    return Table(tuple(headers), tuple(body), tuple(numeric))


def budget_execution(report: Report) -> list[Chart]:
    """Budget, income and spending side by side, income and spending as shares of the budget
    (the key figures: wherever the report prints them)."""
    key = key_figures(report)
    if key.budget is None:
        return []  # shares of a budget the report does not state: nothing to draw
    budget = Value.of(key.budget)
    rows = [Row("年初预算", budget)]
    clauses = []
    for label, figure in [("全年实际支出", key.spending), ("决算总收入", key.income)]:
        if figure is None or figure.used_unit != budget.unit:
            continue
        value = Value.of(figure)
        rate = percent(value.value, budget.value)
        rows.append(Row(label, value, rate=rate, approx_rate=bool(value.approx or budget.approx)))
        clauses.append(f"{label}{value.text()}，为年初预算的{_pct(rate, bool(value.approx))}")
    if len(rows) < 2:
        return []
    # Keep the page order of the text: budget, income, spending.
    rows = [rows[0], *sorted(rows[1:], key=lambda r: r.label != "决算总收入")]
    alt = f"{report.year}年年初预算{budget.text()}，" + "；".join(clauses) + "。"
    return [
        Chart(
            year=report.year,
            id="budget-execution",
            place="key-figures",
            kind="bars",
            title="年初预算、决算收入与实际支出",
            alt=alt,
            axis_label=f"金额（{budget.unit}）",
            rows=tuple(rows),
            table=_bar_table(rows, "为年初预算的（计算）"),
        )
    ]


def budget_items(report: Report) -> list[Chart]:
    """The items of the year's budget, with a note where they do not add up to the total."""
    # the first budget section, at any depth, that lists items
    found = (p.figures for p in report.places())
    section = next((s for s in found if isinstance(s, Budget) and s.items), None)
    if section is None:
        return []
    items = [Row(p.name, Value.of(p.value)) for p in section.items]
    values = [r.first for r in items if r.first is not None]
    if len(items) < 2 or not _one_unit(values):
        return []
    total = Value.of(section.total) if section.total is not None else None
    unit = values[0].unit
    largest = max(items, key=lambda r: r.first.value if r.first else Decimal(0))
    assert largest.first is not None
    stated = total.text() if total is not None else "（总额原文未载明）"
    alt = (
        f"{report.year}年年初预算{stated}，分{len(items)}项，"
        f"最多的是{largest.label}{largest.first.text()}"
    )
    notes = [f"{r.label}：{r.first.note}" for r in items if r.first and r.first.corrected]
    added = _sum(values)
    # a total printed in another unit of money (元 against items in 万元) is converted
    if (
        total is not None
        and total.dimension() == values[0].dimension()
        and (added != total.base() / values[0].info.factor)
    ):
        mismatch = f"各项合计{added}{unit}，与原文合计{total.text()}不符"
        alt += f"；{mismatch}"
        notes.append(mismatch + "。")
    return [
        Chart(
            year=report.year,
            id="budget-items",
            place=report.anchor_of(section),
            kind="bars",
            title="年初预算各项目",
            alt=alt + "。",
            axis_label=f"金额（{unit}）",
            rows=tuple(items),
            notes=tuple(notes),
            table=_bar_table(items, None),
        )
    ]


def spending_economic(report: Report) -> list[Chart]:
    """Spending by economic classification, each as a share of the year's spending."""
    # the first execution section, at any depth, that lists it
    found = (p.figures for p in report.places())
    section = next((s for s in found if isinstance(s, Execution) and s.by_economic), None)
    classification = section.by_economic if section else None
    if section is None or classification is None or len(classification.parts) < 2:
        return []
    values = [Value.of(p.value) for p in classification.parts]
    if not _one_unit(values):
        return []
    unit = values[0].unit
    spending = section.spending
    added = _sum(values)
    if spending is not None and spending.family == values[0].dimension():
        whole = spending.in_base_unit() / values[0].info.factor
        whole_text = f"全年实际支出{Value.of(spending).text()}"
    else:
        whole, whole_text = added, f"各项合计{added}{unit}"
    rows = [
        Row(p.name, v, rate=percent(v.value, whole), approx_rate=bool(v.approx))
        for p, v in zip(classification.parts, values, strict=True)
    ]
    largest = max(rows, key=lambda r: r.first.value if r.first else Decimal(0))
    assert largest.first is not None
    notes = []
    if classification.exhaustive and added != whole:
        notes.append(f"各项合计{added}{unit}，与{whole_text}不符。")
    return [
        Chart(
            year=report.year,
            id="spending-economic",
            place=report.anchor_of(section),
            kind="bars",
            title="支出按经济分类",
            alt=(
                f"{report.year}年{whole_text}，按经济分类最多的是{largest.label}"
                f"{largest.first.text()}，占{_pct(largest.rate, largest.approx_rate)}。"
            ),
            axis_label=f"金额（{unit}）",
            rows=tuple(rows),
            notes=tuple(notes),
            table=_bar_table(rows, "占比（计算）"),
        )
    ]


def three_public(report: Report) -> list[Chart]:
    """“三公”经费: control and actual spending for each category; a control of 0 is normal."""
    section = report.three_public_section
    three = section.three_public if section else None
    if section is None or three is None or not three.items:
        return []
    rows: list[Row] = []
    clauses = []
    for item in three.items:
        control = Value.of(item.control) if item.control else None
        actual = Value.of(item.actual) if item.actual else None
        rate = None
        if control and actual and control.unit == actual.unit:
            rate = percent(actual.value, control.value)
        approx = bool((control and control.approx) or (actual and actual.approx))
        rows.append(Row(item.name, control, actual, rate=rate, approx_rate=approx))
        if control and actual and rate is None:
            clauses.append(f"{item.name}控制数{control.text()}，实际支出{actual.text()}")
        elif control and actual:
            share = _pct(rate, approx)
            clauses.append(f"{item.name}实际支出{actual.text()}，为控制数{control.text()}的{share}")
    values = [v for r in rows for v in (r.first, r.second) if v is not None]
    if not values or not _one_unit(values):
        return []
    unit = values[0].unit
    controls = [r.first for r in rows if r.first]
    actuals = [r.second for r in rows if r.second]
    total = ""
    if controls and actuals:
        total_rate = percent(_sum(actuals), _sum(controls))
        total = f"“三公”经费实际支出合计{_sum(actuals)}{unit}，控制数合计{_sum(controls)}{unit}"
        total += f"，为控制数的{_pct(total_rate)}；" if total_rate is not None else "；"
    table = Table(
        ("类别", "控制数", "实际支出数", "实际占控制数（计算）", "实际占控制数（原文）"),
        tuple(
            (
                r.label,
                _shown(r.first),
                _shown(r.second),
                _pct(r.rate, r.approx_rate) if r.rate is not None else "—（控制数为0或缺）",
                item.rate.printed if item.rate else "—",
            )
            for r, item in zip(rows, three.items, strict=True)
        ),
        (False, True, True, True, True),
    )
    return [
        Chart(
            year=report.year,
            id="three-public",
            place=report.anchor_of(section),
            kind="pairs",
            title="“三公”经费：控制数与实际支出",
            alt=f"{report.year}年{total}" + "；".join(clauses) + "。",
            axis_label=f"金额（{unit}）",
            rows=tuple(rows),
            series=("控制数", "实际支出数"),
            table=table,
        )
    ]


def _completion(indicator: Indicator) -> Row | None:
    """An indicator's result against its target; None when either is missing or they differ
    in kind.  ≥: reached when the result is at least the target; ≤: kept when it is at most."""
    if indicator.target is None or indicator.result is None:
        return None
    target, result = Value.of(indicator.target), Value.of(indicator.result)
    if target.dimension() != result.dimension():
        return None
    rate = percent(result.base(), target.base())
    if rate is None:
        return None
    met = {
        "≥": result.base() >= target.base(),
        "≤": result.base() <= target.base(),
        "=": result.base() == target.base(),
    }[indicator.operator]
    return Row(
        indicator.name,
        target,
        result,
        rate=rate,
        approx_rate=bool(target.approx or result.approx),
        met=met,
        operator=indicator.operator,
    )


def _met_text(row: Row) -> str:
    if row.operator == "≤":
        return "未超过上限" if row.met else "超过上限"
    return "达到目标" if row.met else "未达到目标"


def indicators(report: Report) -> list[Chart]:
    """Per section or theme: each indicator's result as a percentage of its target."""
    charts = []
    for where in report.places():
        place, name, figures = where.anchor, where.label, where.figures
        pairs = [(i, _completion(i)) for i in figures.indicators]
        rows = [row for _, row in pairs if row is not None]
        if not rows:
            continue
        printed = {i.name: i.rate.printed for i, row in pairs if row is not None and i.rate}
        met = sum(1 for r in rows if r.met)
        if len(rows) == 1:
            r = rows[0]
            assert r.first is not None and r.second is not None
            alt = (
                f"{r.label}完成{r.second.text()}，为目标{r.first.text()}的"
                f"{_pct(r.rate, r.approx_rate)}，{_met_text(r)}。"
            )
        else:
            low = min(rows, key=lambda r: r.rate or Decimal(0))
            high = max(rows, key=lambda r: r.rate or Decimal(0))
            reached = {0: "均未达到目标", len(rows): "全部达到目标"}.get(met, f"中{met}项达到目标")
            alt = (
                f"{len(rows)}项指标{reached}；完成率最高的是{high.label}"
                f"（{_pct(high.rate, high.approx_rate)}），最低的是{low.label}"
                f"（{_pct(low.rate, low.approx_rate)}）。"
            )
        table = Table(
            ("指标", "方向", "目标", "完成", "完成率（计算）", "完成率（原文）", "结果"),
            tuple(
                (
                    r.label,
                    r.operator,
                    _shown(r.first),
                    _shown(r.second),
                    _pct(r.rate, r.approx_rate),
                    printed.get(r.label, "—"),
                    _met_text(r),
                )
                for r in rows
            ),
            (False, False, True, True, True, True, False),
        )
        charts.append(
            Chart(
                year=report.year,
                id=f"indicators-{place}",
                place=place,
                kind="completion",
                title=f"目标完成率：{name}",
                alt=f"{name.rstrip('。')}：{alt}",
                axis_label="完成数占目标的百分比（%）",
                rows=tuple(rows),
                series=("达到目标", "未达到目标"),
                table=table,
            )
        )
    return charts


def indicator_splits(report: Report) -> list[Chart]:
    """An indicator listed by category (社保卡切换 by scheme): done and not yet done, per part."""
    charts = []
    for where in report.places():
        place, figures = where.anchor, where.figures
        for indicator in figures.indicators:
            rows = [_split(i, label) for i, label in _split_parts(indicator)]
            if len(indicator.parts) < 2 or any(r is None for r in rows):
                continue
            split = [r for r in rows if r is not None]
            total, parts = split[0], split[1:]
            low = min(parts, key=lambda r: r.rate or Decimal(0))
            assert total.first is not None and total.second is not None
            lead = f"{indicator.as_of}，" if indicator.as_of else ""
            alt = (
                f"{lead}{indicator.name}完成{total.first.text()}，为任务数"
                f"{approx_text(total.first.value + total.second.value, total.first.unit, None)}的"
                f"{_pct(total.rate, total.approx_rate)}；完成率最低的是{low.label}"
                f"（{_pct(low.rate, low.approx_rate)}）。"
            )
            printed = [i.rate.printed if i.rate else "—" for i, _ in _split_parts(indicator)]
            table = Table(
                ("类别", "任务数", "已完成", "未完成", "完成率（计算）", "完成率（原文）"),
                tuple(
                    (
                        r.label,
                        approx_text(r.first.value + r.second.value, r.first.unit, None),
                        _shown(r.first),
                        _shown(r.second),
                        _pct(r.rate, r.approx_rate),
                        rate,
                    )
                    for r, rate in zip(split, printed, strict=True)
                    if r.first is not None and r.second is not None
                ),
                (False, True, True, True, True, True),
            )
            charts.append(
                Chart(
                    year=report.year,
                    id=f"indicator-{indicator.id}",
                    place=place,
                    kind="split",
                    title=f"{indicator.name}：分类完成情况",
                    alt=alt,
                    axis_label=f"数量（{total.first.unit}）",
                    rows=tuple(split),
                    series=("已完成", "未完成"),
                    table=table,
                )
            )
    return charts


def _split_parts(indicator: Indicator) -> list[tuple[Indicator, str]]:
    return [(indicator, "全部"), *((p, p.name) for p in indicator.parts)]


def _split(indicator: Indicator, label: str) -> Row | None:
    """Done and not done: the result, and the remainder as printed or target − result."""
    if indicator.target is None or indicator.result is None:
        return None
    target, result = Value.of(indicator.target), Value.of(indicator.result)
    if target.unit != result.unit or result.value > target.value:
        return None
    if indicator.remaining is not None and indicator.remaining.used_unit == target.unit:
        left = Value.of(indicator.remaining)
    else:
        gap = target.value - result.value
        left = Value(
            gap, target.unit, f"{gap}{target.unit}", note="计算值：目标减完成数", info=target.info
        )
    return Row(
        label,
        result,
        left,
        rate=percent(result.value, target.value),
        approx_rate=bool(target.approx or result.approx),
    )


MIN_BREAKDOWN_PARTS = 3  # two parts read as well in a sentence as in a chart


def breakdowns(report: Report) -> list[Chart]:
    """Totals and their listed parts, each part as a share of the total."""
    charts = []
    for where in report.places():
        place, figures = where.anchor, where.figures
        for breakdown in figures.breakdowns:
            chart = _breakdown(report.year, place, breakdown)
            if chart is not None:
                charts.append(chart)
    return charts


def _breakdown(year: int, place: str, breakdown: Breakdown) -> Chart | None:
    parts: list[Part] = breakdown.parts
    values = [Value.of(p.value) for p in parts]
    if len(parts) < MIN_BREAKDOWN_PARTS or not _one_unit(values) or _sum(values) == 0:
        return None
    unit = values[0].unit
    added = _sum(values)
    approx = any(v.approx for v in values)
    stated = Value.of(breakdown.total) if breakdown.total else None
    notes = []
    if stated is not None and stated.unit == unit:
        whole, whole_text = stated.value, f"共{stated.text()}"
        if breakdown.exhaustive and added != stated.value:
            notes.append(f"各项合计{added}{unit}，与原文合计{stated.text()}不符。")
    elif breakdown.exhaustive:
        whole, whole_text = added, f"各项合计{approx_text(added, unit, '约' if approx else None)}"
    else:
        return None  # a few examples of an unknown total: no whole to take shares of
    rows = [
        Row(p.name, v, rate=percent(v.value, whole), approx_rate=approx)
        for p, v in zip(parts, values, strict=True)
    ]
    largest = max(rows, key=lambda r: r.first.value if r.first else Decimal(0))
    assert largest.first is not None
    when = f"（{breakdown.as_of}）" if breakdown.as_of else ""
    return Chart(
        year=year,
        id=f"breakdown-{breakdown.id}",
        place=place,
        kind="bars",
        title=f"{breakdown.name}{when}",
        alt=(
            f"{breakdown.name}{when}{whole_text}，其中{largest.label}最多，"
            f"{largest.first.text()}，占{_pct(largest.rate, largest.approx_rate)}。"
        ),
        axis_label=f"数量（{unit}）" if values[0].dimension() != MONEY else f"金额（{unit}）",
        rows=tuple(rows),
        notes=tuple(notes),
        table=_bar_table(rows, "占比（计算）"),
    )


BUILDERS: tuple[Builder, ...] = (
    budget_execution,
    budget_items,
    spending_economic,
    three_public,
    indicators,
    indicator_splits,
    breakdowns,
)
