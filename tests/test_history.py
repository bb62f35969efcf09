"""修订记录: the git history of a year's data file on its report page; never a failed build."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.build import generate
from jixiao.model.loader import data_files, load_all, load_source
from jixiao.opendata import gitdata
from jixiao.opendata import history as history_module
from jixiao.opendata.history import history
from tests.conftest import build_site, config_for, page_text
from tests.gitrepo import DATA, FOUNDED, POSTS, TRAINING, commit_data, git, new_repo
from tests.synthetic import FULL_TEXT, edit


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three commits: the file created, two figures changed, then a figure and a text."""
    path = new_repo(tmp_path_factory.mktemp("history") / "repo")
    commit_data(path, FULL_TEXT, "录入2030年数据", "2024-01-01T10:00:00+08:00")
    second = edit(FULL_TEXT, *POSTS)
    commit_data(path, second, "更正行政编制人数", "2024-02-01T10:00:00+08:00")
    third = edit(edit(second, *TRAINING), *FOUNDED)
    commit_data(path, third, "核对培训人数与成立时间", "2024-03-05T10:00:00+08:00")
    return path


def test_three_commits_are_listed_newest_first_with_their_changes(repo: Path) -> None:
    found = history(repo / DATA)
    assert found.available and not found.uncommitted
    assert [(r.date, r.subject, r.kind) for r in found.revisions] == [
        ("2024-03-05", "核对培训人数与成立时间", "changed"),
        ("2024-02-01", "更正行政编制人数", "changed"),
        ("2024-01-01", "录入2030年数据", "created"),
    ]
    newest, middle, _ = found.revisions
    assert [(c.label, c.old.printed, c.new.printed) for c in newest.figure_changes] == [  # type: ignore[union-attr]
        ("测试培训 / 完成", "250人", "252人")
    ]
    assert newest.text_changes == 1
    assert [(c.label, c.new.printed) for c in middle.figure_changes] == [  # type: ignore[union-attr]
        ("编制数 / 行政编制", "9人")
    ]


