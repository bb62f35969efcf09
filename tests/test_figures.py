from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from jixiao.model.figures import Figure, read_printed


class Holder(BaseModel):
    value: Figure


def fig(raw: object) -> Figure:
    return Holder.model_validate({"value": raw}).value


@pytest.mark.parametrize(
    ("printed", "value", "unit", "approx"),
    [
        ("521.75万元", "521.75", "万元", None),
        ("29万元", "29", "万元", None),
        ("78546.46元", "78546.46", "元", None),
        ("约500人", "500", "人", "约"),
        ("约 0.53万人", "0.53", "万人", "约"),
        ("约3264 人", "3264", "人", "约"),
        ("200余万元", "200", "万元", "余"),
        ("40多人", "40", "人", "多"),
        ("150余户", "150", "户", "余"),
        ("227 %", "227", "%", None),
        ("91.56%", "91.56", "%", None),
        ("97分", "97", "分", None),
    ],
)
def test_printed_figures_are_read_exactly(
    printed: str, value: str, unit: str, approx: str | None
) -> None:
    figure = fig(printed)
    assert figure.printed == printed
    assert figure.value == Decimal(value)
    assert str(figure.value) == value  # the printed precision is kept
    assert figure.unit == unit
    assert figure.approx == approx


def test_precision_is_the_printed_one() -> None:
    assert fig("0.30万元").places == 2
    assert fig("0.3万元").places == 1
    assert fig("29万元").places == 0
    assert fig("4.5万元").in_base_unit() == Decimal("45000.0")


def test_values_are_decimal_not_float() -> None:
    parts = [fig("0.1万元"), fig("0.2万元")]
    assert sum(p.value for p in parts) == Decimal("0.3")
    assert all(isinstance(p.value, Decimal) for p in parts)


def test_a_figure_whose_print_cannot_be_read_keeps_its_print_with_a_note() -> None:
    figure = fig({"printed": "0万无", "value": 0, "unit": "万元", "note": "“无”为“元”之误"})
    assert figure.printed == "0万无"
    assert (figure.value, figure.unit) == (Decimal(0), "万元")
    read = fig({"printed": "436.4万", "unit": "万元", "note": "单位作“万”"})
    assert read.value == Decimal("436.4")


def test_an_unreadable_misprint_is_read_through_its_correction() -> None:
    figure = fig({"printed": "0万无", "correction": {"to": "0万元", "reason": "“无”为“元”之误"}})
    assert (figure.printed, figure.used_value, figure.used_unit) == ("0万无", Decimal(0), "万元")
    assert figure.correction is not None and figure.correction.reason == "“无”为“元”之误"


def test_a_reading_other_than_the_print_needs_a_note() -> None:
    with pytest.raises(ValidationError, match="note"):
        fig({"printed": "2017万元", "value": "2.17", "unit": "万元"})
    with pytest.raises(ValidationError, match="note"):
        fig({"printed": "0万无", "value": 0, "unit": "万元"})


@pytest.mark.parametrize(
    "bad", ["521.75", "12", "五百人", "521.75 万美元", "-3万元", "1,136人", ""]
)
def test_figures_without_a_known_unit_or_number_are_rejected(bad: str) -> None:
    with pytest.raises(ValidationError):
        fig(bad)


def test_bare_numbers_are_rejected_for_want_of_a_unit() -> None:
    with pytest.raises(ValidationError, match="数字的写法不对"):
        fig(Decimal("97"))


def test_unknown_unit_in_mapping_is_named() -> None:
    with pytest.raises(ValidationError, match="未知单位"):
        fig({"printed": "3斤", "value": 3, "unit": "斤", "note": "x"})


def test_read_printed_reports_unknown_units_to_the_caller() -> None:
    reading = read_printed("436.4万")
    assert reading is not None and reading.unit == "万"
    assert read_printed("不是数字") is None
