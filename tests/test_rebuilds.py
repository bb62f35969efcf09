"""A `mkdocs serve` rebuild takes the pages that did not change from the rebuilds before, from
memory (jixiao/rebuilds.py); what it serves is exactly what a build without them would.  A
published build converts every page with MkDocs as it is."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page

from jixiao import rebuilds
from jixiao.checks.audit import Audit, audit
from jixiao.model import loader
from jixiao.model.report import Report
from jixiao.pages import render
from jixiao.postbuild import search_serve
from tests.conftest import ROOT, config_for
from tests.synthetic import YEARS, edit

SENTENCE = "根据虚构通知，我局对2033年部门整体支出进行了绩效自评。"


def serve_build(
    config_file: Path, site_dir: Path, command: Literal["serve", "build"] = "serve"
) -> None:
    """One build as `mkdocs serve` runs it (or `mkdocs build`), in this process."""
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command=command, dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    search_serve.LATER.wait()  # serve writes the search index beside the rebuild


def published(site_dir: Path) -> dict[str, bytes]:
    """Every page and the search index (the sitemap carries the day it was built)."""
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
        and (path.suffix == ".html" or path.parts[len(site_dir.parts)] == "pagefind")
    }


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages MkDocs converts from Markdown, in order, from here on."""
    pages: list[str] = []
    real: Callable[..., None] = Page.render

    def counting(page: Page, *args: object) -> None:
        pages.append(page.file.src_uri)
        real(page, *args)

    monkeypatch.setattr(Page, "render", counting)
    return pages


@pytest.fixture
def forgotten(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Empties the memory of earlier builds in this process (not the cache folder)."""

    def forget() -> None:
        monkeypatch.setattr(rebuilds, "_rendered", rebuilds._Store())
        monkeypatch.setattr(loader, "_read_before", {})
        monkeypatch.setattr(render, "_pages", {})

    forget()
    return forget


def test_a_rebuild_converts_only_the_changed_year_and_publishes_the_same_site(
    tmp_path: Path,
    converted: list[str],
    forgotten: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(YEARS, data)
    config = config_for(tmp_path, data, tmp_path / "cache" / "charts")
    serve_build(config, tmp_path / "first")
    every_page = set(converted)
    assert {"2031.md", "2032.md", "2033.md", "index.md"} <= every_page

    year = data / "2033.yaml"
    year.write_text(
        edit(year.read_text(encoding="utf-8"), SENTENCE, SENTENCE + "（已核对）"), "utf-8"
    )
    converted.clear()
    rendered: list[int] = []  # the years whose page our templates made again

    def counted(report: Report) -> Audit:
        rendered.append(report.year)
        return audit(report)

    monkeypatch.setattr(render, "audit", counted)
    serve_build(config, tmp_path / "reused")
    assert rendered == [2033]
    assert "2033.md" in converted
    assert not {"2031.md", "2032.md", "index.md"} & set(converted)
    assert len(converted) < len(every_page) / 2

    forgotten()
    elsewhere = tmp_path / "elsewhere"  # and no cache folder either
    elsewhere.mkdir()
    serve_build(config_for(elsewhere, data, elsewhere / "cache" / "charts"), tmp_path / "afresh")
    reused, afresh = published(tmp_path / "reused"), published(tmp_path / "afresh")
    assert "（已核对）" in reused["2033/index.html"].decode("utf-8")
    assert reused.keys() == afresh.keys()
    assert [path for path in reused if reused[path] != afresh[path]] == []


def test_a_warning_of_a_reused_page_is_given_again(
    tmp_path: Path, converted: list[str], forgotten: Callable[[], None]
) -> None:
    """A broken link stops every strict rebuild, not only the one that converted the page."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "content", docs)
    (docs / "notes.md").write_text("# 说明\n\n见[不存在的页](missing.md)。\n", "utf-8")
    data = tmp_path / "data"
    shutil.copytree(YEARS, data)
    config = config_for(tmp_path, data, tmp_path / "cache" / "charts", docs_dir=str(docs))
    for attempt in range(2):
        converted.clear()
        with pytest.raises(Abort):
            serve_build(config, tmp_path / f"site-{attempt}")
    assert "notes.md" not in converted  # the second time, the page was reused


def test_a_published_build_converts_every_page_and_keeps_nothing(
    tmp_path: Path, converted: list[str], forgotten: Callable[[], None]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(YEARS, data)
    cache = tmp_path / "cache"
    config = config_for(tmp_path, data, cache_dir=str(cache))
    former = cache / "theme-templates" / "0123456789abcdef"  # an earlier version's, unread
    former.mkdir(parents=True)
    (former / "template.cache").write_bytes(b"j2")
    serve_build(config, tmp_path / "first", "build")
    pages = sorted(converted)
    converted.clear()
    serve_build(config, tmp_path / "second", "build")
    assert sorted(converted) == pages  # nothing reused: MkDocs converted every page again
    assert not {"pages", "search", "theme-templates"} & {p.name for p in cache.iterdir()}
    assert rebuilds._rendered.memory == {}


def test_a_chart_under_a_new_name_reconverts_only_the_pages_that_show_it(
    tmp_path: Path, converted: list[str], forgotten: Callable[[], None]
) -> None:
    """Charts are named by their content: a redrawn chart is a new file, which only the
    pages linking to it look up."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "content", docs)
    (docs / "figure.md").write_text("# 图\n\n![图](figure-a.svg)\n", "utf-8")
    (docs / "other.md").write_text("# 别页\n\n见[图](figure.md)。\n", "utf-8")
    (docs / "figure-a.svg").write_text("<svg/>", "utf-8")
    data = tmp_path / "data"
    shutil.copytree(YEARS, data)
    config = config_for(tmp_path, data, tmp_path / "cache" / "charts", docs_dir=str(docs))
    serve_build(config, tmp_path / "first")
    assert {"figure.md", "other.md"} <= set(converted)
    (docs / "figure-a.svg").rename(docs / "figure-b.svg")
    (docs / "figure.md").write_text("# 图\n\n![图](figure-b.svg)\n", "utf-8")
    (docs / "lonely.md").write_text("# 新页\n", "utf-8")  # a new file: no page links to it
    converted.clear()
    serve_build(config, tmp_path / "second")
    assert set(converted) == {"figure.md", "lonely.md"}
    (docs / "figure.md").unlink()  # the page other.md links to is gone: other.md warns again
    converted.clear()
    with pytest.raises(Abort):
        serve_build(config, tmp_path / "third")
    assert "other.md" in converted
