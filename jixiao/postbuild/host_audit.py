"""Audit a built site for references to other hosts: the site must load nothing from elsewhere.

Citizens read the site inside mainland China, where foreign CDNs, web fonts
and analytics are slow or blocked, and every outside request tells a third
party who reads what.  After each build this audit reads every HTML, SVG, CSS
and JS file and reports each reference that would make a browser fetch from a
host other than the one serving the site.

The audit reads each file as the browser does, so that what it passes the
browser cannot load from elsewhere either: URLs are normalised as the WHATWG URL
standard does (``browser_urls``), HTML is parsed by the WHATWG algorithm and
SVG/XHTML as XML (``markup_urls``), CSS by a CSS tokenizer (``css_urls``), and
only files the browser will read as UTF-8, as the audit does (``page_encoding``).
``tests/browser/test_host_forms.py`` loads every form listed there in Chromium
and checks that the audit refuses each one that Chromium fetches.

What counts as a reference:

- HTML, SVG and XHTML: every attribute that loads something, CSS in ``style``
  attributes, SVG attributes and ``<style>``, meta refresh targets, inline
  scripts (see ``markup_urls`` for the full list).
- CSS: ``url()``, ``@import``, ``image-set()`` (see ``css_urls``).
- JS: URL string literals (a quote or backtick followed by ``http://``,
  ``https://`` or ``//``); URLs in comments (licence headers) are not requests.
  A script can compose an address at run time: this part is a net, not a proof.

What is allowed, and why:

- ``<a href>`` and ``<area href>`` to another host: a link is followed only when
  the reader chooses to; it loads nothing by itself.  ``<a ping>`` does count:
  following the link would also report the click to the ping host.
- ``<form action>`` and ``formaction`` to another host count, though submitting
  is a navigation the reader chooses: it would send what the reader typed to
  that host, and the site has no form that should (its search runs in the page).
- ``<link>`` whose every ``rel`` only describes a relation (``canonical``,
  ``alternate``, ``prev``, ``next``...): the browser fetches nothing for it.
  MkDocs writes ``rel="canonical"`` with the ``site_url`` (the portal's address,
  or 127.0.0.1 under ``mkdocs serve``). Any rel that fetches or connects
  (``stylesheet``, ``icon``, ``preload``, ``preconnect``, ``dns-prefetch``...)
  still counts.
- XML namespace names (``http://www.w3.org/2000/svg`` and the like, in
  ``xmlns`` attributes, ``@namespace`` and as script strings): they identify a
  vocabulary and are never fetched.
- ``data:`` URLs: the bytes are inside the file.
- Three URLs inside Material's own JavaScript, each inert on this site: two
  behind features it does not use, one pre-empted by a local copy (see
  ``MATERIAL_CONDITIONAL``); the audit checks every built page for the guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jixiao.postbuild.css_urls import css_references
from jixiao.postbuild.js_urls import js_references
from jixiao.postbuild.markup_urls import html_references, xml_references
from jixiao.postbuild.page_encoding import encoding_problem

__all__ = ["HostReference", "audit_site", "css_references", "html_references", "js_references"]

# How each kind of file is read, by suffix, as a web server labels it for the browser.
HTML_SUFFIXES = {".html", ".htm"}
XML_SUFFIXES = {".svg", ".xhtml", ".xml"}
CSS_SUFFIXES = {".css"}
JS_SUFFIXES = {".js", ".mjs"}
_KINDS = {
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(XML_SUFFIXES, "xml"),
    **dict.fromkeys(CSS_SUFFIXES, "css"),
    **dict.fromkeys(JS_SUFFIXES, "js"),
}


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


@dataclass(frozen=True)
class HostReference:
    """One reference to another host: the file (relative to the site), where in it, and the URL;
    or a file the audit cannot read as the browser will (``why`` says which)."""

    file: str
    where: str
    url: str
    # What is wrong; a file the browser may read in another encoding than the audit's says so
    # here, with the encoding in url (see page_encoding).
    why: str = "引用了其他网站的地址"

    def render(self) -> str:
        # A tab or control character hidden in a URL must show in the message, not vanish.
        url = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in self.url)
        return f"{self.file}：{self.where} {self.why} {url}"


def audit_site(site_dir: Path) -> list[HostReference]:
    """Every reference to another host in the built site, in file order."""
    problems: list[HostReference] = []
    pages: list[str] = []
    material_urls: list[HostReference] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        suffix = path.suffix.lower()
        if (
            not path.is_file()
            or suffix not in HTML_SUFFIXES | XML_SUFFIXES | CSS_SUFFIXES | JS_SUFFIXES
        ):
            continue
        data = path.read_bytes()
        problem = encoding_problem(data, _KINDS[suffix])
        if problem is not None:
            problems.append(HostReference(rel, "字符编码", problem[1], why=problem[0]))
        # Read as UTF-8 all the same: a stray byte must not hide the ASCII of a URL.
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        if suffix in HTML_SUFFIXES:
            pages.append(text)
            problems.extend(HostReference(rel, where, url) for where, url in html_references(text))
        elif suffix in XML_SUFFIXES:
            problems.extend(HostReference(rel, where, url) for where, url in xml_references(text))
        elif suffix in CSS_SUFFIXES:
            problems.extend(HostReference(rel, "CSS", url) for url in css_references(text))
        else:
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
