"""Each rule of the check engine, consistent and inconsistent."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.checks.audit import audit
from jixiao.checks.personal import is_id_card
from jixiao.checks.rules import Finding, run_checks
from jixiao.model.report import Report
from tests.synthetic import report, theme


def findings(r: Report, rule: str) -> list[Finding]:
    return [f for f in run_checks(r) if f.rule == rule]


def breakdown(total: str | None, *parts: str, exhaustive: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "b",
        "name": "分项",
        "parts": [{"name": f"项{i}", "value": p} for i, p in enumerate(parts)],
        "exhaustive": exhaustive,
    }
    if total is not None:
        data["total"] = total
    return data


def with_breakdown(total: str | None, *parts: str, exhaustive: bool = True) -> Report:
    return report(performance=theme(breakdowns=[breakdown(total, *parts, exhaustive=exhaustive)]))


# --- parts-sum ------------------------------------------------------------------


def test_sum_consistent() -> None:
    assert (
        findings(
            with_breakdown("281479条", "153592条", "54618条", "60302条", "7419条", "5548条"),
            "parts-sum",
        )
        == []
    )


def test_sum_inconsistent_names_stated_computed_and_difference() -> None:
    [f] = findings(with_breakdown("185人", "34人", "121人", "28人"), "parts-sum")
    assert (f.stated, f.computed, f.difference) == ("185人", "183人", "-2人")
    assert f.field == "sections.performance.sections.theme-1.breakdowns[0]"
    assert "相差2人" in f.message


def test_sum_mixes_units_of_one_dimension() -> None:
    assert findings(with_breakdown("1.0万元", "5000元", "0.5万元"), "parts-sum") == []
    [f] = findings(with_breakdown("1.0万元", "5000元", "0.6万元"), "parts-sum")
    assert f.computed == "1.1万元"


def test_a_total_printed_coarser_may_be_the_rounded_sum() -> None:
    assert findings(with_breakdown("1147.5万元", "1105.35万元", "42.19万元"), "parts-sum") == []
    assert findings(with_breakdown("1147.5万元", "1105.35万元", "42.21万元"), "parts-sum") != []


@pytest.mark.parametrize(
    ("total", "parts", "consistent"),
    [
        ("约500人", ("240人", "250人"), True),  # 约 is ±10%
        ("约500人", ("300人", "300人"), False),
        ("200余万元", ("150万元", "80万元"), True),  # 余: 200 up to 300
        ("200余万元", ("150万元", "200万元"), False),
        ("30多件", ("20件", "15件"), True),  # 多: 30 up to 40
        ("30多件", ("20件", "25件"), False),
        ("100人", ("约50人", "约50人"), True),
    ],
)
def test_sum_with_approximate_figures(total: str, parts: tuple[str, ...], consistent: bool) -> None:
    assert (findings(with_breakdown(total, *parts), "parts-sum") == []) is consistent


def test_partial_listing_only_fails_when_the_parts_exceed_the_total() -> None:
    assert findings(with_breakdown("783万元", "54.9万元", exhaustive=False), "parts-sum") == []
    [f] = findings(with_breakdown("783万元", "800万元", exhaustive=False), "parts-sum")
    assert "超过" in f.message


def test_nested_parts_add_up_to_their_part() -> None:
    def nested(sub: str) -> Report:
        data = breakdown("34人", "34人")
        data["parts"][0]["parts"] = [{"name": "甲", "value": "32人"}, {"name": "乙", "value": sub}]
        return report(performance=theme(breakdowns=[data]))

    assert findings(nested("2人"), "parts-sum") == []
    [f] = findings(nested("3人"), "parts-sum")
    assert f.field == "sections.performance.sections.theme-1.breakdowns[0].parts[0]"


def test_budget_items_and_spending_classification() -> None:
    items = [{"name": "甲", "value": "60万元"}, {"name": "乙", "value": "40万元"}]
    assert findings(report(budget={"items": items}), "parts-sum") == []
    items[1]["value"] = "41万元"
    [f] = findings(report(budget={"items": items}), "parts-sum")
    assert f.field == "sections.budget.items"
    economic = {
        "parts": [
            {"name": "工资福利支出", "value": "80万元"},
            {"name": "商品和服务支出", "value": "10万元"},
        ]
    }
    assert findings(report(execution={"by_economic": economic}), "parts-sum") == []
    economic["parts"][1]["value"] = "11万元"
    assert (
        findings(report(execution={"by_economic": economic}), "parts-sum")[0].field
        == "sections.execution.by_economic"
    )


def test_a_correction_is_used_in_the_arithmetic() -> None:
    items: list[dict[str, Any]] = [
        {"name": "甲", "value": "97.83万元"},
        {
            "name": "乙",
            "value": {
                "printed": "2017万元",
                "correction": {"to": "2.17万元", "reason": "小数点误印"},
            },
        },
    ]
    r = report(budget={"items": items})
    assert findings(r, "parts-sum") == []
    result = audit(r)
    assert [c.label for c in result.corrections] == ["乙"]


def test_units_that_cannot_be_added() -> None:
    assert findings(with_breakdown("1.0万元", "5000元", "0.5万元"), "units") == []
    [f] = findings(with_breakdown("43张", "30张", "13人"), "units")
    assert f.stated == "张、人"


def test_indicator_parts_add_up_per_column() -> None:
    def switch(result: str) -> Report:
        parts = [
            {"id": "a", "name": "甲", "target": "2147张", "result": result},
            {"id": "b", "name": "乙", "target": "4940张", "result": "4586张"},
        ]
        total = {"id": "t", "name": "切换", "target": "7087张", "result": "6269张", "parts": parts}
        return report(performance=theme(indicators=[total]))

    assert findings(switch("1683张"), "parts-sum") == []
    [f] = findings(switch("1684张"), "parts-sum")
    assert f.field == "sections.performance.sections.theme-1.indicators[0].result"


# --- rate -------------------------------------------------------------------------


def with_indicator(target: str, result: str, rate: str, operator: str = "≥") -> Report:
    indicator = {
        "id": "i",
        "name": "指标",
        "operator": operator,
        "target": target,
        "result": result,
        "rate": rate,
    }
    return report(performance=theme(indicators=[indicator]))


@pytest.mark.parametrize(
    ("target", "result", "rate", "consistent"),
    [
        ("1136人", "1776人", "156%", True),
        ("10281张", "9414张", "91.56%", True),  # 91.567: truncated
        ("10281张", "9414张", "91.57%", True),  # rounded
        ("10281张", "9414张", "91.6%", True),  # rounded at one decimal
        ("10281张", "9414张", "91.5%", True),  # truncated at one decimal
        ("10281张", "9414张", "91.58%", False),
        ("10281张", "9414张", "91.55%", False),
        ("2147张", "1683张", "78.38%", True),
        ("2147张", "1683张", "78.37%", False),
        ("700人", "1590人", "227 %", True),
        ("700人", "1590人", "228%", False),
        ("400人", "约500人", "125%", True),  # 约500 is 450 to 550
        ("400人", "约500人", "150%", False),
    ],
)
def test_rate_against_result_over_target(
    target: str, result: str, rate: str, consistent: bool
) -> None:
    assert (findings(with_indicator(target, result, rate), "rate") == []) is consistent


def test_a_ceiling_indicator_has_no_completion_rate_to_check() -> None:
    assert findings(with_indicator("4.5%", "3.9%", "87%", operator="≤"), "rate") == []


def three_public(control: str, actual: str, rate: str) -> Report:
    item = {
        "category": "公务接待费",
        "name": "招待费",
        "control": control,
        "actual": actual,
        "rate": rate,
    }
    return report(execution={"three_public": {"items": [item]}})


def test_three_public_rate_and_zero_control() -> None:
    assert findings(three_public("10万元", "4.5万元", "45%"), "rate") == []
    assert findings(three_public("10万元", "4.5万元", "46%"), "rate") != []
    assert findings(three_public("0万元", "0万元", "0%"), "rate") == []  # nothing due: normal
    [f] = findings(three_public("0万元", "1万元", "0%"), "rate")
    assert f.computed == "无法计算"


def test_remaining_is_target_minus_result() -> None:
    def ind(remaining: str) -> Report:
        i = {
            "id": "i",
            "name": "切换",
            "target": "10281张",
            "result": "9414张",
            "remaining": remaining,
        }
        return report(performance=theme(indicators=[i]))

    assert findings(ind("867张"), "remaining") == []
    [f] = findings(ind("866张"), "remaining")
    assert f.computed == "867张"


# --- grade, count, balance -------------------------------------------------------------


def test_grade_against_score_with_default_and_configured_bands() -> None:
    assert findings(report(), "grade") == []
    [f] = findings(report(performance={"score": "85分"}), "grade")
    assert (f.stated, f.computed) == ("优秀", "良")
    bands = [
        {"floor": 85, "grade": "优"},
        {"floor": 75, "grade": "良"},
        {"floor": 60, "grade": "中"},
        {"floor": 0, "grade": "差"},
    ]
    assert findings(report(performance={"score": "85分"}, grade_bands=bands), "grade") == []
    assert findings(report(performance={"score": "59分", "grade": "差"}), "grade") == []


def test_stated_count_against_listed_items() -> None:
    names = [f"股{i}" for i in range(12)]
    assert (
        findings(
            report(overview={"internal_units": {"count": "12个", "names": names}}), "count-listed"
        )
        == []
    )
    [f] = findings(
        report(overview={"internal_units": {"count": "12个", "names": names[:11]}}), "count-listed"
    )
    assert f.computed == "11个"


def test_balance_is_informational() -> None:
    r = report(execution={"income": "100万元", "carry_over": "10万元"})
    assert findings(r, "balance") == []
    [f] = findings(report(execution={"income": "100万元", "carry_over": "5万元"}), "balance")
    assert f.severity == "info"
    assert findings(report(execution={"income": "100万元"}), "balance") == []  # not all stated


# --- fidelity and confidentiality ------------------------------------------------------------


def test_fidelity_catches_a_figure_not_in_its_text() -> None:
    assert findings(report(), "fidelity") == []
    [f] = findings(report(budget={"total": "101万元"}), "fidelity")
    assert f.field == "sections.budget.total" and f.stated == "101万元"


def test_id_card_numbers_need_their_check_digit() -> None:
    assert is_id_card("11010519491231002X")
    assert not is_id_card("110105194912310021")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("联系人身份证11010519491231002X。", True),
        ("联系人身份证110105 19491231 002x。", True),  # grouped, lower-case check character
        ("身份证１１０１０５１９４９１２３１００２Ｘ。", True),  # full-width
        ("旧身份证110105491231002。", True),  # 15 digits, issued before 1999
        ("编号110105194912310021。", False),  # wrong check digit: not an ID number
        ("编号110105491341002。", False),  # 15 digits whose "birth date" is no date
        ("联系电话13812345678。", True),
        ("联系电话138 1234 5678。", True),
        ("联系电话138-1234-5678。", True),
        ("联系电话+86 138 1234 5678。", True),
        ("联系电话0086-13812345678。", True),
        ("联系电话１３８１２３４５６７８。", True),
        ("座机07452223333。", False),
        ("征缴基金8842.45万元。", False),
        ("2021年13个项目、14处。", False),
    ],
)
def test_personal_data_in_any_text_is_an_error(text: str, found: bool) -> None:
    r = report(suggestions={"text": text})
    result = findings(r, "confidential")
    assert bool(result) is found
    if found:
        assert result[0].severity == "error" and result[0].field == "sections.suggestions.text"
        assert "13812345678" not in result[0].message  # the message itself masks the number
        assert "*" in result[0].message and "*" in (result[0].stated or "")


def test_a_number_declared_not_personal_is_not_flagged() -> None:
    text = "项目编号13000011112，联系电话13812345678。"
    declared = [{"number": "13000011112", "reason": "财政项目编号，不是手机号"}]
    result = findings(report(suggestions={"text": text}, not_personal=declared), "confidential")
    assert [f.stated for f in result] == ["138****5678"]  # the other number is still caught


# --- reviews -------------------------------------------------------------------------------


def test_a_reviewed_finding_is_acknowledged_only_with_the_same_values() -> None:
    base = breakdown("185人", "34人", "121人", "28人")
    review = {
        "rule": "parts-sum",
        "field": "sections.performance.sections.theme-1.breakdowns[0]",
        "stated": "185人",
        "computed": "183人",
        "explanation": "原文如此。",
    }
    r = report(performance=theme(breakdowns=[base]), reviews=[review])
    result = audit(r)
    assert result.clean and [rv.explanation for _, rv in result.reviewed] == ["原文如此。"]
    stale = report(performance=theme(breakdowns=[base]), reviews=[{**review, "computed": "182人"}])
    result = audit(stale)
    assert not result.clean
    assert len(result.unreviewed) == 1 and len(result.stale) == 1


def test_personal_data_cannot_be_reviewed_away() -> None:
    review = {
        "rule": "confidential",
        "field": "sections.suggestions.text",
        "stated": "138****5678",
        "explanation": "x",
    }
    r = report(suggestions={"text": "电话13812345678。"}, reviews=[review])
    result = audit(r)
    assert [f.rule for f in result.unreviewed] == ["confidential"]
