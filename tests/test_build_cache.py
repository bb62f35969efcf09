"""What a build keeps between builds (``jixiao.infra.memo``), keyed by the data and the code
that made it: the whole generated site (handed back while nothing it is made of changed) and
the drawn charts; entries verified, never code; a cache that is off, damaged or unwritable
only costs time."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort, MkDocsException

from jixiao import build as build_module
from jixiao.infra.memo import Memo
from jixiao.infra.workers import default_workers
from tests.conftest import build_site, config_for, config_with_data
from tests.gitrepo import DATA, commit_data, git, new_repo
from tests.synthetic import FULL, FULL_TEXT, edit, report


def test_no_build_imports_openpyxl_and_a_cached_one_not_matplotlib(tmp_path: Path) -> None:
    """Workbooks are written by jixiao itself: openpyxl (a test dependency only) is never
    imported by a build; and with every chart cached, neither is matplotlib."""
    script = f"""
import sys
from pathlib import Path
from typing import Any
from jixiao.build import generate
from jixiao.infra.memo import Memo
from jixiao.model.loader import load_or_raise
generate([load_or_raise(Path({str(FULL)!r}))], memo=Memo(Path({str(tmp_path)!r})))
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
    assert len(list((tmp_path / ".cache" / "site").glob("*.entry"))) == 1
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
    monkeypatch.setattr("jixiao.infra.memo.code_fingerprint", lambda: "other code")
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
    assert list((tmp_path / ".cache" / "site").glob("*.entry"))
    assert messages[0] == messages[1]
    assert any("three_public.items[0].rate" in m for m in messages[1])


def test_a_build_prunes_what_no_build_of_its_data_uses(tmp_path: Path) -> None:
    """After the data changes, `mkdocs build` leaves in the cache exactly the charts a build
    of the new data from an empty cache makes: old charts go; files that are no cache entry
    stay."""

    def site(folder: Path, year: int) -> Path:
        data = folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        for old in data.glob("*.yaml"):
            old.unlink()
        (data / f"{year}.yaml").write_text(edit(FULL_TEXT, "year: 2030", f"year: {year}"), "utf-8")
        return config_for(folder, data)

    def entries(folder: Path) -> set[str]:
        cache = folder / ".cache"
        return {p.relative_to(cache).as_posix() for p in cache.glob("charts/*")}

    build_site(site(tmp_path / "ours", 2030), tmp_path / "first")
    first = entries(tmp_path / "ours")
    assert any(e.startswith("charts/") for e in first)
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


