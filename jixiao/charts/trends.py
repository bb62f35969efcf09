"""Trend charts of the 历年对比 page: each published year's figures side by side.

One chart per comparison, one group of bars per year, oldest first.  A year
without the figure keeps its row and says so (never a bar of 0), a figure
of 0 is a bar of 0 with its value written, and a figure in another unit
than the chart's is left out and named in a note, never drawn on the wrong
scale.  Values are the ones arithmetic uses (corrections applied), with
approximate figures marked as printed.  With fewer than two years there is
nothing to compare and no chart.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.charts.data import Chart, Row, Table, Value, approx_text
from jixiao.derive.keyfigures import key_figures
from jixiao.derive.series import IndicatorHistory, by_economic, indicator_histories
from jixiao.model.figures import Figure, percent
from jixiao.model.report import Classification, Indicator, Report
from jixiao.model.units import MONEY, RATIO, Unit

TrendBuilder = Callable[[list[Report]], list[Chart]]


def trend_charts(reports: list[Report]) -> list[Chart]:
    """Every trend chart of these reports, in page order; none with fewer than two years."""
    ordered = sorted(reports, key=lambda r: r.year)
    if len(ordered) < 2:
        return []
    charts: list[Chart] = []
    for builder in TREND_BUILDERS:
        charts.extend(builder(ordered))
    return charts


def _year(year: int) -> str:
    return f"{year}年"


def _cell(value: Value | None) -> str:
    return value.text() if value is not None else "—"


def _note(year: int, what: str, value: Value | None) -> str | None:
    """A remark under the chart for a figure drawn other than printed (corrected, converted),
    noted in the data, or approximate."""
    if value is None:
        return None
    if value.note:
        return f"{year}年{what}：{value.note}"
    if value.approx:
        return f"{year}年{what}为约数（原文“{value.printed}”）"
    return None


def _span(reports: list[Report]) -> str:
    return f"{reports[0].year}年至{reports[-1].year}年"


def _in_unit(
    figure: Figure | None, unit: Unit, year: int, what: str, notes: list[str]
) -> Value | None:
    """The figure as drawn in the chart's unit, or None (with a note) when it cannot be."""
    if figure is None:
        return None
    value = _converted(Value.of(figure), unit)
    if value is None:
        notes.append(f"{year}年{what}以“{figure.used_unit}”为单位（{figure.printed}），未作图。")
    return value


def _converted(value: Value, unit: Unit) -> Value | None:
    """The value in another unit of its family (万人 and 人), saying so; None across families."""
    if value.unit == unit.name:
        return value
    if unit.family != value.dimension():
        return None
    amount = (value.base() / unit.factor).normalize()
    if amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    note = f"原文“{value.printed}”，按{unit.name}换算作图" + (
        f"；{value.note}" if value.note else ""
    )
    return Value(amount, unit.name, value.printed, value.approx, note, info=unit)


def _movement(series: str, first: tuple[int, Value], last: tuple[int, Value]) -> str:
    """“年初预算由2031年的100万元增至2033年的120万元”."""
    (year0, a), (year1, b) = first, last
    if a.value == b.value:
        return f"{series}{_year(year0)}与{_year(year1)}均为{b.text()}"
    word = "增至" if b.value > a.value else "减至"
    return f"{series}由{_year(year0)}的{a.text()}{word}{_year(year1)}的{b.text()}"


def _movements(series: tuple[str, ...], rows: list[tuple[int, Row]]) -> list[str]:
    clauses = []
    for index, name in enumerate(series):
        known = [(year, v) for year, row in rows if (v := row.values[index]) is not None]
        if len(known) >= 2:
            clauses.append(_movement(name, known[0], known[-1]))
    return clauses


def _missing(series: tuple[str, ...], rows: list[tuple[int, Row]]) -> list[str]:
    """The figures a year lacks; a year lacking all of them says so in its remark."""
    return [
        f"{_year(year)}未列{name}"
        for year, row in rows
        if any(v is not None for v in row.values)
        for name, value in zip(series, row.values, strict=True)
        if value is None
    ]


def _sentence(clauses: list[str]) -> str:
    return "；".join(clauses) + "。"


