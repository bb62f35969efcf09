"""Search at build time: the report text read section by section, Pagefind's index the same
bytes for the same site, filters by 年度 and 部门, the offline bundle's scripts, the search
page.  (tests/browser/test_search.py searches in Chromium.)"""

from __future__ import annotations

import gzip
import json
import shutil
import threading
from pathlib import Path

import pytest

from jixiao.postbuild import search_index, search_serve
from jixiao.postbuild.search_canonical import SIGNATURE, CborValue, cbor_dump, cbor_load
from jixiao.postbuild.search_index import (
    OUTPUT,
    in_memory,
    index_site,
    indexed_records,
    record_html,
    searched_pages,
    write_index,
)
from jixiao.postbuild.search_offline import chunk_name, read_script, script
from jixiao.postbuild.search_sections import (
    SearchedPage,
    Section,
    page_sections,
    report_filters,
)
from jixiao.postbuild.search_serve import LaterIndex
from jixiao.theme.search_page import search_page
from tests.conftest import ROOT, build_site, config_for

PAGE = """<html><head><title>x</title><script>var n = "脚本";</script></head><body>
<header>跳转至 网站标题</header><nav><a href="../">首页</a></nav>
<article class="md-content__inner md-typeset">
<h1 id="2030">2030年度报告</h1><p>开头&amp;<strong>一段</strong></p>
<h2 id="budget">二、年初预算</h2><table><tr><td>基本支出</td><td>12.5万元</td></tr></table>
<template><p>图表数据</p></template>
<h3>没有锚点的小标题</h3><p>仍属上一节</p>
<h2 id="theme-1">1、社保卡</h2><p>办理社保卡\u200b三万张</p><article><p>内嵌</p></article>
</article><footer>页脚</footer></body></html>"""


def test_sections_are_the_article_s_text_by_heading() -> None:
    sections = page_sections(PAGE)
    assert [(s.anchor, s.title) for s in sections] == [
        ("2030", "2030年度报告"),
        ("budget", "二、年初预算"),
        ("theme-1", "1、社保卡"),
    ]
    assert sections[0].text == "开头&一段"
    assert sections[1].text == "基本支出 ｜ 12.5万元 ； 没有锚点的小标题 仍属上一节"
    assert sections[2].text == "办理社保卡三万张 内嵌"
    text = " ".join(s.title + s.text for s in sections)
    for outside in ("跳转至", "首页", "页脚", "脚本", "图表数据"):
        assert outside not in text


def test_report_pages_are_searched_under_their_year_and_department() -> None:
    paths = ["index.md", "about.md", "2030.md", "2031.md", "trends.md", "search.md"]
    assert report_filters(paths) == {"2030/": {"年度": "2030"}, "2031/": {"年度": "2031"}}
    assert report_filters(paths, directory_urls=False) == {
        "2030.html": {"年度": "2030"},
        "2031.html": {"年度": "2031"},
    }
    portal = ["index.md", "renshe/index.md", "renshe/2030.md", "other/2030.md", "compare/2030.md"]
    assert report_filters(portal, {"renshe": "县人社局"}) == {
        "renshe/2030/": {"部门": "县人社局", "年度": "2030"}
    }


HOSTILE = '"><img src=x onerror=alert(1)>&amp;'


def test_record_values_are_escaped() -> None:
    page = SearchedPage("a/2030/", HOSTILE, {"部门": HOSTILE, "年度": "2030"}, ())
    html = record_html(page, Section("x", HOSTILE, HOSTILE + "</p><script>"))
    assert "<img" not in html and "<script>" not in html
    assert html.count("&quot;&gt;&lt;img") == 5  # filter, title, heading, text, page meta


def test_the_offline_scripts_hold_data_that_cannot_end_the_script() -> None:
    value = {"file": "x.js", "sections": [["2030.html#a", "</script>", HOSTILE]]}
    written = script(value)
    assert "</" not in written and "<img" not in written
    assert read_script(written) == value
    assert chunk_name("renshe/2030.html") == "renshe-2030.js"
    assert chunk_name("2030/") == "2030.js"
    with pytest.raises(ValueError):
        read_script("alert(1)")


def test_the_search_page_offers_the_build_s_filters_escaped() -> None:
    single = search_page({"2031/": {"年度": "2031"}, "2030/": {"年度": "2030"}})
    assert "template: jixiao-search.html" in single
    assert '<select id="jx-search-department"' not in single
    assert single.index('value="2031"') < single.index('value="2030"')  # newest first
    portal = search_page({"a/2030/": {"部门": HOSTILE, "年度": "2030"}})
    assert '<select id="jx-search-department"' in portal
    assert "<img" not in portal and "&quot;&gt;&lt;img" in portal


