"""What a build keeps between builds, keyed by the data and the code that made it: download
files (unchanged years read back byte for byte, a changed year written again) and the
versions of a data file in git (each read once)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.model.report import Report
from jixiao.opendata import downloads as module
from jixiao.opendata import history as history_module
from jixiao.opendata.downloads import downloads
from jixiao.opendata.history import history
from tests.gitrepo import DATA, POSTS, TRAINING, commit_data, new_repo
from tests.synthetic import FULL, FULL_TEXT, edit, report


def years() -> list[Report]:
    return [report(year=2030), report(year=2031)]


def written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The groups of years whose files are written (not read back) from now on."""
    calls: list[tuple[int, ...]] = []
    make = module._files

    def counting(group: list[Report], single: bool) -> dict[str, bytes]:
        calls.append(tuple(r.year for r in group))
        return make(group, single)

    monkeypatch.setattr(module, "_files", counting)
    return calls


def as_bytes(reports: list[Report], cache: Path | None) -> dict[str, bytes]:
    return {d.path: d.content for d in downloads(reports, cache)}


def test_cached_files_are_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = as_bytes(years(), None)
    assert as_bytes(years(), tmp_path) == fresh  # first build: written and kept
    calls = written(monkeypatch)
    assert as_bytes(years(), tmp_path) == fresh  # second build: read back
    assert calls == []


def test_a_changed_year_writes_its_files_and_the_combined_ones_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_bytes(years(), tmp_path)
    changed = [report(year=2030), report(year=2031, title="2031年度虚构县测试局报告（改）")]
    calls = written(monkeypatch)
    files = as_bytes(changed, tmp_path)
    assert calls == [(2031,), (2030, 2031)]
    assert files == as_bytes(changed, None)
    assert "2031年度虚构县测试局报告（改）".encode() in files["downloads/jixiao-2031.json"]


def test_changed_code_writes_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_bytes(years(), tmp_path)
    monkeypatch.setattr(module, "_code_fingerprint", lambda: "other code")
    calls = written(monkeypatch)
    as_bytes(years(), tmp_path)
    assert calls == [(2030,), (2031,), (2030, 2031)]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder", encoding="utf-8")
    assert as_bytes(years(), blocked) == as_bytes(years(), None)


def test_each_version_in_git_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = new_repo(tmp_path / "repo")
    commit_data(repo, FULL_TEXT, "录入", "2024-01-01T10:00:00+08:00")
    commit_data(repo, edit(FULL_TEXT, *POSTS), "更正编制数", "2024-02-01T10:00:00+08:00")
    cache = tmp_path / "cache"
    uncached = history(repo / DATA)
    assert history(repo / DATA, cache) == uncached
    assert len(list(cache.iterdir())) == 2  # one entry per version

    def unread(*args: object) -> None:
        raise AssertionError("a cached version was read again")

    monkeypatch.setattr(history_module, "load_source", unread)
    assert history(repo / DATA, cache) == uncached
    commit_data(repo, edit(FULL_TEXT, *TRAINING), "改培训人数", "2024-03-01T10:00:00+08:00")
    monkeypatch.undo()
    assert history(repo / DATA, cache).revisions[0].subject == "改培训人数"
    assert len(list(cache.iterdir())) == 3  # only the new version was read


def test_a_build_with_everything_cached_imports_neither_openpyxl_nor_matplotlib(
    tmp_path: Path,
) -> None:
    script = f"""
import sys
from pathlib import Path
from jixiao.build import generate
from jixiao.model.loader import load_or_raise
generate([load_or_raise(Path({str(FULL)!r}))], chart_cache=Path({str(tmp_path)!r}) / "charts")
print(sorted(m for m in ("openpyxl", "matplotlib") if m in sys.modules))
"""
    run = [sys.executable, "-c", script]
    first = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert first.strip() == "['matplotlib', 'openpyxl']"  # drawn and written once
    again = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert again.strip() == "[]"
