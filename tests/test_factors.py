"""Declared units through their factors in every rule, their families matched exactly, exact
arithmetic whatever the digits; figures that cannot be what was printed refused while read.

The refusals as `jixiao check` prints them are cases of tests/corpus; here the rules' side:
the right figure in a declared unit passes, the wrong one is found."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jixiao.checks.rules import Finding, in_unit, run_checks
from jixiao.model.report import Report
from jixiao.model.units import REGISTRY, Unit, blank, declared_units, padded
from tests.synthetic import report, theme

PER_MILLE = {"name": "‰", "family": "比率", "factor": "0.1", "note": "原文以千分比计"}
POINTS = {"name": "点", "family": "分数", "factor": "0.5", "note": "原文2点合1分"}


def findings(r: Report, rule: str) -> list[Finding]:
    return [f for f in run_checks(r) if f.rule == rule]


def three_public(rate: str, **changes: Any) -> Report:
    item = {"category": "公务接待费", "name": "招待费", "control": "5万元", "actual": "2万元"}
    return report(execution={"three_public": {"items": [{**item, "rate": rate}]}}, **changes)


def test_a_rate_in_per_mille_is_compared_in_per_mille() -> None:
    assert findings(three_public("400‰", units=[PER_MILLE]), "rate") == []
    [wrong] = findings(three_public("40‰", units=[PER_MILLE]), "rate")
    assert wrong.computed == "400‰" and wrong.difference == "36个百分点"
    assert findings(three_public("40%"), "rate") == []


def test_an_indicator_rate_in_per_mille() -> None:
    indicator = {"id": "i", "name": "指标", "target": "100人", "result": "120人"}
    right = theme(indicators=[{**indicator, "rate": "1200‰"}])
    wrong = theme(indicators=[{**indicator, "rate": "120‰"}])
    assert findings(report(performance=right, units=[PER_MILLE]), "rate") == []
    assert findings(report(performance=wrong, units=[PER_MILLE]), "rate") != []


def scored(score: str, grade: str) -> Report:
    return report(performance={"score": score, "grade": grade}, units=[POINTS])


def test_a_grade_follows_the_score_in_points_not_its_number() -> None:
    assert findings(scored("190点", "优秀"), "grade") == []  # 95分
    [f] = findings(scored("170点", "优秀"), "grade")  # 85分
    assert f.computed == "良"
    assert findings(scored("170点", "良好"), "grade") == []


def test_a_score_in_points_is_out_of_100_fen() -> None:
    assert scored("200点", "优秀").score is not None  # 100分: full marks
    with pytest.raises(ValidationError, match="plausible_score"):
        scored("202点", "优秀")


def test_a_declared_family_is_matched_exactly() -> None:
    for family in ("金额　", " 金额", "金额\u200b", "\u00a0金额"):
        assert padded(family)
        assert declared_units([{"name": "美元", "family": family}]) == {}
        # a zero-width space is refused before the family is read, as in any text
        refused = "control_character" if "\u200b" in family else "unit_declared_family"
        with pytest.raises(ValidationError, match=refused):
            report(units=[{"name": "美元", "family": family, "note": "外币"}])
    assert not padded("金额") and not padded("外 币")
    assert declared_units([{"name": "美元", "family": "外币"}])["美元"].family == "外币"


def test_a_sum_one_yuan_short_is_found_whatever_the_factor_digits() -> None:
    big = {"name": "大元", "family": "金额", "factor": "100000000000000001", "note": "虚构"}
    breakdown = {
        "id": "b",
        "name": "分项",
        "total": "1000000000000大元",
        "parts": [
            {"name": "甲", "value": "999999999999大元"},
            {"name": "乙", "value": "100000000000000000元"},  # the factor less 1元
        ],
    }
    [f] = findings(report(performance=theme(breakdowns=[breakdown]), units=[big]), "parts-sum")
    assert f.difference == "-1元"
    exact = {
        **breakdown,
        "parts": [*breakdown["parts"][:1], {"name": "乙", "value": "100000000000000001元"}],
    }
    assert findings(report(performance=theme(breakdowns=[exact]), units=[big]), "parts-sum") == []


def test_a_value_its_unit_cannot_write_exactly_is_shown_in_the_base_unit() -> None:
    assert in_unit(REGISTRY["万元"].factor * 45 / 10, REGISTRY["万元"]) == "4.5万元"
    odd = Unit("大元", "金额", REGISTRY["元"].factor * 3)
    assert in_unit(REGISTRY["元"].factor, odd) == "1元"


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({"performance": {"score": "970分"}}, "plausible_score"),
        ({"performance": {"score": "97万元"}}, "plausible_family"),
        ({"title": " "}, "plausible_blank"),
        ({"title": "　"}, "plausible_blank"),
        ({"title": "\u200b"}, "control_character"),  # invisible, refused as any text
        ({"signature": {"date": "1999-05-20"}}, "plausible_signature"),
        ({"signature": {"date": "2033-05-20"}}, "plausible_signature"),
    ],
)
def test_implausible_figures_and_dates_are_refused(changes: dict[str, Any], kind: str) -> None:
    with pytest.raises(ValidationError, match=kind):
        report(**changes)


def test_a_three_public_rate_in_people_is_refused() -> None:
    with pytest.raises(ValidationError, match="plausible_family"):
        three_public("40人")


def test_plausible_edges_pass() -> None:
    assert report(performance={"score": "100分"}).score is not None
    assert report(signature={"date": "2030-12-31"}).signature.date is not None
    assert report(signature={"date": "2032-05-20"}).signature.date is not None
    assert blank("") and blank(" 　\u200b") and not blank(" 题 ")


def test_approx_null_is_refused_only_against_the_print() -> None:
    stat = {"id": "s", "name": "人数", "value": {"printed": "约500人", "approx": None}}
    with pytest.raises(ValidationError, match="plausible_approx"):
        report(performance=theme(stats=[stat]))
    exact = {**stat, "value": {"printed": "500人", "approx": None}}  # a JSON round trip
    assert report(performance=theme(stats=[exact])) is not None


def score_sheet(scores: tuple[str, str], grade: str) -> Report:
    sheet = {
        "kind": "score",
        "id": "s",
        "title": "得分表",
        "items": [
            {"name": "决策", "weight": "100点", "score": scores[0]},
            {"name": "绩效", "weight": "100点", "score": scores[1]},
        ],
        "grade": grade,
    }
    return report(performance={"tables": [sheet], "score": "85分", "grade": "良好"}, units=[POINTS])


def test_a_score_sheet_in_points_adds_and_grades_in_fen() -> None:
    right = score_sheet(("90点", "80点"), "良好")  # 45分 + 40分 = 85分
    assert [f.rule for f in run_checks(right) if f.rule.startswith("table")] == []
    [graded] = [
        f for f in run_checks(score_sheet(("90点", "80点"), "优秀")) if f.rule == "table-grade"
    ]
    assert graded.computed == "良"
    [over] = [
        f for f in run_checks(score_sheet(("90点", "110点"), "良好")) if f.rule == "table-score-max"
    ]
    assert over.stated == "110点"
