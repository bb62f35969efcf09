"""Chinese search at build time: the jieba fiscal dictionary and the search worker correction."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from pathlib import Path
from typing import Literal

import jieba
import material
import pytest
from mkdocs.config import load_config

from jixiao import plugin as plugin_module
from jixiao.plugin import JixiaoPlugin
from jixiao.postbuild.search_segmentation import (
    SEARCH_TERMS,
    SearchWorkerChangedError,
    patch_source,
)
from tests.conftest import ROOT, config_for
from tests.synthetic import YEARS

TERMS = SEARCH_TERMS
INSTALLED_WORKERS = sorted(
    (Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers").glob(
        "search.*.min.js"
    )
)


@pytest.fixture(scope="module")
def tokenizers() -> tuple[jieba.Tokenizer, jieba.Tokenizer]:
    jieba.setLogLevel(logging.WARNING)
    plain, fiscal = jieba.Tokenizer(), jieba.Tokenizer()
    fiscal.load_userdict(str(TERMS))
    return plain, fiscal


def test_dictionary_lines_are_word_frequency_tag() -> None:
    lines = [line for line in TERMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 5
    for line in lines:
        word, frequency, tag = line.split(" ")
        assert word and frequency.isdigit() and tag == "n", line


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("本年度三公经费支出下降", "三公经费"),
        ("一般公共预算财政拨款收入", "一般公共预算"),
        ("政府性基金预算支出", "政府性基金预算"),
        ("切换到国家社会保障卡发放", "社会保障卡"),
        ("城乡居民养老保险非国家社保卡数", "社保卡"),
    ],
)
def test_fiscal_terms_stay_whole(
    tokenizers: tuple[jieba.Tokenizer, jieba.Tokenizer], sentence: str, term: str
) -> None:
    plain, fiscal = tokenizers
    assert term in fiscal.lcut(sentence)
    if term != "社保卡":  # jieba keeps 社保卡 whole already; listed so it stays so
        assert term not in plain.lcut(sentence)


def test_the_plugin_gives_search_the_dictionary(built_site: Path) -> None:
    """The built index keeps a fiscal term whole, as only our dictionary does."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("2021/"))
    assert "\u200b社会保障卡\u200b" in text
    assert "社会保障卡" not in jieba.Tokenizer().lcut("发放社会保障卡")  # not jieba's own


def test_a_site_s_own_dictionary_is_left_as_the_site_wrote_it(tmp_path: Path) -> None:
    """Material reads its dictionaries where mkdocs.yml says (from the working folder, as its
    documentation says); our plugin neither rewrites them nor adds its own terms."""
    config_file = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config_file.write_text(
        "site_name: x\ntheme: material\nplugins:\n  - search:\n      jieba_dict_user: words.txt\n"
        "  - jixiao\n",
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    with contextlib.suppress(Exception):  # Material finds no words.txt in this folder
        config.plugins.run_event("config", config)
    assert config.plugins["material/search"].config.jieba_dict_user == "words.txt"
    plugin = config.plugins["jixiao"]
    assert isinstance(plugin, JixiaoPlugin) and not plugin.own_terms


def _segmented(site_dir: Path, page: str) -> str:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return " ".join(d["text"] for d in index["docs"] if d["location"].startswith(page))


@pytest.mark.parametrize(("mode", "term"), [("build", "鲸歌潮汐"), ("serve", "榫卯筹算")])
def test_a_term_added_to_the_dictionary_is_whole_in_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: Literal["build", "serve"], term: str
) -> None:
    """The stale index reproduced: a term added to search_terms.txt is kept whole by the next
    build (and the next `mkdocs serve` rebuild), with nothing deleted by hand."""
    from tests.test_rebuilds import serve_build

    terms = tmp_path / "search_terms.txt"
    terms.write_bytes(SEARCH_TERMS.read_bytes())
    monkeypatch.setattr(plugin_module, "SEARCH_TERMS", terms)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "content", docs)
    (docs / "words.md").write_text(f"# 用语\n\n本年度{term}项目完成。\n", "utf-8")
    data = tmp_path / "data"
    shutil.copytree(YEARS, data)
    config = config_for(tmp_path, data, tmp_path / "cache" / "charts", docs_dir=str(docs))
    serve_build(config, tmp_path / "first", mode)
    assert f"{term[:2]}\u200b{term[2:]}" in _segmented(tmp_path / "first", "words/")
    with terms.open("a", encoding="utf-8") as added:
        added.write(f"{term} 100 n\n")
    serve_build(config, tmp_path / "second", mode)
    assert f"\u200b{term}\u200b" in _segmented(tmp_path / "second", "words/")


def test_installed_worker_is_corrected_and_correction_is_idempotent() -> None:
    assert INSTALLED_WORKERS, "Material's search worker not found"
    original = INSTALLED_WORKERS[0].read_text(encoding="utf-8")
    patched = patch_source(original)
    assert patched != original
    assert len(patched) == len(original) + 1 - 2  # "<" -> "<=", "length-1" -> "length"
    assert patch_source(patched) == patched


def test_changed_worker_stops_the_build() -> None:
    with pytest.raises(SearchWorkerChangedError, match="搜索程序与预期不同"):
        patch_source("function segment(query, index) { return [query] }")


def test_built_site_has_the_corrected_worker(built_site: Path) -> None:
    # about the real site: the worker its build ships
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    text = worker.read_text(encoding="utf-8")
    assert patch_source(text) == text
    assert text != INSTALLED_WORKERS[0].read_text(encoding="utf-8")
