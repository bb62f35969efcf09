"""The one build sequence, load → audit → generate, shared by the MkDocs plugin and the CLI.

Its product is the whole generated site as plain files: path in the site to
Markdown text or asset bytes, which any site engine can take.  Nothing here
knows MkDocs; callers decide how to show the problems a build stops on.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jixiao import theme
from jixiao.charts.assets import ChartAssets, PendingCharts, start_charts
from jixiao.checks.audit import AuditReport, audit_loaded
from jixiao.derive.series import indicator_histories, neighbours
from jixiao.infra.memo import Memo, Store
from jixiao.infra.safe_write import write_files
from jixiao.model.loader import YEAR_FILE, Loaded, data_files, load_all
from jixiao.model.portal import InPortal
from jixiao.model.report import Report
from jixiao.opendata.pages import OpenData, open_data
from jixiao.pages.render import (
    environment,
    render_about,
    render_draft_problems,
    render_home,
    render_report,
    render_trends,
    report_path,
)
from jixiao.source.problems import DataError, Problem, display_path, places


@dataclass
class SiteFiles:
    """Generated files by their path in the site, and the order of the navigation."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    # Pages in the order a reader looks for them: home, newest year first, then the rest.
    nav: list[str] = field(default_factory=list)
    # Charts still being drawn (``generate(..., defer_charts=True)``): not in ``files`` yet.
    charts: PendingCharts | None = None


# The memo's kind for drawn charts (SVG bytes by chart key).
CHARTS, DOWNLOADS = "charts", "downloads"

# The templates' environment, one per process: Jinja keeps what it compiled (in memory only;
# compiled templates kept on disk would be code read back from the cache).
_environment = functools.cache(environment)

# What a build does with drafts (year files saying ``draft: true``): ``check`` treats them as
# any other year; ``omit`` (publishing: mkdocs build, jixiao render) leaves them out, their
# problems included; ``preview`` (mkdocs serve) shows each marked 草稿, or, when it cannot be
# shown, its problems, in either case without stopping the finished years.
Drafts = Literal["check", "omit", "preview"]


@dataclass
class Build:
    """How far a build got: the loaded data, its audit, and the site when one was generated.
    Unless drafts are checked like any year, ``loaded`` and ``audited`` are the finished
    years only; the drafts are in ``drafts`` and ``drafts_audited``."""

    loaded: Loaded
    audited: AuditReport = field(default_factory=AuditReport)
    chart_problems: list[Problem] = field(default_factory=list)
    site: SiteFiles | None = None
    drafts: Loaded = field(default_factory=Loaded)
    drafts_audited: AuditReport = field(default_factory=AuditReport)

    @property
    def stopped(self) -> str | None:
        """Why no site may be published (in Chinese), or None."""
        if self.loaded.problems:
            return (
                f"数据文件有 {len(self.loaded.problems)} 个问题（{places(self.loaded.problems)}），"
                "网站未生成。请按上面的提示修正；也可用 jixiao check 检查。"
            )
        if self.audited.blocking:
            return (
                "数据中有不能发布的内容（个人信息、图表写不出的字符，或导入后尚未填写的"
                "“（原文未载明，请填写）”），网站未生成："
                f"{places(self.audited.blocking)}。请按上面的提示改正后再构建。"
            )
        if self.chart_problems:
            return charts_stopped(self.chart_problems)
        return None


def not_personal(reports: list[Report]) -> list[str]:
    """The numbers any year declares not personal: allowed on the site's every surface."""
    return sorted({n.number for report in reports for n in report.not_personal})


def charts_stopped(problems: list[Problem]) -> str:
    return f"图表有 {len(problems)} 个问题（{places(problems)}），网站未生成。"


def prepare(
    data: Path | list[Path],
    *,
    memo: Memo | None = None,
    generate_site: bool = True,
    about: bool = True,
    drafts: Drafts = "omit",
    defer_charts: bool = False,
    few_charts_aside: bool = False,
    chart_workers: int | None = None,
    in_portal: InPortal | None = None,
) -> Build:
    """Load a data folder (or these year files) and audit them; generate the site unless
    the data stops it (or generate_site is false, as for `jixiao check`).  Drafts as
    ``drafts`` says (see ``Drafts``); ``in_portal``: the department's part of a county portal."""
    files = data_files(data) if isinstance(data, Path) else data
    loaded = load_all(files)
    if drafts == "check":
        build = Build(loaded)
    else:
        finished, unfinished = loaded.split()
        build = Build(finished, drafts=unfinished)
    if build.loaded.problems and drafts != "check":
        return build  # (a check audits every year that loaded, whatever another holds)
    build.audited = audit_loaded(build.loaded)
    if build.audited.blocking or not generate_site:
        return build
    shown = build.loaded
    troubled: dict[int, list[Problem]] = {}
    if drafts == "preview":
        shown, troubled = _previewed(build)
    try:
        build.site = generate(
            shown.reports,
            shown.sources,
            memo=memo,
            read_from=shown.keys,
            about=about,
            troubled_drafts=troubled,
            defer_charts=defer_charts,
            few_charts_aside=few_charts_aside,
            chart_workers=chart_workers,
            in_portal=in_portal,
        )
    except DataError as error:
        build.chart_problems = error.problems
    return build


