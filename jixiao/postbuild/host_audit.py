"""Audit a built site for references to other hosts: the site must load nothing from elsewhere.

Citizens read the site inside mainland China, where foreign CDNs, web fonts
and analytics are slow or blocked, and every outside request tells a third
party who reads what.  After each build this audit reads every text file of the
site and reports each reference that would make a browser fetch from a host
other than the one serving the site.  A file is read as the kind its suffix makes
it to a web server (HTML, ``.shtml`` too; SVG, XHTML, ``.xht``, XML and XSLT;
CSS; JS); any other file that is text is read all three ways (a page may run a
``.txt`` as its script), unless it is a CSV (which Chromium neither runs nor
renders) or valid JSON (literals only: inert however it is read).

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
- CSS: also every string in a custom property (``image-set(var(--u))``).
- JS: URL string literals (see ``js_urls``: escapes decoded, any host, ``localhost``
  too); URLs in comments (licence headers) are not requests.
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
- Four URLs inside Material's own JavaScript, each inert on this site: three
  behind features it does not use (mermaid, a GitHub or GitLab repo_url), one
  pre-empted by a local copy the plugin lists in ``extra_javascript`` (see
  ``MATERIAL_CONDITIONAL``); the audit checks every built document for the guard
  as its parser reads it (``<pre class=MERMAID>`` is a mermaid block), and a
  failing guard says what the page lacks, not only the URL.
- Two template strings inside Pagefind's scripts (``pagefind/``, written by the search
  index): ``new URL(`https://example.com${path}`)`` parses a result's own path against a
  dummy base and strips it again; nothing is fetched (``PAGEFIND_INERT``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from jixiao.postbuild.browser_urls import is_external, scheme_of
from jixiao.postbuild.css_urls import css_references
from jixiao.postbuild.js_urls import js_references
from jixiao.postbuild.markup_urls import Facts, html_references, read_html, read_xml
from jixiao.postbuild.page_encoding import encoding_problem

__all__ = ["HostReference", "audit_site", "css_references", "html_references", "js_references"]

# How each kind of file is read, by suffix, as a web server labels it for the browser.
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".shtm"}
XML_SUFFIXES = {".svg", ".xhtml", ".xht", ".xml", ".xsl", ".xslt"}
CSS_SUFFIXES = {".css"}
JS_SUFFIXES = {".js", ".mjs", ".cjs"}
_KINDS = {
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(XML_SUFFIXES, "xml"),
    **dict.fromkeys(CSS_SUFFIXES, "css"),
    **dict.fromkeys(JS_SUFFIXES, "js"),
}
# Every other file that is text may still be run as a script (Chromium runs text/plain),
# read as a stylesheet by a quirks-mode page or shown as a page by a server that labels it
# so: it is read all three ways.  Except: a file with a NUL byte is binary (images, XLSX,
# archives); a CSV is labelled text/csv, which Chromium neither runs nor renders; a file that
# is valid JSON holds only literals, which load nothing whichever way it is read.
_DATA_SUFFIXES = {".csv"}


@dataclass(frozen=True)
class Guard:
    """What keeps a URL in Material's JavaScript from being fetched: a fact (see
    ``markup_urls.page_facts``) that must be absent from every page (the feature is off) or
    present in every page that runs Material (our local copy)."""

    fact: str
    present: bool
    why: str
    # What the build says when the guard fails, before the URL (Chinese, for staff).
    failure: str

    def holds(self, facts: Facts) -> bool:
        kind, _, value = self.fact.partition(":")
        found = self.fact in facts or (
            kind == "script"
            and any(f.startswith("script:") and f.endswith(f"/{value}") for f in facts)
        )
        return found == self.present


_SOURCE = Guard(
    "data-md-component:source",
    False,
    "Material asks GitHub or GitLab about the repository only when repo_url names one.",
    "有源代码仓库链接（mkdocs.yml 的 repo_url），Material 的脚本会向其他网站查询仓库信息：",
)
# URL prefix in Material's bundle -> the guard that keeps it inert on this site.
MATERIAL_CONDITIONAL: dict[str, Guard] = {
    "https://unpkg.com/mermaid": Guard(
        "class:mermaid",
        False,
        "Material loads mermaid for any <pre> of class mermaid (in any case in a quirks-mode "
        "page); the audit counts an element of that class however the markup writes it.",
        "有 mermaid 图（class 为 mermaid 的元素），Material 的脚本会从其他网站载入 mermaid：",
    ),
    "https://api.github.com/": _SOURCE,
    "https://${e}/api/v4/": _SOURCE,  # GitLab, at the host repo_url names
    "https://unpkg.com/resize-observer-polyfill": Guard(
        "script:javascripts/resize-observer.js",
        True,
        "Fetched only where ResizeObserver is missing; the plugin lists our copy in "
        "extra_javascript, which runs before Material looks (it waits for DOMContentLoaded).",
        "没有载入本站的 javascripts/resize-observer.js（jixiao 插件经 extra_javascript 把它"
        "加到每一页；网站自己的模板若改写 scripts 块，须保留 {{ super() }}），"
        "缺少 ResizeObserver 的浏览器会改从其他网站载入：",
    ),
}
_MATERIAL_BUNDLE = "assets/javascripts/bundle."
# Pagefind's dummy base for parsing a result's path (pagefind.js and its worker, 1.x).
PAGEFIND_INERT = frozenset(
    {"https://example.com${anchored_url}", "https://example.com${normalized}"}
)


OTHER_HOST = "引用了其他网站的地址"


@dataclass(frozen=True)
class HostReference:
    """One reference to another host: the file (relative to the site), where in it, and the URL;
    or a file the audit cannot read as the browser will (``why`` says which)."""

    file: str
    where: str
    url: str
    # What is wrong; a file the browser may read in another encoding than the audit's says so
    # here, with the encoding in url (see page_encoding).
    why: str = OTHER_HOST

    def render(self) -> str:
        # A tab or control character hidden in a URL must show in the message, not vanish.
        url = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in self.url)
        return f"{self.file}：{self.where} {self.why} {url}"


# One file's findings: (where, url, why) for each reference or unreadable encoding, and for a
# document, its facts (None for a stylesheet, script or data).  The same bytes always give
# the same findings.
Findings = tuple[tuple[tuple[str, str, str], ...], Facts | None]


def audit_site(
    site_dir: Path,
    known: Mapping[bytes, Findings] | None = None,
    used: dict[bytes, Findings] | None = None,
) -> list[HostReference]:
    """Every reference to another host in the built site, in file order.  A file whose bytes'
    hash is in ``known`` (findings of an earlier build, by the same code) is not read again (a
    rebuild changes a few pages; the theme's scripts and most charts stay the same); ``used``
    gets the findings of this build's files, for the caller to keep."""
    known = known or {}
    used = {} if used is None else used
    problems: list[HostReference] = []
    pages: dict[str, tuple[Facts, bool]] = {}  # document -> its facts, whether it runs Material
    material_urls: list[HostReference] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in _DATA_SUFFIXES:
            continue
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        label = _KINDS.get(suffix, "other")
        key = hashlib.sha256(label.encode() + b"\0" + data).digest()
        findings = used.get(key) or known.get(key) or _audit_file(data, _kind(label, data))
        used[key] = findings
        found, facts = findings
        if facts is not None:
            runs_material = label == "html" or any(
                f"/{_MATERIAL_BUNDLE}" in f"/{f[7:]}" for f in facts if f.startswith("script:")
            )
            pages[rel] = (facts, runs_material)
        for where, url, why in found:
            ref = HostReference(rel, where, url, why)
            if where == "JS" and rel.startswith("assets/javascripts/") and _guard(url):
                material_urls.append(ref)
            elif where == "JS" and rel.startswith("pagefind/") and url in PAGEFIND_INERT:
                continue
            else:
                problems.append(ref)
    for rel in _scripts_read_otherwise(site_dir, pages):
        data = (site_dir / rel).read_bytes()
        key = hashlib.sha256(b"js\0" + data).digest()
        findings = used.get(key) or known.get(key) or _audit_file(data, "js")
        used[key] = findings
        problems += [HostReference(rel, "<script src> 载入的 JS", url) for _, url, _ in findings[0]]
    problems += _unguarded(material_urls, pages)
    return problems


def _scripts_read_otherwise(site_dir: Path, pages: dict[str, tuple[Facts, bool]]) -> list[str]:
    """The site's files a page names in <script src> that the audit reads as something else
    (a .css, .html or .xml file): Chromium runs a script of any type but image, audio, video
    and CSV.  (Any other text file is read as a script already.)"""
    targets = set()
    for page, (facts, _runs_material) in pages.items():
        for fact in facts:
            target = _local_path(page, fact[7:]) if fact.startswith("script:") else None
            suffix = PurePosixPath(target or "").suffix.lower()
            if target and _KINDS.get(suffix) in {"html", "xml", "css"} and suffix != ".svg":
                targets.add(target)
    return sorted(target for target in targets if (site_dir / target).is_file())


def _local_path(page: str, src: str) -> str | None:
    """The file of the site a relative src names from page; None for another host, a scheme
    or a path outside the site.  A root-relative src is taken from the site's root (the portal
    may serve the site in a folder: then it names a file outside the site)."""
    if not src or scheme_of(src) or is_external(src):
        return None
    path = unquote(src.replace("\\", "/"))
    base = "" if path.startswith("/") else posixpath.dirname(page)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    return None if joined.startswith("..") else joined


def _kind(label: str, data: bytes) -> str | None:
    """How the audit reads a file: as its suffix labels it, else 'text' (every way) if it is
    text that may load anything; None for a file that cannot."""
    if label != "other":
        return label
    if b"\0" in data:
        return None
    with contextlib.suppress(ValueError, RecursionError):
        json.loads(data)
        return None
    return "text"


def _unguarded(
    material_urls: list[HostReference], pages: dict[str, tuple[Facts, bool]]
) -> list[HostReference]:
    """Each URL in Material's scripts whose guard fails on some page: named with the first such
    page and how many there are, and what to change."""
    problems = []
    for ref in material_urls:
        guard = _guard(ref.url)
        assert guard is not None
        failing = [
            page
            for page, (facts, runs_material) in pages.items()
            if (runs_material or not guard.present) and not guard.holds(facts)
        ]
        if failing:
            where = f"（共 {len(failing)} 个页面，Material 的 {ref.file}）"
            problems.append(HostReference(failing[0], where, ref.url, guard.failure))
    return problems


def _audit_file(data: bytes, kind: str | None) -> Findings:
    if kind is None:
        return (), None
    found: list[tuple[str, str, str]] = []
    problem = encoding_problem(data, kind) if kind != "text" else None
    if problem is not None:
        found.append(("字符编码", problem[1], problem[0]))
    # Read as UTF-8 all the same: a stray byte must not hide the ASCII of a URL.
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    why = OTHER_HOST
    facts = None
    if kind in {"html", "text"}:
        references, facts = read_html(text)
        found += [(where, url, why) for where, url in references]
    elif kind == "xml":
        references, facts = read_xml(text)
        found += [(where, url, why) for where, url in references]
    if kind in {"css", "text"}:
        found += [("CSS", url, why) for url in css_references(text)]
    if kind in {"js", "text"}:
        found += [("JS", url, why) for url in js_references(text)]
    return tuple(found), facts


def findings_json(used: Mapping[bytes, Findings]) -> object:
    """Findings by file hash as JSON values, to be kept between builds."""
    return {
        key.hex(): [[list(f) for f in found], sorted(facts) if facts is not None else None]
        for key, (found, facts) in used.items()
    }


def findings_from_json(value: object) -> dict[bytes, Findings]:
    """Findings kept by ``findings_json``; nothing of a value of any other shape."""
    out: dict[bytes, Findings] = {}
    if not isinstance(value, dict):
        return out
    for key, item in value.items():
        try:
            found, facts = item
            triples = tuple((str(a), str(b), str(c)) for a, b, c in found)
            if not all(isinstance(x, str) for t in found for x in t):
                return {}
            if facts is not None and not all(isinstance(f, str) for f in facts):
                return {}
            out[bytes.fromhex(key)] = (triples, frozenset(facts) if facts is not None else None)
        except (TypeError, ValueError):
            return {}
    return out


def _guard(url: str) -> Guard | None:
    """What keeps this URL in Material's JavaScript inert; None if it is not one of those."""
    for prefix, guard in MATERIAL_CONDITIONAL.items():
        if url.startswith(prefix):
            return guard
    return None
