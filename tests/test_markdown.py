"""Text from data shows literally: it never becomes markup, HTML or a link."""

from __future__ import annotations

import markdown as python_markdown
import pytest

from jixiao.pages.markdown import Md, cell, escape, finalize, paragraphs

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "# 不是标题",
    "- 不是列表",
    "1. 不是列表",
    "**不加粗** _不斜体_ `不是代码`",
    "a | b | c",
    "{: .class } {#id}",
    "&lt; 与 &amp;",
    "---",
    "    不是代码块",
    "= 不是等式开头的标题线",
    "===",
    "+ 不是列表",
    "> 不是引用",
]


def to_html(text: str) -> str:
    html: str = python_markdown.markdown(text, extensions=["tables", "attr_list"])
    return html


@pytest.mark.parametrize("text", HOSTILE)
def test_paragraph_text_shows_literally(text: str) -> None:
    html = to_html(paragraphs(text))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<h1" not in html and "<li" not in html and "<strong" not in html and "<hr" not in html
    assert "<pre" not in html and "<code" not in html and 'class="class"' not in html
    import re
    from html import unescape

    visible = unescape(re.sub(r"<[^>]+>", "", html)).strip()
    assert visible == text.strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cells_stay_in_their_cell(text: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {cell(text)} | x |\n"
    html = to_html(table)
    assert html.count("<td>") == 2
    assert "<script" not in html and "<a " not in html


def test_finalize_escapes_plain_strings_and_passes_our_markdown() -> None:
    assert finalize("*x*") == "\\*x\\*"
    assert finalize(Md("*x*")) == "*x*"
    with pytest.raises(TypeError):
        finalize(object())
    with pytest.raises(TypeError):
        finalize(None)


@pytest.mark.parametrize("line", ["===", "---", "= 2", "- 2"])
def test_a_value_on_the_line_after_another_never_underlines_it(line: str) -> None:
    """Setext headings: a line of = or - under a text line; the signature block prints
    the organisation and, on the next line, the date."""
    html = to_html(f"{escape('虚构县测试局')}  \n{escape(line)}")
    assert "<h1" not in html and "<h2" not in html and "<hr" not in html
    assert "\\" not in html  # no stray backslash shows


def test_escape_keeps_ordinary_chinese_text_readable() -> None:
    text = "2021年决算总收入441.37万元，完成率156%。"
    assert escape(text) == text
