"""Text from data as the model accepts it: verbatim paragraphs, or one line.

Nothing reaches a page, a workbook or a chart that it cannot show: control characters
(which YAML escapes such as "\\a" can still write) are refused everywhere, and names,
headings and titles are one line, so they never turn into Markdown headings, lists or
rules on the page.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from jixiao.model.units import blank
from jixiao.source.yamlsource import CONTROL_CHARACTERS


def _paragraphs(value: str) -> str:
    bad = CONTROL_CHARACTERS.search(value)
    if bad:
        raise PydanticCustomError(
            "control_character",
            "文字中有看不见的控制字符 U+{code}",
            {"code": f"{ord(bad.group()):04X}"},
        )
    return value


def _not_blank(value: str) -> str:
    """Text that must be there is more than spaces (“ ”, “　”, zero-width ones)."""
    _paragraphs(value)
    if value and blank(value):
        raise PydanticCustomError(
            "plausible_blank",
            "只有空白字符，等于没有填写",
            {
                "expected": "照原文填写的文字",
                "found": "只有空格（"
                + "、".join(f"U+{ord(c):04X}" for c in sorted(set(value)))
                + "）",
                "hint": "照原文填写；原文没有这一项的，删去这个字段。",
            },
        )
    return value


def _one_line(value: str) -> str:
    _not_blank(value)
    if "\n" in value or "\r" in value or "\t" in value:
        raise PydanticCustomError("one_line", "标题、名称等应写成一行，其中不能换行或有制表符", {})
    return value


# Verbatim text: one paragraph a line; may be empty.
Paragraphs = Annotated[str, AfterValidator(_paragraphs)]
# Verbatim text that must be there.
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]
# Names, headings, titles, notes: one line, never Markdown structure.
Line = Annotated[str, StringConstraints(min_length=1), AfterValidator(_one_line)]
