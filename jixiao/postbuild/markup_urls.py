"""The URLs an HTML, SVG or XHTML file makes the browser fetch, read with the browser's parsers.

HTML goes through html5ever (Servo's implementation of the WHATWG parsing
algorithm, by way of markupever), because the standard library's
``html.parser`` reads some markup differently from a browser and so cannot see
what the browser loads: it takes ``<!-->`` and ``--!>`` for the middle of a
comment and ``</style x>`` for style text, and in each case Chromium loads the
tags that follow.  html5ever also decodes character references in attribute
values and, inside inline ``<svg>``, in ``<style>`` and ``<script>`` text
(``&#x68;ttps://``), as browsers do, and drops a repeated attribute as they do;
it follows the current standard where it changed (``<select>`` keeps its
content, ``</p>`` leaves inline ``<svg>``), as Chromium does.  It parses as a
browser with scripting on, which reads ``<noscript>`` content as text; a reader
may have scripting off, so a page that names ``noscript`` anywhere is also
parsed by html5lib, which parses as such a browser, and what either parse
finds counts.  A ``.svg`` or ``.xhtml`` file is an XML document to the
browser and is parsed as one (internal entities expanded); if it is not
well-formed, the browser shows what precedes the error, so it is read
leniently as HTML instead, with its entity declarations checked too.

What loads, on any element: ``src``, ``srcset``, ``imagesrcset``, ``poster``,
``data``, ``background``, ``manifest``, ``action``, ``formaction``, ``ping``,
``attributionsrc`` and ``xml:base``; ``href`` except on ``<a>`` and ``<area>``
(a link the reader may follow) and on ``<link>`` whose every ``rel`` only
describes a relation; so ``<base href>``, ``<link rel=stylesheet|icon|...>``,
and SVG ``<image>``, ``<use>``, ``<script>``, ``<feImage>`` with ``href`` or
``xlink:href`` all count.  CSS in ``style`` attributes, in every attribute of
an SVG element (``fill``, ``filter``, ``mask`` take ``url()``) and in
``<style>``; the values an SVG ``<set>`` or ``<animate>`` gives (``to``,
``values``...); the target of a meta refresh and the URLs of a
``<meta http-equiv=Link>``; ``<?xml-stylesheet?>`` in XML; the document in
``<iframe srcdoc>``; the document a ``data:`` URL carries (HTML, SVG, CSS or
script), read as its type; and as script: inline ``<script>`` and event
handler attributes.  A ``javascript:`` URL where something is loaded
(``<iframe src>``...) counts whatever it says: its code runs on load, out of
the audit's sight.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from xml.etree import ElementTree

import markupever

from jixiao.postbuild.browser_urls import (
    data_document,
    is_external,
    normalise,
    refresh_url,
    scheme_of,
    srcset_urls,
)
from jixiao.postbuild.css_urls import css_references
from jixiao.postbuild.js_urls import js_references

Found = list[tuple[str, str]]
# What a page holds that decides whether Material's own scripts fetch from elsewhere.
Facts = frozenset[str]
# An element as the audit reads it: its namespace, its name, its attributes (each name as
# written, 'xlink:href'), and for <style> and <script> the text in it.
Node = tuple[str, str, list[tuple[str, str]], str | None]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
}

# <link rel> values for which a browser fetches nothing and opens no connection.
DESCRIPTIVE_RELS = {"canonical", "alternate", "author", "license", "help", "prev", "next"}
DESCRIPTIVE_RELS |= {"bookmark", "me", "tag", "external", "nofollow", "noopener", "noreferrer"}
NAVIGATION_TAGS = {"a", "area"}

LOADING_ATTRIBUTES = {"src", "poster", "data", "background", "manifest", "action", "formaction"}
LOADING_ATTRIBUTES |= {"base"}  # xml:base
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
LIST_ATTRIBUTES = {"ping", "attributionsrc"}  # URLs separated by spaces
# SVG animation: <set attributeName="href" to="..."> makes an <image> load what it says.
ANIMATION_TAGS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
ANIMATION_VALUES = {"to", "from", "by", "values"}
_LINK_HEADER_URL = re.compile(r"<([^>]*)>")

_XML_STYLESHEET = re.compile(r"<\?xml-stylesheet\b(.*?)\?>", re.S)
_PSEUDO_HREF = re.compile(r"""\bhref\s*=\s*(["'])(.*?)\1""", re.S)
_ENTITY = re.compile(r"<!ENTITY\b(.*?)>", re.S)
_LITERAL = re.compile(r"""(["'])(.*?)\1""", re.S)
# A browser with scripting off parses <noscript> as markup, one with it on as text: the tag
# name cannot be written with a character reference, so a page without these letters parses
# the same either way.
_NOSCRIPT = re.compile("noscript", re.I)
_TEXT_ELEMENTS = {"style", "script"}


def html_references(markup: str) -> Found:
    """(where, URL) for each reference to another host in an HTML document, in document order;
    for a page with <noscript>, then those only a reader without scripting would load."""
    return read_html(markup)[0]


def read_html(markup: str) -> tuple[Found, Facts]:
    """The references of an HTML document (as ``html_references``) and its facts."""
    nodes = list(_parsed_nodes(markup))
    found = list(_document_references(nodes))
    if _NOSCRIPT.search(markup):
        found += [ref for ref in scripting_off_references(markup) if ref not in found]
    return found, page_facts(nodes)


def page_facts(nodes: Iterable[Node]) -> Facts:
    """What Material's scripts look for in a page, however the markup writes it: each class
    ('class:mermaid', lower case, as a quirks-mode page matches classes in any case), each
    data-md-component ('data-md-component:source') and each script's src ('script:x.js')."""
    facts: set[str] = set()
    for _namespace, tag, attributes, _text in nodes:
        for name, value in attributes:
            name = name.lower()
            if name == "class":
                facts.update(f"class:{token}" for token in value.lower().split())
            elif name == "data-md-component":
                facts.add(f"data-md-component:{value.strip().lower()}")
            elif name == "src" and tag.lower() == "script":
                facts.add(f"script:{normalise(value).split('?')[0].split('#')[0]}")
    return frozenset(facts)


def scripting_off_references(markup: str) -> Found:
    """The same, for a browser with scripting off, by html5lib (its only way of parsing)."""
    # Imported here: only a page with <noscript> needs it.
    import html5lib

    document = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=True)
    return list(_document_references(_tree_nodes(document)))


