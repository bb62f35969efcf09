"""jixiao diff: changed figures and texts between git revisions or files, with consequences."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.model.report import Report
from jixiao.opendata.diff import compare, derived
from jixiao.opendata.revisions import from_file
from tests.gitrepo import DATA, FOUNDED, POSTS, TRAINING, commit_data, new_repo
from tests.synthetic import FULL, FULL_TEXT, edit


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A repository with two commits: a year's data, then two figures changed."""
    path = new_repo(tmp_path / "repo")
    first = commit_data(path, FULL_TEXT, "录入2030年数据", "2024-01-01T10:00:00+08:00")
    changed = edit(edit(FULL_TEXT, *POSTS), *TRAINING)
    second = commit_data(path, changed, "更正编制数和培训人数", "2024-02-01T10:00:00+08:00")
    monkeypatch.chdir(path)
    return path, first, second


def test_diff_of_two_commits_shows_the_figure_and_the_recomputed_total(
    repo: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, first, second = repo
    assert main(["diff", first, second]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"# 数据改动：{first} → {second}\n")
    assert "改动数字 2 处，文字 0 处" in out
    assert (
        "| `sections.overview.authorised_posts.parts[0].value` | 编制数 / 行政编制 | 8人 | 9人 |"
        in out
    )
    assert (
        "| `sections.performance.sections.theme-1.indicators[0].result` "
        "| 测试培训 / 完成 | 250人 | 252人 |" in out
    )
    # consequences: the sum of the parts and the completion rate, recomputed
    assert "| 编制数 / 各项之和（计算） | 13人 | 14人 | — |" in out
    assert "| 测试培训 / 完成率（计算） | 125% | 126% | 原文 125% |" in out


def test_no_change_exits_0(repo: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    _, _, second = repo
    assert main(["diff", second, second]) == 0
    assert "没有改动。" in capsys.readouterr().out
    # default: HEAD against the working tree, which is clean
    assert main(["diff"]) == 0


def test_default_compares_head_with_the_working_tree(
    repo: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = repo
    data = path / DATA
    data.write_text(edit(data.read_text(encoding="utf-8"), *FOUNDED), encoding="utf-8")
    assert main(["diff"]) == 1
    out = capsys.readouterr().out
    assert "# 数据改动：HEAD → 工作区" in out
    assert (
        "`sections.overview.founded`（一、部门（单位）概况 / 成立时间）：2020年1月 → 2020年2月"
        in out
    )


def test_a_score_change_shows_the_grade_it_earns(
    repo: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = repo
    (path / DATA).write_text(edit(FULL_TEXT, "  score: 96分", "  score: 85分"), encoding="utf-8")
    assert main(["diff", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "| `sections.performance.score` | 自评得分 | 96分 | 85分 |" in out
    assert "| 按自评得分应得等级 | 优 | 良 | 得分 85分，原文等级 优秀 |" in out


def test_two_files_can_be_compared_without_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old" / "2030.yaml", tmp_path / "new" / "2030.yaml"
    for path, text in [(old, FULL_TEXT), (new, edit(FULL_TEXT, *POSTS))]:
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    assert "| 编制数 / 行政编制 | 8人 | 9人 |" in capsys.readouterr().out
    assert main(["diff", str(old), str(old)]) == 0


def test_missing_revision_and_missing_repository_are_usage_errors(
    repo: tuple[Path, str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["diff", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "找不到修订版本“no-such-branch”" in err and "Traceback" not in err
    outside = tmp_path / "outside"
    (outside / "data").mkdir(parents=True)
    (outside / DATA).write_text(FULL_TEXT, encoding="utf-8")
    monkeypatch.chdir(outside)
    assert main(["diff"]) == 2
    assert "不在 git 仓库中" in capsys.readouterr().err
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["diff", "HEAD"]) == 2
    assert "找不到 git 命令" in capsys.readouterr().err


def test_a_revision_with_bad_data_is_reported_like_check(
    repo: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, second = repo
    broken = commit_data(
        path, edit(FULL_TEXT, "  score: 96分", "  score: 96"), "打错了", "2024-03-01T10:00:00+08:00"
    )
    assert main(["diff", second, broken]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:{DATA}:" in err and "sections.performance.score" in err
    assert "提示：" in err and "Traceback" not in err


def test_reordering_items_is_not_a_change(tmp_path: Path) -> None:
    lines = FULL_TEXT.splitlines(keepends=True)
    start = lines.index("        - {name: 行政编制, value: 8人}\n")
    swapped = [*lines[:start], lines[start + 1], lines[start], *lines[start + 2 :]]
    path = tmp_path / "2030.yaml"
    path.write_text("".join(swapped), encoding="utf-8")
    old = from_file(FULL).reports[2030]
    new = from_file(path).reports[2030]
    assert old != new  # the order did change
    assert compare(old, new) == ([], [])


def test_derived_figures_of_a_report(report_full: Report) -> None:
    labels = {d.label: d.value for d in derived(report_full).values()}
    assert labels["编制数 / 各项之和（计算）"] == "13人"
    assert labels["全年实际支出为年初预算的（计算）"] == "90.0%"
    assert labels["按自评得分应得等级"] == "优"
