"""Shared fixtures: the repository, the shipped 2021 report, and one strict in-process build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hooks.loader import load_or_raise
from hooks.model import Report

ROOT = Path(__file__).resolve().parent.parent
SOURCE_2021 = Path(__file__).parent / "sources" / "000_0fd004ec9d14434d.txt"
GOOD = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def report_2021() -> Report:
    return load_or_raise(ROOT / "data" / "2021.yaml")


def build_site(config_file: Path, site_dir: Path, chart_cache: Path | None = None) -> None:
    """A strict MkDocs build, in this process, as `mkdocs build --strict` does it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    if chart_cache is not None:  # keep tests out of the project's own chart cache
        config.extra.setdefault("jixiao", {})["chart_cache"] = str(chart_cache)
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


def config_for(tmp_path: Path, data_dir: Path, chart_cache: Path | None = None) -> Path:
    """A copy of mkdocs.yml in tmp_path that builds the project's site from data_dir."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = config.replace(
        "  - hooks/mkdocs_adapter.py", f"  - {ROOT / 'hooks' / 'mkdocs_adapter.py'}"
    )
    config = config.replace("    data_dir: data", f"    data_dir: {data_dir}")
    config = config.replace("jieba_dict_user: hooks/", f"jieba_dict_user: {ROOT / 'hooks'}/")
    if chart_cache is not None:
        config = config.replace(
            f"    data_dir: {data_dir}", f"    data_dir: {data_dir}\n    chart_cache: {chart_cache}"
        )
    config = config.replace("watch:\n  - data\n  - hooks\n  - charts\n", "")
    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def config_with_data(tmp_path: Path, text: str, folder: str = "data") -> Path:
    """A data folder in tmp_path holding `text` as its 2021 file, and a config building it."""
    data = tmp_path / folder
    data.mkdir()
    (data / "2021.yaml").write_text(text, encoding="utf-8")
    return config_for(tmp_path, data)
