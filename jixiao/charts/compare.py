"""The chart of a year's comparison page: each department's spending as a share of its budget.

One bar a department, highest first (of equals, in the county's order), the rate written
at the bar as its report page prints it.  A department whose report does not state its
budget or its spending (or whose rate cannot be computed) gets no bar of 0: it is named
under the chart as not drawn.  The rates are the report pages' own Decimals; they become
floats only as drawing coordinates (``jixiao.charts.draw``).
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.charts.data import Chart, Row, Table, Value
from jixiao.derive.compare import Amount, CompareRow, Comparison, Money
from jixiao.model.units import REGISTRY

CHART_ID = "execution-rate"
PLACE = "compare"
PERCENT = REGISTRY["%"]


def _shown(money: Money | None) -> str:
    if money is None:
        return "原文未载明"
    return money.number() if isinstance(money, Amount) else money.printed


def _rate(rate: Decimal) -> Value:
    return Value(rate, "%", f"{rate}%", info=PERCENT)


def execution_chart(table: Comparison) -> Chart | None:
    """The year's chart; None when no department's rate can be computed."""
    drawn = [row for row in table.rows if row.execution is not None]
    if not drawn or table.year is None:
        return None
    order = sorted(drawn, key=lambda row: -(row.execution or Decimal(0)))  # stable: county order
    rows = tuple(Row(row.department.name, _rate(row.execution or Decimal(0))) for row in order)
    missing = [row.department.name for row in table.rows if row.execution is None]
    notes = (
        (
            f"以下部门（单位）原文未载明年初预算或全年实际支出，无法计算，未作图：{'、'.join(missing)}。",
        )
        if missing
        else ()
    )
    return Chart(
        year=table.year,
        id=CHART_ID,
        place=PLACE,
        kind="bars",
        title=f"{table.year}年度各部门支出占年初预算（计算值）",
        alt=_alt(table.year, order, missing),
        axis_label="全年实际支出占年初预算（%）",
        rows=rows,
        notes=notes,
        table=_table(table),
    )


def _alt(year: int, order: list[CompareRow], missing: list[str]) -> str:
    top, bottom = order[0], order[-1]
    said = f"{year}年度{len(order)}个部门（单位）全年实际支出占年初预算"
    if len(order) == 1:
        said += f"：{top.department.name}为{top.execution}%"
    else:
        said += (
            f"，最高为{top.department.name}（{top.execution}%），"
            f"最低为{bottom.department.name}（{bottom.execution}%）"
        )
    if missing:
        said += f"；{len(missing)}个部门（单位）无法计算，未作图"
    return said + "。"


def _table(table: Comparison) -> Table:
    unit = table.unit.name
    return Table(
        (
            "部门（单位）",
            f"年初预算（{unit}）",
            f"全年实际支出（{unit}）",
            "支出占年初预算（计算）",
        ),
        tuple(
            (
                row.department.name,
                _shown(row.budget),
                _shown(row.spending),
                f"{row.execution}%" if row.execution is not None else "无法计算",
            )
            for row in table.rows
        ),
        (False, True, True, True),
    )