def _previewed(build: Build) -> tuple[Loaded, dict[int, list[Problem]]]:
    """The finished years with the drafts that can be shown; the problems of the others by
    year (a draft page lists them instead)."""
    build.drafts_audited = audit_loaded(build.drafts)
    blocked = {p.file for p in build.drafts_audited.blocking}
    shown = Loaded(
        reports=list(build.loaded.reports),
        sources=dict(build.loaded.sources),
        documents=dict(build.loaded.documents),
        keys=dict(build.loaded.keys),
    )
    taken = {r.year for r in shown.reports}
    for report in build.drafts.reports:
        source = build.drafts.sources.get(report.year)
        if report.year in taken or (source and display_path(source) in blocked):
            continue
        shown.reports.append(report)
        taken.add(report.year)
        if source is not None:
            shown.sources[report.year] = source
    shown.reports.sort(key=lambda r: r.year)
    troubled: dict[int, list[Problem]] = {}
    problems = build.drafts.problems + build.drafts_audited.blocking
    for name, path in build.drafts.drafts.items():
        found = YEAR_FILE.match(path.name)
        own = [p for p in problems if p.file == name]
        if found and own and int(found[1]) not in taken:
            troubled[int(found[1])] = own
    return shown, troubled


def generate(
    reports: list[Report],
    sources: dict[int, Path] | None = None,
    *,
    memo: Memo | None = None,
    read_from: dict[int, str] | None = None,
    about: bool = True,
    troubled_drafts: dict[int, list[Problem]] | None = None,
    defer_charts: bool = False,
    few_charts_aside: bool = False,
    chart_workers: int | None = None,
    in_portal: InPortal | None = None,
) -> SiteFiles:
    """Every generated page, chart and theme file for these reports (drawn charts kept in the
    memo, and download files by ``read_from``: each year's hash of the file it was read from,
    ``Loaded.keys``); the about page too unless the site has its own; for a preview, a page
    listing the problems of each draft that cannot be shown (``troubled_drafts``).  With
    ``defer_charts``, the charts still being drawn are left in ``charts`` for the caller to
    wait for when it needs them: pages name them beforehand (``few_charts_aside``: even one is
    drawn by a worker meanwhile, see ``start_charts``).  ``chart_workers`` caps the
    processes drawing charts (a portal's department workers draw their own, one each);
    ``in_portal``: a department's pages in a county portal."""
    env = _environment()
    site = SiteFiles(nav=["index.md"])
    site.files.update(theme.assets())
    site.files["index.md"] = render_home(reports, env, in_portal)
    if about:
        site.files["about.md"] = render_about(reports, env, in_portal)
    kept_charts = Store(memo, CHARTS) if memo and memo.on else None
    pending = start_charts(reports, kept_charts, sources, chart_workers, few_charts_aside)
    try:
        kept = Store(memo, DOWNLOADS) if memo and memo.on else None
        opendata = open_data(reports, sources, env, kept, read_from, in_portal)
        charts = pending.shown()
        if defer_charts:
            site.charts = pending
        else:
            site.files.update(pending.drawn())  # waits for the workers, and stops them
    except BaseException:
        pending.close()
        raise
    site.files.update(opendata.files)
    _report_pages(site, reports, charts, opendata, in_portal)
    for year, problems in sorted((troubled_drafts or {}).items(), reverse=True):
        path = str(report_path(year))
        site.files[path] = render_draft_problems(year, problems, env)
        site.nav.append(path)
    site.files["trends.md"] = render_trends(reports, env, {"charts": charts.trends})
    site.nav += ["trends.md", *(p for p in opendata.files if p.endswith(".md"))]
    return site


def _report_pages(
    site: SiteFiles,
    reports: list[Report],
    charts: ChartAssets,
    opendata: OpenData,
    in_portal: InPortal | None,
) -> None:
    """Each year's report page, newest first, with what the other stages made for it."""
    env = _environment()
    recurring = {h.id for h in indicator_histories(reports)}
    folder = f"data/{in_portal.id}/" if in_portal else "data/"  # where a page says its data is
    for report in sorted(reports, key=lambda r: r.year, reverse=True):
        path = str(report_path(report.year))
        extra = {
            "series": neighbours(reports, report.year),
            "recurring": recurring,
            "charts": charts.by_year.get(report.year, {}),
            "data_file": f"{folder}{report.year}.yaml",
            **(opendata.extra.get(report.year) or {}),
        }
        site.files[path] = render_report(report, env, extra)
        site.nav.append(path)


def write_tree(site: SiteFiles, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the generated files under out_dir, atomically; existing files only when forced."""
    targets = {
        out_dir / rel: content.encode("utf-8") if isinstance(content, str) else content
        for rel, content in sorted(site.files.items())
    }
    return write_files(targets, force=force)
