"""`jixiao upgrade`: a data file of the first model's shape becomes sections in source order,
as text (comments and layout kept); old versions in git are read through the same upgrade."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.model.loader import load_year
from jixiao.opendata.history import history
from jixiao.source.upgrade import is_old_shape, upgrade_text
from jixiao.source.yamlsource import parse
from tests.conftest import ROOT
from tests.gitrepo import DATA, commit_data, new_repo
from tests.synthetic import FULL, FULL_TEXT

OLD = ROOT / "tests" / "fixtures" / "old-shape" / "2030.yaml"


def test_the_old_shape_is_recognised() -> None:
    assert is_old_shape(parse(OLD.read_text(encoding="utf-8")).value)
    assert not is_old_shape(parse(FULL_TEXT).value)


def test_upgrading_gives_the_new_shape_text_line_for_line() -> None:
    old = OLD.read_text(encoding="utf-8").split("\n")
    new = upgrade_text("\n".join(old)).split("\n")
    want = FULL_TEXT.split("\n")
    # line 3 is the fixture's own comment; everything else, comments and quoting, is kept
    assert new[:2] + new[3:] == want[:2] + want[3:]
    assert upgrade_text(FULL_TEXT) == FULL_TEXT  # the new shape is left alone


def test_an_old_shape_file_is_one_located_problem_with_the_command_as_hint(
    tmp_path: Path,
) -> None:
    path = tmp_path / "2030.yaml"
    shutil.copy(OLD, path)
    report, problems = load_year(path)
    assert report is None and len(problems) == 1
    assert problems[0].line is not None and "jixiao upgrade" in problems[0].hint


def test_upgrade_command_rewrites_old_files_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(OLD, data / "2030.yaml")
    shutil.copy(FULL, data / "2031.yaml")
    untouched = (data / "2031.yaml").read_bytes()
    assert main(["upgrade", "--data", str(data)]) == 0
    assert "已改成新格式" in capsys.readouterr().out
    assert (data / "2031.yaml").read_bytes() == untouched
    assert load_year(data / "2030.yaml")[1] == []
    upgraded = (data / "2030.yaml").read_bytes()
    assert main(["upgrade", "--data", str(data)]) == 0
    assert "无需改动" in capsys.readouterr().out
    assert (data / "2030.yaml").read_bytes() == upgraded


def test_an_unreadable_file_is_not_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "2030.yaml"
    path.write_text("year: [2030\n", encoding="utf-8")
    assert main(["upgrade", str(path)]) == 2
    assert "读不出这个文件" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "year: [2030\n"


def test_history_reads_old_versions_so_the_upgrade_is_no_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = new_repo(tmp_path / "repo")
    first = commit_data(
        repo, OLD.read_text(encoding="utf-8"), "旧格式", "2024-01-01T10:00:00+08:00"
    )
    second = commit_data(repo, FULL_TEXT, "改成新格式", "2024-02-01T10:00:00+08:00")
    monkeypatch.chdir(repo)
    assert main(["diff", first, second]) == 0
    assert capsys.readouterr().out.endswith("\n没有改动。\n")


def test_the_revision_history_reads_old_versions_too(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit_data(repo, OLD.read_text(encoding="utf-8"), "旧格式", "2024-01-01T10:00:00+08:00")
    changed = OLD.read_text(encoding="utf-8").replace(
        "- {name: 行政编制, value: 8人}", "- {name: 行政编制, value: 9人}"
    )
    commit_data(repo, changed, "更正编制数", "2024-01-15T10:00:00+08:00")
    commit_data(repo, upgrade_text(changed), "改成新格式", "2024-02-01T10:00:00+08:00")
    upgrade, correction, created = history(repo / DATA).revisions
    assert (upgrade.kind, upgrade.figure_changes, upgrade.text_changes) == ("changed", [], 0)
    assert correction.kind == "changed"
    assert [c.path for c in correction.figure_changes] == [
        "sections.overview.authorised_posts.parts[0].value"
    ]
    assert created.kind == "created"
