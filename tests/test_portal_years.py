"""What the county's pages show of each department's year (jixiao/derive/portal.py), kept by
a portal build so that a department whose data did not change is not read again: read back
from its JSON, it equals what the year gave, declared units and corrected misprints
included; anything else reads back as nothing, never as other figures."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jixiao.derive.portal import published_year, years_from_json, years_json
from jixiao.model.loader import data_files, load_all
from tests.synthetic import FULL, TABLES, YEARS, report

POINTS = {"name": "点", "family": "分数", "factor": "0.5", "note": "原文2点合1分"}
MISPRINT = {"printed": "100万无", "correction": {"to": "100万元", "reason": "“无”为“元”之误"}}


def _years() -> list[Any]:
    reports = [
        report(),
        report(performance={"score": "190点", "grade": "优秀"}, units=[POINTS]),
        report(budget={"total": MISPRINT}),
        report(budget={"total": None}, performance={"score": None, "grade": None}),
        *load_all([FULL, TABLES, *data_files(YEARS)]).reports,
    ]
    return [published_year(r) for r in reports]


def _round_trip(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_each_year_reads_back_equal_to_what_it_gave() -> None:
    years = _years()
    back = years_from_json(_round_trip(years_json(years)))
    assert back == tuple(years)
    scored, corrected = years[1].key.score, years[2].key.budget
    assert scored is not None and scored.used_unit_info.factor == 0.5  # the declared 点
    assert corrected is not None and corrected.correction is not None
    assert years[3].key.budget is None and years[3].key.score is None  # not stated stays so


@pytest.mark.parametrize(
    "damage",
    [
        lambda ys: ys[0].update(year="2030"),
        lambda ys: ys[0]["key"].pop("budget"),
        lambda ys: ys[0]["key"]["budget"]["figure"].update(value="999"),  # not its print
        lambda ys: ys[0]["key"]["spending_share"].update(decimal="九十"),
        lambda ys: ys[1]["key"]["score"].update(units=[]),  # 点 unknown without its declaration
        lambda ys: ys[0].update(signed="2031-13-01"),
    ],
)
def test_anything_else_reads_back_as_nothing(damage: Any) -> None:
    kept = _round_trip(years_json(_years()[:2]))
    assert isinstance(kept, list)
    damage(kept)
    assert years_from_json(kept) is None
    assert years_from_json({"years": kept}) is None
