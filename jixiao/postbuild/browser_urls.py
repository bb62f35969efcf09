"""How a browser reads a URL written in a page: whether it names another host.

Follows the WHATWG URL standard where it decides the host, because the audit
must see the URL the browser will fetch, not the text as written: leading and
trailing C0 controls and spaces are dropped, tabs and newlines vanish anywhere
(``ht<TAB>tps://``), and for the special schemes (and for relative URLs, whose
base is always http, https or file here) a backslash is a slash, so
``\\\\host/x`` and ``https:\\\\host`` name a host.  Character references are not
decoded here: the HTML or XML parser has already done that for attribute values.

Where the standard's answer depends on the page's own address, the stricter
answer wins: ``https:host/x`` is a path on an https page but a host on an http
one, and ``///host/x`` is a local file under ``file://`` but a host over http.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote_to_bytes

_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.S)
_SPECIAL = {"http", "https", "ws", "wss", "ftp"}
# Schemes that name no host to contact: the bytes are inline, or nothing is fetched.
# (javascript: runs code; the markup audit refuses it wherever something is loaded.)
_INERT = {"data", "blob", "about", "mailto", "tel", "sms", "javascript"}
_ASCII_WHITESPACE = "\t\n\f\r "


def normalise(url: str) -> str:
    """The URL as the browser's parser sees it before it splits it into parts."""
    return url.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)


def scheme_of(url: str) -> str:
    """The lower-case scheme of a normalised URL; '' for a relative URL."""
    match = _SCHEME.fullmatch(url)
    return match.group(1).lower() if match else ""


def is_external(url: str) -> bool:
    """True if loading url from one of the site's pages could contact another host."""
    url = normalise(url)
    match = _SCHEME.fullmatch(url)
    if match is None:  # relative: resolved against an http(s) or file base, both special
        return _names_host(url.replace("\\", "/"))
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme in _SPECIAL:
        # After a special scheme any number of slashes or backslashes, even none, may precede
        # the host (the same scheme as the page's makes it a path, the stricter answer wins).
        return rest.replace("\\", "/").lstrip("/") != ""
    if scheme == "file":
        host = rest.replace("\\", "/")
        if not host.startswith("//"):
            return False
        # file://server/share is a Windows network path: a request to that server.
        return host[2:].split("/", 1)[0].lower() not in {"", "localhost"}
    if scheme in _INERT:
        return False
    # An unknown scheme fetches nothing itself, but one that wraps a URL (view-source:https://)
    # or names an authority may hand it to something that does.
    return rest.startswith("//") or is_external(rest)


def data_document(url: str) -> tuple[str, str] | None:
    """(media type, text) carried by a data: URL, decoded as the fetch standard does
    (percent-decoding, then base64 if the header ends in ;base64); None for any other URL.
    What the data holds can itself load from elsewhere, so the caller audits it as its type."""
    url = normalise(url)
    if scheme_of(url) != "data":
        return None
    header, _, body = url[5:].partition(",")
    body = body.split("#", 1)[0]
    media, _, parameters = header.partition(";")
    data = unquote_to_bytes(body)
    if parameters.rstrip(_ASCII_WHITESPACE).lower().endswith("base64"):
        packed = bytes(b for b in data if chr(b) not in _ASCII_WHITESPACE)
        try:
            data = base64.b64decode(packed + b"=" * (-len(packed) % 4))
        except (binascii.Error, ValueError):
            return None  # the browser cannot decode it either: an empty, failed load
    return media.strip(_ASCII_WHITESPACE).lower() or "text/plain", data.decode("utf-8", "replace")


def _names_host(relative: str) -> bool:
    # A special URL's authority state skips every leading slash: ///host is host.
    return relative.startswith("//") and relative.lstrip("/") != ""


def srcset_urls(srcset: str) -> list[str]:
    """The candidate URLs of a srcset, split as the HTML standard does: a URL runs to the next
    whitespace and may contain commas; descriptors run to the next comma outside parentheses."""
    urls: list[str] = []
    position, end = 0, len(srcset)
    while True:
        while position < end and (srcset[position] in _ASCII_WHITESPACE or srcset[position] == ","):
            position += 1
        if position >= end:
            return urls
        start = position
        while position < end and srcset[position] not in _ASCII_WHITESPACE:
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        in_parens = False
        while position < end and (in_parens or srcset[position] != ","):
            if srcset[position] == "(":
                in_parens = True
            elif srcset[position] == ")":
                in_parens = False
            position += 1


def refresh_url(content: str) -> str | None:
    """The address a ``<meta http-equiv=refresh content=...>`` sends the reader to, read as the
    HTML standard's declarative refresh does: after the delay, an optional ``url=`` in any case,
    optionally quoted; without ``url=`` the rest is the address.  None if it reloads the page.
    The standard ignores a content with no delay; this reads it all the same (stricter)."""
    position, end = 0, len(content)

    def skip(chars: str) -> None:
        nonlocal position
        while position < end and content[position] in chars:
            position += 1

    skip(_ASCII_WHITESPACE)
    skip("0123456789.")
    if position < end and content[position] not in ";," + _ASCII_WHITESPACE:
        return None
    skip(_ASCII_WHITESPACE)
    if position < end and content[position] in ";,":
        position += 1
    skip(_ASCII_WHITESPACE)
    if position >= end:
        return None
    url = content[position:]
    if url[:1] in "Uu":  # otherwise straight to the quotes
        if url[:3].lower() != "url":
            return url
        position += 3
        skip(_ASCII_WHITESPACE)
        if position >= end or content[position] != "=":
            return url
        position += 1
        skip(_ASCII_WHITESPACE)
    quote = content[position] if position < end and content[position] in "'\"" else ""
    return content[position + len(quote) :].split(quote, 1)[0] if quote else content[position:]
