"""Escaping of text from data so that Markdown shows it literally, never as markup.

Every value a template prints goes through ``finalize``: strings are escaped
unless they are ``Md`` (Markdown we built ourselves), and anything else
must be formatted by a filter first, so a forgotten filter fails loudly
instead of printing a Python repr.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup

# Characters Python-Markdown (with the tables extension) accepts a backslash before.
_INLINE = re.compile(r"([\\`*_\[\]{}()|!#+])")
# At the start of a block these would open a list, a rule, a heading or a code block.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


class Md(Markup):
    """Markdown that is safe to emit as it is.

    A ``Markup`` so that Jinja treats it, and the output of our macros, as
    already escaped."""

    __slots__ = ()


def escape_inline(text: str) -> Md:
    """Escape text for use inside a line: a table cell, a link text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Md(_INLINE.sub(r"\\\1", text))


def escape(text: str) -> Md:
    """Escape text that may start a line (a paragraph, a list item)."""
    return Md(_LINE_START.sub(_escape_line_start, escape_inline(text)))


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark.isdigit():
        # "1." opens an ordered list; "1\." does not.
        return lead + mark + "\\"
    if mark == "=":
        # Python-Markdown has no escape for "=": a backslash would show.
        return lead + "&#61;"
    return lead + "\\" + mark


def cell(text: str | None) -> Md:
    """A table cell: escaped, on one line; empty cells (or nothing stated) show a dash."""
    flat = " ".join((text or "").split())
    return escape_inline(flat) if flat else Md("—")


def paragraphs(text: str) -> Md:
    """Verbatim text, one paragraph a line, as Markdown paragraphs."""
    lines = [line.strip() for line in text.splitlines()]
    return Md("\n\n".join(escape(line) for line in lines if line))


def finalize(value: Any) -> Any:
    if isinstance(value, Markup):  # ours: filters return Md, macros return Markup
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Undefined):
        return str(value)  # StrictUndefined raises here, naming what was undefined
    if isinstance(value, bool):
        raise TypeError("模板直接输出了真假值；请用过滤器格式化。")
    if isinstance(value, int | Decimal):
        return Md(str(value))
    if value is None:
        raise TypeError("模板输出了空值；请先判断是否存在。")
    raise TypeError(f"模板直接输出了 {type(value).__name__}；请用过滤器格式化。")