def test_an_entry_read_back_counts_as_used_and_prune_removes_the_others(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    read, unread = Memo.key("t", "read"), Memo.key("t", "unread")
    memo.put("charts", read, b"<svg/>")
    memo.put("charts", unread, b"<svg/>")
    for path in (tmp_path / "charts").iterdir():
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    (tmp_path / "charts" / "README.txt").write_text("not an entry", encoding="utf-8")
    start = time.time()
    assert memo.get("charts", read) == b"<svg/>" and memo.get("charts", "0" * 64) is None
    assert memo.prune(start) == 1
    assert memo.get("charts", read) == b"<svg/>" and memo.get("charts", unread) is None
    assert (tmp_path / "charts" / "README.txt").is_file()


def test_the_key_covers_every_input_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = Memo.key("site", "a", b"b")
    assert key == Memo.key("site", "a", b"b")
    assert (
        len({key, Memo.key("site", "ab", b""), Memo.key("site", "a"), Memo.key("x", "a", b"b")})
        == 4
    )
    monkeypatch.setattr("jixiao.infra.memo.code_fingerprint", lambda: "other code")
    assert Memo.key("site", "a", b"b") != key


def test_an_entry_that_does_not_match_its_hash_is_a_miss(tmp_path: Path) -> None:
    """An edited figure or a flipped byte in an entry never comes back; nor does a value that
    is no JSON, and nothing of an entry is ever run."""
    memo, key = Memo(tmp_path), Memo.key("site", "x")
    memo.put_json("site", key, {"figure": "484.62"})
    assert memo.get_json("site", key) == {"figure": "484.62"}
    (entry,) = (tmp_path / "site").iterdir()
    entry.write_bytes(entry.read_bytes().replace(b"484.62", b"848.62"))
    assert memo.get_json("site", key) is None
    memo.put("site", key, b"\x80\x04cos\nsystem\n")  # a pickle: bytes, never loaded
    assert memo.get_json("site", key) is None
    assert memo.get("site", key) == b"\x80\x04cos\nsystem\n"


def test_an_unwritable_cache_and_a_cache_turned_off_keep_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    key = Memo.key("t")
    for memo in (Memo(blocked), Memo(None)):
        memo.put("charts", key, b"x")
        assert memo.get("charts", key) is None and memo.prune(time.time()) == 0
    assert blocked.read_text(encoding="utf-8") == "not a folder"


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
    from jixiao.infra.fingerprint import PACKAGE, package_files

    names = {path.relative_to(PACKAGE).as_posix() for path in package_files()}
    assert {"charts/render.py", "charts/jixiao.mplstyle"} <= names
    assert "pages/templates/report.md.j2" in names
    assert any(name.startswith("theme/") for name in names)
    assert not any("__pycache__" in name for name in names)


def test_an_edited_site_entry_never_reaches_the_site(tmp_path: Path) -> None:
    """A figure edited in the kept site no longer matches the entry's hash: a miss, and the
    site is made afresh from the data."""
    config = config_for(tmp_path, FULL.parent)
    built = tmp_path / "first"
    build_site(config, built)
    (entry,) = (tmp_path / ".cache" / "site").glob("*.entry")
    stored = entry.read_bytes()
    assert b"300.5" in stored
    entry.write_bytes(stored.replace(b"300.5", b"800.5"))
    build_site(config, tmp_path / "again")
    assert site_bytes(tmp_path / "again") == site_bytes(built)
    assert b"800.5" not in b"".join(site_bytes(tmp_path / "again").values())


def test_a_cache_turned_off_writes_nothing_and_an_unwritable_one_builds_the_same(
    tmp_path: Path,
) -> None:
    data = FULL.parent
    for name in ("on", "off", "stuck"):
        (tmp_path / name).mkdir()
    build_site(config_for(tmp_path / "on", data), tmp_path / "on-site")
    turned_off = {"jixiao": {"data_dir": str(data), "cache": False}}
    off = config_for(tmp_path / "off", data, extra=turned_off)
    build_site(off, tmp_path / "off-site")
    assert not (tmp_path / "off" / ".cache").exists()
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    build_site(config_for(tmp_path / "stuck", data), tmp_path / "stuck-site", blocked)
    assert blocked.read_text(encoding="utf-8") == "not a folder"
    on = site_bytes(tmp_path / "on-site")
    assert site_bytes(tmp_path / "off-site") == on == site_bytes(tmp_path / "stuck-site")


class DictStore:
    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def get(self, name: str) -> bytes | None:
        return self.entries.get(name)

    def put(self, name: str, content: bytes) -> None:
        self.entries[name] = content


def test_kept_downloads_are_the_files_and_a_changed_year_makes_its_own_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jixiao.opendata import downloads as module

    years = [report(year=2030), report(year=2031)]
    fresh = {d.path: d.content for d in module.downloads(years)}
    kept, read_from = DictStore(), {2030: "a", 2031: "b"}
    assert {d.path: d.content for d in module.downloads(years, kept, read_from)} == fresh
    made: list[tuple[int, ...]] = []
    files = module._files

    def counting(group: list[Any], single: bool, *rest: Any, **named: Any) -> Any:
        made.append(tuple(r.year for r in group))
        return files(group, single, *rest, **named)

    monkeypatch.setattr(module, "_files", counting)
    assert {d.path: d.content for d in module.downloads(years, kept, read_from)} == fresh
    assert made == []
    changed = [report(year=2030), report(year=2031, title="2031年度虚构县测试局报告（改）")]
    again = {d.path: d.content for d in module.downloads(changed, kept, {2030: "a", 2031: "c"})}
    assert made == [(2031,), (2030, 2031)]
    assert again == {d.path: d.content for d in files_of(changed)}


def test_a_text_edit_keeps_the_workbooks_and_a_figure_edit_writes_them_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workbook and the CSV hold the figures and tables, not the report's prose: after a
    sentence is edited they are taken from before (the JSON, which holds it, is made again),
    and the rows of all years' workbook are not even made: it is named by each year's."""
    from jixiao.opendata import downloads as module

    kept, written, rows = DictStore(), [], []
    write, workbook = module._write_workbook, module._workbook

    def counting(book: Any) -> bytes:
        written.append(book)
        return write(book)

    def making(group: list[Any]) -> Any:
        rows.append(tuple(r.year for r in group))
        return workbook(group)

    monkeypatch.setattr(module, "_write_workbook", counting)
    monkeypatch.setattr(module, "_workbook", making)
    first = {2030: "a", 2031: "b"}
    module.downloads([report(year=2030), report(year=2031)], kept, first)
    assert len(written) == 3  # each year's workbook, and all years'
    rows.clear()
    texts = [report(year=2030), report(year=2031, title="2031年度虚构县测试局报告（改）")]
    again = {d.path: d.content for d in module.downloads(texts, kept, {**first, 2031: "c"})}
    assert len(written) == 3 and rows == [(2031,)]
    assert again == {d.path: d.content for d in files_of(texts)}
    written.clear()  # (the fresh files just made to compare with)
    spent = [
        report(year=2030),
        report(year=2031, execution={"text": "支出80万元。", "spending": "80万元"}),
    ]
    again = {d.path: d.content for d in module.downloads(spent, kept, {**first, 2031: "d"})}
    assert len(written) == 2  # 2031's and all years'
    assert again == {d.path: d.content for d in files_of(spent)}


def files_of(reports: list[Any]) -> list[Any]:
    from jixiao.opendata.downloads import downloads

    return downloads(reports)


class Planted:
    """Unpickling this runs code: it writes the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "ran"))


