"""``jixiao init --portal`` and ``jixiao new --department``: a county portal folder that builds,
never over existing files, and departments added one command each."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jixiao.cli import main
from jixiao.model.county import PORTAL_FILE
from jixiao.newsite import is_blank_draft
from jixiao.portal_plugin import PORTAL_FILE as PLUGIN_PORTAL_FILE
from tests.make_portal_fixture import year_files
from tests.test_init import mkdocs_build, tree

FILES = [
    ".gitignore",
    "content/.gitkeep",
    "data/portal.yaml",
    "data/report.schema.json",
    "mkdocs.yml",
]


def test_init_portal_writes_a_portal_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "门户"
    assert main(["init", str(folder), "--portal", "虚构侗族自治县", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"已建立县级门户：{folder.as_posix()}\n")
    assert "jixiao new 2024 --department 部门编号 --name 单位全称 --group 分组名称" in out
    assert tree(folder) == FILES
    portal = yaml.safe_load((folder / "data" / "portal.yaml").read_text(encoding="utf-8"))
    assert portal == {"county": "虚构侗族自治县", "groups": []}
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "虚构侗族自治县部门整体支出绩效自评报告"


def test_init_portal_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "portal.yaml").write_text("county: 旧\n", encoding="utf-8")
    assert main(["init", str(tmp_path), "--portal", "虚构县"]) == 2
    assert "已有" in capsys.readouterr().err
    assert (tmp_path / "data" / "portal.yaml").read_text(encoding="utf-8") == "county: 旧\n"
    assert tree(tmp_path) == ["data/portal.yaml"]


def test_init_takes_one_of_department_and_portal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = ["init", str(tmp_path), "--portal", "虚构县", "--department", "虚构县民政局"]
    assert main(both) == 2
    assert main(["init", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("只写其一") == 2
    assert main(["init", str(tmp_path), "--portal", "虚构<县>"]) == 2
    assert "参数 --portal（县名）第 3 个字“<”会被网页当作格式符号" in capsys.readouterr().err


def test_new_department_is_made_and_listed_in_its_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", ".", "--portal", "虚构县"]) == 0
    first = ["new", "2021", "--department", "minzheng", "--name", "虚构县民政局"]
    assert main([*first, "--group", "政府工作部门"]) == 0
    assert (
        main(
            [
                "new",
                "2021",
                "--department",
                "jiaoyu",
                "--name",
                "虚构县教育局",
                "--group",
                "政府工作部门",
            ]
        )
        == 0
    )
    assert "已把 jiaoyu 列进 data/portal.yaml 的“政府工作部门”组。" in capsys.readouterr().out
    text = (tmp_path / "data" / "portal.yaml").read_text(encoding="utf-8")
    assert "# 县级门户（由 jixiao init --portal 生成）" in text  # comments kept
    assert yaml.safe_load(text)["groups"] == [
        {"name": "政府工作部门", "departments": ["minzheng", "jiaoyu"]}
    ]
    year = (tmp_path / "data" / "minzheng" / "2021.yaml").read_text(encoding="utf-8")
    assert year.startswith("# yaml-language-server: $schema=../report.schema.json\n")
    assert "draft: true" in year and "虚构县民政局" in year
    # jixiao import may replace it, as it replaces the blank draft of a one-department site
    assert is_blank_draft(tmp_path / "data" / "minzheng" / "2021.yaml")
    assert main(["new", "2022", "--department", "minzheng"]) == 0  # from its latest year
    assert (tmp_path / "data" / "minzheng" / "2022.yaml").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--department", "Min_Zheng", "--name", "虚构县民政局"], "部门编号的写法不对"),
        (["--department", "compare", "--name", "虚构县民政局"], "与网站自己的路径同名"),
        (["--department", "minzheng"], "新部门须写单位全称。"),
        (["--department", "minzheng", "--name", "虚构县民政局"], "加 --group 分组名称"),
    ],
)
def test_new_department_refuses_what_it_cannot_place(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", ".", "--portal", "虚构县"]) == 0
    assert main(["new", "2021", *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "data" / "minzheng").exists()


def test_new_department_outside_a_portal_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    assert main(["new", "2021", "--department", "minzheng", "--name", "虚构县民政局"]) == 2
    assert "不是县级门户" in capsys.readouterr().err


def test_an_initialised_portal_builds_strict_with_a_published_department(tmp_path: Path) -> None:
    folder = tmp_path / "portal"
    assert main(["init", str(folder), "--portal", "虚构侗族自治县"]) == 0
    (folder / "data" / "minzheng").mkdir()
    seed = year_files()["minzheng/2021.yaml"]
    (folder / "data" / "minzheng" / "2021.yaml").write_text(seed, encoding="utf-8")
    (folder / "data" / "portal.yaml").write_text(
        "county: 虚构侗族自治县\ngroups:\n  - name: 政府工作部门\n    departments: [minzheng]\n",
        encoding="utf-8",
    )
    done = mkdocs_build(folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "site" / "minzheng" / "2021" / "index.html").is_file()
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="minzheng/"' in home


def test_the_plugin_and_the_model_name_the_same_portal_file() -> None:
    assert PORTAL_FILE == PLUGIN_PORTAL_FILE


def test_a_year_or_an_import_without_its_department_is_refused_in_a_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", ".", "--portal", "虚构县"]) == 0
    assert main(["new", "2021"]) == 2
    assert "jixiao new 2021 --department 部门编号" in capsys.readouterr().err
    (tmp_path / "report.txt").write_text("一、部门概况\n正文。\n", encoding="utf-8")
    assert main(["import", "report.txt", "--year", "2021"]) == 2
    assert "加 --out data/部门编号/2021.yaml" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        "portal.yaml",
        "report.schema.json",
    ]
