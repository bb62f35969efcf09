"""Audit a built site for references to other hosts: the site must load nothing from elsewhere.

Citizens read the site inside mainland China, where foreign CDNs, web fonts
and analytics are slow or blocked, and every outside request tells a third
party who reads what.  After each build this audit reads every HTML, SVG, CSS
and JS file and reports each reference that would make a browser fetch from a
host other than the one serving the site.

What counts as a reference:

- HTML and SVG: attributes that load something (``src``, ``srcset``, ``poster``,
  ``data``, ``action``, ``formaction``, ``background``, ``href`` on ``link``,
  ``xlink:href``/``href`` on SVG ``image``/``use``, ``content`` of a meta
  refresh), ``url()`` and ``@import`` in ``style`` attributes and ``<style>``,
  and URL string literals in inline ``<script>``.
- CSS: ``url()`` and ``@import``.
- JS: URL string literals (a quote or backtick followed by ``http://``,
  ``https://`` or ``//``); URLs in comments (licence headers) are not requests.

What is allowed, and why:

- ``<a href>`` to another host: a link is followed only when the reader
  chooses to; it loads nothing by itself.
- ``<link>`` whose every ``rel`` only describes a relation (``canonical``,
  ``alternate``, ``prev``, ``next``...): the browser fetches nothing for it.
  MkDocs writes ``rel="canonical"`` with the ``site_url`` (the portal's address,
  or 127.0.0.1 under ``mkdocs serve``). Any rel that fetches or connects
  (``stylesheet``, ``icon``, ``preload``, ``preconnect``, ``dns-prefetch``...)
  still counts.
- XML namespace names (``http://www.w3.org/2000/svg`` and the like): they
  identify a vocabulary and are never fetched.
- ``data:`` URLs: the bytes are inside the file.
- Three URLs inside Material's own JavaScript, each inert on this site: two
  behind features it does not use, one pre-empted by a local copy (see
  ``MATERIAL_CONDITIONAL``); the audit checks every built page for the guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

XML_NAMESPACES = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/XML/1998/namespace",
)


@dataclass(frozen=True)
class Guard:
    """What keeps a URL in Material's JavaScript from being fetched: a marker that must be
    absent from every page (the feature is off) or present in every page (our local copy)."""

    marker: str
    present: bool
    why: str

    def holds(self, page: str) -> bool:
        return (self.marker in page) == self.present


# URL prefix in Material's bundle -> the guard that keeps it inert on this site.
MATERIAL_CONDITIONAL: dict[str, Guard] = {
    "https://unpkg.com/mermaid": Guard(
        'class="mermaid"', False, "Material loads mermaid only for pages with a mermaid diagram."
    ),
    "https://api.github.com/": Guard(
        'data-md-component="source"',
        False,
        "Material asks GitHub for stars only when repo_url names a repository.",
    ),
    "https://unpkg.com/resize-observer-polyfill": Guard(
        "javascripts/resize-observer.js",
        True,
        "Fetched only where ResizeObserver is missing; the theme override main.html gives those "
        "browsers our copy first.",
    ),
}

# <link rel> values for which a browser fetches nothing and opens no connection.
DESCRIPTIVE_RELS = {"canonical", "alternate", "author", "license", "help", "prev", "next"}
DESCRIPTIVE_RELS |= {"bookmark", "me", "tag", "external", "nofollow", "noopener", "noreferrer"}

LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "formaction", "background"}
_EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//", re.ASCII)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)
_JS_URL = re.compile(r"""["'`]((?:https?:)?//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^"'`\s]*)""")


@dataclass(frozen=True)
class HostReference:
    """One reference to another host: the file (relative to the site), where in it, and the URL."""

    file: str
    where: str
    url: str

    def render(self) -> str:
        return f"{self.file}：{self.where} 引用了其他网站的地址 {self.url}"


def is_external(url: str) -> bool:
    """True if loading url would contact a host other than the site's own."""
    url = url.strip()
    if not url or url.startswith(("data:", "#")):
        return False
    if url.startswith(XML_NAMESPACES):
        return False
    return bool(_EXTERNAL.match(url))


def css_references(css: str) -> list[str]:
    found = []
    for match in _CSS_URL.finditer(css):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if url is not None and is_external(url):
            found.append(url)
    return found


def js_references(js: str) -> list[str]:
    return [url for url in _JS_URL.findall(js) if is_external(url)]


class _HtmlScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            urls: Iterable[str] = [value]
            if name == "srcset":
                urls = [part.strip().split(" ")[0] for part in value.split(",")]
            loads = name in LOADING_ATTRIBUTES
            rels = set(values.get("rel", "").lower().split())
            loads |= tag == "link" and name == "href" and not (rels and rels <= DESCRIPTIVE_RELS)
            loads |= tag in {"image", "use", "feimage"} and name in {"href", "xlink:href"}
            if loads:
                self.found.extend((f"<{tag} {name}>", u) for u in urls if is_external(u))
            if name == "style":
                self.found.extend((f"<{tag} style>", u) for u in css_references(value))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("url=")[2]
            if is_external(target):
                self.found.append(("<meta refresh>", target))
        if tag in {"style", "script"}:
            self._raw = tag

    def handle_endtag(self, tag: str) -> None:
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "style":
            self.found.extend(("<style>", u) for u in css_references(data))
        elif self._raw == "script":
            self.found.extend(("<script>", u) for u in js_references(data))


def html_references(html: str) -> list[tuple[str, str]]:
    scanner = _HtmlScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def audit_site(site_dir: Path) -> list[HostReference]:
    """Every reference to another host in the built site, in file order."""
    problems: list[HostReference] = []
    pages: list[str] = []
    material_urls: list[HostReference] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix in {".html", ".svg"}:
            markup = path.read_text(encoding="utf-8")
            if path.suffix == ".html":
                pages.append(markup)
            found = html_references(markup)
            problems.extend(HostReference(rel, where, url) for where, url in found)
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            problems.extend(HostReference(rel, "CSS", url) for url in css_references(text))
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8")
            for url in js_references(text):
                ref = HostReference(rel, "JS", url)
                if rel.startswith("assets/javascripts/") and _guard(url) is not None:
                    material_urls.append(ref)
                else:
                    problems.append(ref)
    for ref in material_urls:
        guard = _guard(ref.url)
        if guard is not None and not all(guard.holds(page) for page in pages):
            problems.append(ref)
    return problems


def _guard(url: str) -> Guard | None:
    """What keeps this URL in Material's JavaScript inert; None if it is not one of those."""
    for prefix, guard in MATERIAL_CONDITIONAL.items():
        if url.startswith(prefix):
            return guard
    return None
