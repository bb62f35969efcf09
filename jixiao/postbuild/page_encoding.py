"""Whether the browser reads a file in the encoding the audit reads it in: UTF-8.

The audit reads every file as UTF-8.  A browser that reads it in another encoding
sees other markup: in ISO-2022-JP an escape makes a quote half of a character, so
an attribute ends later and text inside it becomes a tag; in Shift_JIS a byte eats
the backslash after it, so a CSS string ends sooner and what followed it loads.
So every file must be UTF-8, and say so where the browser looks: an HTML page in
its first 1024 bytes (``<meta charset="utf-8">``, as MkDocs writes), since a page
that declares nothing may be guessed to be in anything; a stylesheet and an XML
file declare nothing or UTF-8 (their default).
"""

from __future__ import annotations

import re

import webencodings

_PRESCAN_BYTES = 1024  # how far the HTML standard's prescan looks for a declaration
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([^\s"';>/]+)""", re.I)
_CSS_CHARSET = re.compile(rb'@charset "([^"]*)";')
_XML_ENCODING = re.compile(rb"""<\?xml\b[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_NOT_UTF8 = "须为 UTF-8（浏览器按其他编码读出的标签和地址，检查看不见），"
_UTF16_BOMS = (b"\xfe\xff", b"\xff\xfe")


def encoding_problem(data: bytes, kind: str) -> tuple[str, str] | None:
    """(what is wrong, the encoding found) for a file of kind 'html', 'xml', 'css' or 'js'
    that a browser may read other than as UTF-8; None if it reads it as UTF-8."""
    if data.startswith(_UTF16_BOMS):
        return f"{_NOT_UTF8}实为", "UTF-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return f"{_NOT_UTF8}含有", "非 UTF-8 字节"
    if data.startswith(b"\xef\xbb\xbf"):
        return None  # a UTF-8 byte order mark overrides every declaration
    declared = _declared(data, kind)
    if declared is None:
        if kind == "html":
            return (
                '须在开头 1024 字节内写明 <meta charset="utf-8">（否则浏览器可能猜成其他编码，'
                "读出检查看不见的标签和地址），此处",
                "未声明",
            )
        return None
    label = declared.decode("ascii", "replace")
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name != "utf-8":
        return f"{_NOT_UTF8}此处声明为", label
    return None


def _declared(data: bytes, kind: str) -> bytes | None:
    """The encoding label the file declares where the browser looks for one."""
    if kind == "html":
        match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    elif kind == "css":
        match = _CSS_CHARSET.match(data)
    elif kind == "xml":
        match = _XML_ENCODING.match(data)
    else:
        return None
    return match.group(1) if match else None