def xml_references(markup: str) -> Found:
    """The same for an SVG or XHTML file, which the browser parses as XML."""
    return read_xml(markup)[0]


def read_xml(markup: str) -> tuple[Found, Facts]:
    """The references of an XML document (as ``xml_references``) and its facts."""
    found = [
        ("<?xml-stylesheet?>", url)
        for declaration in _XML_STYLESHEET.findall(markup)
        for _quote, url in _PSEUDO_HREF.findall(declaration)
        if is_external(html.unescape(url))
    ]
    try:
        root = ElementTree.fromstring(markup)
    except ElementTree.ParseError:
        entities = [
            ("<!ENTITY>", html.unescape(value))
            for declaration in _ENTITY.findall(markup)
            for _quote, value in _LITERAL.findall(declaration)
            if is_external(html.unescape(value))
        ]
        references, facts = read_html(markup)
        return found + entities + references, facts
    nodes = list(_tree_nodes(root))
    return found + list(_document_references(nodes)), page_facts(nodes)


def _parsed_nodes(markup: str) -> Iterator[Node]:
    """The elements of an HTML document as html5ever parses it, <template> content included."""
    # markupever's public API: selecting every element wraps only elements, not the text
    # between them, which keeps the walk close to the private raw nodes' speed.
    for element in markupever.parse(markup, markupever.HtmlOptions()).select("*"):
        name = element.name
        attributes = [
            (f"{key.prefix}:{key.local}" if key.prefix else key.local, value)
            for key, value in element.attrs.items()
        ]
        text = element.text() if name.local.lower() in _TEXT_ELEMENTS else None
        yield name.ns, name.local, attributes, text


