"""What a build keeps between builds, keyed by the data and the code that made it: the whole
generated site (handed back while nothing it is made of changed), download files (unchanged
years read back byte for byte, a changed year written again) and the versions of a data file
in git (each read once)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from jixiao import build as build_module
from jixiao.charts.workers import default_workers
from jixiao.model.report import Report
from jixiao.opendata import downloads as module
from jixiao.opendata import gitdata
from jixiao.opendata import history as history_module
from jixiao.opendata.downloads import downloads
from jixiao.opendata.history import history
from tests.conftest import build_site, config_for, config_with_data
from tests.gitrepo import DATA, POSTS, TRAINING, commit_data, git, new_repo
from tests.synthetic import FULL, FULL_TEXT, edit, report


def years() -> list[Report]:
    return [report(year=2030), report(year=2031)]


def written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The groups of years whose files are written (not read back) from now on."""
    calls: list[tuple[int, ...]] = []
    make = module._files

    def counting(group: list[Report], single: bool, *rest: Any) -> dict[str, bytes]:
        calls.append(tuple(r.year for r in group))
        return make(group, single, *rest)

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

    def versions() -> int:
        return sum("-" in entry.name for entry in cache.iterdir())

    uncached = history(repo / DATA)
    assert history(repo / DATA, cache) == uncached
    assert versions() == 2  # one entry per version

    def unread(*args: object) -> None:
        raise AssertionError("a cached version was read again")

    monkeypatch.setattr(history_module, "load_source", unread)
    assert history(repo / DATA, cache) == uncached
    commit_data(repo, edit(FULL_TEXT, *TRAINING), "改培训人数", "2024-03-01T10:00:00+08:00")
    monkeypatch.undo()
    assert history(repo / DATA, cache).revisions[0].subject == "改培训人数"
    assert versions() == 3  # only the new version was read


def test_a_file_whose_commit_and_bytes_are_unchanged_asks_git_for_nothing_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole history is kept by the commit checked out and the file's bytes: a build after
    another year was edited reads this year's history back; an edit of this year, or a new
    commit, reads git again."""
    repo = new_repo(tmp_path / "repo")
    commit_data(repo, FULL_TEXT, "录入", "2024-01-01T10:00:00+08:00")
    commit_data(repo, edit(FULL_TEXT, *POSTS), "更正编制数", "2024-02-01T10:00:00+08:00")
    cache = tmp_path / "cache"
    first = history(repo / DATA, cache)
    asked: list[str] = []
    commits = gitdata.file_commits

    def counting(root: Path, relative: str) -> list[gitdata.Commit]:
        asked.append(relative)
        return commits(root, relative)

    monkeypatch.setattr(gitdata, "file_commits", counting)
    assert history(repo / DATA, cache) == first and asked == []
    (repo / DATA).write_text(edit(FULL_TEXT, *TRAINING), encoding="utf-8")
    edited = history(repo / DATA, cache)
    assert edited.uncommitted and not first.uncommitted and asked == [DATA]
    git(repo, "commit", "-q", "-am", "改培训人数", date="2024-03-01T10:00:00+08:00")
    assert history(repo / DATA, cache).revisions[0].subject == "改培训人数"
    assert asked == [DATA, DATA]


def test_no_build_imports_openpyxl_and_a_cached_one_not_matplotlib(tmp_path: Path) -> None:
    """Workbooks are written by jixiao itself: openpyxl (a test dependency only) is never
    imported by a build; and with every chart cached, neither is matplotlib."""
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
    # Drawn once; with two cores or more the charts are drawn by worker processes, and the
    # build process itself never imports matplotlib.
    drawn_here = ["matplotlib"] if default_workers() < 2 else []
    assert first.strip() == str(drawn_here)
    again = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert again.strip() == "[]"


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_site_is_generated_again_exactly_when_what_it_is_made_of_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged data, history and code: the stored site, byte for byte the same, without
    running the pipeline.  A changed data file, a new commit (the revision history shows it)
    or changed code: generated again."""
    repo = new_repo(tmp_path / "repo")
    commit_data(repo, FULL_TEXT, "录入", "2024-01-01T10:00:00+08:00")
    config = config_for(tmp_path, repo / "data")
    generated: list[int] = []
    prepare = build_module.prepare

    def counting(*args: object, **kwargs: object) -> object:
        generated.append(1)
        return prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "prepare", counting)

    def built(name: str) -> dict[str, bytes]:
        build_site(config, tmp_path / name)
        return site_bytes(tmp_path / name)

    first = built("first")
    assert (tmp_path / ".cache" / "site-build.pickle").is_file()
    assert built("again") == first and len(generated) == 1
    (repo / DATA).write_text(edit(FULL_TEXT, "加强对测试人员", "加强对全体测试人员"), "utf-8")
    changed = built("changed")
    assert len(generated) == 2 and changed != first
    assert built("changed-again") == changed and len(generated) == 2
    git(repo, "commit", "-q", "-am", "改一句话", date="2024-02-01T10:00:00+08:00")
    committed = built("committed")
    assert len(generated) == 3
    assert "改一句话".encode() in committed["2030/index.html"]
    assert "改一句话".encode() not in changed["2030/index.html"]
    monkeypatch.setattr("jixiao.sitecache._code_digest", lambda: b"other code")
    assert built("new-code") == committed and len(generated) == 4


