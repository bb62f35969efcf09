"""Building a county portal: a strict ``mkdocs build`` of the synthetic three-department
portal, links between the county's pages and each department's, a small navigation, the
departments built side by side, and a change to one department regenerating only it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup

from jixiao.build_portal import Options, PortalBuild, prepare_portal
from jixiao.cli import main
from jixiao.infra.memo import Memo
from jixiao.model import loader
from jixiao.postbuild.search_sections import report_filters
from jixiao.source.problems import Problem
from tests.make_portal_fixture import COUNTY, NAMES, build_strict, write_portal

DEPARTMENTS = ["renshe", "minzheng", "jiaoyu"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal built as staff build it: ``mkdocs build --strict`` in its folder."""
    folder = tmp_path_factory.mktemp("portal")
    write_portal(folder)
    build_strict(folder)
    return folder / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_links(page: Path) -> list[str]:
    article = soup(page).select_one("article")
    assert article is not None
    return [str(a["href"]) for a in article.select("a[href]")]


def test_home_links_each_department_and_its_newest_report(site: Path) -> None:
    links = article_links(site / "index.html")
    for department in DEPARTMENTS:
        assert f"{department}/" in links
        assert f"{department}/2021/" in links
    text = soup(site / "index.html").get_text(" ")
    assert f"{COUNTY}部门整体支出绩效自评报告" in text
    assert all(NAMES[d][0] in text for d in DEPARTMENTS)


def test_each_department_page_leads_back_to_the_county_and_its_home(site: Path) -> None:
    home = article_links(site / "minzheng" / "index.html")
    assert home[0] == "../"  # the county's home page, first thing in the article
    report = article_links(site / "minzheng" / "2021" / "index.html")
    assert report[:2] == ["../../", "../"]
    title = soup(site / "minzheng" / "index.html").title
    assert title is not None and title.get_text().startswith("虚构县民政局")


def test_every_link_of_a_department_resolves_inside_the_site(site: Path) -> None:
    """Pages, charts and downloads keep their relative links under the prefix."""
    checked = 0
    for page in sorted((site / "renshe").rglob("index.html")):
        base = "/" + page.parent.relative_to(site).as_posix() + "/"
        html = soup(page)
        for tag, attribute in (("a", "href"), ("img", "src")):
            for element in html.select(f"article {tag}[{attribute}]"):
                target = str(element[attribute]).split("#")[0]
                if not target:
                    continue
                path = unquote(urljoin(base, target)).lstrip("/")
                resolved = site / path
                assert resolved.is_file() or (resolved / "index.html").is_file(), (page, target)
                checked += 1
    assert checked > 50  # charts, downloads, the other years' pages


