"""The portal's own files: its home page, and each year's comparison page with its downloads
and its chart, as {site path: text or bytes} for the build to hand to MkDocs.

Everything is a function of the ``Portal`` (and of the chart code): the same portal gives
the same bytes.  The chart of each year is named by the hash of its data and the chart
code, as the department charts are (``jixiao.charts.assets``), and taken from the caller's
``store`` where it was drawn before.
"""

from __future__ import annotations

import posixpath

import jinja2

from jixiao.charts.assets import ChartEntry, ChartStore, cache_key, chart_entry
from jixiao.charts.compare import execution_chart
from jixiao.charts.data import Chart, MissingGlyphError
from jixiao.charts.fingerprint import code_fingerprint
from jixiao.derive.compare import comparison, years
from jixiao.derive.portal import Portal
from jixiao.opendata.compare import KINDS, compare_files, file_path
from jixiao.opendata.downloads import Download
from jixiao.opendata.pages import Link, human_size
from jixiao.pages.markdown import Md
from jixiao.pages.portal import compare_path, render_compare, render_portal_home
from jixiao.pages.render import environment
from jixiao.source.problems import DataError, Problem

HOME = "index.md"
DESCRIPTIONS = {
    "csv": ("CSV 表格", "每个部门一行；UTF-8 带 BOM，Excel 可直接打开"),
    "xlsx": ("Excel 工作簿", "“说明”一张表写明各列含义，“对比”一张表每个部门一行，数字以数值存储"),
    "json": ("JSON 数据", "每个部门一项；数值写成十进制文字，金额带单位，原文未载明的为 null"),
}


def portal_nav(portal: Portal) -> list[str | dict[str, list[str]]]:
    """The portal's pages in the navigation, small whatever the county's size: the home
    page, then the comparison pages, newest first (the caller adds about and search)."""
    compare = [compare_path(year) for year in years(portal)]
    return [HOME, *([{"各年度对比": compare}] if compare else [])]


def portal_charts(portal: Portal) -> dict[str, Chart]:
    """Each year's comparison chart by its cache key (``jixiao.charts.assets.cache_key``), for
    a build that draws charts in its own workers: put each SVG in the ``store`` under its
    key, and ``portal_pages`` draws none of them again."""
    fingerprint = code_fingerprint()
    charts = [execution_chart(comparison(portal, year)) for year in years(portal)]
    return {cache_key(chart, fingerprint): chart for chart in charts if chart is not None}


def portal_pages(
    portal: Portal, store: ChartStore | None = None, env: jinja2.Environment | None = None
) -> dict[str, str | bytes]:
    """The home page and, for each year, its comparison page, downloads and chart."""
    env = env or environment()
    files: dict[str, str | bytes] = {HOME: render_portal_home(portal, env)}
    for year in years(portal):
        files.update(_year_files(portal, year, store, env))
    return files


def _year_files(
    portal: Portal, year: int, store: ChartStore | None, env: jinja2.Environment
) -> dict[str, str | bytes]:
    page = compare_path(year)
    table = comparison(portal, year)
    contents = compare_files(portal, table)
    items = [Download(file_path(year, kind), year, kind, contents[kind]) for kind in KINDS]
    files: dict[str, str | bytes] = {item.path: item.content for item in items}
    charts: dict[str, list[ChartEntry]] = {}
    chart = execution_chart(table)
    if chart is not None:
        path, svg = _drawn(chart, store)
        files[path] = svg
        charts["compare"] = [chart_entry(chart, posixpath.relpath(path, posixpath.dirname(page)))]
    links = [_link(item, page) for item in items]
    files[page] = render_compare(portal, year, links, charts, env)
    return files


def _link(item: Download, page: str) -> Link:
    title, description = DESCRIPTIONS[item.kind]
    return Link(
        title=title,
        description=description,
        name=item.name,
        href=Md(posixpath.relpath(item.path, posixpath.dirname(page))),
        size=Md(human_size(item.size)),
        sha256=item.sha256,
    )


def chart_path(chart: Chart, key: str) -> str:
    return f"compare/{chart.year}-{chart.id}-{key[:12]}.svg"


def _drawn(chart: Chart, store: ChartStore | None) -> tuple[str, bytes]:
    """The chart's path in the site and its SVG, from the store where it was drawn before."""
    key = cache_key(chart, code_fingerprint())
    svg = store.get(key) if store is not None else None
    if svg is None:
        from jixiao.charts.render import render_svg  # matplotlib: only when drawing

        try:
            svg = render_svg(chart)
        except MissingGlyphError as error:
            raise DataError([_glyph_problem(error)]) from None
        if store is not None:
            store.put(key, svg)
    return chart_path(chart, key), svg


def _glyph_problem(error: MissingGlyphError) -> Problem:
    """A department's name the chart font cannot draw, said as the department charts say it."""
    return Problem(
        f"{error.chart.year}年度各部门对比图",
        str(error),
        hint="图中文字是各部门的名称（取自各部门该年度数据文件的 department.name）。"
        "图表字体为思源黑体（Noto Sans CJK SC）；生僻字、表情符号等无法画出，"
        "请核对名称是否录入有误。",
    )
