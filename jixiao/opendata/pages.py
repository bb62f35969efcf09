"""The site's open-data parts: download files, the 数据下载 page, and what each report page
shows of them (its year's downloads and its revision history).

One call from ``jixiao.build.generate``; everything returned is plain files and
template variables, so the pipeline stays independent of the site engine.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jinja2

from jixiao.model.portal import InPortal
from jixiao.model.report import Report
from jixiao.opendata.diff import describe
from jixiao.opendata.downloads import COLUMNS, FOLDER, Download, KeptFiles, downloads
from jixiao.opendata.history import History, history
from jixiao.opendata.schema import render_schema
from jixiao.pages.markdown import Md
from jixiao.pages.render import report_path, tidy

PAGE = "downloads.md"
SCHEMA_PATH = f"{FOLDER}/report.schema.json"
MAX_CHANGES_LISTED = 30  # per commit on a report page; the rest are counted

KINDS = {
    "csv": ("CSV 表格", "每个数字一行；UTF-8 带 BOM，Excel 可直接打开"),
    "xlsx": (
        "Excel 工作簿",
        "全部数字、主要数字、目标与完成、“三公”经费、合计与分项各一张表（报告印有表格时另有“表格”一张）",
    ),
    "json": ("JSON 数据", "完整的结构化数据，结构与数据文件相同"),
    "schema": ("JSON Schema", "数据文件的格式说明，可用来校验数据"),
}


@dataclass(frozen=True)
class Link:
    """A download as a page shows it."""

    title: str
    description: str
    name: str
    href: Md
    size: Md
    sha256: str


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RevisionView:
    date: str
    subject: str
    commit: str
    kind: str
    changes: list[ChangeLine]
    more_figures: int
    text_changes: int


@dataclass
class OpenData:
    files: dict[str, str | bytes] = field(default_factory=dict)
    extra: dict[int, dict[str, object]] = field(default_factory=dict)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    kib = (Decimal(size) / 1024).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{kib} KB"


def _link(item: Download, from_page: str) -> Link:
    title, description = KINDS[item.kind]
    start = posixpath.dirname(from_page) or "."
    return Link(
        title=title,
        description=description,
        name=item.name,
        href=Md(posixpath.relpath(item.path, start)),
        size=Md(human_size(item.size)),
        sha256=item.sha256,
    )


def open_data(
    reports: list[Report],
    sources: dict[int, Path] | None,
    env: jinja2.Environment,
    kept: KeptFiles | None = None,
    read_from: Mapping[int, str] | None = None,
    in_portal: InPortal | None = None,
) -> OpenData:
    """Download files, the downloads page, and per-year template variables for report pages
    (download files made before taken from ``kept``: see ``downloads``); ``in_portal``: the
    downloads page of a department in a county portal."""
    result = OpenData()
    if not reports:
        return result
    items = downloads(reports, kept, read_from)
    items.append(Download(SCHEMA_PATH, None, "schema", render_schema().encode("utf-8")))
    result.files.update({item.path: item.content for item in items})
    years = sorted({r.year for r in reports}, reverse=True)
    groups = [(f"{year}年度", [_link(i, PAGE) for i in items if i.year == year]) for year in years]
    groups.append(("全部年度合并", [_link(i, PAGE) for i in items if i.year is None]))
    result.files[PAGE] = tidy(
        env.get_template("downloads.md.j2").render(
            groups=groups, columns=COLUMNS, report_path=report_path, in_portal=in_portal
        )
    )
    for report in reports:
        page = str(report_path(report.year))
        extra: dict[str, object] = {
            "downloads": [_link(i, page) for i in items if i.year == report.year],
            "downloads_page": Md(posixpath.relpath(PAGE, posixpath.dirname(page) or ".")),
        }
        if sources and report.year in sources:
            extra["history"] = _history_view(history(sources[report.year], report))
        result.extra[report.year] = extra
    return result


def _history_view(found: History) -> dict[str, object]:
    revisions = []
    for revision in found.revisions:
        lines = [
            ChangeLine(c.label, describe(c.old), describe(c.new))
            for c in revision.figure_changes[:MAX_CHANGES_LISTED]
        ]
        revisions.append(
            RevisionView(
                date=revision.date,
                subject=revision.subject,
                commit=revision.short,
                kind=revision.kind,
                changes=lines,
                more_figures=max(0, len(revision.figure_changes) - MAX_CHANGES_LISTED),
                text_changes=revision.text_changes,
            )
        )
    return {
        "available": found.available,
        "reason": found.reason,
        "revisions": revisions,
        "uncommitted": found.uncommitted,
    }
