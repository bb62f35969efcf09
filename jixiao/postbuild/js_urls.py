"""URLs of other hosts written as string literals in JavaScript (and JSON read by the browser:
import maps, speculation rules).

A script can build any address at run time, so this is a net for what is
written out, not a proof: a quote or backtick, then any spaces (the URL parser
drops them), then an address with an authority (``http://``, ``wss://``,
``//``, backslashes as the URL parser reads them) or a special scheme written
without slashes (``https:host``).  Any host counts, single-label names and
``localhost`` too: to a reader's browser ``http://localhost/`` or
``http://intranet/`` is a machine other than the site.  Escapes are decoded
first, as the script's own parser does (``http:\\/\\/``, ``\\u002f``, ``\\x2f``,
``\\u{2f}``; JSON writes ``\\/`` for ``/``).  URLs in comments (licence
headers) are not requests.  XML namespace names are strings scripts pass to
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

_JS_URL = re.compile(
    r"""(["'`])[\x00-\x20]*("""
    r"""(?:[A-Za-z][A-Za-z0-9+.\-]*:)?[/\\][\t\n\r]*[/\\][^"'`\s]*"""
    r"""|(?:https?|wss?|ftp):[^"'`\s]+)"""
)
# \uXXXX, \u{X...}, \xXX, and a backslash before any other character (which stands for it).
_ESCAPE = re.compile(r"\\(?:u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|(.))", re.S)


def js_references(js: str) -> list[str]:
    """Each URL literal in js that names another host, in order."""
    if "\\" in js:
        js = decode_escapes(js)
    found = []
    for match in _JS_URL.finditer(js):
        quote, url = match.groups()
        line_end = js.find("\n", match.end())
        if quote != "`" and quote not in js[match.end() : line_end if line_end >= 0 else None]:
            continue  # no string ends on this line: the quote closed one ('"x"//comment')
        if normalise(url) not in XML_NAMESPACES and is_external(url):
            found.append(url)
    return found


def decode_escapes(js: str) -> str:
    """js with each string escape replaced by the character it stands for.  Done over the
    whole text, not only inside strings: an escaped quote then reads as a quote, which can
    only make the net find more."""
    return _ESCAPE.sub(_character, js)


def _character(match: re.Match[str]) -> str:
    braced, four, two, other = match.groups()
    if other is not None:
        return other
    code = int(braced or four or two, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"
