"""Under ``mkdocs serve`` only: what a rebuild keeps of MkDocs' own work from the rebuilds
before (each page's conversion from Markdown), so that saving one year converts that year's
page, not every page.

MkDocs converts every page's Markdown again on every rebuild: under ``mkdocs serve``
that is most of a rebuild.  MkDocs offers no public way to skip it, so this module
takes each page's ``render`` for the session, in memory only (nothing on disk
between processes).  A published
build (``mkdocs build``, ``jixiao bundle``, ``jixiao render``) never calls it:
it uses MkDocs and Material exactly as they are.

A page's conversion is kept by what it is made of: its place and Markdown and the
Markdown configuration (the libraries that convert it are the ones this process imported,
the same for the whole session); with it
are kept the files its links looked up (and what they resolved to, or that they
were missing), so a chart redrawn under a new name changes only the pages that
link to it.  What a conversion
logged (a broken link, say) is logged again when it is reused, so ``strict``
fails exactly as it would have.  After each rebuild what it did not use is dropped.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# What a link lookup found: the file's published URL, or None if it was missing.
Lookups = dict[str, "str | None"]


@dataclass(frozen=True)
class _Rendered:
    content: str
    toc: Any  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    logged: list[tuple[str, int, str]]  # what the conversion logged: logger, level, message
    looked_up: Lookups  # the files the conversion looked for, and what it found
    every_file: str | None  # the whole site's files, if the conversion went through them all


class _Store:
    """Entries by key, in memory, for this serve session."""

    def __init__(self) -> None:
        self.memory: dict[str, Any] = {}
        self.used: set[str] = set()

    def get(self, key: str) -> Any:
        self.used.add(key)
        return self.memory.get(key)

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        self.memory[key] = value

    def finish(self) -> None:
        for key in [key for key in self.memory if key not in self.used]:
            del self.memory[key]
        self.used.clear()


_rendered = _Store()
_site: list[str] = []  # this rebuild's Markdown configuration and engine, from ``start``


def start(config: MkDocsConfig) -> None:
    """A serve rebuild's files are final: take what rebuilds before made for it."""
    _site[:] = [_markdown_key(config)]


def finish() -> None:
    """The rebuild is done: drop what it did not use."""
    _rendered.finish()
    _site.clear()


def reuse_conversion(page: Page) -> None:
    """Let ``page.render`` take the page's HTML from the last rebuild that converted the same
    Markdown whose links find the same files."""
    real = page.render
    if not _site or not all(hasattr(page, n) for n in ("present_anchor_ids", "links_to_anchors")):
        return  # not started, or not the MkDocs this was written for
    site = _site[0]

    def render(config: MkDocsConfig, files: Files) -> None:
        key = _digest(page.file.src_uri, page.markdown or "", site)
        kept = _rendered.get(key)
        if not isinstance(kept, _Rendered) or not _restore(page, kept, files):
            _rendered.put(key, _converted(page, real, config, files))

    page.render = render  # type: ignore[method-assign]  # this page's render, under serve only


class _LookingUp(Files):
    """The site's files, noting which ones a page's conversion looks for."""

    def __init__(self, files: Files) -> None:
        super().__init__(list(files))
        self.site = files
        self.looked_up: Lookups = {}
        self.went_through = False

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        self.looked_up[path] = found.url if found is not None else None
        return found

    def __iter__(self) -> Iterator[File]:
        self.went_through = True  # an extension that reads every file depends on all of them
        return super().__iter__()


def _converted(
    page: Page, real: Callable[[MkDocsConfig, Files], None], config: MkDocsConfig, files: Files
) -> _Rendered:
    logged = _Recorder()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(logged)
    looking = _LookingUp(files)
    try:
        real(config, looking)
    finally:
        mkdocs_log.removeHandler(logged)
    links = page.links_to_anchors
    return _Rendered(
        page.content or "",
        copy.deepcopy(page.toc),
        page.title,
        set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        {f.src_uri: dict(anchors) for f, anchors in links.items()} if links is not None else None,
        logged.records,
        dict(looking.looked_up),
        _files_key(files) if looking.went_through else None,
    )


def _restore(page: Page, kept: _Rendered, files: Files) -> bool:
    """Give the page what a conversion made, if every file it looked for is as it was."""
    for path, url in kept.looked_up.items():
        found = files.get_file_from_path(path)
        if (found.url if found is not None else None) != url:
            return False
    if kept.every_file is not None and kept.every_file != _files_key(files):
        return False
    links = None
    if kept.links is not None:
        links = {}
        for src_uri, anchors in kept.links.items():
            linked = files.get_file_from_path(src_uri)
            if linked is None:
                return False
            links[linked] = dict(anchors)
    page.content = kept.content
    page.toc = copy.deepcopy(kept.toc)  # plugins may change a page's toc
    page.title = kept.title  # MkDocs lets a page's title be set for good
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


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _files_key(files: Files) -> str:
    """Every file of the site and where it is published."""
    return _digest(*sorted(f"{f.src_uri}\0{f.url}\0{f.inclusion}" for f in files))


def _markdown_key(config: MkDocsConfig) -> str:
    return _digest(
        repr(config.markdown_extensions),
        repr(config.mdx_configs),
        repr(config.use_directory_urls),
        repr(config.validation),
    )
