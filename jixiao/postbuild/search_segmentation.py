"""Repair Material's splitting of Chinese search queries in the built search worker.

Material's search worker splits a typed Chinese query into words it finds in
the index, but its loop never tries the query as a whole word and drops the
last character of the run: 社保卡 is searched as 社保, 养老保险 as 养老 + 保,
so the section about social-security cards or pensions is not found first.
Two bounds in that loop are off by one; we correct them in the built copy of
the worker (the theme's installed files are untouched).

If a Material release changes that code, ``patch_search_worker`` raises
``SearchWorkerChangedError`` so the build stops and someone checks whether the bug
is fixed upstream, rather than shipping a silently worse search.
"""

from __future__ import annotations

import re
from pathlib import Path

# The loop as minified in Material 9.x: names vary, the shape does not.
_LOOP = re.compile(
    r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)"  # candidate word ends: excludes the whole run
    r"(\3\.slice\(\2,\1\)in \w&&)"
)
_TAIL = re.compile(r"(\w)\[(\w)\]&&\2<(\w)\.length-1&&")  # continues only before the last character
_DONE = re.compile(r"for\(let (\w)=(\w)\+1;\1<=(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")

# Fiscal terms jieba would split (三公经费, 一般公共预算…): the search plugin's user
# dictionary unless a site names its own. One line a word: "词 词频 词性".
SEARCH_TERMS = Path(__file__).with_name("search_terms.txt")


class SearchWorkerChangedError(RuntimeError):
    """Material's search worker no longer has the code this module corrects."""


def patch_source(js: str) -> str:
    """The worker source with both bounds corrected; raises if either is not found exactly once.

    Already corrected source is returned as it is (mkdocs serve rebuilds into the same folder)."""
    if _DONE.search(js) and not _LOOP.search(js):
        return js
    js, loops = _LOOP.subn(r"for(let \1=\2+1;\1<=\3.length;\1++)\4", js)
    js, tails = _TAIL.subn(r"\1[\2]&&\2<\3.length&&", js)
    if loops != 1 or tails != 1:
        raise SearchWorkerChangedError(
            "Material 的搜索程序与预期不同（中文分词代码已改变）；"
            "请检查 jixiao/postbuild/search_segmentation.py 是否仍然需要。"
        )
    return js


def patch_search_worker(site_dir: Path) -> Path | None:
    """Correct the built search worker in place; None if the site has no search."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        return None
    worker = workers[0]
    worker.write_text(patch_source(worker.read_text(encoding="utf-8")), encoding="utf-8")
    return worker