def test_navigation_stays_the_county_pages(site: Path) -> None:
    nav = soup(site / "renshe" / "2021" / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    targets = {str(a["href"]) for a in nav.select("a[href]")}
    assert not any(d in target for target in targets for d in DEPARTMENTS)
    assert "../../about/" in targets


def article_text(page: Path) -> str:
    article = soup(page).select_one("article")
    assert article is not None
    return article.get_text(" ")


def test_a_department_s_pages_speak_of_its_part_of_the_portal_not_of_a_site(site: Path) -> None:
    """Its about page, home and downloads say 本栏目 (the portal's own 关于本站 stays)."""
    about = site / "minzheng" / "about" / "index.html"
    title = soup(about).title
    assert title is not None and title.get_text().startswith("关于本栏目")
    text = article_text(about)
    assert "本栏目公开虚构县民政局每年的《部门整体支出绩效自评报告》" in text
    assert f"是{COUNTY}各部门（单位）绩效自评报告网站的一部分" in text
    assert "怎样使用本栏目" in text and "可按部门和年度筛选" in text
    assert "data/minzheng/2021.yaml" in text
    assert "本栏目公开虚构县民政局历年的" in article_text(site / "minzheng" / "index.html")
    assert "关于本栏目" in article_text(site / "minzheng" / "index.html")
    assert "本栏目每一年度报告" in article_text(site / "minzheng" / "downloads" / "index.html")
    for department in DEPARTMENTS:
        for page in sorted((site / department).rglob("index.html")):
            text = article_text(page)
            for words in ("关于本站", "本站是什么", "本站公开", "使用本站", "本站每一年度"):
                assert words not in text, (page.relative_to(site), words)
    assert "本站公开虚构侗族自治县各部门" in article_text(site / "about" / "index.html")


def test_a_department_s_report_page_names_its_own_data_file(site: Path) -> None:
    """A portal keeps each department's years in its folder: the page and its revision
    history name data/<id>/<year>.yaml, never another department's data/<year>.yaml."""
    for department in DEPARTMENTS:
        text = article_text(site / department / "2021" / "index.html")
        assert f"本页由数据文件 data/{department}/2021.yaml 生成" in text
        assert "data/2021.yaml" not in text


def test_without_a_site_description_every_page_still_has_a_meta_description(site: Path) -> None:
    """The test portal's mkdocs.yml has no site_description (Lighthouse's SEO audit
    meta-description failed on such a portal): the site's name, said as a description."""
    expected = "虚构侗族自治县部门整体支出绩效自评报告：各年度报告全文、主要数字和数据下载"
    for page in ("index.html", "renshe/2021/index.html", "compare/2021/index.html"):
        meta = soup(site / page).select_one('meta[name="description"]')
        assert meta is not None and meta["content"] == expected, page


def test_a_one_department_site_still_speaks_of_the_site() -> None:
    from jixiao.model.portal import InPortal
    from jixiao.pages.render import render_about, render_home
    from tests.synthetic import report

    reports = [report(year=2030, department={"name": "某县某局"})]
    about, home = render_about(reports), render_home(reports)
    assert "# 关于本站" in about and "本站公开某县某局每年的" in about
    assert "可按年度筛选" in about and "`data/2030.yaml`" in about
    assert "本站公开某县某局历年的" in home and "[关于本站](about.md)" in home
    inside = render_about(reports, in_portal=InPortal("mou-ju", "某县"))
    assert "# 关于本栏目" in inside and "`data/mou-ju/2030.yaml`" in inside
    assert "本站是什么" not in inside


def test_downloads_and_charts_exist_under_each_prefix(site: Path) -> None:
    for department in DEPARTMENTS:
        assert (site / department / "downloads" / "jixiao-2021.csv").is_file()
        assert any((site / department / "charts").glob("2021-three-public-*.svg"))
    assert (site / "stylesheets" / "jixiao.css").is_file()
    assert not (site / "renshe" / "stylesheets").exists()  # the theme once, at the top


def _build(data: Path, memo: Memo, workers: int | None = None) -> PortalBuild:
    build = prepare_portal(data, Options(memo=memo, workers=workers))
    assert build.stopped is None, build.stopped
    return build


def test_one_changed_department_alone_is_regenerated_and_filters_name_each_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_portal(tmp_path).relative_to(tmp_path)
    memo = Memo(tmp_path / ".cache")
    first = _build(data, memo)
    assert first.generated == DEPARTMENTS and first.kept == []
    again = _build(data, memo)
    assert (again.generated, again.kept, again.workers) == ([], DEPARTMENTS, 0)
    year = data / "minzheng" / "2021.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("编制数", "编制人数"), "utf-8")
    changed = _build(data, memo)
    assert changed.generated == ["minzheng"] and changed.kept == ["renshe", "jiaoyu"]
    assert changed.site is not None and first.site is not None
    assert "编制人数" in str(changed.site.files["minzheng/2021.md"])
    fresh = _build(data, Memo(None), workers=1)
    assert fresh.site is not None and fresh.site.files == changed.site.files
    assert fresh.site.nav == changed.site.nav
    assert fresh.site.nav == ["index.md", "compare/2021.md", "compare/2020.md", "about.md"]
    # what search narrows results by, the same whether the pages were made or kept
    assert again.names == changed.names == fresh.names
    filters = report_filters(fresh.site.files, fresh.names)
    assert filters["renshe/2020/"] == {"部门": NAMES["renshe"][0], "年度": "2020"}
    assert filters["minzheng/2021/"] == {"部门": "虚构县民政局", "年度": "2021"}
    assert "jiaoyu/" not in filters and "index/" not in filters and "about/" not in filters


def test_a_kept_department_is_not_read_again_for_the_county_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the county's pages show of a department is kept with its pages: a change to one
    department reads that department's files only, and the county's pages come out as a
    build from nothing makes them."""
    monkeypatch.chdir(tmp_path)
    data = write_portal(tmp_path).relative_to(tmp_path)
    memo = Memo(tmp_path / ".cache")
    _build(data, memo, workers=1)
    year = data / "minzheng" / "2021.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("编制数", "编制人数"), "utf-8")
    read: list[str] = []
    reading = loader.read_year_bytes

    def read_year(path: Path) -> bytes | Problem:
        read.append(path.parent.name)
        return reading(path)

    monkeypatch.setattr(loader, "read_year_bytes", read_year)
    changed = _build(data, memo, workers=1)
    assert changed.kept == ["renshe", "jiaoyu"] and set(read) == {"minzheng"}
    monkeypatch.setattr(loader, "read_year_bytes", reading)
    fresh = _build(data, Memo(None), workers=1)
    assert changed.site is not None and fresh.site is not None
    county = ["index.md", *(p for p in fresh.site.files if p.startswith("compare/"))]
    assert len(county) > 3
    assert {p: changed.site.files[p] for p in county} == {p: fresh.site.files[p] for p in county}
    assert [o.named for o in changed.outcomes] == [o.named for o in fresh.outcomes]
    # the pages gone from the memo, what the county's pages need still there: made again
    shutil.rmtree(tmp_path / ".cache" / "portal-department")
    again = _build(data, memo, workers=1)
    assert again.generated == DEPARTMENTS and again.site is not None
    assert again.site.files == fresh.site.files


# In a fresh interpreter, as `mkdocs build` and `jixiao` run it: a test process's
# multiprocessing state (a forkserver other tests started and cleaned up after) is not the
# build's to rely on.
SIDE_BY_SIDE = """
from pathlib import Path
from jixiao.build_portal import Options, prepare_portal
build = prepare_portal(Path("data"), Options(workers=2, generate_site=False))
print(build.workers, len(build.outcomes), len(build.data_problems))
"""


def test_departments_are_built_side_by_side_in_worker_processes(tmp_path: Path) -> None:
    write_portal(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", SIDE_BY_SIDE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "3", "0"]  # two processes, three departments, clean


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_shards_of_departments_and_the_county_pages_add_up_to_the_whole_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """How a province-sized portal is built in CI: shards of departments side by side, the
    county's pages in a step of their own; their files, put together, are the portal's."""
    monkeypatch.chdir(tmp_path)
    write_portal(tmp_path)
    assert main(["render", "whole"]) == 0
    assert main(["render", "shard-1", "--departments", "renshe,jiaoyu", "--cache", ".cache"]) == 0
    # a shard built again takes its departments from its cache: the same files
    assert (
        main(
            ["render", "shard-1", "--departments", "renshe,jiaoyu", "--cache", ".cache", "--force"]
        )
        == 0
    )
    assert main(["render", "shard-2", "--departments", "minzheng"]) == 0
    assert main(["render", "county", "--county-pages"]) == 0
    assert "（2 个部门）" in capsys.readouterr().out
    shards = [_files(tmp_path / name) for name in ("shard-1", "shard-2", "county")]
    assert {p.split("/")[0] for p in shards[0]} == {"renshe", "jiaoyu"}
    assert {p.split("/")[0] for p in shards[2]} == {
        "index.md",
        "about.md",
        "compare",
        "stylesheets",
        "javascripts",
    }
    merged: dict[str, bytes] = {}
    for shard in shards:
        assert not merged.keys() & shard.keys()  # no file is made by two shards
        merged.update(shard)
    assert merged == _files(tmp_path / "whole")
    assert main(["render", "x", "--departments", "ghost"]) == 2
    assert "没有这些部门的文件夹：ghost。" in capsys.readouterr().err


def test_a_department_s_draft_is_not_published_and_its_problems_stop_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_portal(tmp_path).relative_to(tmp_path)
    assert main(["new", "2022", "--department", "jiaoyu"]) == 0  # a draft with blanks
    build = _build(data, Memo(None), workers=1)
    assert build.site is not None
    assert "jiaoyu/2021.md" in build.site.files and "jiaoyu/2022.md" not in build.site.files
    jiaoyu = next(b for o, b in zip(build.outcomes, build.builds, strict=True) if o.id == "jiaoyu")
    assert "data/jiaoyu/2022.yaml" in jiaoyu.drafts.drafts


def test_personal_data_in_one_department_stops_the_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_portal(tmp_path).relative_to(tmp_path)
    year = data / "minzheng" / "2021.yaml"
    text = year.read_text(encoding="utf-8")
    year.write_text(text.replace("成立于2012年10月", "成立于2012年10月，电话13812345678"), "utf-8")
    build = prepare_portal(data, Options(workers=1))
    assert build.site is None and build.stopped is not None
    assert "data/minzheng/2021.yaml" in build.stopped
    assert {p.file for p in build.stopping} == {"data/minzheng/2021.yaml"}


def test_the_offline_bundle_holds_the_whole_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_portal(tmp_path)
    assert main(["bundle", "portal.zip"]) == 0
    with zipfile.ZipFile(tmp_path / "portal.zip") as bundle:
        names = set(bundle.namelist())
        home = bundle.read("index.html").decode("utf-8")
    assert {"index.html", "about.html", "minzheng/2021.html", "renshe/2020.html"} <= names
    assert 'href="jiaoyu/index.html"' in home  # file:// links name their pages