def test_a_stored_site_repeats_what_its_build_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A build whose finding is a warning fails `mkdocs build --strict` again, with the same
    message, when its site comes from the store: the cache never lets a refused site through."""
    # 招待费 3.7万元 of 6万元 is not the printed 60%
    config = config_with_data(tmp_path, FULL_TEXT.replace("3.6万元", "3.7万元"))
    messages = []
    for name in ("first", "stored"):
        caplog.clear()
        with pytest.raises(Abort):
            build_site(config, tmp_path / name)
        messages.append([r.getMessage() for r in caplog.records if r.levelname == "WARNING"])
    assert (tmp_path / ".cache" / "site-build.pickle").is_file()
    assert messages[0] == messages[1]
    assert any("three_public.items[0].rate" in m for m in messages[1])


def test_a_build_prunes_what_no_build_of_its_data_uses(tmp_path: Path) -> None:
    """After the data changes, `mkdocs build` leaves in the caches exactly what a build of the
    new data from empty caches makes: old charts and downloads go; files that are no cache
    entry stay."""

    def site(folder: Path, year: int) -> Path:
        data = folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        for old in data.glob("*.yaml"):
            old.unlink()
        (data / f"{year}.yaml").write_text(edit(FULL_TEXT, "year: 2030", f"year: {year}"), "utf-8")
        return config_for(folder, data)

    def entries(folder: Path) -> set[str]:
        cache = folder / ".cache"
        found = [*cache.glob("charts/*"), *cache.glob("downloads/*/*")]
        return {p.relative_to(cache).as_posix() for p in found}

    build_site(site(tmp_path / "ours", 2030), tmp_path / "first")
    first = entries(tmp_path / "ours")
    assert any(e.startswith("charts/") for e in first) and any(e.endswith(".xlsx") for e in first)
    keep = tmp_path / "ours" / ".cache" / "charts" / "README.txt"
    keep.write_text("not an entry", encoding="utf-8")
    an_hour_ago = time.time() - 3600  # the next build comes later, not within a second
    for path in (tmp_path / "ours" / ".cache").rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    build_site(site(tmp_path / "ours", 2031), tmp_path / "second")
    build_site(site(tmp_path / "fresh", 2031), tmp_path / "fresh-site")
    assert entries(tmp_path / "ours") - {"charts/README.txt"} == entries(tmp_path / "fresh")
    assert not first & entries(tmp_path / "fresh")  # every entry was the year's own
    assert keep.is_file()


def test_an_entry_read_back_counts_as_used(tmp_path: Path) -> None:
    from jixiao.source.cache_entries import prune, read_entry

    read, unread = (tmp_path / f"{c * 64}.svg" for c in "ab")
    for path in (read, unread):
        path.write_bytes(b"<svg/>")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    start = time.time()
    assert read_entry(read) == b"<svg/>" and read_entry(tmp_path / "missing.svg") is None
    assert prune(tmp_path, start) == 1
    assert read.is_file() and not unread.exists()


def test_compiled_templates_kept_in_memory_render_the_same(tmp_path: Path) -> None:
    """Compiled templates stay in the process (Jinja checks each against its source); nothing
    is written where earlier versions kept them on disk."""
    from jixiao.pages.render import COMPILED, environment, render_report

    COMPILED.compiled.clear()
    page = render_report(report(), environment())
    assert COMPILED.compiled  # compiled and kept
    kept = tmp_path / "templates"
    assert render_report(report(), environment(kept)) == page  # taken from memory
    assert not kept.exists()
    for key in COMPILED.compiled:
        COMPILED.compiled[key] = b"damaged"
    assert render_report(report(), environment()) == page


def test_an_edited_sentence_rewrites_the_json_only_and_reads_no_other_years_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook and the CSV show figures, not sentences: after a sentence of 2031 is
    edited they are read back, and only 2031's rows are made again (to know that they show
    the same); 2030's are known from its unchanged data."""
    as_bytes(years(), tmp_path)
    rows: list[int] = []
    make_rows = module._year_sheets

    def counting(year: Report) -> list[Any]:
        rows.append(year.year)
        return make_rows(year)

    monkeypatch.setattr(module, "_year_sheets", counting)
    calls = written(monkeypatch)
    edited = [report(year=2030), report(year=2031, title="2031年度虚构县测试局报告（改）")]
    files = as_bytes(edited, tmp_path)
    assert rows == [2031]
    assert calls == [(2031,), (2030, 2031)]  # the JSON of 2031 and of all years
    assert files == as_bytes(edited, None)
    before = as_bytes(years(), None)
    assert files["downloads/jixiao-2031.xlsx"] == before["downloads/jixiao-2031.xlsx"]
    assert files["downloads/jixiao-2031.json"] != before["downloads/jixiao-2031.json"]