def budget_execution(reports: list[Report]) -> list[Chart]:
    """Budget, income and spending by year."""
    keys = {r.year: key_figures(r) for r in reports}
    stated = [f for k in keys.values() for f in (k.budget, k.spending) if f is not None]
    if not stated:
        return []
    unit = stated[-1].used_unit_info
    series = ("年初预算", "决算总收入", "全年实际支出")
    notes: list[str] = []
    rows: list[tuple[int, Row]] = []
    table_rows = []
    remarks = []
    for report in reports:
        key = keys[report.year]
        figures = [key.budget, key.income, key.spending]
        values = tuple(
            _in_unit(f, unit, report.year, name, notes)
            for f, name in zip(figures, series, strict=True)
        )
        rows.append((report.year, Row(_year(report.year), None, values=values)))
        budget, spending = values[0], values[2]
        share = percent(spending.value, budget.value) if budget is not None and spending else None
        approx = bool((budget and budget.approx) or (spending and spending.approx))
        table_rows.append(
            (
                _year(report.year),
                *(_cell(v) for v in values),
                f"{'约' if approx else ''}{share}%" if share is not None else "—",
            )
        )
        remarks += [
            n for v, name in zip(values, series, strict=True) if (n := _note(report.year, name, v))
        ]
    clauses = _movements(series, rows) + _missing(series, rows)
    return [
        Chart(
            year=reports[-1].year,
            id="budget-execution",
            place="key-figures",
            kind="years",
            title="历年年初预算、决算收入与实际支出",
            alt=f"{_span(reports)}，" + _sentence(clauses),
            axis_label=f"金额（{unit.name}）",
            rows=tuple(row for _, row in rows),
            series=series,
            notes=tuple(notes + remarks),
            table=Table(
                ("年度", *series, "支出占预算（计算）"),
                tuple(table_rows),
                (False, True, True, True, True),
            ),
        )
    ]


def _three_public_values(
    report: Report, unit: Unit, series: tuple[str, ...], notes: list[str]
) -> tuple[list[Value | None], str | None]:
    """A year's control and actual spending in the chart's unit (None where not printed or
    not convertible, with a note); and how approximate the printed figures are."""
    key = key_figures(report)
    items = report.three_public.items if report.three_public is not None else []
    approx = next((f.approx for i in items for f in (i.control, i.actual) if f and f.approx), None)
    values: list[Value | None] = []
    for name, amount in zip(
        series, (key.three_public_control, key.three_public_actual), strict=True
    ):
        if amount is None:
            values.append(None)
            continue
        own = key.three_public_unit_info
        text = approx_text(amount, own.name, approx)
        value = _converted(Value(amount, own.name, text, approx, info=own), unit)
        if value is None:
            notes.append(f"{report.year}年“三公”经费{name}以“{own.name}”为单位，未作图。")
        elif value.note:
            notes.append(f"{report.year}年“三公”经费{name}：{value.note}")
        values.append(value)
    return values, approx


def _three_public_clauses(rows: list[tuple[int, Row]]) -> list[str]:
    """The chart's description, a clause a year."""
    clauses = []
    for year, row in rows:
        control, actual = row.values
        if actual is not None and control is not None and row.rate is not None:
            clauses.append(
                f"{_year(year)}实际支出{actual.text()}，为控制数{control.text()}的"
                f"{'约' if row.approx_rate else ''}{row.rate}%"
            )
        elif actual is not None:
            clauses.append(f"{_year(year)}实际支出{actual.text()}")
        else:
            clauses.append(f"{_year(year)}未列“三公”经费实际支出")
    return clauses


def three_public(reports: list[Report]) -> list[Chart]:
    """“三公”经费 control and actual spending by year; a year with none spent is a bar of 0."""
    series = ("控制数", "实际支出数")
    unit = key_figures(reports[-1]).three_public_unit_info
    notes: list[str] = []
    rows: list[tuple[int, Row]] = []
    table_rows = []
    for report in reports:
        values, approx = _three_public_values(report, unit, series, notes)
        control, actual = values
        rate = percent(actual.value, control.value) if control and actual else None
        gap = "" if report.three_public is not None else "本年度报告未列“三公”经费"
        row = Row(
            _year(report.year),
            None,
            rate=rate,
            approx_rate=bool(approx),
            values=tuple(values),
            remark=gap,
        )
        rows.append((report.year, row))
        shown = f"{'约' if approx else ''}{rate}%" if rate is not None else "—"
        table_rows.append((_year(report.year), _cell(control), _cell(actual), shown))
    if all(v is None for _, row in rows for v in row.values):
        return []
    return [
        Chart(
            year=reports[-1].year,
            id="three-public",
            place="key-figures",
            kind="years",
            title="历年“三公”经费：控制数与实际支出",
            alt="“三公”经费合计：" + _sentence(_three_public_clauses(rows)),
            axis_label=f"金额（{unit.name}）",
            rows=tuple(row for _, row in rows),
            series=series,
            notes=tuple(notes),
            table=Table(
                ("年度", "控制数合计", "实际支出数合计", "实际占控制数（计算）"),
                tuple(table_rows),
                (False, True, True, True),
            ),
        )
    ]


