"""Drafts (`draft: true`): checked like any year, never published by `mkdocs build` or
`jixiao render` — no page, no downloads, no trends, no search — and previewed under
`mkdocs serve` with a 草稿 banner; a draft with problems stops nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.postbuild.search_index import indexed_records
from tests.synthetic import FULL_TEXT, edit, with_year
from tests.test_init import mkdocs_build
from tests.test_serve import fetch, serving

# A draft that loads cleanly: the synthetic full report as next year's, marked by its title.
DRAFT_TITLE = "2031年度草稿测试局整体支出绩效自评报告"
MARK = "草稿测试局".encode()  # in the draft's title only
CLEAN_DRAFT = edit(
    edit(with_year(FULL_TEXT, 2031), "\nyear: 2031\n", "\nyear: 2031\ndraft: true\n"),
    "title: 2030年度虚构县测试局整体支出绩效自评报告",
    f"title: {DRAFT_TITLE}",
)


def site_with_drafts(tmp_path: Path) -> Path:
    """A site made by `jixiao init` whose first year (2029) is still the blank draft, with a
    finished year (2030) and a draft that loads cleanly (2031)."""
    site = tmp_path / "site"
    assert main(["init", str(site), "--department", "虚构县测试局", "--year", "2029"]) == 0
    (site / "data" / "2030.yaml").write_text(FULL_TEXT, encoding="utf-8")
    (site / "data" / "2031.yaml").write_text(CLEAN_DRAFT, encoding="utf-8")
    return site


def test_check_checks_drafts_like_any_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_with_drafts(tmp_path)
    data = site / "data"
    capsys.readouterr()
    assert main(["check", "--data", str(data)]) == 1  # the blank 2029 draft
    err = capsys.readouterr().err
    assert "2029.yaml:23:14: 字段 sections.overview.heading: 尚未填写。" in err
    assert f"其中 13 个问题在草稿 {data.as_posix()}/2029.yaml 中" in err
    (data / "2029.yaml").unlink()
    assert main(["check", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "（年度：2030、2031（草稿））" in out
    assert f"草稿 {data.as_posix()}/2031.yaml 不发布" in out


def test_render_leaves_drafts_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = site_with_drafts(tmp_path)
    out = tmp_path / "md"
    assert main(["render", str(out), "--data", str(site / "data")]) == 0
    assert "草稿" in capsys.readouterr().out
    assert (out / "2030.md").is_file()
    assert not (out / "2031.md").exists() and not (out / "2029.md").exists()
    assert not [p for p in out.rglob("*") if p.is_file() and MARK in p.read_bytes()]


def test_build_publishes_the_finished_years_and_no_draft(tmp_path: Path) -> None:
    site = site_with_drafts(tmp_path)
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    assert "草稿 data/2029.yaml 不发布" in built.stderr
    assert "草稿 data/2031.yaml 不发布" in built.stderr
    output = site / "site"
    assert (output / "2030" / "index.html").is_file()
    assert not (output / "2031").exists() and not (output / "2029").exists()
    # nowhere in the published site: not the pages, downloads, trends, sitemap or search
    leaks = [
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and MARK in p.read_bytes()
    ]
    assert leaks == []
    downloads = sorted(p.name for p in (output / "downloads").iterdir())
    assert "jixiao-2030.csv" in downloads and not [n for n in downloads if "2031" in n]
    all_years = json.loads((output / "downloads" / "jixiao-all.json").read_bytes())
    assert [r["year"] for r in all_years["reports"]] == [2030]
    assert "draft" not in all_years["reports"][0]  # published years need no such field
    # the search index is gzip: read as the browser gets it
    records = indexed_records(output)
    assert records and not [r for r in records if "草稿测试局" in json.dumps(r, ensure_ascii=False)]
    assert {r["filters"]["年度"][0] for r in records} == {"2030"}  # type: ignore[index]


def test_serve_previews_drafts_with_a_banner(tmp_path: Path) -> None:
    site = site_with_drafts(tmp_path)
    with serving(site / "mkdocs.yml") as (base, terminal):
        home = fetch(base, "2030年度", 90)  # the site, not a page of problems
        assert "数据有问题，网站未生成" not in home
        assert "2031年度（草稿）" in home
        draft = fetch(f"{base}2031/", DRAFT_TITLE, 60)
        assert 'class="admonition warning jx-draft"' in draft
        assert "草稿：本页不会发布" in draft
        assert "2031年度报告（草稿）" in draft  # the navigation says so too
        blank = fetch(f"{base}2029/", "这份草稿还不能显示成报告页", 60)
        assert "jx-draft" in blank and "sections.overview.heading" in blank
        assert "2029.yaml:23:14" in blank
        assert "草稿：本页不会发布" not in fetch(f"{base}2030/", "2030年度", 30)
    assert "ERROR" not in terminal[0], terminal[0]
