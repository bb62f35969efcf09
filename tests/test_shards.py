"""A county portal built as HTML shards (``jixiao shard``) and merged (``jixiao merge``): the
merged site is the one ``mkdocs build`` of the whole portal, byte for byte (the sitemap and
Pagefind's index included); the merge refuses shards that disagree, a missing shard and a
shard without its search records, and runs the post-build audits on the merged site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.postbuild.search_index import indexed_records
from jixiao.postbuild.shards import sitemap_parts
from tests.conftest import config_for
from tests.make_portal_fixture import write_portal
from tests.synthetic import FULL

SHARDS = {"s1": "renshe", "s2": "minzheng,jiaoyu"}
# MkDocs dates each page (the sitemap's lastmod) by this, not by the clock: a run across
# midnight builds the same site.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def run(folder: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """Python with these arguments in the folder; with ``ok``, it must succeed."""
    done = subprocess.run(
        [sys.executable, *args], cwd=folder, env=ENV, capture_output=True, text=True, check=False
    )
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-department portal (with a site_url, so MkDocs writes a sitemap) built whole
    with ``mkdocs build --strict``, and as two shards, the first from an empty cache as a CI
    job has it."""
    folder = tmp_path_factory.mktemp("portal")
    write_portal(folder)
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "docs_dir:", "site_url: https://example.org/county/\ndocs_dir:"
        ),
        "utf-8",
    )
    run(folder, "-m", "mkdocs", "build", "--strict")
    shutil.rmtree(folder / ".cache")
    for name, departments in SHARDS.items():
        run(folder, "-m", "jixiao.cli", "shard", name, "--departments", departments)
    return folder


def merge(folder: Path, out: str, *shards: str, force: bool = False) -> int:
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return main(["merge", out, *shards, *(["--force"] if force else [])])
    finally:
        os.chdir(cwd)


def copy_shards(portal: Path, tmp_path: Path) -> Path:
    for name in SHARDS:
        shutil.copytree(portal / name, tmp_path / name)
    return tmp_path