def self_score(reports: list[Report]) -> list[Chart]:
    """The self-evaluation score by year, with the grade each report gave."""
    rows = []
    table_rows = []
    for report in reports:
        key = key_figures(report)
        if key.score is None:
            continue  # a year that states no score is no point on the chart
        score = Value.of(key.score)
        grade = key.grade or "原文未载明"
        rows.append(Row(_year(report.year), None, values=(score,), remark=f"（{grade}）"))
        table_rows.append((_year(report.year), score.text(), grade, key.grade_by_score or "—"))
    if not rows:
        return []
    units = {r.values[0].unit for r in rows if r.values[0] is not None}
    if len(units) != 1:
        return []
    clauses = [f"{r.label}{r.values[0].text()}{r.remark}" for r in rows if r.values[0]]
    return [
        Chart(
            year=reports[-1].year,
            id="self-score",
            place="key-figures",
            kind="years",
            title="历年自评得分与等级",
            alt="自评得分与等级：" + _sentence(clauses),
            axis_label=f"自评得分（{units.pop()}）",
            rows=tuple(rows),
            series=("自评得分",),
            table=Table(
                ("年度", "自评得分", "等级（原文）", "按得分应为（计算）"),
                tuple(table_rows),
                (False, True, False, False),
            ),
        )
    ]


def _economic(report: Report) -> Classification | None:
    return by_economic(report)


def spending_economic(reports: list[Report]) -> list[Chart]:
    """Spending by economic classification by year, classes joined by name."""
    names: dict[str, None] = {}
    for report in reports:
        c = _economic(report)
        names.update(dict.fromkeys(p.name for p in c.parts) if c is not None else {})
    listed = [r for r in reports if _economic(r) is not None]
    if len(listed) < 2 or len(names) < 2:
        return []
    newest = _economic(listed[-1])
    assert newest is not None
    unit = newest.parts[0].value.used_unit_info
    series = tuple(names)
    notes: list[str] = []
    rows: list[tuple[int, Row]] = []
    remarks: list[str] = []
    for report in reports:
        c = _economic(report)
        by_name = {p.name: p.value for p in c.parts} if c is not None else {}
        values = tuple(_in_unit(by_name.get(n), unit, report.year, n, notes) for n in series)
        gap = "" if c is not None else "本年度报告未按经济分类列支出"
        rows.append((report.year, Row(_year(report.year), None, values=values, remark=gap)))
        remarks += [
            n for v, name in zip(values, series, strict=True) if (n := _note(report.year, name, v))
        ]
    clauses = _movements(series, rows) + _missing(series, rows)
    clauses += [f"{_year(year)}报告未按经济分类列支出" for year, row in rows if row.remark]
    return [
        Chart(
            year=reports[-1].year,
            id="spending-economic",
            place="economic",
            kind="years",
            title="历年支出按经济分类",
            alt=f"{_span(reports)}按经济分类的支出：" + _sentence(clauses),
            axis_label=f"金额（{unit.name}）",
            rows=tuple(row for _, row in rows),
            series=series,
            notes=tuple(notes + remarks),
            table=Table(
                ("年度", *series),
                tuple((row.label, *(_cell(v) for v in row.values)) for _, row in rows),
                (False, *(True for _ in series)),
            ),
        )
    ]


def _target_result(indicator: Indicator, unit: Unit) -> tuple[Value | None, Value | None]:
    target = _converted(Value.of(indicator.target), unit) if indicator.target else None
    result = _converted(Value.of(indicator.result), unit) if indicator.result else None
    return target, result