def test_a_year_read_and_checked_before_is_neither_parsed_nor_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading and auditing keep each year by its file's bytes and the code: the same
    reports, problems and findings come back without parsing or checking; an edited year is
    read and checked again, the others are not."""
    from jixiao.checks import audit as audit_module
    from jixiao.checks.audit import audit_loaded
    from jixiao.checks.rules import run_checks
    from jixiao.model import loader

    data = tmp_path / "data"
    data.mkdir()
    # 招待费 3.7万元 of 6万元 is not the printed 60%: a finding to keep
    (data / "2030.yaml").write_text(FULL_TEXT.replace("3.6万元", "3.7万元"), "utf-8")
    (data / "2031.yaml").write_text(edit(FULL_TEXT, "year: 2030", "year: 2031"), "utf-8")
    years, audits = tmp_path / "years", tmp_path / "audits"
    files = sorted(data.glob("*.yaml"))
    fresh = loader.load_all(files)
    fresh_audit = audit_loaded(fresh)
    assert fresh_audit.failures  # the finding
    first = loader.load_all(files, years)
    assert audit_loaded(first, audits) == fresh_audit
    parsed: list[str] = []
    checked: list[int] = []
    validate = loader._validate

    def parsing(name: str, *args: Any) -> Any:
        parsed.append(name)
        return validate(name, *args)

    def checking(report: Report) -> Any:
        checked.append(report.year)
        return run_checks(report)

    monkeypatch.setattr(loader, "_validate", parsing)
    monkeypatch.setattr(audit_module, "run_checks", checking)
    again = loader.load_all(files, years)
    assert again.reports == fresh.reports and again.problems == fresh.problems
    assert audit_loaded(again, audits) == fresh_audit
    assert parsed == [] and checked == []
    (data / "2031.yaml").write_text(
        edit(FULL_TEXT, "year: 2030", "year: 2031").replace("3.6万元", "3.7万元"), "utf-8"
    )
    edited = loader.load_all(files, years)
    assert len(audit_loaded(edited, audits).failures) == 2 * len(fresh_audit.failures)
    assert [Path(name).name for name in parsed] == ["2031.yaml"] and checked == [2031]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a sentence: its page, the JSON downloads that carry it, and what lists them
        (
            ("加强对测试人员", "加强对全体测试人员"),
            {"2031/index.html", "downloads/jixiao-2031.json"},
        ),
        # a figure: its page and charts, every download that shows it, the trends
        (("3.6万元", "3.7万元"), {"2031/index.html", "downloads/jixiao-2031.xlsx"}),
    ],
)
def test_a_warm_build_after_a_change_equals_a_cold_one_and_changes_only_what_depends_on_it(
    tmp_path: Path, change: tuple[str, str], expected: set[str]
) -> None:
    """Every cache warm, one year edited: the site is byte for byte the site a build from empty
    caches makes of the new data; the other year's own files (page, charts, downloads) are
    unchanged."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "2030.yaml").write_text(FULL_TEXT, "utf-8")
    newer = edit(FULL_TEXT, "year: 2030", "year: 2031")
    (data / "2031.yaml").write_text(newer, "utf-8")
    config = config_for(tmp_path, data, strict=False)  # a changed figure may be a finding
    build_site(config, tmp_path / "before")
    (data / "2031.yaml").write_text(newer.replace(*change), "utf-8")
    build_site(config, tmp_path / "warm")
    shutil.rmtree(tmp_path / ".cache")
    build_site(config, tmp_path / "cold")
    before, warm, cold = (site_bytes(tmp_path / n) for n in ("before", "warm", "cold"))
    assert warm == cold
    changed = {path for path in warm.keys() | before.keys() if warm.get(path) != before.get(path)}
    assert expected <= changed
    untouched = {p for p in before if p.startswith(("charts/2030-", "downloads/jixiao-2030"))}
    assert untouched and not changed & untouched


def test_a_build_from_another_working_folder_names_files_from_there(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages name data files relative to the working folder, so the stored site of a build
    made elsewhere is not replayed with the other folder's names."""
    config = config_with_data(tmp_path, FULL_TEXT.replace("3.6万元", "3.7万元"))
    named = []
    for folder in (tmp_path, tmp_path / "data"):
        monkeypatch.chdir(folder)
        caplog.clear()
        with pytest.raises(Abort):
            build_site(config, tmp_path / "site")
        named.append(" ".join(r.getMessage() for r in caplog.records if r.levelname == "WARNING"))
    assert "data/2030.yaml" in named[0]
    assert "data/2030.yaml" not in named[1] and "2030.yaml" in named[1]


def test_the_package_fingerprint_covers_the_charts_templates_and_theme() -> None:
    """Chart code lives in the top-level charts/ folder that jixiao/charts links to: a change
    there must make the stored site stale like any other module's."""
    from jixiao.source.fingerprint import PACKAGE, package_files

    names = {path.relative_to(PACKAGE).as_posix() for path in package_files()}
    assert {"charts/render.py", "charts/jixiao.mplstyle"} <= names
    assert "pages/templates/report.md.j2" in names
    assert any(name.startswith("theme/") for name in names)
    assert not any("__pycache__" in name for name in names)