def test_the_merged_shards_are_the_one_build_byte_for_byte(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert merge(portal, str(tmp_path / "merged"), *SHARDS) == 0
    said = capsys.readouterr().out
    assert "已合并 2 个分片" in said and "3 个部门" in said
    whole, merged = files(portal / "site"), files(tmp_path / "merged")
    assert merged.keys() == whole.keys()
    assert [path for path in whole if whole[path] != merged[path]] == []
    # what the identity covers: a sitemap of every page, Pagefind's index of every department
    sitemap = (tmp_path / "merged" / "sitemap.xml").read_text(encoding="utf-8")
    assert len(sitemap_parts(sitemap)[1]) == 21
    links = {str(r["meta"]["link"]).split("/")[0] for r in indexed_records(tmp_path / "merged")}  # type: ignore[index]
    assert links == {"renshe", "minzheng", "jiaoyu"}


def test_each_shard_builds_its_departments_and_the_county_pages(portal: Path) -> None:
    one, two = files(portal / "s1" / "site"), files(portal / "s2" / "site")
    assert {p.split("/")[0] for p in one} >= {"renshe", "index.html", "compare", "search"}
    assert not any(p.startswith(("minzheng/", "jiaoyu/", "pagefind/")) for p in one)
    assert not any(p.startswith("renshe/") for p in two)
    # the county's pages link to every department whichever shard built them, as in the whole
    assert one["index.html"] == two["index.html"] == (portal / "site" / "index.html").read_bytes()
    manifest = json.loads((portal / "s1" / "shard.json").read_text(encoding="utf-8"))
    assert manifest["departments"] == ["renshe"]
    assert manifest["portal"] == ["renshe", "minzheng", "jiaoyu"]
    assert {r["url"] for r in manifest["records"]} == {"renshe/2020/", "renshe/2021/"}
    assert set(manifest["filters"]) == {
        "renshe/2020/",
        "renshe/2021/",
        "minzheng/2021/",
        "jiaoyu/2021/",
    }


def test_a_file_two_shards_hold_with_different_bytes_is_refused(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_shards(portal, tmp_path)
    page = tmp_path / "s2" / "site" / "compare" / "2021" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>x</p></body>"))
    assert merge(tmp_path, "merged", *SHARDS) == 2
    err = capsys.readouterr().err
    assert "文件 compare/2021/index.html 在两个分片中内容不同" in err
    assert "s1" in err and "s2" in err and "Traceback" not in err
    assert not (tmp_path / "merged").exists()


def test_a_missing_shard_is_named_and_nothing_is_merged(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_shards(portal, tmp_path)
    assert merge(tmp_path, "merged", "s1") == 2
    assert "缺少这些部门的分片：minzheng、jiaoyu" in capsys.readouterr().err
    assert not (tmp_path / "merged").exists()
    assert merge(tmp_path, "merged", "s1", "s1") == 2
    assert "部门 renshe 同时在分片 s1 和 s1 中" in capsys.readouterr().err


def test_a_shard_without_its_search_records_is_refused(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_shards(portal, tmp_path)
    manifest = tmp_path / "s2" / "shard.json"
    value = json.loads(manifest.read_text(encoding="utf-8"))
    value["records"] = [r for r in value["records"] if r["url"] != "jiaoyu/2021/"]
    manifest.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
    assert merge(tmp_path, "merged", *SHARDS) == 2
    assert "1 个报告页面没有搜索记录（先是 jiaoyu/2021/）" in capsys.readouterr().err
    (tmp_path / "s2" / "shard.json").unlink()
    assert merge(tmp_path, "merged", *SHARDS) == 2
    assert "分片文件夹中没有 shard.json" in capsys.readouterr().err


def test_the_merge_audits_the_merged_site(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file no shard audited as it now is gets read: a phone number or another host in it
    stops the merge, as it stops a build."""
    copy_shards(portal, tmp_path)
    page = tmp_path / "s2" / "site" / "minzheng" / "2021" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</article>", "<p>电话13812345678</p></article>".encode()))
    assert merge(tmp_path, "merged", *SHARDS) == 1
    err = capsys.readouterr().err
    assert "合并出的网站有 1 处个人信息" in err and "minzheng/2021/index.html" in err
    assert "13812345678" not in err
    assert not (tmp_path / "merged").exists()
    script = b'<script src="https://cdn.example.com/x.js"></script></body>'
    page.write_bytes(original.replace(b"</body>", script))
    assert merge(tmp_path, "merged", *SHARDS) == 1
    assert "cdn.example.com" in capsys.readouterr().err


def test_an_existing_output_is_replaced_only_when_asked(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_shards(portal, tmp_path)
    (tmp_path / "merged").mkdir()
    (tmp_path / "merged" / "old.txt").write_text("old", "utf-8")
    assert merge(tmp_path, "merged", *SHARDS) == 2
    assert "输出文件夹已存在" in capsys.readouterr().err
    assert merge(tmp_path, "merged", *SHARDS, force=True) == 0
    assert not (tmp_path / "merged" / "old.txt").exists()
    assert (tmp_path / "merged" / "pagefind" / "pagefind-entry.json").is_file()


def test_a_shard_of_an_unknown_department_stops_its_build(tmp_path: Path) -> None:
    write_portal(tmp_path)
    done = run(
        tmp_path, "-m", "jixiao.cli", "shard", "s", "--departments", "renshe,ghost", ok=False
    )
    assert done.returncode != 0
    assert "门户中没有这些部门：ghost" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "s" / "shard.json").exists()


def test_a_one_department_site_is_no_shard_and_says_so(tmp_path: Path) -> None:
    """Only a portal is built in shards: a one-department site is told, in Chinese, to use
    mkdocs build, and nothing is written."""
    config = config_for(tmp_path, FULL.parent)
    command = ["shard", "s", "--departments", "a", "--config", str(config)]
    done = run(tmp_path, "-m", "jixiao.cli", *command, ok=False)
    assert done.returncode != 0
    assert "只有县级门户" in done.stderr and "mkdocs build" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "s").exists()


def test_sitemap_parts_join_back_to_the_same_text() -> None:
    text = (
        '<?xml version="1.0"?>\n<urlset>\n    <url>\n <loc>a</loc>\n    </url>'
        "\n    <url>\n <loc>b</loc>\n    </url>\n</urlset>"
    )
    head, entries, tail = sitemap_parts(text)
    assert len(entries) == 2 and head + "".join(entries) + tail == text
    empty = '<?xml version="1.0"?>\n<urlset>\n</urlset>'
    assert (
        sitemap_parts(empty)[1] == []
        and "".join([sitemap_parts(empty)[0], sitemap_parts(empty)[2]]) == empty
    )
