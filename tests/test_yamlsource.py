from __future__ import annotations

from decimal import Decimal

from jixiao.source.yamlsource import Position, decode, parse


def test_numbers_are_read_from_their_literal_text() -> None:
    doc = parse("a: 521.750\nb: 0.1\nc: 2021\nd: '12'\n")
    assert doc.issues == []
    assert doc.value == {"a": Decimal("521.750"), "b": Decimal("0.1"), "c": 2021, "d": "12"}
    assert str(doc.value["a"]) == "521.750"
    assert isinstance(doc.value["c"], Decimal)


def test_positions_are_recorded_for_every_node() -> None:
    doc = parse("budget:\n  items:\n    - name: 工资\n      value: 241.83万元\n")
    assert doc.positions[("budget", "items", 0, "value")] == Position(4, 14)
    assert doc.position_of(("budget", "items", 0, "missing")) == Position(3, 7)


def test_duplicate_keys_are_errors_naming_both_lines() -> None:
    doc = parse("year: 2021\ntitle: a\nyear: 2022\n")
    assert len(doc.issues) == 1
    issue = doc.issues[0]
    assert "重复" in issue.message
    assert issue.position == Position(3, 1)
    assert "第 1 行与第 3 行" in issue.found


def test_aliases_are_refused() -> None:
    doc = parse("a: &x {b: 1}\nc: *x\n")
    assert any("锚点" in i.message for i in doc.issues)


def test_yaml_oddities_are_not_silently_misread() -> None:
    doc = parse("a: 010\nb: .nan\nc: 0x1F\nd: 1_000\n")
    assert {i.path for i in doc.issues} == {("a",), ("b",), ("c",), ("d",)}


def test_tab_indentation_gets_a_chinese_hint() -> None:
    doc = parse("a:\n\tb: 1\n")
    assert doc.issues and "Tab" in doc.issues[0].message
    assert doc.issues[0].position is not None and doc.issues[0].position.line == 2


def test_bom_and_crlf_are_accepted() -> None:
    text, issue = decode("\ufeffyear: 2021\r\ntitle: x\r\n".encode())
    assert issue is None and text == "year: 2021\ntitle: x\n"


def test_other_encodings_are_named() -> None:
    _, gbk = decode("title: 人社局\n".encode("gbk"))
    assert gbk is not None and "GBK" in gbk.found and "UTF-8" in gbk.hint
    _, utf16 = decode("title: x\n".encode("utf-16"))
    assert utf16 is not None and "UTF-16" in utf16.message
