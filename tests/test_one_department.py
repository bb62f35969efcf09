"""One department per site: years of two departments in one data folder are one located
problem for `jixiao check` and the build, never one joined history."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.build import prepare
from jixiao.cli import main
from jixiao.model.loader import data_files, load_all
from tests.synthetic import MINIMAL, edit, with_year

TEXT = MINIMAL.read_text(encoding="utf-8")
OTHER = "虚构县另一局"


def folder(tmp_path: Path, *departments: str) -> Path:
    """A data folder with one year (2030, 2031, …) for each department named."""
    for offset, name in enumerate(departments):
        text = with_year(TEXT, 2030 + offset)
        text = edit(text, "department:\n  name: 虚构县测试局", f"department:\n  name: {name}")
        (tmp_path / f"{2030 + offset}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_years_of_one_department_load_together(tmp_path: Path) -> None:
    loaded = load_all(data_files(folder(tmp_path, "虚构县测试局", "虚构县测试局")))
    assert loaded.problems == [] and [r.year for r in loaded.reports] == [2030, 2031]


def test_a_second_department_is_one_problem_at_its_name(tmp_path: Path) -> None:
    data = folder(tmp_path, "虚构县测试局", "虚构县测试局", OTHER)
    [p] = load_all(data_files(data)).problems
    assert p.file.endswith("2032.yaml")
    assert (p.line, p.field) == (4, "department.name")  # name: under department:
    assert p.expected == "“虚构县测试局”" and p.found == f"“{OTHER}”"
    assert "jixiao init" in p.hint and "一个网站只发布一个部门" in p.hint


def test_the_department_most_years_name_is_the_site_s(tmp_path: Path) -> None:
    [p] = load_all(data_files(folder(tmp_path, OTHER, "虚构县测试局", "虚构县测试局"))).problems
    assert p.file.endswith("2030.yaml") and p.found == f"“{OTHER}”"


def test_three_departments_are_two_problems(tmp_path: Path) -> None:
    data = folder(tmp_path, "虚构县测试局", OTHER, "虚构县第三局")
    problems = load_all(data_files(data)).problems
    assert [Path(p.file).name for p in problems] == ["2031.yaml", "2032.yaml"]


def test_check_and_build_refuse_two_departments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder(tmp_path, "虚构县测试局", OTHER)
    assert main(["check", "--data", str(data)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "2031.yaml:4:" in text and "两个部门" in text and "Traceback" not in text
    build = prepare(data, generate_site=True)
    assert build.site is None
    assert [p.field for p in build.loaded.problems] == ["department.name"]
