from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.model.loader import load_all, load_year
from jixiao.source.problems import Problem
from tests.synthetic import FULL_TEXT, edit


def write(tmp_path: Path, text: str, name: str = "2030.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def problems_of(path: Path) -> list[Problem]:
    report, problems = load_year(path)
    assert report is None
    return problems


def test_a_good_file_loads(tmp_path: Path) -> None:
    report, problems = load_year(write(tmp_path, FULL_TEXT))
    assert problems == []
    assert report is not None and report.year == 2030


def test_every_problem_is_reported_at_once_with_file_line_field_and_hint(tmp_path: Path) -> None:
    text = edit(FULL_TEXT, "total: 300.5万元", "total: 300.5")
    text = edit(text, "    score: 96分", "    score: 96分\n    scroe: 95分")
    text = edit(text, "{name: 工资, value: 150.25万元}", "{name: 工资, valu: 150.25万元}")
    path = write(tmp_path, text)
    problems = problems_of(path)
    by_field = {p.field: p for p in problems}
    assert set(by_field) >= {
        "sections.budget.total",
        "sections.performance.scroe",
        "sections.budget.items[0].valu",
        "sections.budget.items[0].value",
    }
    total = by_field["sections.budget.total"]
    assert total.file.endswith("2030.yaml")
    assert total.line == line_of(text, "total: 300.5")
    assert total.found == "数字 300.5"
    assert "万元" in total.hint
    typo = by_field["sections.performance.scroe"]
    assert typo.line == line_of(text, "scroe:")
    assert "score" in typo.hint  # did you mean
    rendered = typo.render()
    assert rendered.startswith(f"{typo.file}:{typo.line}:")
    assert "提示：" in rendered


def test_missing_required_field_points_at_its_parent(tmp_path: Path) -> None:
    text = edit(FULL_TEXT, "    heading: 四、部门（单位）整体支出绩效情况\n", "")
    problems = problems_of(write(tmp_path, text))
    assert [p.field for p in problems] == ["sections.performance.heading"]
    assert problems[0].line == line_of(text, "  performance:") + 1  # the section's first line
    assert "缺少" in problems[0].message


def test_text_that_yaml_reads_as_a_mapping_gets_a_quoting_hint(tmp_path: Path) -> None:
    text = edit(FULL_TEXT, "  - 原文段首的缩进空格未录入", "  - 注意: 原文段首的缩进空格未录入")
    problems = problems_of(write(tmp_path, text))
    assert [p.field for p in problems] == ["transcription_notes[1]"]
    assert "引号" in problems[0].hint


def test_a_colon_in_plain_text_is_a_syntax_error_with_a_hint(tmp_path: Path) -> None:
    text = edit(FULL_TEXT, "title: 2030年度虚构县测试局", "title: 报告: 2030年度虚构县测试局")
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 1
    assert problems[0].line == line_of(text, "title: 报告: 2030")
    assert "冒号" in problems[0].message and "引号" in problems[0].hint


def test_year_must_match_the_file_name(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, FULL_TEXT, name="2031.yaml"))
    assert [p.field for p in problems] == ["year"]
    assert problems[0].expected == "2031" and problems[0].found == "2030"


def test_duplicate_ids_are_errors(tmp_path: Path) -> None:
    text = edit(FULL_TEXT, "{id: test-posts,", "{id: test-training,")
    problems = problems_of(write(tmp_path, text))
    assert any("test-training" in p.message for p in problems)


def test_two_files_for_one_year_are_an_error(tmp_path: Path) -> None:
    a = write(tmp_path, FULL_TEXT)
    other = tmp_path / "copy"
    other.mkdir()
    b = write(other, FULL_TEXT)
    loaded = load_all([a, b])
    assert len(loaded.reports) == 1
    assert len(loaded.problems) == 1 and "已有数据文件" in loaded.problems[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "空文件"), ("- a\n- b\n", "列表"), ("just text\n", "“just text”")],
)
def test_a_file_that_is_not_a_mapping(tmp_path: Path, text: str, expected: str) -> None:
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 1
    assert problems[0].found == expected and problems[0].line == 1
