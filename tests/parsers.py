"""Both HTML parsers of the host audit on the same markup, in a form that can be compared."""

from __future__ import annotations

from collections.abc import Iterable

import html5lib

from jixiao.postbuild.markup_urls import Node, _parsed_nodes, _tree_nodes

Comparable = list[tuple[str, str, list[tuple[str, str]], str | None]]


def comparable(nodes: Iterable[Node]) -> Comparable:
    # html5lib names a namespace declaration by its prefix alone ('xlink'), html5ever as
    # written ('xmlns:xlink'); the audit reads neither as a URL.
    return [
        (namespace, tag, [(name.removeprefix("xmlns:"), value) for name, value in attrs], text)
        for namespace, tag, attrs, text in nodes
    ]


def both_parses(markup: str) -> tuple[Comparable, Comparable]:
    """The elements html5ever (what the audit reads) and html5lib (what it read before) see."""
    document = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=True)
    return comparable(_parsed_nodes(markup)), comparable(_tree_nodes(document))