def test_cbor_is_read_and_written_as_pagefind_writes_it() -> None:
    pairs: list[CborValue] = [["a", 1]] * 30
    value: list[CborValue] = [1, -3, 23, 24, 255, 256, 70000, 2**33, "年度", b"\x00\x01", [], pairs]
    assert cbor_load(cbor_dump(value)) == value
    assert cbor_dump(24) == b"\x18\x18" and cbor_dump("a") == b"\x61a"


@pytest.fixture(scope="module")
def years_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site of three years (tests/fixtures/years)."""
    tmp = tmp_path_factory.mktemp("years")
    site = tmp / "site"
    build_site(config_for(tmp, ROOT / "tests" / "fixtures" / "years"), site, tmp / "cache")
    return site


def _index_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted((site / OUTPUT).rglob("*"))
        if p.is_file()
    }


def test_the_built_site_is_indexed_by_year(years_site: Path) -> None:
    records = indexed_records(years_site)
    years = {str(r["meta"]["link"]).split("/")[0]: r["filters"] for r in records}  # type: ignore[index]
    assert years == {y: {"年度": [y]} for y in ("2031", "2032", "2033")}
    search = (years_site / "search" / "index.html").read_text(encoding="utf-8")
    assert all(f'value="{y}"' in search for y in years)
    # Pagefind's own interfaces are not published: the site has its own page
    assert not [name for name in _index_files(years_site) if "-ui" in name]


def test_indexing_the_same_site_again_writes_the_same_bytes(years_site: Path) -> None:
    """Pagefind orders a filter's values by a hash map seeded afresh in each run: the index is
    made canonical (search_canonical), whatever the seed, with several departments too."""
    first = _index_files(years_site)
    filters = report_filters(["2031.md", "2032.md", "2033.md"])
    portal = {url: {"部门": f"部门{i % 2}", **f} for i, (url, f) in enumerate(filters.items())}
    runs = []
    for _ in range(3):
        index_site(years_site, filters)
        assert _index_files(years_site) == first
        index_site(years_site, portal)
        runs.append(_index_files(years_site))
    assert runs[0] == runs[1] == runs[2]
    assert runs[0] != first  # the 部门 filter is in the index
    filter_chunk = next(v for k, v in runs[0].items() if k.startswith(f"{OUTPUT}/filter/"))
    assert gzip.decompress(filter_chunk).startswith(SIGNATURE)
    index_site(years_site, filters)  # as it was, for the other tests


def test_the_index_is_the_same_made_in_memory_or_on_the_disk(
    years_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's records and output go to the machine's in-memory folder where it has room
    (creating thousands of files there is ten times cheaper), else to the usual one."""
    filters = report_filters(["2031.md", "2032.md", "2033.md"])
    pages = searched_pages(years_site, filters)
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search_index, "IN_MEMORY", memory)
    assert in_memory(pages) == memory
    write_index(pages, tmp_path / "in-memory")
    monkeypatch.setattr(search_index, "ROOM", 10**15)  # no machine has that much room
    assert in_memory(pages) is None
    monkeypatch.setattr(search_index, "IN_MEMORY", tmp_path / "none")
    assert in_memory(pages) is None
    write_index(pages, tmp_path / "on-disk")
    made = [_files(tmp_path / name) for name in ("in-memory", "on-disk")]
    assert made[0] == made[1] and len(made[0]) > 10
    assert list(memory.iterdir()) == []  # nothing left behind


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_site_without_reports_has_no_index(tmp_path: Path, years_site: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(years_site, copy)
    shutil.rmtree(copy / OUTPUT)
    assert index_site(copy, {"2040/": {"年度": "2040"}}) == 0  # no such page: nothing read
    assert not (copy / OUTPUT).exists()
    assert index_site(copy, {"2031/": {"年度": "2031"}}) > 3
    assert json.loads((copy / OUTPUT / "pagefind-entry.json").read_bytes())["version"]


def test_serve_moves_an_index_into_the_site_unless_a_newer_build_started(
    tmp_path: Path, years_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(years_site, site)
    shutil.rmtree(site / OUTPUT)
    filters = report_filters(["2031.md", "2032.md", "2033.md"])
    later = LaterIndex()
    later.start(site, filters)
    later.wait()
    assert _index_files(site) == _index_files(years_site)  # as a published build writes it

    shutil.rmtree(site / OUTPUT)
    release = threading.Event()
    real = write_index

    def slow(pages: list[SearchedPage], output: Path) -> int:
        release.wait(30)
        return real(pages, output)

    monkeypatch.setattr(search_serve, "write_index", slow)
    later.start(site, filters)
    later.cancel()  # the next save: a build starts while this index is being written
    release.set()
    later.wait()
    assert not (site / OUTPUT).exists()


def test_a_row_of_bare_figures_never_reads_as_an_id_number_in_the_search_text() -> None:
    """Cells apart by a mark: the personal screen reads numbers split by spaces as one number,
    so a table row of figures written with spaces between them would stop the build."""
    from jixiao.checks.personal import find_personal

    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    body = "11010119900307123"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    cells = ["110101", "19900307", "123" + check]
    assert find_personal(" ".join(cells))  # what cells apart by spaces would be
    row = "".join(f"<td>{c}</td>" for c in cells)
    html = (
        '<article class="md-content__inner"><h2 id="t">表</h2>'
        f"<table><tr>{row}</tr><tr>{row}</tr></table></article>"
    )
    [section] = page_sections(html)
    assert (
        section.text
        == "110101 ｜ 19900307 ｜ 123" + check + " ； 110101 ｜ 19900307 ｜ 123" + check + " ；"
    )
    assert not find_personal(section.text)


def _rebuilt_with_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: object
) -> tuple[Path, list[bool]]:
    """A site of three years built, one sentence edited, built again; for each index Pagefind
    began on the second build, whether the page it reads was written yet (MkDocs writes the
    pages after on_env, into a site folder it emptied first)."""
    from jixiao import plugin_search

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "years", data)
    config = config_for(tmp_path, data, None, **overrides)
    site, cache = tmp_path / "site", tmp_path / "c"
    build_site(config, site, cache)
    year = data / "2033.yaml"
    text = year.read_text(encoding="utf-8")
    year.write_text(text.replace("进行了绩效自评。", "进行了绩效自评（改）。", 1), "utf-8")
    begun: list[bool] = []
    real = search_index.Indexing

    def indexing(pages: list[SearchedPage], near: Path | None = None) -> search_index.Indexing:
        begun.append((site / "2033" / "index.html").exists())
        return real(pages, near)

    monkeypatch.setattr(plugin_search, "Indexing", indexing)
    build_site(config, site, cache)
    return site, begun


