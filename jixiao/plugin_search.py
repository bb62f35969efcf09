"""The plugin's search index: Pagefind over the searched pages, kept in the memo by the pages
it was made of.

An unchanged site's index is the one kept, and Pagefind does not run.  A changed one is begun
on the pages as MkDocs converted them (``SiteSearch.begin``, from ``on_env``), while MkDocs
writes the site; after the build it is taken only where the built pages give exactly those
sections (a theme may add text to a page's article), else made again of the built pages
(``SiteSearch.index``): what is published is always the index of the built pages.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from mkdocs.exceptions import PluginError

from jixiao.infra.memo import Memo
from jixiao.postbuild.search_index import (
    OUTPUT,
    Indexing,
    SearchIndexError,
    built_pages,
    move_index,
)
from jixiao.postbuild.search_sections import (
    PageFilters,
    SearchedPage,
    page_of,
    searched_page,
    sections_from_json,
    sections_json,
)

# The memo's kinds of entries the search keeps: the index by the pages it was made of (its
# files as blobs), each page's sections by the page.
SEARCH, SECTIONS = "search-index", "search-sections"
# A file of Pagefind's index as the memo names it: a relative path, no step up.
_INDEX_FILE = re.compile(r"(?!\.\.?(/|$))[\w.-]+(/(?!\.\.?(/|$))[\w.-]+)*")
# How Material opens a page's article, around the converted Markdown (``begin``).
ARTICLE = '<article class="md-content__inner md-typeset">'


class SiteSearch:
    """The search index of one build, with its memo."""

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        # Pagefind begun on the pages as converted (``begin``), until the build takes it.
        self.early: Indexing | None = None

    def close(self) -> None:
        """Stop an index begun early that no build took (a build stopped before its end)."""
        if self.early is not None:
            self.early.close()
            self.early = None

    def begin(self, filters: Mapping[str, PageFilters], converted: Mapping[str, str]) -> None:
        """A rebuild (search sections of earlier builds kept): start Pagefind now, on the
        searched pages as MkDocs converted them (``converted``: each page's content by its
        URL), while MkDocs writes the site.  A changed build then waits for no Pagefind after
        its audits (0.3 s of a one-change build at ten years)."""
        if not self.memo.holds(SECTIONS):
            return  # a build from nothing would read every page twice for it
        if not all(url in converted for url in filters):
            return
        self.early = Indexing(
            [
                self.searched(url, ARTICLE + converted[url] + "</article>", filters[url])
                for url in sorted(filters)
            ],
            near=self._folder(),
        )

    def index(
        self, site_dir: Path, filters: Mapping[str, PageFilters]
    ) -> Callable[[], None] | None:
        """The index of the built pages in ``site_dir``: put in from the memo where it was made
        of the same pages (None), else started (or the one begun early taken), and what
        finishes it returned."""
        built = built_pages(site_dir, filters)
        # The index is made of the built pages and their filters only: an unchanged site's
        # index is the one kept, and Pagefind does not run.
        key = Memo.key(SEARCH, json.dumps(filters, sort_keys=True), *built.keys(), *built.values())
        early, self.early = self.early, None
        if self._kept(site_dir, self.memo.get_json(SEARCH, key)):
            if early is not None:
                early.close()
            return None
        pages = [self.searched(url, text, filters[url]) for url, text in built.items()]
        if early is not None and early.pages != pages:
            early.close()  # the built pages say otherwise (a theme adding text): theirs count
            early = None
        indexing = early or Indexing(pages, near=self._folder())

        def finish() -> None:
            try:
                try:
                    files = indexing.files()
                except SearchIndexError as error:
                    raise PluginError(str(error)) from None
                # kept as files and linked into the site from there: most of a changed site's
                # index is as it was, and its files are kept already
                names = {
                    path: self.memo.keep_file(SEARCH, indexing.written / path, data)
                    if self.memo.on
                    else None
                    for path, data in files.items()
                }
                if all(names.values()) and self._kept(site_dir, names):
                    self.memo.put_json(SEARCH, key, names)
                else:
                    move_index(indexing.written, site_dir, files)
            finally:
                indexing.close()

        return finish

    def _folder(self) -> Path | None:
        """Where Pagefind is to write the index: where its files are kept when the cache holds no
        index yet (every file is new: each is then linked there, not copied from memory); else
        in memory (most files are kept already, and a build that has just written the site makes
        Pagefind's writing on the disk slow: a portal's 4,000 files took 4.7 s against 2.4 s)."""
        return None if self.memo.holds(SEARCH) else self.memo.scratch()

    def _kept(self, site_dir: Path, kept: object) -> bool:
        """Put the index an earlier build made of the same pages into the site, each file
        linked from the memo (where the filesystem allows); False where it is not all kept."""
        if not (isinstance(kept, dict) and kept):
            return False
        for path, name in sorted(kept.items()):
            target = site_dir / OUTPUT / path
            ok = isinstance(path, str) and isinstance(name, str) and _INDEX_FILE.fullmatch(path)
            if not (ok and self.memo.place_file(SEARCH, name, target)):
                shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)  # nothing half put
                return False
        return True

    def searched(self, url: str, text: str, filters: PageFilters) -> SearchedPage:
        """A built page's sections, read again only where the page changed (on a portal, one
        department's change leaves hundreds of pages as they were)."""
        key = Memo.key(SECTIONS, url, text)
        kept = sections_from_json(self.memo.get_json(SECTIONS, key))
        if kept is not None:
            return page_of(url, kept, filters)
        page = searched_page(url, text, filters)
        self.memo.put_json(SECTIONS, key, sections_json(page.sections))
        return page
