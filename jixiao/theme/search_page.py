"""The search page (``search.md``, at ``search/``): a form, with the 部门 and 年度 to narrow the
results to, and the list the script ``javascripts/search.js`` fills.

The page itself holds no index: the script, loaded on this page only (its template,
``overrides/jixiao-search.html``), fetches Pagefind's chunks for a query when someone
searches.  The form works without the script as a plain GET of ``search/?q=…``, which the
script reads on load, so other pages can link to a search.  The filters' values come from
the build (``jixiao.postbuild.search_sections.report_filters`` or a portal's own mapping),
escaped as every text from the data is.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from jixiao.postbuild.search_sections import DEPARTMENT, YEAR, PageFilters

PATH = "search.md"
TEMPLATE = "jixiao-search.html"


def filter_values(filters: Mapping[str, PageFilters], name: str) -> list[str]:
    """The values of one filter over the searched pages: years newest first, other values
    (departments) in the order the build lists their pages."""
    values = list(dict.fromkeys(page[name] for page in filters.values() if name in page))
    return sorted(values, reverse=True) if name == YEAR else values


def _select(name: str, everything: str, values: list[str]) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
    ident = "jx-search-year" if name == YEAR else "jx-search-department"
    return (
        f'<p class="jx-search__filter"><label for="{ident}">{escape(name)}</label>'
        f'<select id="{ident}" name="{ident.removeprefix("jx-search-")}" '
        f'data-jx-filter="{escape(name)}"><option value="">{escape(everything)}</option>'
        f"{options}</select></p>"
    )


def search_page(filters: Mapping[str, PageFilters]) -> str:
    """The Markdown of the search page for a site whose searched pages have these filters."""
    departments = filter_values(filters, DEPARTMENT)
    selects = _select(DEPARTMENT, "全部部门", departments) if departments else ""
    selects += _select(YEAR, "全部年度", filter_values(filters, YEAR))
    return (
        f"---\ntemplate: {TEMPLATE}\n---\n\n"
        "# 搜索\n\n"
        "在各年度的报告全文中搜索，可按部门、年度缩小范围。\n\n"
        '<form id="jx-search" class="jx-search" role="search" method="get">'
        '<p class="jx-search__query"><label for="jx-search-q">搜索词</label>'
        '<input id="jx-search-q" name="q" type="search" autocomplete="off" '
        'placeholder="如：社保卡、三公经费" enterkeyhint="search">'
        '<button type="submit">搜索</button></p>'
        f"{selects}</form>\n\n"
        '<p id="jx-search-status" class="jx-search__status" role="status"></p>\n\n'
        '<ol id="jx-search-results" class="jx-search__results"></ol>\n\n'
        # no <noscript>: the script removes this line when it runs
        '<p id="jx-search-needs-script">搜索需要浏览器运行 JavaScript；也可以打开各年度的报告，'
        "用浏览器的“在页面中查找”。</p>\n"
    )