def test_a_rebuild_indexes_the_pages_while_mkdocs_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts on the pages as MkDocs converted them, before it writes them, and the
    index is the one a build from nothing makes of the built pages."""
    site, begun = _rebuilt_with_an_edit(tmp_path, monkeypatch)
    assert begun == [False]  # once, before the pages were written
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    build_site(config_for(fresh, tmp_path / "data"), fresh / "site", fresh / "c")
    assert _index_files(site) == _index_files(fresh / "site")
    assert any("绩效自评（改）" in json.dumps(r, ensure_ascii=False) for r in indexed_records(site))


def test_a_portal_that_kept_its_other_departments_indexes_while_mkdocs_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A portal rebuilt after one department changed (the others taken from the memo) begins
    Pagefind early too, and its index is the one a build from nothing makes."""
    from jixiao import plugin_search
    from tests.make_portal_fixture import write_portal

    data = write_portal(tmp_path)
    config, site, cache = tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path / "c"
    build_site(config, site, cache)
    year = data / "minzheng" / "2021.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("编制数", "编制人数"), "utf-8")
    begun: list[bool] = []
    real = search_index.Indexing

    def indexing(pages: list[SearchedPage], near: Path | None = None) -> search_index.Indexing:
        begun.append((site / "minzheng" / "2021" / "index.html").exists())
        return real(pages, near)

    monkeypatch.setattr(plugin_search, "Indexing", indexing)
    build_site(config, site, cache)
    assert begun == [False]  # once, before the pages were written
    build_site(config, tmp_path / "fresh", tmp_path / "c2")
    assert _index_files(site) == _index_files(tmp_path / "fresh")


def test_where_the_theme_adds_text_to_a_page_the_index_is_of_the_built_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early index is of the converted Markdown; a theme override that writes text into
    the article makes the built page say more, and the index of the built page is published."""
    partials = tmp_path / "overrides" / "partials"
    partials.mkdir(parents=True)
    (partials / "content.html").write_text(
        '<h2 id="jx-theme-note">主题加的一节</h2><p>主题写的说明文字</p>\n{{ page.content }}\n',
        encoding="utf-8",
    )
    theme = {"name": "material", "custom_dir": str(tmp_path / "overrides")}
    site, begun = _rebuilt_with_an_edit(tmp_path, monkeypatch, theme=theme)
    assert begun == [False, True]  # begun early, then again of the built pages
    texts = [json.dumps(r, ensure_ascii=False) for r in indexed_records(site)]
    assert any("主题写的说明文字" in text for text in texts)
    assert any("绩效自评（改）" in text for text in texts)
