"""One strict MkDocs build of the shipped site, and builds of synthetic and broken data."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from jixiao.model.report import Report
from jixiao.postbuild.search_index import indexed_records
from tests.conftest import ROOT, build_site, config_for, config_with_data, page_text
from tests.synthetic import FULL_TEXT, MINIMAL, edit


# The first four tests are about the real site: the shipped data builds into it.
def test_the_site_has_home_report_and_about_pages(built_site: Path, report_2021: Report) -> None:
    for page in ["index.html", "2021/index.html", "about/index.html"]:
        assert (built_site / page).is_file(), page
    home = page_text(built_site / "index.html")
    assert report_2021.budget and report_2021.budget.total and report_2021.grade
    assert "2021年度" in home and report_2021.budget.total.printed in home
    assert report_2021.grade in home
    report = page_text(built_site / "2021" / "index.html")
    assert "主要数字" in report and "自评得分" in report
    about = page_text(built_site / "about" / "index.html")
    assert "等级如何评定" in about


def test_a_site_s_own_description_is_every_page_s_meta_description(built_site: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    own = next(line for line in config.splitlines() if line.startswith("site_description:"))
    html = (built_site / "2021" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="description" content="{own.split(": ", 1)[1]}">' in html


def test_pages_are_chinese_and_link_each_other(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert 'href="2021/"' in html and 'href="about/"' in html


def test_search_index_holds_the_report_text_by_section_with_its_year(built_site: Path) -> None:
    fragment = next((built_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert "\u200b" in gzip.decompress(fragment.read_bytes()).decode()  # words split (Pagefind)
    records = indexed_records(built_site)
    links = [record["meta"]["link"] for record in records]  # type: ignore[index]
    assert "2021/#theme-3" in links and all(link.startswith("2021/") for link in links)
    assert all(record["filters"] == {"年度": ["2021"]} for record in records)
    text = " ".join(str(record["content"]) for record in records)
    assert "职业技能培训" in text
    # the report's text only: not Material's header, navigation or footer
    assert "跳转至" not in text and "关于本站" not in text
    # nothing of the old whole-site index, which every page loaded
    assert not (built_site / "search" / "search_index.json").exists()


def test_no_request_to_another_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert "unpkg.com" not in html and "cdn." not in html, page


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_generated_pages_are_never_written_into_content(tmp_path: Path) -> None:
    before = snapshot(ROOT / "content")
    build_site(config_for(tmp_path, MINIMAL.parent), tmp_path / "site", tmp_path / "chart-cache")
    assert (tmp_path / "site" / "2030" / "index.html").is_file()
    assert snapshot(ROOT / "content") == before
    assert "2030.md" not in before and "index.md" not in before


def test_bad_data_stops_the_build_before_publishing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "site"
    with pytest.raises((PluginError, Abort)):
        build_site(config_with_data(tmp_path, edit(FULL_TEXT, "score: 96分", "score: 96")), site)
    assert "sections.performance.score" in caplog.text
    assert not (site / "2030" / "index.html").exists()


def test_the_data_folder_is_configurable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    changed = edit(FULL_TEXT, "title: 2030年度", "title: 测试标题2030年度")
    build_site(config_with_data(tmp_path, changed, folder="other"), site)
    assert "测试标题" in page_text(site / "2030" / "index.html")


def test_an_unreviewed_finding_fails_the_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 招待费 3.7万元 of 6万元 is not the printed 60%
    with pytest.raises(Abort):
        build_site(
            config_with_data(tmp_path, FULL_TEXT.replace("3.6万元", "3.7万元")), tmp_path / "site"
        )
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert any("sections.execution.three_public.items[0].rate" in r.getMessage() for r in warnings)
    assert all(r.name.startswith("mkdocs") for r in warnings)


def test_personal_data_stops_the_build_even_when_not_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    leaked = edit(FULL_TEXT, "加强对测试人员", "联系电话13812345678。加强对测试人员")
    config = config_with_data(tmp_path, leaked, strict=False)
    with pytest.raises(Abort, match="BuildError"):
        build_site(config, tmp_path / "site")
    assert "个人信息" in caplog.text
    assert "13812345678" not in caplog.text  # never repeated in full, not even in the log
    assert not (tmp_path / "site" / "2030" / "index.html").exists()


def test_a_site_url_on_the_portal_builds_strictly(tmp_path: Path) -> None:
    """With site_url set (the portal's address, or 127.0.0.1 under `mkdocs serve`), pages carry
    canonical links to it; they load nothing, so the strict build still passes."""
    config = config_for(tmp_path, MINIMAL.parent, site_url="https://portal.example.gov.cn/jixiao/")
    site = tmp_path / "site"
    build_site(config, site, tmp_path / "chart-cache")
    html = (site / "2030" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://portal.example.gov.cn/jixiao/2030/">' in html


def test_the_site_builds_from_any_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths in mkdocs.yml (data, search dictionary) are relative to mkdocs.yml itself.
    About the real site: the repository's own mkdocs.yml and data/."""
    monkeypatch.chdir(tmp_path)
    build_site(ROOT / "mkdocs.yml", tmp_path / "site", tmp_path / "chart-cache")
    assert (tmp_path / "site" / "2021" / "index.html").is_file()