def test_crafted_entries_run_nothing_and_reach_no_site(tmp_path: Path) -> None:
    """Every entry of the memo replaced by a pickle that would run code when loaded, or by its
    content with a figure changed: nothing runs, the build makes the same site afresh."""
    import pickle

    config = config_for(tmp_path, FULL.parent)
    build_site(config, tmp_path / "first")
    marker = tmp_path / "marker"
    entries = sorted((tmp_path / ".cache").glob("*/*.entry"))
    kinds = {"site", "charts", "downloads", "host-audit", "search-index", "search-sections"}
    assert {e.parent.name for e in entries} >= kinds
    for n, entry in enumerate(entries):
        stored = entry.read_bytes()
        crafted = pickle.dumps(Planted(marker)) if n % 2 else stored.replace(b"300.5", b"800.5")
        entry.write_bytes(crafted if crafted != stored else stored[:-1] + b"!")
    build_site(config, tmp_path / "again")
    assert not marker.exists()
    assert site_bytes(tmp_path / "again") == site_bytes(tmp_path / "first")


def test_no_module_but_the_memo_and_the_build_names_the_cache_folder() -> None:
    """The cache's folder is the memo's to name (the plugin's option, ``jixiao init``'s
    settings and .gitignore take it from there): no stage knows where anything is kept."""
    from jixiao.infra.fingerprint import PACKAGE

    named = re.compile(r"""["'/]\.cache\b""")
    allowed = {"infra/memo.py", "build.py"}
    naming = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if named.search(path.read_text(encoding="utf-8"))
    ]
    assert [name for name in naming if name not in allowed] == []
    assert "infra/memo.py" in naming  # the test still sees the one place that names it


def test_a_kept_site_comes_back_as_it_was_and_any_other_shape_is_no_site() -> None:
    from jixiao.sitecache import FinishedSite, site_from_json, site_json

    site = FinishedSite([(30, "提示")], {"a.md": "", "b.bin": b"\0\1"}, ["a.md"], ["13800000000"])
    assert site_from_json(json.loads(json.dumps(site_json(site)))) == site
    good = site_json(site)
    assert isinstance(good, dict)
    for field, wrong in [
        ("messages", [[True, "提示"]]),  # a flag is no logging level
        ("messages", [[30]]),
        ("files", [["a.md", {"text": "x", "base64": ""}]]),
        ("files", [["b.bin", {"base64": "not base64!"}]]),
        ("files", [["a.md", {"text": 1}]]),
        ("nav", "a.md"),
        ("not_personal", [1]),
    ]:
        assert site_from_json({**good, field: wrong}) is None, field
    assert site_from_json([good]) is None


