"""`jixiao bundle`: the offline zip, deterministic, atomic, never overwritten unless forced."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.infra.errors import ExitCode
from jixiao.postbuild.bundle import offline_overrides
from jixiao.postbuild.search_offline import OFFLINE_SEARCH, read_script
from tests.conftest import ROOT, config_for


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The project's site, configured in a scratch folder: its build cache is kept there."""
    return ["--config", str(config_for(tmp_path_factory.mktemp("config"), ROOT / "data"))]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, config: list[str]) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "site.zip"
    assert main(["bundle", str(out), *config]) == ExitCode.OK
    return out


def test_bundle_holds_the_offline_site(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        home = archive.read("index.html").decode("utf-8")
        report = archive.read("2021.html").decode("utf-8")
        listed = read_script(archive.read("search/offline/index.js").decode("utf-8"))
        text = read_script(archive.read("search/offline/2021.js").decode("utf-8"))
    assert {"index.html", "2021.html", "about.html", "search.html"} <= names
    # the reports' text as scripts, listed with their filters; no Pagefind, no Material index
    assert listed == {
        "file": "index.js",
        "chunks": [{"file": "2021.js", "filters": {"年度": "2021"}}],
    }
    assert isinstance(text, dict) and [row[0] for row in text["sections"] if "社保卡" in row[2]][
        :1
    ] == ["2021.html#theme-3"]
    assert not [name for name in names if name.startswith(("pagefind/", "search/search_index"))]
    # Plain file links (no folder/index.html), nothing from a CDN.
    assert 'href="2021.html"' in home
    assert "unpkg.com" not in home + report
    assert all(not name.startswith(("/", "..")) for name in names)
    # Permissions like any file the user makes (mkstemp alone would make it private).
    mask = os.umask(0)
    os.umask(mask)
    assert bundle.stat().st_mode & 0o777 == 0o666 & ~mask


def test_bundle_refuses_to_overwrite(
    bundle: Path, config: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = bundle.read_bytes()
    assert main(["bundle", str(bundle), *config]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "已存在，不会覆盖；没有写入任何文件。\n    提示：加 --force 才会覆盖。" in err
    assert bundle.read_bytes() == before


def test_forced_bundle_is_byte_identical(bundle: Path, config: list[str]) -> None:
    """Same data, same zip: the forced rebuild replaces the file with the very same bytes."""
    before = bundle.read_bytes()
    assert main(["bundle", str(bundle), "--force", *config]) == ExitCode.OK
    assert bundle.read_bytes() == before
    assert [p.name for p in bundle.parent.iterdir()] == [bundle.name]  # no temporary left


def test_missing_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bundle", str(tmp_path / "x.zip"), "--config", str(tmp_path / "none.yml")])
    assert code == ExitCode.USAGE
    assert "找不到网站配置" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_offline_overrides_keep_our_plugins_and_ask_for_offline_search(tmp_path: Path) -> None:
    overrides = offline_overrides(ROOT / "mkdocs.yml")
    assert overrides["plugins"] == []  # and never MkDocs' default, Material's search
    assert overrides["use_directory_urls"] is False
    assert overrides["extra"][OFFLINE_SEARCH] is True
    assert overrides["extra"]["jixiao"] == {"data_dir": "data"}
    # a site made by an older jixiao init still lists Material's search: the bundle drops it
    older = tmp_path / "mkdocs.yml"
    older.write_text("plugins:\n  - search:\n      lang: zh\n  - jixiao\n", encoding="utf-8")
    assert offline_overrides(older)["plugins"] == ["jixiao"]


def test_bad_data_writes_no_bundle(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    good = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")
    (data / "2021.yaml").write_text(good.replace("score: 97分", "score: 97"), encoding="utf-8")
    config = config_for(tmp_path, data)
    out = tmp_path / "b.zip"
    assert main(["bundle", str(out), "--config", str(config)]) == ExitCode.DATA
    assert "sections.performance.score" in caplog.text
    assert "网站生成失败" in capsys.readouterr().err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in {".zip", ".tmp"}] == []
