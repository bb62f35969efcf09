"""What ``mkdocs serve`` keeps from one rebuild to the next, so that saving one year's data
re-renders that year's page rather than every page of the site.

MkDocs rebuilds the whole site on every save (its ``--dirty`` mode warns, which
the strict build refuses): each page's Markdown is converted again and Material's
search plugin splits every page's text into words again, which is most of a
rebuild.  Under serve, each page's conversion and search entries are kept in
memory by everything they are made of (the page's Markdown and place, the site's
files, the Markdown configuration; for search the page's HTML, headings, title
and metadata), so an unchanged page is taken as it was; anything else about it
(the navigation, the theme's templates) is done afresh.  What a conversion
logged (a broken link, say) is logged again when it is reused, so ``strict``
fails exactly as it would have.  Entries no rebuild used are dropped after each
build.  If MkDocs or Material change what this relies on, pages are simply
converted and indexed as usual.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.jixiao")


@dataclass(frozen=True)
class _Rendered:
    content: str
    toc: Any  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    logged: list[tuple[str, int, str]]  # what the conversion logged: logger, level, message


_rendered: dict[str, _Rendered] = {}
_indexed: dict[str, list[dict[str, Any]]] = {}
_used: set[str] = set()
_site: list[str] = []  # this build's files and Markdown configuration, from ``start``


def start(config: MkDocsConfig, files: Files) -> None:
    """A rebuild begins (its files are final): take what earlier rebuilds made for it."""
    _site[:] = [_digest(_files_key(files), _markdown_key(config))]
    reuse_search_entries(config)


def reuse_conversion(page: Page) -> None:
    """Let ``page.render`` take the page's HTML from the last rebuild that converted the same
    Markdown in the same site."""
    real = page.render
    if not _site or not all(hasattr(page, n) for n in ("present_anchor_ids", "links_to_anchors")):
        return  # not started, or not the MkDocs this was written for
    site = _site[0]

    def render(config: MkDocsConfig, files: Files) -> None:
        key = _digest(page.file.src_uri, page.markdown or "", site)
        _used.add(key)
        kept = _rendered.get(key)
        if kept is None or not _restore(page, kept, files):
            _rendered[key] = _converted(page, real, config, files)

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
            _used.add(key)
            kept = _indexed.get(key)
            if kept is None:
                start = len(entries)
                add(page)
                kept = _indexed[key] = pickle.loads(pickle.dumps(entries[start:]))
            else:
                entries.extend(pickle.loads(pickle.dumps(kept)))

        index.add_entry_from_context = indexed  # type: ignore[union-attr]  # found above


def forget_unused() -> None:
    """Drop what the build just finished did not use: edits made and undone long ago."""
    for kept in (_rendered, _indexed):
        for key in [key for key in kept if key not in _used]:
            del kept[key]
    _used.clear()
    _site.clear()


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _files_key(files: Files) -> str:
    """Every file of the site and where it is published: links resolve against them."""
    return _digest(*(f"{f.src_uri}\0{f.url}\0{f.inclusion}" for f in files))


def _markdown_key(config: MkDocsConfig) -> str:
    return _digest(
        repr(config.markdown_extensions),
        repr(config.mdx_configs),
        repr(config.use_directory_urls),
        repr(config.validation),
    )


def _toc_key(toc: Any) -> str:
    def walk(items: Any) -> list[Any]:
        return [(i.id, i.url, i.title, i.level, walk(i.children)) for i in items]

    return repr(walk(toc))
