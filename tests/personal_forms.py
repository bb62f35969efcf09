"""Hand-written markup that shows a mobile number, one form each: the browser's reading of
each differs from a naive parser's (comments ended early, a closing tag with attributes,
text the parser moves), so an audit that reads pages otherwise would miss the number.

Shared by the audit's unit test (every form is refused) and the Chromium test (every form
does show the number: the forms are real).  ``NUMBER`` is what each page shows.
"""

from __future__ import annotations

NUMBER = "13812345678"

# (id, page body): each shows NUMBER in one piece of text, as Chromium renders it.
FORMS: list[tuple[str, str]] = [
    ("comment-opened-and-closed-at-once", "<p>电话<!-->13812345678</p>"),
    ("comment-three-dashes", "<p>电话<!--->13812345678</p>"),
    ("comment-ended-by-dash-dash-bang", "<p>电话1381234<!-- 备注 --!>5678</p>"),
    ("style-closed-with-an-attribute", "<style x>p{color:red}</style x><p>电话13812345678</p>"),
    ("script-closed-with-an-attribute", "<script x>var a;</script x><p>电话13812345678</p>"),
    ("text-moved-out-of-a-table", "<table><tr><td>x</td></tr>电话13812345678</table>"),
    ("attribute-repeated", '<img alt="电话13812345678" alt="图" src="data:,">'),
    ("character-references", "<p>电话&#49;38&#x31;2345678</p>"),
    ("select-text-in-an-option", "<select><option>电话13812345678</select>"),
    ("inline-svg-text", "<svg><text x='0' y='20'>电话13812345678</text></svg>"),
]
