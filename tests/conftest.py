"""Shared fixtures: the repository, the shipped 2021 report (for the tests about that file and
the real site only), the synthetic full report, and one strict in-process build."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings

from jixiao.model.loader import load_or_raise
from jixiao.model.report import Report
from tests.synthetic import FULL, TABLES, year_of

ROOT = Path(__file__).resolve().parent.parent
# The source report as received; read from shared/ beside the checkout, never copied into it.
SEED_2021 = ROOT.parent / "shared" / "seeds" / "000_0fd004ec9d14434d.txt"
# The shipped report: for tests ABOUT data/2021.yaml and the real site only. Code tests use
# tests/synthetic.py and tests/fixtures/ instead, so a correction of the real data breaks none.
GOOD = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Under CI the property tests try the same examples every run, so a submission's verdict
# never rests on luck; elsewhere they explore (and keep what failed in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


def skip_unless_ci(reason: str) -> None:
    """Skip, or fail under CI (CI=true), where .ci/run has everything in place."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: it should be there)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seed_2021() -> str:
    """The 2021 source report's text."""
    if not SEED_2021.is_file():
        skip_unless_ci(f"原报告全文 {SEED_2021} 不在本机（shared/ 不在检出目录旁）")
    return SEED_2021.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_2021() -> Report:
    """The shipped report: only for tests about that file or the real site."""
    return load_or_raise(ROOT / "data" / "2021.yaml")


@pytest.fixture(scope="session")
def report_full() -> Report:
    """The synthetic report with every field of the model (tests/fixtures/full/2030.yaml)."""
    return load_or_raise(FULL)


@pytest.fixture(scope="session")
def report_tables() -> Report:
    """The synthetic report with tables: a general one, a score table, two project tables
    (tests/fixtures/tables/2030.yaml)."""
    return load_or_raise(TABLES)


def build_site(config_file: Path, site_dir: Path, cache_dir: Path | None = None) -> None:
    """A strict MkDocs build, in this process, as `mkdocs build --strict` does it (with its
    build cache in cache_dir when given)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    if cache_dir is not None:  # keep tests out of the project's own cache
        options = config.extra.setdefault("jixiao", {})
        options["cache_dir"] = str(cache_dir)
        options.pop("chart_cache", None)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    build_site(ROOT / "mkdocs.yml", site_dir, tmp_path_factory.mktemp("chart-cache"))
    return site_dir


def page_text(html_file: Path) -> str:
    """The visible text of a built page's article."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, f"{html_file} has no article"
    return article.get_text(" ")


def config_for(
    tmp_path: Path,
    data_dir: Path,
    chart_cache: Path | None = None,
    **overrides: object,
) -> Path:
    """A mkdocs.yml in tmp_path that inherits the project's and builds it from data_dir
    (with any other settings given as overrides, as MkDocs merges an inherited config)."""
    options = {"data_dir": str(data_dir)}
    if chart_cache is not None:  # the older option: the folder it names is the cache
        options["chart_cache"] = str(chart_cache)
    cache_dir = overrides.pop("cache_dir", None)  # the build cache's folder
    if cache_dir is not None:
        options["cache_dir"] = str(cache_dir)
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        # Paths in an inherited config are read relative to this file: name the project's own.
        "docs_dir": str(ROOT / "content"),
        "hooks": [str(ROOT / "hooks" / "jixiao_site.py")],
        "watch": [],
        "extra": {"jixiao": options},
        **overrides,
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


def config_with_data(tmp_path: Path, text: str, folder: str = "data", **overrides: object) -> Path:
    """A data folder in tmp_path holding `text` as its year's file, and a config building it."""
    data = tmp_path / folder
    data.mkdir()
    (data / f"{year_of(text)}.yaml").write_text(text, encoding="utf-8")
    return config_for(tmp_path, data, None, **overrides)