def test_an_unchanged_site_takes_its_search_index_from_the_memo_and_a_changed_page_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind runs only for pages it has not indexed: a warm build writes the kept index (the
    same bytes, stale files gone), and a build whose report page changed indexes again, reading
    the sections of the unchanged pages from the memo."""
    from jixiao.postbuild import search_index, search_sections

    data = tmp_path / "data"
    data.mkdir()
    (data / "2030.yaml").write_text(FULL_TEXT, "utf-8")
    newer = edit(FULL_TEXT, "year: 2030", "year: 2031")
    (data / "2031.yaml").write_text(newer, "utf-8")
    config = config_for(tmp_path, data, strict=False)
    build_site(config, tmp_path / "site")
    first = site_bytes(tmp_path / "site")
    (tmp_path / "site" / "pagefind" / "stale.pf_meta").write_bytes(b"")
    ran: list[tuple[Path, Path]] = []
    read: list[str] = []
    real_run, real_read = search_index._run_pagefind, search_sections.page_sections

    def run(records: Path, output: Path) -> None:
        ran.append((records, output))
        real_run(records, output)

    def sections(html: str) -> list[search_sections.Section]:
        read.append(html)
        return real_read(html)

    monkeypatch.setattr(search_index, "_run_pagefind", run)
    monkeypatch.setattr(search_sections, "page_sections", sections)
    build_site(config, tmp_path / "site")
    assert (ran, read) == ([], [])
    assert site_bytes(tmp_path / "site") == first
    for n, edited in enumerate(["全体测试人员", "全体测试人员和志愿者"]):
        ran.clear()
        read.clear()
        (data / "2031.yaml").write_text(newer.replace("测试人员", edited, 1), "utf-8")
        build_site(config, tmp_path / "site")
        assert len(ran) == 1  # begun on the pages as MkDocs converted them (on_env)
        built = [html for html in read if not html.startswith("<article")]
        assert len(built) == 1 and edited in built[0]  # only the changed page was read again
        converted = [html for html in read if html.startswith("<article")]
        # as converted: every page the first time, then the changed page only
        assert len(converted) == (2 if n == 0 else 1) and edited in converted[-1]
    changed = site_bytes(tmp_path / "site")
    shutil.rmtree(tmp_path / ".cache")
    build_site(config, tmp_path / "cold")
    assert changed == site_bytes(tmp_path / "cold")


def test_the_search_index_is_written_where_it_is_kept_and_nothing_of_it_stays_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the cache holds no index yet, Pagefind writes the index in the cache's scratch
    folder, so that each file is kept by a link, not a copy (a ten-year site's index is 290
    files); the site's index files are those very files, and the scratch folder is left empty.
    Once an index is kept (most files of the next are kept already), and without a cache, it
    goes elsewhere."""
    from jixiao.postbuild import search_index

    data = tmp_path / "data"
    data.mkdir()
    (data / "2030.yaml").write_text(FULL_TEXT, "utf-8")
    outputs: list[Path] = []
    real_run = search_index._run_pagefind

    def run(records: Path, output: Path) -> None:
        outputs.append(output)
        real_run(records, output)

    monkeypatch.setattr(search_index, "_run_pagefind", run)
    build_site(config_for(tmp_path, data, strict=False), tmp_path / "site")
    scratch = tmp_path / ".cache" / "scratch"
    assert len(outputs) == 1 and outputs[0].is_relative_to(scratch)
    assert not scratch.exists() or not any(scratch.iterdir())
    kept = {path.stat().st_ino for path in (tmp_path / ".cache").rglob("*.blob")}
    index = [path for path in (tmp_path / "site" / "pagefind").rglob("*") if path.is_file()]
    assert index and all(path.stat().st_ino in kept for path in index)
    (data / "2030.yaml").write_text(FULL_TEXT.replace("测试人员", "全体测试人员", 1), "utf-8")
    build_site(config_for(tmp_path, data, strict=False), tmp_path / "site")
    assert len(outputs) == 2 and not outputs[1].is_relative_to(tmp_path)
    off = tmp_path / "off"
    off.mkdir()
    turned_off = {"jixiao": {"data_dir": str(data), "cache": False}}
    build_site(config_for(off, data, strict=False, extra=turned_off), off / "site")
    assert len(outputs) == 3 and not outputs[2].is_relative_to(off)
    assert site_bytes(off / "site") == site_bytes(tmp_path / "site")


