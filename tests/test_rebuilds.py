"""Under `mkdocs serve`, a rebuild takes the pages that did not change from earlier rebuilds
(jixiao/rebuilds.py), and what it publishes is exactly what a rebuild without them would."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

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
from tests.conftest import ROOT, config_for
from tests.synthetic import YEARS, edit

SENTENCE = "根据虚构通知，我局对2033年部门整体支出进行了绩效自评。"


def serve_build(config_file: Path, site_dir: Path) -> None:
    """One build as `mkdocs serve` runs it, in this process (whose memory a rebuild uses)."""
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


def published(site_dir: Path) -> dict[str, bytes]:
    """Every page and the search index (the sitemap carries the day it was built)."""
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.suffix == ".html" or path.name == "search_index.json"
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
    """Empties the memory of earlier rebuilds."""

    def forget() -> None:
        monkeypatch.setattr(rebuilds, "_rendered", {})
        monkeypatch.setattr(rebuilds, "_indexed", {})
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
    serve_build(config, tmp_path / "afresh")
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
