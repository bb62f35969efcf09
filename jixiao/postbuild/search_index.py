"""The site's search index: Pagefind (extended, which splits Chinese into words), written into
``pagefind/`` after MkDocs built the site.

Each section of each searched page (``search_sections``) is one record: a small HTML file in
a scratch folder, with its page's filters (年度, 部门 on a portal) and its heading, page title
and link as ``data-pagefind-*`` attributes (escaped), so a result leads to the passage.
Pagefind's command line (its documented interface, the binary of ``pagefind_bin_extended``)
indexes that folder in one run; its Python API answers one request per tenth of a second,
too slow for thousands of sections.  Pagefind splits its index into small chunks the
browser fetches only for a query's words: a page view fetches nothing of it, and the bytes
one query costs do not grow with the site.  The search page (``javascripts/search.js``) loads
``pagefind/pagefind.js`` only when someone searches.

Pagefind also writes ready-made search interfaces; the site has its own (Chinese labels,
filters as the build names them), so those files are removed.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jixiao.infra.leftovers import IN_MEMORY, SEARCH_PREFIX, tagged
from jixiao.postbuild.search_canonical import SIGNATURE, IndexShapeError, make_canonical
from jixiao.postbuild.search_sections import (
    PageFilters,
    SearchedPage,
    Section,
    page_file,
    searched_page,
)

OUTPUT = "pagefind"
LANGUAGE = "zh"
# What pagefind.js needs in the browser: itself, its worker, its WebAssembly, the entry and
# the index chunks (meta, index, fragment, filter).
_KEPT_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_KEPT_SUFFIXES = (".pagefind", ".pf_meta")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def built_pages(site_dir: Path, filters: Mapping[str, PageFilters]) -> dict[str, str]:
    """The built HTML of the pages search reads, by URL in URL order (a page the build did not
    write is left out): all the index is made of, with the filters."""
    pages = {}
    for url in sorted(filters):
        built = site_dir / page_file(url)
        if built.is_file():
            pages[url] = built.read_text(encoding="utf-8")
    return pages


def searched_pages(site_dir: Path, filters: Mapping[str, PageFilters]) -> list[SearchedPage]:
    """The built pages search reads, in URL order, split into sections."""
    built = built_pages(site_dir, filters)
    return [searched_page(url, text, filters[url]) for url, text in built.items()]


def index_site(site_dir: Path, filters: Mapping[str, PageFilters]) -> int:
    """Index the searched pages of the built site into ``site_dir/pagefind``; the number of
    records.  ``filters`` names the searched pages by URL (``2021/``) with their filters."""
    pages = searched_pages(site_dir, filters)
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    return write_index(pages, output)


def index_files(records: Path, output: Path) -> dict[str, bytes]:
    """Pagefind's index of the records ``write_records`` wrote into ``records`` (none: no
    index), written into ``output`` (a new folder): its files by their path under it."""
    if not any(records.iterdir()):  # Pagefind refuses to write an empty index
        return {}
    index_records(records, output)
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


class Indexing:
    """Pagefind indexing these pages in its own process, started at once: ``files`` waits for
    the index (written under ``written``), ``close`` removes what it wrote and the caller left
    there."""

    def __init__(self, pages: list[SearchedPage], near: Path | None = None) -> None:
        self.pages = pages
        self._scratch = tempfile.TemporaryDirectory(
            prefix=tagged(SEARCH_PREFIX), dir=in_memory(pages)
        )
        records = Path(self._scratch.name) / "records"
        records.mkdir()
        # The index is written in ``near`` where the caller names a folder (one on the
        # filesystem where its files are then kept: linked there, not copied one by one;
        # a ten-year site's index is 290 files).
        self._near = (
            tempfile.TemporaryDirectory(prefix=tagged(SEARCH_PREFIX), dir=near) if near else None
        )
        self.written = Path((self._near or self._scratch).name) / OUTPUT
        # Written in the caller's thread: a thread writing them while the audits run waits for
        # its turn with two busy ones, and Pagefind started 0.1 s later.
        write_records(pages, records)
        indexer = ThreadPoolExecutor(1, thread_name_prefix="jixiao-index")
        self._made = indexer.submit(index_files, records, self.written)
        indexer.shutdown(wait=False)

    def files(self) -> dict[str, bytes]:
        """The index's files by their path under ``written`` (SearchIndexError: Pagefind
        failed)."""
        return self._made.result()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._made.result()  # Pagefind done, whatever it made
        self._scratch.cleanup()
        if self._near is not None:
            self._near.cleanup()


def move_index(written: Path, site_dir: Path, files: Mapping[str, bytes]) -> None:
    """Put an index written elsewhere into ``site_dir/pagefind``: the folder itself where the
    two are on one filesystem (one rename, however many files), else its files."""
    if not (site_dir / OUTPUT).exists():
        try:
            os.replace(written, site_dir / OUTPUT)
            return
        except OSError:
            pass  # another filesystem, or a folder in the way: the files are written instead
    place_index(site_dir, files)


def place_index(site_dir: Path, files: Mapping[str, bytes]) -> None:
    """Put these index files into ``site_dir/pagefind`` and nothing else there: a file already
    holding its bytes is left as it is (creating files costs more than reading them; a warm
    build's index is the one before)."""
    output = site_dir / OUTPUT
    if output.is_dir():
        for path in sorted(output.rglob("*"), reverse=True):  # files before their folders
            relative = path.relative_to(output).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for relative, content in files.items():
        target = output / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def write_index(pages: list[SearchedPage], output: Path) -> int:
    """Pagefind's index of these pages, written into ``output`` (nothing for no section); the
    number of records."""
    with tempfile.TemporaryDirectory(prefix=tagged(SEARCH_PREFIX), dir=in_memory(pages)) as tmp:
        count = write_records(pages, Path(tmp))
        if not count:  # Pagefind refuses to write an empty index
            return 0
        index_records(Path(tmp), output)
    return count


def index_records(records: Path, output: Path) -> None:
    """Pagefind's index of a folder of records, written into ``output``."""
    _run_pagefind(records, output)
    _remove_unused(output)
    try:
        make_canonical(output, LANGUAGE)
    except (IndexShapeError, OSError) as error:
        raise SearchIndexError(
            f"Pagefind 写出的索引与预期的格式不同（{error}）；请检查 jixiao/postbuild/"
            "search_canonical.py 是否仍适用于所装的 Pagefind 版本。"
        ) from error


# Where the records and the index are written when the machine has room for them in memory:
# Pagefind reads one small file per section and writes one per section, thousands each on a
# portal, and a build writing to the disk meanwhile makes creating a file there cost ten times
# as much (12,000 records: 3.1 s on this project's 2-core machine, 0.2 s in memory).
# (``IN_MEMORY``: the memory's folder; a run that ends before it removes what it wrote
# there leaves it to the next run.)
ROOM = 2  # times the records' size that must be free there


def in_memory(pages: list[SearchedPage]) -> Path | None:
    """The in-memory folder where the records fit with room to spare; None: the usual one."""
    # at most: a page of memory per file, and three bytes per character of its text
    size = sum(4096 + 3 * len(s.text) for page in pages for s in page.sections)
    try:
        free = os.statvfs(IN_MEMORY)
    except OSError:
        return None
    room = free.f_bavail * free.f_frsize > ROOM * size
    return IN_MEMORY if room and os.access(IN_MEMORY, os.W_OK) else None


def write_records(pages: list[SearchedPage], folder: Path) -> int:
    """One small HTML file per section, for Pagefind to read: the section's heading and text
    (escaped), its page's filters and its URL as metadata.  Files are numbered in page order."""
    count = 0
    for page in pages:
        for section in page.sections:
            count += 1
            (folder / f"{count:06d}.html").write_text(record_html(page, section), "utf-8")
    return count


def record_html(page: SearchedPage, section: Section) -> str:
    """A section as Pagefind reads it (``data-pagefind-*``, every value escaped)."""
    tags = [
        _meta("filter", f"{name}[content]", value) for name, value in sorted(page.filters.items())
    ]
    tags.append(_meta("meta", "link[content]", page.section_url(section)))
    tags.append(_meta("meta", "page[content]", page.title))
    title = section.title or page.title
    return (
        f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{''.join(tags)}</head>"
        f"<body data-pagefind-body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(section.text)}</p></body></html>\n"
    )


def _meta(kind: str, name: str, value: str) -> str:
    return f'<meta data-pagefind-{kind}="{html.escape(name)}" content="{html.escape(value)}">'


def _run_pagefind(records: Path, output: Path) -> None:
    """Pagefind's command line (its documented interface) over the records folder."""
    from pagefind_bin_extended import get_executable

    command = [
        str(get_executable()),
        "--site",
        str(records),
        "--output-path",
        str(output.resolve()),
        "--force-language",
        LANGUAGE,
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"Pagefind 无法运行：{error}") from error
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise SearchIndexError(f"Pagefind 未能建立搜索索引（退出码 {done.returncode}）：{said}")


def _remove_unused(output: Path) -> None:
    """Pagefind's own search interfaces and playground: the site does not load them."""
    if not output.is_dir():
        return
    for path in sorted(output.iterdir()):
        if path.is_dir():
            if path.name == "playground":
                shutil.rmtree(path)
            continue
        if path.name not in _KEPT_FILES and not path.name.endswith(_KEPT_SUFFIXES):
            path.unlink()


def indexed_records(site_dir: Path) -> list[dict[str, object]]:
    """The records of a built site's index as the browser gets them (each fragment's JSON,
    Pagefind's marks between words removed), by their link: for checks and tests."""
    records = []
    for path in sorted((site_dir / OUTPUT / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes()).removeprefix(SIGNATURE)
        record = json.loads(raw.decode("utf-8").replace("\u200b", ""))
        if isinstance(record, dict):
            records.append(record)
    return sorted(records, key=lambda record: str(record.get("meta", {}).get("link", "")))
