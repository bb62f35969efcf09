"""Reading a county portal: portal.yaml's shape, every department checked as a one-department
folder is, and the checks only the portal as a whole can make, each with its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.build_portal import Options, PortalBuild, prepare_portal
from jixiao.cli import main
from jixiao.source.problems import Problem
from tests.gitrepo import git
from tests.make_portal_fixture import COUNTY, PORTAL_YAML, write_portal


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The synthetic three-department portal, the working folder its site folder."""
    monkeypatch.chdir(tmp_path)
    return write_portal(tmp_path).relative_to(tmp_path)


def check(data: Path) -> PortalBuild:
    return prepare_portal(data, Options(drafts="check", generate_site=False, workers=1))


def problems_of(build: PortalBuild) -> list[Problem]:
    return build.data_problems + [p for b in build.builds for p in b.audited.failures]


def only(problems: list[Problem], text: str) -> Problem:
    found = [p for p in problems if text in p.message]
    assert len(found) == 1, [p.render() for p in problems]
    return found[0]


def test_the_fixture_portal_loads_every_department_clean(portal: Path) -> None:
    build = check(portal)
    assert problems_of(build) == []
    assert build.county is not None and build.county.county == COUNTY
    assert [o.id for o in build.outcomes] == ["renshe", "minzheng", "jiaoyu"]
    assert build.groups == {
        "renshe": "政府工作部门",
        "minzheng": "政府工作部门",
        "jiaoyu": "县直单位",
    }
    assert [y.year for y in build.outcomes[0].years] == [2020, 2021]
    assert build.outcomes[2].years[0].name == "虚构县教育局"


def test_listing_problems_name_the_line_of_portal_yaml(portal: Path) -> None:
    (portal / "portal.yaml").write_text(
        PORTAL_YAML.replace("[jiaoyu]", "[jiaoyu, ghost, Bad_Id, compare, renshe]"),
        encoding="utf-8",
    )
    problems = problems_of(check(portal))
    line = 1 + PORTAL_YAML.splitlines().index("    departments: [jiaoyu]")
    ghost = only(problems, "列出的部门“ghost”没有数据文件夹")
    assert (ghost.file, ghost.line, ghost.field) == (
        "data/portal.yaml",
        line,
        "groups[1].departments[1]",
    )
    assert "jixiao new 年份 --department ghost" in ghost.hint
    bad = only(problems, "部门编号的写法不对")
    assert (bad.line, bad.found) == (line, "“Bad_Id”")
    reserved = only(problems, "部门编号与网站自己的路径同名")
    assert reserved.found == "“compare”" and "downloads" in reserved.expected
    twice = only(problems, "部门“renshe”已列在“政府工作部门”组中")
    assert twice.field == "groups[1].departments[4]"


def test_a_folder_listed_in_no_group_is_named(portal: Path) -> None:
    (portal / "extra").mkdir()
    (portal / "extra" / "2021.yaml").write_bytes((portal / "jiaoyu" / "2021.yaml").read_bytes())
    (portal / "Not_An_Id").mkdir()
    problems = problems_of(check(portal))
    extra = only(problems, "这个部门文件夹没有列在 data/portal.yaml 的任何分组中。")
    assert extra.file == "data/extra" and "departments: [..., extra]" in extra.hint
    odd = only(problems, "而且文件夹名不能作为部门编号（部门编号的写法不对）")
    assert odd.file == "data/Not_An_Id"


def test_a_folder_whose_years_name_another_department(portal: Path) -> None:
    other = (portal / "jiaoyu" / "2021.yaml").read_text(encoding="utf-8")
    other = other.replace("year: 2021", "year: 2019").replace(
        "date: 2022-05-20", "date: 2020-05-20"
    )
    other = other.replace("printed_date: 2022年5月20日", "printed_date: 2020年5月20日")
    (portal / "renshe" / "2019.yaml").write_text(other, encoding="utf-8")
    problem = only(problems_of(check(portal)), "这个数据文件夹里有两个部门的报告")
    assert problem.file == "data/renshe/2019.yaml" and problem.field == "department.name"
    assert problem.line == 8 and problem.found == "“虚构县教育局”"
    assert "把这个文件移到它所属部门的文件夹" in problem.hint and "jixiao init" not in problem.hint


def test_two_folders_with_the_same_department(portal: Path) -> None:
    (portal / "renshe-copy").mkdir()
    (portal / "renshe-copy" / "2021.yaml").write_bytes(
        (portal / "renshe" / "2021.yaml").read_bytes()
    )
    (portal / "portal.yaml").write_text(
        PORTAL_YAML.replace("[jiaoyu]", "[jiaoyu, renshe-copy]"), encoding="utf-8"
    )
    problem = only(problems_of(check(portal)), "在门户中已有文件夹 data/renshe/")
    assert problem.file == "data/renshe-copy/2021.yaml" and problem.line == 8
    assert problem.found == "data/renshe/ 与 data/renshe-copy/ 同名"


def test_every_problem_of_every_department_in_one_run(
    portal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for department in ("minzheng", "jiaoyu"):
        path = portal / department / "2021.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("founded:", "fonded:"), "utf-8")
    (portal / "2021.yaml").write_text("year: 2021\n", encoding="utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "data/minzheng/2021.yaml:21:13: 字段 sections.overview.fonded: 未知字段“fonded”。" in err
    assert "data/jiaoyu/2021.yaml:21:13: 字段 sections.overview.fonded" in err
    assert "data/2021.yaml: 门户的数据文件夹中，年度数据文件应放在所属部门的文件夹里。" in err
    assert "共 3 个问题，涉及 3 个文件。" in err


def test_portal_yaml_shape_problems_in_chinese_with_lines(portal: Path) -> None:
    (portal / "portal.yaml").write_text(
        "countie: 虚构县\ngroups:\n  - name: 县委部门\n    departments: 12\n", encoding="utf-8"
    )
    problems = problems_of(check(portal))
    unknown = only(problems, "未知字段。")
    assert (unknown.line, unknown.field, unknown.found) == (1, "countie", "“countie”")
    missing = only(problems, "缺少必填字段。")
    assert missing.field == "county"
    listed = only(problems, "类型不对，应为列表。")
    assert (listed.line, listed.field, listed.found) == (4, "groups[0].departments", "数字 12")


def test_a_clean_portal_checks_with_exit_zero(
    portal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert "已检查门户 data/portal.yaml 和 3 个部门的 4 个年度文件，没有发现问题。" in (
        capsys.readouterr().out
    )


def test_diff_of_a_portal_lists_each_changed_department(
    portal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = portal.resolve().parent
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "门户")
    assert main(["diff"]) == 0
    assert "没有改动。" in capsys.readouterr().out
    year = portal / "minzheng" / "2021.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("编制数", "编制人数"), "utf-8")
    assert main(["diff"]) == 1
    out = capsys.readouterr().out
    assert "`HEAD:data/minzheng/2021.yaml` → `data/minzheng/2021.yaml`" in out
    assert "renshe" not in out and "jiaoyu" not in out


def test_a_listed_department_without_years_is_named(portal: Path) -> None:
    (portal / "empty").mkdir()
    (portal / "portal.yaml").write_text(
        PORTAL_YAML.replace("[jiaoyu]", "[jiaoyu, empty]"), encoding="utf-8"
    )
    problem = only(problems_of(check(portal)), "部门文件夹中没有年度数据文件。")
    assert problem.file == "data/empty"
    assert "jixiao new 年份 --department empty --name 单位全称" in problem.hint
