"""Search for the offline bundle (``jixiao bundle``, opened from file://), where Pagefind cannot
run (browsers refuse JavaScript modules, fetch and WebAssembly from the disk) but a plain
``<script src>`` loads.

Each searched page's sections (``search_sections``) become one script,
``search/offline/<page>.js``, and ``search/offline/index.js`` lists them with their filters
(部门, 年度): the search page (``javascripts/search.js``) loads only the scripts of the 部门
and 年度 searched, and searches them for the words as typed.  Every script is one call,
``jixiaoSearchData(<JSON>);``: the JSON is data, written with every character outside ASCII
and every ``<`` escaped, so no text from the reports can end the script or run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from jixiao.postbuild.search_index import searched_pages
from jixiao.postbuild.search_sections import PageFilters, SearchedPage

# The ``extra`` setting of the bundle's build (``bundle.offline_overrides``): the plugin then
# writes these scripts instead of Pagefind's index.
OFFLINE_SEARCH = "jixiao_offline_search"
FOLDER = "search/offline"
INDEX = "index.js"
CALL = "jixiaoSearchData("
_END = ");\n"
_UNSAFE = re.compile(r"[^a-z0-9]+")


def chunk_name(url: str) -> str:
    """The script of a page by its URL: ``renshe/2021.html`` → ``renshe-2021.js``."""
    return _UNSAFE.sub("-", url.removesuffix(".html").removesuffix("/").lower()).strip("-") + ".js"


def script(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return CALL + text.replace("<", "\\u003c") + _END


def read_script(text: str) -> object:
    """The data of one offline search script (for the audit and the tests)."""
    if not (text.startswith(CALL) and text.endswith(_END)):
        raise ValueError("not an offline search script")
    return json.loads(text[len(CALL) : -len(_END)])


def chunk(page: SearchedPage) -> dict[str, object]:
    return {
        "file": chunk_name(page.url),
        "title": page.title,
        "sections": [[page.section_url(s), s.title, s.text] for s in page.sections],
    }


def write_offline_search(site_dir: Path, filters: Mapping[str, PageFilters]) -> int:
    """Write the offline search scripts into the built site; the number of pages."""
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pages = searched_pages(site_dir, filters)
    listed = []
    for page in pages:
        data = chunk(page)
        (folder / str(data["file"])).write_text(script(data), encoding="utf-8")
        listed.append({"file": data["file"], "filters": dict(page.filters)})
    (folder / INDEX).write_text(script({"file": INDEX, "chunks": listed}), encoding="utf-8")
    return len(pages)