def test_the_version_the_build_loaded_is_not_read_again(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest version is the file the build already loaded: its report is used, with the
    same result as reading it from git."""
    read_from_git = history(repo / DATA)
    current = load_all([repo / DATA]).reports[0]
    read: list[str] = []
    real = load_source

    def counting(raw: bytes, label: str, name: str):  # type: ignore[no-untyped-def]
        read.append(label)
        return real(raw, label, name)

    monkeypatch.setattr(history_module, "load_source", counting)
    history_module._version.cache_clear()  # versions are read once per process
    assert history(repo / DATA, current=current) == read_from_git
    assert len(read) == 2  # the two older versions only


def test_the_report_page_shows_the_history(repo: Path) -> None:
    loaded = load_all(data_files(repo / "data"))
    page = generate(loaded.reports, loaded.sources).files["2030.md"]
    assert isinstance(page, str)
    section = page[page.index("## 修订记录 {#revisions}") :]
    assert "（共 3 次）" in section
    assert "- **2024-03-05** 核对培训人数与成立时间（提交 `" in section
    assert "    - 测试培训 / 完成：250人 → 252人\n    - 另有文字改动 1 处。" in section
    assert "    - 编制数 / 行政编制：8人 → 9人" in section
    assert "录入2030年数据（提交 `" in section and "：新建数据文件。" in section


def test_uncommitted_changes_are_mentioned(tmp_path: Path) -> None:
    path = new_repo(tmp_path / "repo")
    commit_data(path, FULL_TEXT, "录入", "2024-01-01T10:00:00+08:00")
    (path / DATA).write_text(edit(FULL_TEXT, *POSTS), encoding="utf-8")
    loaded = load_all(data_files(path / "data"))
    page = generate(loaded.reports, loaded.sources).files["2030.md"]
    assert isinstance(page, str)
    assert "本页按工作区中尚未提交的数据生成" in page


def test_a_shallow_clone_builds_and_says_history_is_unavailable(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert history(clone / DATA).available is False
    site = tmp_path / "site"
    # The test repository's edits change figures without their text, which the audit flags;
    # this test is about the history, so it builds without strict mode.
    config = config_for(tmp_path, clone / "data", strict=False)
    build_site(config, site)
    text = page_text(site / "2030" / "index.html")
    assert "修订记录不可用：本副本只含最近的提交（浅克隆）" in text


def test_without_git_or_outside_a_repository_the_history_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "2030.yaml").write_text(FULL_TEXT, encoding="utf-8")
    outside = history(data / "2030.yaml")
    assert not outside.available and "不在 git 仓库中" in outside.reason
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    no_git = history(data / "2030.yaml")
    assert not no_git.available and "没有 git" in no_git.reason
    loaded = load_all(data_files(data))
    page = generate(loaded.reports, loaded.sources).files["2030.md"]
    assert isinstance(page, str) and "修订记录不可用：构建时没有 git" in page


def test_a_subject_with_record_and_unit_separators_is_one_subject(tmp_path: Path) -> None:
    """git log's own separators (0x1E, 0x1F) may be typed into a message: the history is
    still read, every commit with its subject."""
    path = new_repo(tmp_path / "repo")
    commit_data(path, FULL_TEXT, "录入\x1e2030\x1f年数据", "2024-01-01T10:00:00+08:00")
    commit_data(path, edit(FULL_TEXT, *POSTS), "更正编制", "2024-02-01T10:00:00+08:00")
    found = history(path / DATA)
    assert found.available, found.reason
    assert [(r.subject, r.kind) for r in found.revisions] == [
        ("更正编制", "changed"),
        ("录入␞2030␟年数据", "created"),
    ]


def test_a_repository_without_commits_has_no_history_yet(tmp_path: Path) -> None:
    path = new_repo(tmp_path / "repo")
    (path / "data").mkdir()
    (path / DATA).write_text(FULL_TEXT, encoding="utf-8")
    found = history(path / DATA)
    assert found.available and found.revisions == [] and found.uncommitted
    loaded = load_all(data_files(path / "data"))
    page = generate(loaded.reports, loaded.sources).files["2030.md"]
    assert isinstance(page, str)
    assert "还没有提交到 git，尚无修订记录" in page and "不在 git 仓库中" not in page


def test_a_version_that_did_not_validate_taints_only_itself(tmp_path: Path) -> None:
    path = new_repo(tmp_path / "repo")
    commit_data(path, FULL_TEXT, "录入", "2024-01-01T10:00:00+08:00")
    commit_data(
        path, FULL_TEXT.replace("year: 2030", "year: [2030"), "录错", "2024-02-01T10:00:00+08:00"
    )
    commit_data(path, edit(FULL_TEXT, *POSTS), "改正并更正编制", "2024-03-01T10:00:00+08:00")
    commit_data(path, edit(edit(FULL_TEXT, *POSTS), *TRAINING), "核对", "2024-04-01T10:00:00+08:00")
    found = history(path / DATA)
    assert [(r.subject, r.kind) for r in found.revisions] == [
        ("核对", "changed"),
        ("改正并更正编制", "after-unreadable"),
        ("录错", "unreadable"),
        ("录入", "created"),
    ]
    assert [c.label for c in found.revisions[0].figure_changes] == ["测试培训 / 完成"]
    loaded = load_all(data_files(path / "data"))
    page = generate(loaded.reports, loaded.sources).files["2030.md"]
    assert isinstance(page, str)
    assert "改正并更正编制（提交 `" in page and "：上一版数据未通过校验，无法与之比较" in page
    assert page.count("：这一版数据未通过校验") == 1


def test_an_odd_log_record_is_skipped_alone() -> None:
    good = (
        "a" * 40
        + " 2024-01-01 录入\n\n:000000 100644 "
        + "0" * 40
        + " "
        + "b" * 40
        + " A\tdata/2030.yaml\n"
    )
    odd = "not a commit\x1ejunk\n"
    assert gitdata._commit(odd) is None
    found = gitdata._commit(good)
    assert found is not None and found.subject == "录入" and found.new_blob == "b" * 40
