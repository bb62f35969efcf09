"""Synthetic portals for the portal's page tests (虚构: every department is made up here).

``department`` builds one department's year from tests/synthetic.py's base report with its
key figures changed or left out (None: the report does not state it); ``county`` is a
portal of five departments in two groups that between them hold every case the pages must
show: figures in 元 and in 万元, 三公 over and under control, figures not stated, a printed
grade the score does not earn, names and groups with markup in them, a department that
did not publish the newest year.
"""

from __future__ import annotations

from typing import Any

from jixiao.derive.portal import DepartmentSite, Portal, department_site
from jixiao.model.report import Report
from tests.synthetic import report

UNSET: Any = object()


def year_report(
    name: str,
    year: int = 2030,
    *,
    budget: str | None = "100万元",
    income: str | None = UNSET,
    spending: str | None = "90万元",
    score: str | None = "95分",
    grade: str | None = "优秀",
    three: tuple[str, str] | None = None,  # (control, actual)
) -> Report:
    execution: dict[str, Any] = {"spending": spending}
    if income is not UNSET:
        execution["income"] = income
    if three is not None:
        control, actual = three
        item = {"category": "公务接待费", "name": "招待费", "control": control, "actual": actual}
        execution["three_public"] = {"items": [item]}
    return report(
        year=year,
        department={"name": name},
        signature={
            "organisation": name,
            "date": f"{year + 1}-05-01",
            "printed_date": f"{year + 1}年5月1日",
        },
        budget={"total": budget},
        execution=execution,
        performance={"score": score, "grade": grade},
    )


def department(id: str, group: str, *reports: Report) -> DepartmentSite:
    return department_site(id, group, reports)


def county() -> Portal:
    return Portal("虚构县", tuple(department(*entry) for entry in county_reports()))


def county_reports() -> list[tuple[Any, ...]]:
    """The county's departments (id, group, then each year's report)."""
    return [
        (
            "caizheng",
            "县委部门",
            year_report("虚构县财政局", 2029, budget="80万元"),
            year_report("虚构县财政局", income="98.50万元", three=("10万元", "12.5万元")),
        ),
        (
            "yuan",
            "县委部门",
            year_report(
                "虚构县元计局",
                budget="5217500元",
                spending="4000000元",
                three=("30000元", "20000元"),
            ),
        ),
        (
            "quewei",
            "政府工作部门",
            year_report("虚构县缺项局", budget=None, score=None, grade=None),
        ),
        (
            "dishu",
            "政府工作部门",
            year_report("虚构县低分局", spending="120万元", score="70分", grade="优"),
        ),
        (
            "markup",
            "其他<b>单位</b>",
            year_report("虚构县<script>alert(1)</script>局|*强*", 2029, budget="50万元"),
        ),
    ]
