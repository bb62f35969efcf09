"""`jixiao init`: a new department's site folder that builds at once with the installed plugin,
never over existing files, with the department's name checked and the first year a draft."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jixiao.cli import main
from jixiao.opendata.schema import render_schema
from tests.conftest import ROOT

DEPARTMENT = "虚构县测试局"
FILES = [
    ".gitignore",
    "content/.gitkeep",
    "data/2030.yaml",
    "data/report.schema.json",
    "mkdocs.yml",
]


def init(folder: Path, *extra: str) -> int:
    return main(["init", str(folder), "--department", DEPARTMENT, "--year", "2030", *extra])


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def mkdocs_build(site: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or with these options) in the site folder, as staff run it:
    MkDocs loads mkdocs.yml itself and finds the jixiao plugin through its entry point."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(options or ["--strict"])],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_init_makes_a_site_that_builds_strict_with_the_installed_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "new-site"
    assert init(site) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"已建立新网站：{site.as_posix()}\n下一步：\n  cd {site.as_posix()}\n")
    assert "jixiao check" in out and "mkdocs serve" in out and "draft: true" in out
    assert tree(site) == FILES
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "虚构县测试局部门整体支出绩效自评报告"
    # the installed plugin, not this repository's hook file
    assert config["plugins"] == [{"jixiao": {"data_dir": "data", "cache_dir": ".cache"}}]
    assert "hooks" not in config
    assert config["extra"] == {"generator": False}  # no English “Made with Material” footer
    assert (site / "data" / "report.schema.json").read_text(encoding="utf-8") == render_schema()
    assert (site / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "site/",
        ".cache/",
    ]

    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    assert "草稿 data/2030.yaml 不发布" in built.stderr
    output = site / "site"
    assert (output / "index.html").is_file() and (output / "about" / "index.html").is_file()
    assert not (output / "2030").exists()  # the first year is a draft: not published
    # no report published yet: nothing to search, no search page
    assert not (output / "pagefind").exists() and not (output / "search").exists()


def test_the_new_site_s_configuration_is_this_site_s_for_the_installed_plugin(
    tmp_path: Path,
) -> None:
    """Theme, features, Markdown extensions, link checks: what this repository's mkdocs.yml
    says, so a new department's site looks and checks the same."""
    assert init(tmp_path / "site") == 0
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    new = yaml.safe_load((tmp_path / "site" / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("docs_dir", "strict", "theme", "markdown_extensions", "watch", "validation"):
        assert new[key] == ours[key], key
    assert new["extra"]["generator"] is ours["extra"]["generator"] is False


def test_init_is_deterministic(tmp_path: Path) -> None:
    assert init(tmp_path / "a") == 0 and init(tmp_path / "b") == 0
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_new_site_s_first_check_lists_every_blank_of_the_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(tmp_path / "site") == 0
    monkeypatch.chdir(tmp_path / "site")
    capsys.readouterr()
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    heads = [line for line in err.splitlines() if not line.startswith(" ")]
    assert heads == [
        "data/2030.yaml:13:8: 字段 title: 尚未填写。",
        "data/2030.yaml:17:9: 字段 basis.text: 尚未填写。",
        "data/2030.yaml:23:14: 字段 sections.overview.heading: 尚未填写。",
        "data/2030.yaml:29:14: 字段 sections.budget.heading: 尚未填写。",
        "data/2030.yaml:33:12: 字段 sections.budget.total: 尚未填写。",
        "data/2030.yaml:37:14: 字段 sections.execution.heading: 尚未填写。",
        "data/2030.yaml:41:13: 字段 sections.execution.income: 尚未填写。",
        "data/2030.yaml:43:15: 字段 sections.execution.spending: 尚未填写。",
        "data/2030.yaml:47:14: 字段 sections.performance.heading: 尚未填写。",
        "data/2030.yaml:51:12: 字段 sections.performance.score: 尚未填写。",
        "data/2030.yaml:53:12: 字段 sections.performance.grade: 尚未填写。",
        "data/2030.yaml:57:14: 字段 sections.suggestions.heading: 尚未填写。",
        "data/2030.yaml:65:17: 字段 signature.printed_date: 尚未填写。",
        "共 13 个问题，涉及 1 个文件。",
        "其中 13 个问题在草稿 data/2030.yaml 中：草稿不发布，"
        "这些问题不妨碍 mkdocs build 发布其他年度。",
    ]
    assert "提示：照新报告填写带单位的数字，如 521.75万元。" in err
    text = (tmp_path / "site" / "data" / "2030.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=report.schema.json"
    assert lines[12] == 'title: ""' and lines[11].startswith("# 报告标题")  # line 13, commented
    assert "  name: 虚构县测试局" in lines


def test_init_never_overwrites_and_writes_nothing_when_it_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: 已有的网站\n", encoding="utf-8")
    (site / "data" / "2021.yaml").write_text("year: 2021\n", encoding="utf-8")
    assert init(site) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jixiao：文件夹中已有 {site.as_posix()}/data/2021.yaml、")
    assert "不会覆盖；没有写入任何文件。" in err and "Traceback" not in err
    assert tree(site) == ["data/2021.yaml", "mkdocs.yml"]
    assert (site / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: 已有的网站\n"


def test_init_leaves_other_files_in_the_folder_untouched(tmp_path: Path) -> None:
    """A folder with files a site does not write (a README, a git repository) is fine."""
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / "README.md").write_text("说明\n", encoding="utf-8")
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert init(site) == 0
    assert tree(site) == sorted([*FILES, ".git/HEAD", "README.md"])
    assert (site / "README.md").read_text(encoding="utf-8") == "说明\n"
    assert init(site) == 2  # and a second init refuses: the site is there now


def test_a_bad_department_name_is_refused_with_where_what_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--department", "测试局*试点*"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "jixiao：参数 --department（单位名称）第 4 个字“*”会被网页当作格式符号。",
        "    应为：一行文字，不超过 60 个字，不含 \"#&'*<>[\\]_`{|} 和控制字符",
        "    实为：测试局*试点*",
        "    提示：写单位全称，如 --department 新晃侗族自治县人力资源和社会保障局。",
    ]
    assert main(["init", str(site), "--department", "局" * 61]) == 2
    assert "太长（61 个字）" in capsys.readouterr().err
    assert main(["init", str(site), "--department", "2021"]) == 2
    assert "没有文字" in capsys.readouterr().err
    assert not site.exists()


def test_the_short_name_goes_into_the_draft(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    args = ["init", str(folder), "--department", "虚构县测试局", "--year", "2030"]
    assert main([*args, "--short-name", "县测试局"]) == 0
    draft = yaml.safe_load((folder / "data" / "2030.yaml").read_text(encoding="utf-8"))
    assert draft["department"] == {"name": "虚构县测试局", "short_name": "县测试局"}
