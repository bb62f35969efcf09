"""Units from one registry: families, exact conversion within a family, never across one,
an unknown unit explained with its near matches, and units a data file declares."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.charts.catalog import budget_items, spending_economic
from jixiao.checks.rules import Finding, run_checks
from jixiao.derive.keyfigures import key_figures
from jixiao.derive.series import delta
from jixiao.model.figures import UNITS as FIGURE_UNITS
from jixiao.model.figures import Figure, common_unit
from jixiao.model.loader import load_year
from jixiao.model.report import Report
from jixiao.model.tables import Table
from jixiao.model.units import REGISTRY, UNITS, lookup, near
from jixiao.opendata.diff import sum_figures
from tests.synthetic import FULL_TEXT, edit, report, theme


def findings(r: Report, rule: str) -> list[Finding]:
    return [f for f in run_checks(r) if f.rule == rule]


def with_breakdown(total: str | None, *parts: str, **changes: Any) -> Report:
    data: dict[str, Any] = {
        "id": "b",
        "name": "分项",
        "parts": [{"name": f"项{i}", "value": p} for i, p in enumerate(parts)],
    }
    if total is not None:
        data["total"] = total
    return report(performance=theme(breakdowns=[data]), **changes)


# --- the registry ---------------------------------------------------------------------------


def test_every_unit_the_code_accepted_before_is_still_known_in_its_family() -> None:
    before = {
        "万元": ("元", 10000),
        "元": ("元", 1),
        "%": ("%", 1),
        "分": ("分", 1),
        "万人": ("人", 10000),
        "人": ("人", 1),
        "名": ("人", 1),
        "人次": ("人次", 1),
        "次": ("次", 1),
        "件": ("件", 1),
        "起": ("件", 1),
        "张": ("张", 1),
        "条": ("条", 1),
        "户": ("户", 1),
        "家": ("家", 1),
        "个": ("个", 1),
        "所": ("所", 1),
    }
    for name, (same_as, factor) in before.items():
        unit = REGISTRY[name]
        assert unit.family == REGISTRY[same_as].family, name
        assert unit.factor == factor, name
    assert FIGURE_UNITS is UNITS  # still importable where older code reads it


def test_money_people_and_counts() -> None:
    assert REGISTRY["亿元"].factor == 10**8 and REGISTRY["亿元"].family == REGISTRY["元"].family
    assert REGISTRY["万人"].family == REGISTRY["人"].family
    counts = ["个", "项", "件", "次", "户", "所", "处", "张", "条", "家", "台", "辆", "篇", "期"]
    counts += ["批", "场", "人次"]
    assert len({REGISTRY[c].family for c in counts}) == len(counts)  # none adds to another
    assert REGISTRY["人次"].family != REGISTRY["人"].family
    for measure in ("平方米", "公里", "亩", "吨"):
        assert lookup(measure) is not None
    assert all(isinstance(u.factor, Decimal) for u in REGISTRY.values())


def test_near_matches_of_an_unknown_unit() -> None:
    assert "平方米" in near("平方千米")
    assert near("万") and all(n.startswith("万") for n in near("万"))


# --- conversion wherever arithmetic meets units --------------------------------------------


def test_a_sum_converts_within_a_family_exactly() -> None:
    assert findings(with_breakdown("1.5亿元", "10000万元", "5000万元"), "parts-sum") == []
    [f] = findings(with_breakdown("1.5亿元", "10000万元", "5001万元"), "parts-sum")
    assert (f.computed, f.difference) == ("1.5001亿元", "0.0001亿元")
    assert findings(with_breakdown("2万人", "15000人", "5000名"), "parts-sum") == []


def test_families_never_mix() -> None:
    [f] = findings(with_breakdown("5个", "2项", "3项"), "units")
    assert "个、项" in f.message
    assert findings(with_breakdown("5个", "2项", "3项"), "parts-sum") == []
    assert findings(with_breakdown("3人次", "1人", "2人"), "units") != []
    assert common_unit([Figure.model_validate("3个"), Figure.model_validate("3项")]) is None


def test_a_rate_of_one_family_in_two_units() -> None:
    indicator = {"id": "i", "name": "指标", "target": "2万人", "result": "15000人", "rate": "75%"}
    assert findings(report(performance=theme(indicators=[indicator])), "rate") == []
    wrong = {**indicator, "rate": "76%"}
    assert findings(report(performance=theme(indicators=[wrong])), "rate") != []


def test_three_public_control_and_actual_in_two_units_of_money() -> None:
    item = {
        "category": "公务接待费",
        "name": "招待费",
        "control": "1万元",
        "actual": "5000元",
        "rate": "50%",
    }
    r = report(execution={"three_public": {"items": [item]}})
    assert findings(r, "rate") == []
    key = key_figures(r)
    assert (key.three_public_control, key.three_public_actual) == (Decimal(1), Decimal("0.5"))
    assert key.three_public_unit == "万元" and key.three_public_share == Decimal("50.0")


def test_key_figure_shares_convert_within_money() -> None:
    r = report(budget={"total": "1亿元"}, execution={"spending": "9000万元"})
    assert key_figures(r).spending_share == Decimal("90.0")


def test_sums_for_diff_convert_to_the_base_unit_exactly() -> None:
    figures = [Figure.model_validate(t) for t in ("1.5亿元", "0.5万元", "1元")]
    assert sum_figures(figures) == (Decimal("150005001"), "元")


# --- an unknown unit, and units a data file declares ---------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "2030.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_unit_is_located_with_near_matches_and_how_to_declare_it(
    tmp_path: Path,
) -> None:
    text = edit(FULL_TEXT, "total: 300.5万元", "total: 300.5万圆")
    _, problems = load_year(write(tmp_path, text))
    [p] = problems
    assert p.line == line_of(text, "total: 300.5万圆")
    assert p.message == "未知单位“万圆”。"
    assert p.found == "“300.5万圆”"
    assert "万元" in p.hint and "units: [{name: 万圆, family:" in p.hint


def unit_text(declare: str, figure: str) -> str:
    """The full report with ``declare`` at its top level and one 三公 control in ``figure``."""
    text = edit(FULL_TEXT, "\ntitle: ", f"\n{declare}\ntitle: ")
    return text.replace("total_control: 8万元", f"total_control: {figure}")


def test_a_declared_unit_is_usable_in_its_file_and_converts_within_its_family(
    tmp_path: Path,
) -> None:
    declare = "units:\n  - {name: 公顷, family: 面积, factor: 10000, note: 原文用于耕地面积}"
    text = edit(FULL_TEXT, "\ntitle: ", f"\n{declare}\ntitle: ")
    report_, problems = load_year(write(tmp_path, text))
    assert problems == [] and report_ is not None
    assert report_.units[0].name == "公顷"
    hectare = {"name": "公顷", "family": "面积", "factor": "10000"}
    with_area = with_breakdown("2公顷", "10000平方米", "1公顷", units=[hectare])
    assert findings(with_area, "parts-sum") == []
    assert findings(with_area, "units") == []


def test_a_unit_of_a_new_family_adds_only_to_itself() -> None:
    declared = [{"name": "标准箱", "family": "标准箱", "note": "原文用于统计货运"}]
    assert findings(with_breakdown("3标准箱", "1标准箱", "2标准箱", units=declared), "units") == []
    assert findings(with_breakdown("3标准箱", "1个", "2标准箱", units=declared), "units") != []


def test_a_declared_unit_is_unknown_in_a_file_that_does_not_declare_it(tmp_path: Path) -> None:
    _, problems = load_year(write(tmp_path, unit_text("", "8标准箱")))
    assert [p.message for p in problems] == ["未知单位“标准箱”。"]


@pytest.mark.parametrize(
    ("declare", "message"),
    [
        ("{name: 公顷, family: 面积}", "类别“面积”已有单位（基本单位：平方米），须写 factor"),
        ("{name: 万元, family: 金额, factor: 10000}", "单位“万元”已有（类别：金额），不必声明"),
        ("{name: 3箱, family: 箱}", "单位“3箱”写法不对"),
    ],
)
def test_a_declaration_that_cannot_be_used_is_a_located_problem(
    tmp_path: Path, declare: str, message: str
) -> None:
    text = unit_text(f"units:\n  - {declare}", "8万元")
    _, problems = load_year(write(tmp_path, text))
    [p] = problems
    assert p.message.startswith(message), p.message
    assert p.line == line_of(text, declare) and p.field == "units[0]" and p.hint


def test_a_unit_declared_twice_is_one_problem_at_the_second(tmp_path: Path) -> None:
    declare = "units:\n  - {name: 标准箱, family: 箱}\n  - {name: 标准箱, family: 箱}"
    text = unit_text(declare, "8万元")
    _, problems = load_year(write(tmp_path, text))
    [p] = problems
    assert p.field == "units[1].name" and p.line == line_of(text, "{name: 标准箱") + 1


def test_charts_compare_a_total_in_another_unit_of_money() -> None:
    items = [{"name": "工资", "value": "60万元"}, {"name": "公用经费", "value": "40万元"}]
    [agrees] = budget_items(report(budget={"total": "1000000元", "items": items}))
    assert agrees.notes == () and "不符" not in agrees.alt
    items[1]["value"] = "41万元"
    [differs] = budget_items(report(budget={"total": "1000000元", "items": items}))
    assert differs.notes == ("各项合计101万元，与原文合计1000000元不符。",)
    parts = [{"name": "工资", "value": "45万元"}, {"name": "公用经费", "value": "45万元"}]
    execution = {"spending": "900000元", "by_economic": {"parts": parts}}
    [shares] = spending_economic(report(execution=execution))
    assert [row.rate for row in shares.rows] == [Decimal("50.0"), Decimal("50.0")]
    assert shares.notes == ()


def test_the_change_from_last_year_converts_within_a_family() -> None:
    change = delta(Figure.model_validate("150000元"), Figure.model_validate("12万元"))
    assert change is not None
    assert (change.amount, change.unit, change.percent) == (Decimal(30000), "元", Decimal("25.0"))
    assert delta(Figure.model_validate("5人"), Figure.model_validate("5万元")) is None


def test_a_declared_unit_is_usable_in_a_table_cell() -> None:
    hectare = {"name": "公顷", "family": "面积", "factor": "10000"}
    table = {"id": "land", "title": "用地情况", "header": [["项目", "面积"]]}
    written = {**table, "rows": [["耕地", "2公顷"], ["林地", {"text": "3", "unit": "公顷"}]]}
    cells = report(units=[hectare], overview={"tables": [written]}).overview
    assert cells is not None and isinstance(cells.tables[0], Table)
    figures = [c.figure for row in cells.tables[0].rows for c in row.cells if c.figure]
    assert [(f.printed, f.used_unit_info.factor) for f in figures] == [
        ("2公顷", Decimal(10000)),
        ("3", Decimal(10000)),
    ]
    with pytest.raises(ValueError, match="未知单位“公顷”"):
        report(overview={"tables": [written]})  # not declared in this file