def _tree_nodes(root: ElementTree.Element) -> Iterator[Node]:
    """The same for an ElementTree document (an XML file, or html5lib's parse)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.startswith("<"):
            continue  # comments, processing instructions, the doctype
        namespace, tag = _split(element.tag)
        attributes = [(_attribute_name(name), value) for name, value in element.attrib.items()]
        text = "".join(element.itertext()) if tag.lower() in _TEXT_ELEMENTS else None
        yield namespace, tag, attributes, text


def _document_references(nodes: Iterable[Node]) -> Iterator[tuple[str, str]]:
    for namespace, tag, attributes, text in nodes:
        tag = tag.lower()
        yield from _attribute_references(tag, namespace == SVG_NAMESPACE, attributes)
        if tag == "style":
            yield from (("<style>", url) for url in css_references(text or ""))
        elif tag == "script":
            yield from (("<script>", url) for url in js_references(text or ""))


def _attribute_name(name: str) -> str:
    """'{http://www.w3.org/1999/xlink}href' -> 'xlink:href', as it was written."""
    namespace, local = _split(name)
    return _PREFIXES.get(namespace, "") + local


def _split(name: str) -> tuple[str, str]:
    """'{namespace}local' -> (namespace, local); a name without a namespace has ''."""
    if name[:1] != "{":
        return "", name
    namespace, _, local = name[1:].partition("}")
    return namespace, local


def _attribute_references(
    tag: str, svg: bool, attributes: list[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    rels = {rel for name, value in attributes if name == "rel" for rel in value.lower().split()}
    descriptive_link = tag == "link" and rels and rels <= DESCRIPTIVE_RELS
    for name, value in attributes:
        local = name.rpartition(":")[2].lower()
        where = f"<{tag} {name}>"
        urls: Iterable[str] = ()
        if local in LOADING_ATTRIBUTES:
            urls = [value]
        elif local in SRCSET_ATTRIBUTES:
            urls = srcset_urls(value)
        elif local in LIST_ATTRIBUTES:
            urls = value.split()
        elif tag in ANIMATION_TAGS and local in ANIMATION_VALUES:
            urls = value.split(";")
        elif local == "href" and tag not in NAVIGATION_TAGS and not descriptive_link:
            urls = [value]
        for url in urls:
            yield from ((where, found) for found in _url_references(url))
        if local == "style" or svg:
            yield from ((where, url) for url in css_references(value))
        if local.startswith("on"):
            yield from ((where, url) for url in js_references(value))
        if local == "srcdoc":
            yield from ((f"{where} {inner}", url) for inner, url in html_references(value))
        if tag == "meta" and local == "http-equiv":
            contents = [content for other, content in attributes if other == "content"]
            yield from _http_equiv_references(value.strip().lower(), contents)


def _http_equiv_references(header: str, contents: list[str]) -> Iterator[tuple[str, str]]:
    """A meta refresh sends the reader on; a Link header written as meta may load a resource."""
    if header == "refresh":
        targets = [refresh_url(content) for content in contents]
        yield from (("<meta refresh>", url) for url in targets if url and is_external(url))
    elif header == "link":
        for content in contents:
            for url in _LINK_HEADER_URL.findall(content):
                yield from (("<meta link>", found) for found in _url_references(url))


def _url_references(url: str) -> list[str]:
    """url itself if loading it could contact another host; for a data: URL, what the document
    it carries would load.  A javascript: URL where something is loaded runs its code as the
    page loads, and that code (or the document it returns) can fetch anything: it counts
    whatever it says; the site never needs one."""
    inline = data_document(url)
    if inline is not None:
        return _data_references(*inline)
    if is_external(url) or scheme_of(normalise(url)) == "javascript":
        return [url]
    return []


def _data_references(media_type: str, text: str) -> list[str]:
    """What a document carried in a data: URL would load, read as its media type says."""
    if media_type == "text/html":
        return [url for _where, url in html_references(text)]
    if media_type.endswith(("/xml", "+xml")):
        return [url for _where, url in xml_references(text)]
    if media_type == "text/css":
        return css_references(text)
    if "javascript" in media_type or "ecmascript" in media_type:
        return js_references(text)
    return []  # images, fonts, media and text: they load nothing further
