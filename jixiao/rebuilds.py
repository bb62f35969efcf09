"""What a build keeps of MkDocs' own work from the builds before: each page's conversion from
Markdown and its search entries, so that changing one year converts and indexes that year's
page, not every page.

MkDocs converts every page's Markdown again on every build (its ``--dirty`` mode
warns, which the strict build refuses), and Material's search plugin splits
every page's text into words again: under ``mkdocs serve`` that is most of a
rebuild, and most of a build after one change.  Each page's conversion and
search entries are kept by everything they are made of (the page's Markdown and
place, the site's files, the Markdown configuration and the versions of MkDocs,
Markdown, Material and jieba; for search the page's HTML, headings, title and
metadata), in memory for the session and in ``.cache/pages/`` and
``.cache/search/`` between builds, so an unchanged page is taken as it was;
anything else about it (the navigation, the theme's templates) is done afresh.
What a conversion logged (a broken link, say) is logged again when it is
reused, so ``strict`` fails exactly as it would have.  After each build what it
did not use is dropped.  If MkDocs or Material change what this relies on, pages
are simply converted and indexed as usual.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import logging
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from jixiao.infra.fingerprint import library_versions
from jixiao.source.cache_entries import keep, mark_used, prune, read_pickled


@dataclass(frozen=True)
class _Rendered:
    content: str
    toc: Any  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    logged: list[tuple[str, int, str]]  # what the conversion logged: logger, level, message


class _Store:
    """Entries by key: in memory, and in a cache folder when the build names one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.memory: dict[str, Any] = {}
        self.used: set[str] = set()
        self.folder: Path | None = None

    def get(self, key: str) -> Any:
        self.used.add(key)
        entry = self.folder / f"{key}.pickle" if self.folder is not None else None
        if key in self.memory:
            if entry is not None:
                mark_used(entry)
            return self.memory[key]
        found = read_pickled(entry)
        if found is not None:
            self.memory[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        self.memory[key] = value
        if self.folder is not None:
            with contextlib.suppress(pickle.PicklingError, RecursionError):
                keep({self.folder / f"{key}.pickle": pickle.dumps(value)})

    def finish(self, since: float | None) -> None:
        for key in [key for key in self.memory if key not in self.used]:
            del self.memory[key]
        self.used.clear()
        if self.folder is not None and since is not None:
            prune(self.folder, since)


_rendered = _Store("pages")
_indexed = _Store("search")
_site: list[str] = []  # this build's files, Markdown configuration and engine, from ``start``


def start(config: MkDocsConfig, files: Files, cache: Path | None) -> None:
    """A build's files are final: take what builds before made for it (kept in cache)."""
    for store in (_rendered, _indexed):
        store.folder = cache / store.name if cache is not None else None
    _site[:] = [_digest(_files_key(files), _markdown_key(config), _engine_key(config))]
    reuse_search_entries(config)


def finish(since: float | None) -> None:
    """The build is done: drop what it did not use (from the cache folder too if ``since``,
    the build's start, is given)."""
    for store in (_rendered, _indexed):
        store.finish(since)
    _site.clear()


def reuse_conversion(page: Page) -> None:
    """Let ``page.render`` take the page's HTML from the last rebuild that converted the same
    Markdown in the same site."""
    real = page.render
    if not _site or not all(hasattr(page, n) for n in ("present_anchor_ids", "links_to_anchors")):
        return  # not started, or not the MkDocs this was written for
    site = _site[0]

    def render(config: MkDocsConfig, files: Files) -> None:
        key = _digest(page.file.src_uri, page.markdown or "", site)
        kept = _rendered.get(key)
        if not isinstance(kept, _Rendered) or not _restore(page, kept, files):
            _rendered.put(key, _converted(page, real, config, files))

    page.render = render  # type: ignore[method-assign]  # this page's render only


def _converted(
    page: Page, real: Callable[[MkDocsConfig, Files], None], config: MkDocsConfig, files: Files
) -> _Rendered:
    logged = _Recorder()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(logged)
    try:
        real(config, files)
    finally:
        mkdocs_log.removeHandler(logged)
    links = page.links_to_anchors
    return _Rendered(
        page.content or "",
        page.toc,
        page._title_from_render,
        set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        {f.src_uri: dict(anchors) for f, anchors in links.items()} if links is not None else None,
        logged.records,
    )


def _restore(page: Page, kept: _Rendered, files: Files) -> bool:
    links = None
    if kept.links is not None:
        links = {}
        for src_uri, anchors in kept.links.items():
            linked = files.get_file_from_path(src_uri)
            if linked is None:
                return False
            links[linked] = dict(anchors)
    page.content = kept.content
    page.toc = pickle.loads(pickle.dumps(kept.toc))  # plugins may change a page's toc
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
    page.links_to_anchors = links
    for name, level, message in kept.logged:
        logging.getLogger(name).log(level, message)
    return True


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def reuse_search_entries(config: MkDocsConfig) -> None:
    """Let the search plugin take a page's entries from the last rebuild that indexed the same
    page, instead of splitting its Chinese text into words again."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        entries = getattr(index, "entries", None)
        if add is None or not isinstance(entries, list):
            continue

        @functools.wraps(add)
        def indexed(page: Page, add: Any = add, entries: list[Any] = entries) -> None:
            key = _digest(
                page.url,
                page.content or "",
                _toc_key(page.toc),
                str(page.title),
                repr(sorted(page.meta.items(), key=str)),
            )
            kept = _indexed.get(key)
            if not isinstance(kept, list):
                start = len(entries)
                add(page)
                _indexed.put(key, pickle.loads(pickle.dumps(entries[start:])))
            else:
                entries.extend(pickle.loads(pickle.dumps(kept)))

        index.add_entry_from_context = indexed  # type: ignore[union-attr]  # found above


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _files_key(files: Files) -> str:
    """Every file of the site and where it is published: links resolve against them."""
    return _digest(*sorted(f"{f.src_uri}\0{f.url}\0{f.inclusion}" for f in files))


def _markdown_key(config: MkDocsConfig) -> str:
    return _digest(
        repr(config.markdown_extensions),
        repr(config.mdx_configs),
        repr(config.use_directory_urls),
        repr(config.validation),
    )


def _engine_key(config: MkDocsConfig) -> str:
    """The libraries that convert and index pages, and the Markdown extensions' own code (a
    site may name a module of its own)."""
    parts = library_versions(*ENGINE)
    for extension in config.markdown_extensions:
        if isinstance(extension, str):
            with contextlib.suppress(ImportError, ValueError, OSError):
                spec = importlib.util.find_spec(extension.split(":")[0])
                if spec is not None and spec.origin and Path(spec.origin).is_file():
                    parts.append(hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest())
    return _digest(*parts)


ENGINE = ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions", "jieba", "backrefs")


def _toc_key(toc: Any) -> str:
    def walk(items: Any) -> list[Any]:
        return [(i.id, i.url, i.title, i.level, walk(i.children)) for i in items]

    return repr(walk(toc))
