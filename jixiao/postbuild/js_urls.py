"""URLs of other hosts written as string literals in JavaScript.

A script can build any address at run time, so this is a net for what is
written out, not a proof: a quote or backtick followed by ``http://``,
``https://`` or ``//`` and a dotted host.  URLs in comments (licence headers)
are not requests.  XML namespace names are strings scripts pass to
``createElementNS``; they identify a vocabulary and are never fetched.
"""

from __future__ import annotations

import re

from jixiao.postbuild.browser_urls import is_external, normalise

XML_NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/2000/xmlns/",
}

_JS_URL = re.compile(r"""["'`]((?:https?:)?//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^"'`\s]*)""")


def js_references(js: str) -> list[str]:
    """Each URL literal in js that names another host, in order."""
    return [
        url
        for url in _JS_URL.findall(js)
        if normalise(url) not in XML_NAMESPACES and is_external(url)
    ]