def test_the_scratch_folder_loses_what_ended_runs_left_there(tmp_path: Path) -> None:
    """A run killed while Pagefind wrote its index leaves its folder in the scratch folder,
    named with its process id: the next run's ``scratch`` removes it, not a live run's."""
    from jixiao.infra.leftovers import SEARCH_PREFIX

    assert Memo(None).scratch() is None
    scratch = tmp_path / "scratch"
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    killed = scratch / f"{SEARCH_PREFIX}{ended.stdout.strip()}-a1b2" / "pagefind"
    live = scratch / f"{SEARCH_PREFIX}{os.getpid()}-c3d4" / "pagefind"
    for folder in (killed, live):
        folder.mkdir(parents=True)
        (folder / "pagefind.js").write_text("", "utf-8")
    assert Memo(tmp_path).scratch() == scratch
    assert not killed.parent.exists() and (live / "pagefind.js").exists()


def test_a_kept_index_file_edited_in_the_cache_never_reaches_the_site(tmp_path: Path) -> None:
    """The index is kept as files named by the hash of their bytes and linked into the site
    (no bytes written again); a kept file whose bytes were changed is no longer the file its
    name says: the index is made afresh, and the changed bytes are published nowhere."""
    config = config_for(tmp_path, FULL.parent)
    build_site(config, tmp_path / "first")
    first = site_bytes(tmp_path / "first")
    build_site(config, tmp_path / "warm")
    assert site_bytes(tmp_path / "warm") == first
    kept = sorted((tmp_path / ".cache" / "search-index").glob("*.blob"))
    script = tmp_path / "warm" / "pagefind" / "pagefind.js"
    assert os.stat(script).st_ino in {os.stat(blob).st_ino for blob in kept}  # linked
    for blob in kept:
        data = blob.read_bytes()
        blob.unlink()  # the site's link keeps its own bytes
        blob.write_bytes(data + b"/* tampered-with-in-the-cache */")
    build_site(config, tmp_path / "again")
    again = site_bytes(tmp_path / "again")
    assert again == first
    assert not any(b"tampered-with" in content for content in again.values())


def test_a_cache_folder_that_holds_the_site_stops_the_build(tmp_path: Path) -> None:
    """A cache folder holding the site's output would publish its entries (and MkDocs would
    clean them away before each build): the build stops and says which option to change."""
    config = config_for(tmp_path, FULL.parent, cache_dir=str(tmp_path))
    with pytest.raises(MkDocsException) as stopped:
        build_site(config, tmp_path / "site")
    assert "构建缓存的文件夹与 site_dir 重叠" in str(stopped.value)
    assert "cache_dir 设为单独的文件夹" in str(stopped.value)
    assert not list(tmp_path.rglob("*.entry"))


def test_the_older_chart_cache_option_keeps_the_cache_in_the_folder_it_names(
    tmp_path: Path,
) -> None:
    """``chart_cache: charts`` once kept the cache in its parent, the site's own folder, whose
    ``site`` folder is MkDocs' output: the cache's entry of the whole site was published."""
    config = config_for(tmp_path, FULL.parent, tmp_path / "charts")
    build_site(config, tmp_path / "site")
    published = {path.suffix for path in (tmp_path / "site").rglob("*")}
    assert not published & {".entry", ".blob"}
    assert list((tmp_path / "charts" / "site").glob("*.entry"))


def test_prune_removes_what_a_killed_run_left_while_writing_an_entry(tmp_path: Path) -> None:
    """An entry is written beside its name first; a run killed meanwhile leaves that file,
    named with its process id, and the next build's prune removes it (not a live one's)."""
    memo = Memo(tmp_path)
    key = Memo.key("t", "kept")
    memo.put("charts", key, b"<svg/>")
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    killed = tmp_path / "charts" / f".{key}.entry.{ended.stdout.strip()}-a1b2c3.tmp"
    writing = tmp_path / "charts" / f".{key}.entry.{os.getpid()}-d4e5f6.tmp"
    killed.write_bytes(b"<sv")
    writing.write_bytes(b"<sv")
    start = time.time()
    assert memo.get("charts", key) == b"<svg/>"
    memo.prune(start)
    assert not killed.exists() and writing.exists()
    assert memo.get("charts", key) == b"<svg/>"
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        writing.name,
        f"{key}.entry",
    ]
