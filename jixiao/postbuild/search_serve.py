"""Under ``mkdocs serve`` only: the search index written beside the rebuild, not before the
page is shown.

A published build indexes the site before it ends (``search_index.index_files``) and audits
the index with everything else.  Under ``mkdocs serve`` staff save a year and look at its
page: Pagefind's run (about a second at ten years) would hold up every rebuild.  So a
serve rebuild reads the searched pages and hands them to one thread, which writes the index
into a scratch folder and moves it into the site.  Each build started cancels the index of
the build before (``cancel``, from the plugin's ``on_config``): an index is moved into the
site only if no build started since, so a search never reads a half-written index or one
of an older version of the site; it may briefly find none, right after a save.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from jixiao.infra.leftovers import SEARCH_PREFIX, tagged
from jixiao.postbuild.search_index import (
    OUTPUT,
    SearchIndexError,
    searched_pages,
    write_index,
)
from jixiao.postbuild.search_sections import PageFilters

log = logging.getLogger("mkdocs.plugins.jixiao")


class LaterIndex:
    """The serve session's one index being written, if any."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._build = 0  # how many builds have started
        self._thread: threading.Thread | None = None

    def cancel(self) -> None:
        """A build starts: what the index under way was made from is out of date."""
        with self._lock:
            self._build += 1

    def started(self) -> int:
        """How many builds have started: a build's work done meanwhile is out of date when
        this has changed since."""
        with self._lock:
            return self._build

    def start(self, site_dir: Path, filters: Mapping[str, PageFilters]) -> None:
        """Index the built site's searched pages in a thread.  The next build may clean the
        folder while the pages are read: it cancels this index first (``cancel`` comes
        before MkDocs cleans), so what was read then is never moved into the site."""
        with self._lock:
            build = self._build
        self._thread = threading.Thread(
            target=self._index,
            args=(site_dir, dict(filters), build),
            name="jixiao-search",
            daemon=True,
        )
        self._thread.start()

    def wait(self) -> None:
        """Until the index under way is in the site (for tests)."""
        if self._thread is not None:
            self._thread.join()

    def _index(self, site_dir: Path, filters: Mapping[str, PageFilters], build: int) -> None:
        with tempfile.TemporaryDirectory(prefix=tagged(SEARCH_PREFIX)) as tmp:
            written = Path(tmp) / OUTPUT
            try:
                write_index(searched_pages(site_dir, filters), written)
            except (SearchIndexError, OSError, ValueError) as error:
                log.info(str(error))  # serve shows the site; search waits for a good index
                return
            with self._lock:
                if build != self._build or not site_dir.is_dir():
                    return  # a newer build is under way: its own index follows
                shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)
                if written.is_dir():
                    shutil.move(str(written), str(site_dir / OUTPUT))


# The serve session's index (the plugin is made afresh for every build of a hook file).
LATER = LaterIndex()
