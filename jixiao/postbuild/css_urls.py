"""The URLs a stylesheet makes the browser fetch, read with a CSS Syntax tokenizer (tinycss2).

A tokenizer, not a pattern, because the browser's own tokenizer decodes escapes
before it decides what a token is: ``\\75 rl(...)`` is ``url(...)``,
``@\\69mport`` is ``@import`` and ``"\\68 ttps://..."`` is ``"https://..."``;
comments end nowhere near where a pattern would guess.

What loads: every ``url()`` (and ``src()``) anywhere, in any rule, at-rule or
declaration, including ``@font-face`` ``src:`` and ``@import url()``; the bare
strings of ``@import "..."`` and every string inside ``image-set()`` (and
``-webkit-image-set()``, ``image()``), a ``var()`` fallback included; what a
``data:`` URL of CSS imports in turn.  A custom property can carry a string
into ``image-set(var(--u))`` from any rule, any stylesheet or a ``style``
attribute, so every string in a custom property's value (``--u: "..."``) and
in ``@property``'s ``initial-value`` counts as a URL: conservatively, whether
or not an ``image-set()`` uses it.  What does not: the
name given by ``@namespace`` identifies a vocabulary and is never fetched; an
image in a ``data:`` URL loads nothing more (an SVG drawn as an image cannot).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import tinycss2

from jixiao.postbuild.browser_urls import data_document, is_external

_URL_FUNCTIONS = {"url", "src"}
_IMAGE_FUNCTIONS = {"image-set", "-webkit-image-set", "image"}
_BLOCKS = {"() block", "[] block", "{} block"}


def css_references(css: str) -> list[str]:
    """Each URL in css that would make the browser contact another host, in order."""
    if not may_name_host(css):
        return []
    tokens = tinycss2.parse_component_value_list(css, skip_comments=True)
    found = []
    for url in _urls(tokens):
        inline = data_document(url)
        if inline is not None and inline[0] == "text/css":  # @import of CSS carried inline
            found.extend(css_references(inline[1]))
        elif is_external(url):
            found.append(url)
    return found


def may_name_host(css: str) -> bool:
    """False only if css provably loads nothing from another host, so it need not be read."""
    # Only a url token, a function, an at-rule or a custom property ("--u: ...", whose strings
    # image-set(var(--u)) loads) can load; "(" and "@" cannot be written as an escape, "--"
    # can ("\\2d-u").  Chart SVGs have thousands of attributes without any of them.
    if "(" not in css and "@" not in css and "--" not in css and "\\" not in css:
        return False
    # A URL names another host only with a scheme (":") or a leading "//" (or backslashes);
    # a token's value holds only characters written in the text, unless an escape ("\\")
    # writes others.  Chart SVGs have thousands of transform="translate(...)" and
    # clip-path="url(#...)" attributes, which have none of them.
    return any(char in css for char in ":/\\")


def _urls(tokens: Sequence[Any]) -> Iterator[str]:
    skipping_namespace = False
    in_custom_value = False  # the value of a custom property, up to its ';'
    for index, token in enumerate(tokens):
        kind = token.type
        if skipping_namespace:
            skipping_namespace = not (kind == "literal" and token.value == ";")
            continue
        if kind == "literal" and token.value == ";":
            in_custom_value = False
        elif kind == "ident" and _is_custom_property(token, tokens, index):
            in_custom_value = True
        if in_custom_value or (kind == "function" and token.lower_name in _IMAGE_FUNCTIONS):
            yield from _every_string([token])
        elif kind == "url":
            yield token.value
        elif kind == "function":
            if token.lower_name in _URL_FUNCTIONS:
                yield from _strings(token.arguments)[:1]
            yield from _urls(token.arguments)
        elif kind in _BLOCKS:
            yield from _urls(token.content)
        elif kind == "at-keyword" and token.lower_value == "import":
            yield from _strings(_significant(tokens[index + 1 :])[:1])
        elif kind == "at-keyword" and token.lower_value == "namespace":
            skipping_namespace = True


def _is_custom_property(token: Any, tokens: Sequence[Any], index: int) -> bool:
    """Whether the ident tokens[index] starts a declaration whose value may reach image-set()
    through var()."""
    name = token.lower_value
    if not (name.startswith("--") or name == "initial-value"):
        return False
    index += 1
    while index < len(tokens) and tokens[index].type in {"whitespace", "comment"}:
        index += 1
    return index < len(tokens) and tokens[index].type == "literal" and tokens[index].value == ":"


def _every_string(tokens: Sequence[Any]) -> Iterator[str]:
    """Every string and url() in tokens, inside functions and blocks too."""
    for token in tokens:
        if token.type in {"string", "url"}:
            yield token.value
        elif token.type == "function":
            yield from _every_string(token.arguments)
        elif token.type in _BLOCKS:
            yield from _every_string(token.content)


def _strings(tokens: Sequence[Any]) -> list[str]:
    return [token.value for token in tokens if token.type == "string"]


def _significant(tokens: Sequence[Any]) -> list[Any]:
    return [token for token in tokens if token.type not in {"whitespace", "comment"}]
