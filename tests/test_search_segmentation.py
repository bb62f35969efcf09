"""Chinese search at build time: the jieba fiscal dictionary and the search worker correction."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jieba
import material
import pytest
from mkdocs.config import load_config

from jixiao.postbuild.search_segmentation import (
    SEARCH_TERMS,
    SearchWorkerChangedError,
    patch_source,
)

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


def test_a_site_s_own_dictionary_is_kept_and_anchored_at_mkdocs_yml(tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config_file.write_text(
        "site_name: x\ntheme: material\nplugins:\n  - search:\n      jieba_dict_user: words.txt\n"
        "  - jixiao\n",
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    config.plugins.run_event("config", config)
    assert config.plugins["material/search"].config.jieba_dict_user == str(tmp_path / "words.txt")


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