def _met(indicator: Indicator, target: Value, result: Value) -> bool:
    return {
        "≥": result.base() >= target.base(),
        "≤": result.base() <= target.base(),
        "=": result.base() == target.base(),
    }[indicator.operator]


def indicator_trends(reports: list[Report]) -> list[Chart]:
    """Each recurring indicator (joined by id across renames): target and result by year."""
    return [
        chart
        for history in indicator_histories(reports)
        if (chart := _indicator_trend(history, reports)) is not None
    ]


def _verdict(indicator: Indicator, met: bool | None) -> str:
    if met is None:
        return "—"
    if indicator.operator == "≤":
        return "未超过上限" if met else "超过上限"
    return "达到目标" if met else "未达到目标"


def _renamed(history: IndicatorHistory) -> str:
    """The indicator's earlier names, said after its name in the description."""
    names = dict.fromkeys(e.indicator.name for e in history.years)
    earlier = [name for name in names if name != history.name]
    return f"（曾名“{'”“'.join(earlier)}”，按编号对应为同一指标）" if earlier else ""


def _axis_unit(indicators: list[Indicator]) -> Unit | None:
    """The unit most used by the printed targets and results (of those, the newest); None
    with nothing to draw, or kinds no one axis can carry (the table shows them)."""
    printed = [f for i in indicators for f in (i.target, i.result) if f is not None]
    if not printed or len({f.family for f in printed}) != 1:
        return None
    units = [f.used_unit_info for f in printed]
    return max(reversed(units), key=units.count)


def _indicator_trend(history: IndicatorHistory, reports: list[Report]) -> Chart | None:
    present = {entry.year: entry.indicator for entry in history.years}
    newest = history.years[-1].indicator
    unit = _axis_unit(list(present.values()))
    if unit is None:
        return None
    series = ("上限" if newest.operator == "≤" else "目标", "完成")
    years = [r.year for r in reports if min(present) <= r.year <= max(present)]
    rows: list[Row] = []
    table_rows = []
    clauses: list[str] = []
    notes: list[str] = []
    for year in years:
        indicator = present.get(year)
        if indicator is None:
            rows.append(Row(_year(year), None, values=(None, None), remark="本年度报告未列此指标"))
            table_rows.append((_year(year), "（未列此指标）", "—", "—", "—", "—"))
            clauses.append(f"{_year(year)}报告未列此指标")
            continue
        target, result = _target_result(indicator, unit)
        rate = met = None
        if target is not None and result is not None:
            rate = percent(result.base(), target.base())
            met = _met(indicator, target, result)
        approx = bool((target and target.approx) or (result and result.approx))
        renamed = f"（原名“{indicator.name}”）" if indicator.name != history.name else ""
        label = _year(year) + renamed
        rows.append(
            Row(label, None, rate=rate, approx_rate=approx, met=met, values=(target, result))
        )
        shown = f"{'约' if approx else ''}{rate}%" if rate is not None else "—"
        cells = (_cell(target), _cell(result), shown, _verdict(indicator, met))
        table_rows.append((_year(year), indicator.name, *cells))
        pairs = zip((target, result), series, strict=True)
        notes += [n for v, what in pairs if (n := _note(year, what, v))]
        clause = f"{_year(year)}{series[0]}{_cell(target)}，完成{_cell(result)}"
        clauses.append(clause + (f"（{shown}）" if rate is not None else ""))
    axis = {MONEY: "金额", RATIO: "比率"}.get(unit.family, "数量")
    return Chart(
        year=reports[-1].year,
        id=f"indicator-{history.id}",
        place=f"indicator-{history.id}",
        kind="years",
        title=f"历年{series[0]}与完成：{history.name}",
        alt=f"{history.name}{_renamed(history)}：" + _sentence(clauses),
        axis_label=f"{axis}（{unit.name}）",
        rows=tuple(rows),
        series=series,
        notes=tuple(notes),
        table=Table(
            ("年度", "原文名称", series[0], "完成", "完成率（计算）", "结果"),
            tuple(table_rows),
            (False, False, True, True, True, False),
        ),
    )


TREND_BUILDERS: tuple[TrendBuilder, ...] = (
    budget_execution,
    three_public,
    self_score,
    spending_economic,
    indicator_trends,
)
